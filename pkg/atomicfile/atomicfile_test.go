package atomicfile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

func entries(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

func TestCommitPublishesWholeFileWithMode(t *testing.T) {
	dir := t.TempDir()
	dest := filepath.Join(dir, "out.csv")
	f, err := Create(dest, 0o600, false)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dest); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("destination visible before Commit: %v", err)
	}
	fi, err := f.file.Stat()
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("temp file mode %v, want 0600", fi.Mode().Perm())
	}
	if f.name == "" && runtime.GOOS == "linux" {
		// Unnamed until whole: nothing in the directory at all.
		if names := entries(t, dir); len(names) != 0 {
			t.Errorf("an unnamed output shows in the directory: %v", names)
		}
	}
	io.WriteString(f, "a,b\n")
	if err := f.Commit(); err != nil {
		t.Fatal(err)
	}
	f.Abort() // deferred Abort after Commit must not remove the result
	got, err := os.ReadFile(dest)
	if err != nil || string(got) != "a,b\n" {
		t.Fatalf("ReadFile = %q, %v", got, err)
	}
	if fi, _ := os.Stat(dest); fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", fi.Mode().Perm())
	}
	if names := entries(t, dir); len(names) != 1 {
		t.Errorf("directory holds %v, want only out.csv", names)
	}
	if len(Pending()) != 0 {
		t.Errorf("Pending() = %v after Commit", Pending())
	}
}

func TestAbortLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	f, err := Create(filepath.Join(dir, "out"), 0o644, false)
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(f, "secret")
	f.Abort()
	f.Abort()
	if names := entries(t, dir); len(names) != 0 {
		t.Errorf("directory holds %v after Abort", names)
	}
}

func TestCreateRefusesExistingWithoutOverwrite(t *testing.T) {
	dir := t.TempDir()
	dest := filepath.Join(dir, "out")
	os.WriteFile(dest, []byte("keep me"), 0o644)
	_, err := Create(dest, 0o600, false)
	var ee *ExistsError
	if !errors.As(err, &ee) || ee.Path != dest {
		t.Fatalf("Create over existing = %v, want ExistsError", err)
	}
	f, err := Create(dest, 0o600, true)
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(f, "new")
	if err := f.Commit(); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(dest); string(got) != "new" {
		t.Errorf("overwrite gave %q", got)
	}
}

func TestCommitNeverClobbersAFileThatAppearedMeanwhile(t *testing.T) {
	dir := t.TempDir()
	dest := filepath.Join(dir, "out")
	f, err := Create(dest, 0o600, false)
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(f, "ours")
	os.WriteFile(dest, []byte("theirs"), 0o644)
	err = f.Commit()
	var ee *ExistsError
	if !errors.As(err, &ee) {
		t.Fatalf("Commit = %v, want ExistsError", err)
	}
	if got, _ := os.ReadFile(dest); string(got) != "theirs" {
		t.Errorf("existing file became %q", got)
	}
	if names := entries(t, dir); len(names) != 1 {
		t.Errorf("directory holds %v, want the temp file gone", names)
	}
}

func TestCreateInUnwritableDirectoryFails(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root can write anywhere")
	}
	dir := t.TempDir()
	os.Chmod(dir, 0o500)
	defer os.Chmod(dir, 0o700)
	if _, err := Create(filepath.Join(dir, "out"), 0o600, false); !errors.Is(err, os.ErrPermission) {
		t.Errorf("Create = %v, want a permission error", err)
	}
}

func TestRemoveAllCleansUpForSignals(t *testing.T) {
	dir := t.TempDir()
	f, _ := Create(filepath.Join(dir, "a"), 0o600, false)
	defer f.Abort()
	d, _ := CreateDir(filepath.Join(dir, "b"))
	os.WriteFile(filepath.Join(d.Path(), "inner"), []byte("x"), 0o600)
	io.WriteString(f, "x")
	RemoveAll()
	if names := entries(t, dir); len(names) != 0 {
		t.Errorf("directory holds %v after RemoveAll", names)
	}
}

func TestDirCommitAndNoReplace(t *testing.T) {
	dir := t.TempDir()
	dest := filepath.Join(dir, "bundle")
	d, err := CreateDir(dest)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(d.Path(), "a.csv"), []byte("x"), 0o600)
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dest, "a.csv")); err != nil {
		t.Fatal(err)
	}
	var ee *ExistsError
	if _, err := CreateDir(dest); !errors.As(err, &ee) {
		t.Errorf("CreateDir over existing = %v, want ExistsError", err)
	}
}

func TestScratchDirIsPrivateAndRemoved(t *testing.T) {
	for _, viaSignal := range []bool{false, true} {
		dir, done, err := ScratchDir("scratch-")
		if err != nil {
			t.Fatal(err)
		}
		fi, err := os.Stat(dir)
		if err != nil || fi.Mode().Perm() != 0o700 {
			t.Fatalf("scratch dir %v mode %v, want 0700", err, fi.Mode())
		}
		os.WriteFile(filepath.Join(dir, "spill"), []byte("x"), 0o600)
		if viaSignal {
			RemoveAll()
		} else {
			done()
		}
		if _, err := os.Stat(dir); !os.IsNotExist(err) {
			t.Errorf("scratch dir still there (signal=%v)", viaSignal)
		}
		if len(Pending()) != 0 {
			t.Errorf("still tracked: %v", Pending())
		}
	}
}

// After Shutdown, what a signal handler calls, the temporary files are
// gone and no new one can be made: a goroutine still running when the
// signal came would otherwise leave one behind.
func TestShutdownRemovesAndRefusesNewFiles(t *testing.T) {
	defer func() { live.Lock(); live.closed = false; live.Unlock() }()
	dir := t.TempDir()
	f, err := Create(filepath.Join(dir, "out.csv"), 0o600, false)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Abort()
	f.Write([]byte("data"))
	Shutdown()
	if _, err := Create(filepath.Join(dir, "late.csv"), 0o600, false); !errors.Is(err, ErrShutdown) {
		t.Errorf("Create after Shutdown: %v, want ErrShutdown", err)
	}
	if _, err := CreateDir(filepath.Join(dir, "late")); !errors.Is(err, ErrShutdown) {
		t.Errorf("CreateDir after Shutdown: %v, want ErrShutdown", err)
	}
	if _, _, err := ScratchDir("lockbox-test-"); !errors.Is(err, ErrShutdown) {
		t.Errorf("ScratchDir after Shutdown: %v, want ErrShutdown", err)
	}
	if left, _ := os.ReadDir(dir); len(left) != 0 {
		t.Errorf("left behind: %v", left[0].Name())
	}
}

// TestUndoPutsBackTheFileItReplaced: an output committed undoably over an
// existing file (--force) and then taken back, because what had to follow
// failed, leaves the earlier file as it was; one kept replaces it for good.
func TestUndoPutsBackTheFileItReplaced(t *testing.T) {
	dir := t.TempDir()
	dest := filepath.Join(dir, "report.age")
	write := func(overwrite bool, body string) *Committed {
		f, err := Create(dest, 0o600, overwrite)
		if err != nil {
			t.Fatal(err)
		}
		f.Write([]byte(body))
		c, err := f.CommitUndoable()
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	c := write(false, "first")
	if c.Replaced() {
		t.Error("a new file replaced something")
	}
	c.Keep()
	c = write(true, "second")
	if got, _ := os.ReadFile(dest); string(got) != "second" || !c.Replaced() {
		t.Fatalf("after the commit: %q", got)
	}
	if err := c.Undo(); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(dest); string(got) != "first" {
		t.Errorf("after the undo: %q, want the earlier file", got)
	}
	c = write(true, "third")
	c.Keep()
	if got, _ := os.ReadFile(dest); string(got) != "third" {
		t.Errorf("kept: %q", got)
	}
	write(true, "fourth") // not kept
	RemoveAll()           // a signal before Keep takes it back too
	if got, _ := os.ReadFile(dest); string(got) != "third" {
		t.Errorf("after a signal: %q", got)
	}
	if left, _ := os.ReadDir(dir); len(left) != 1 {
		t.Errorf("left behind: %v", left)
	}
	// A new file taken back is removed.
	other := filepath.Join(dir, "new.age")
	f, _ := Create(other, 0o600, false)
	c, _ = f.CommitUndoable()
	c.Undo()
	if _, err := os.Stat(other); err == nil {
		t.Error("a new file taken back is still there")
	}
}

func TestBusyWhileAnOutputIsOpen(t *testing.T) {
	busy := func(want bool, when string) {
		t.Helper()
		if Busy() != want {
			t.Errorf("%s: Busy() = %v (pending %q, %d undoable, %d unnamed)", when, !want, Pending(), len(live.undo), live.unnamed)
		}
	}
	busy(false, "before anything was made")
	dir := t.TempDir()
	f, err := Create(filepath.Join(dir, "out"), 0o600, false)
	if err != nil {
		t.Fatal(err)
	}
	busy(true, "while an output is being written")
	f.Abort()
	busy(false, "after the output was aborted")
	g, _ := Create(filepath.Join(dir, "kept"), 0o600, false)
	c, err := g.CommitUndoable()
	if err != nil {
		t.Fatal(err)
	}
	busy(true, "while a commit can still be undone")
	c.Keep()
	busy(false, "after the output was kept")
}
