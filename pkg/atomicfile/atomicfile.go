// Package atomicfile writes output files that appear whole or not at all.
//
// Data goes to a private temporary file (mode 0600) or directory (0700) in
// the destination directory, is synced, and is renamed into place only on
// Commit. Abort, a failed Commit, and RemoveAll (for signal handlers) remove
// it. Without overwrite an existing destination is never replaced, even if
// it appears while the file is being written.
package atomicfile

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// ExistsError reports a destination that already exists and was not to be
// overwritten.
type ExistsError struct{ Path string }

func (e *ExistsError) Error() string { return fmt.Sprintf("%q already exists", e.Path) }

// live holds every temporary path not yet committed or aborted, so that a
// signal handler can remove them all.
var live = struct {
	sync.Mutex
	paths map[string]bool
	undo  map[*Committed]bool // outputs in place, not yet kept
	// unnamed counts the unnamed files open (see openUnnamed): nothing
	// to remove, but work under way.
	unnamed int
	closed  bool // after Shutdown: nothing new is made
}{paths: map[string]bool{}, undo: map[*Committed]bool{}}

// ErrShutdown is the error of a Create, CreateDir or ScratchDir that
// comes after Shutdown.
var ErrShutdown = errors.New("shutting down: no new files")

// tracked makes a temporary path with mk and tracks it under the same
// lock RemoveAll takes: a signal that arrives while the path is being
// made waits for it, so that nothing is created but not yet tracked.
func tracked(mk func() (string, error)) (string, error) {
	live.Lock()
	defer live.Unlock()
	if live.closed {
		return "", ErrShutdown
	}
	p, err := mk()
	if err == nil {
		live.paths[p] = true
	}
	return p, err
}

func untrackUnnamed() {
	live.Lock()
	live.unnamed--
	live.Unlock()
}

func untrack(p string) {
	live.Lock()
	delete(live.paths, p)
	live.Unlock()
}

// RemoveAll removes every temporary file and directory that is neither
// committed nor aborted, and takes back every output committed undoably
// but not yet kept. It returns the paths it could not remove.
func RemoveAll() []string {
	live.Lock()
	defer live.Unlock()
	for c := range live.undo { // before the backups they restore go
		c.undoLocked()
	}
	var left []string
	for p := range live.paths {
		// A directory being filled may gain an entry between the removal
		// of its contents and its own, unless what fills it goes through
		// Guard; removal is tried again and checked either way.
		for try := 0; try < 3; try++ {
			os.RemoveAll(p)
			if _, err := os.Lstat(p); errors.Is(err, fs.ErrNotExist) {
				break
			}
		}
		if _, err := os.Lstat(p); !errors.Is(err, fs.ErrNotExist) {
			left = append(left, p)
		}
		delete(live.paths, p)
	}
	return left
}

// Shutdown is RemoveAll for a signal handler about to exit: the goroutines
// still running may not make new temporary files after it, nor, through
// Guard, new entries in a temporary directory.
func Shutdown() []string {
	live.Lock()
	live.closed = true
	live.Unlock()
	return RemoveAll()
}

// Guard runs mk, which makes a file or directory inside a temporary
// directory being filled (a Dir's Path), so that a Shutdown cannot remove
// the directory while mk adds to it: mk runs under the lock Shutdown
// takes, and not at all once Shutdown has begun (ErrShutdown). Without it,
// an extraction interrupted by Ctrl-C could recreate parts of the
// directory just removed.
func Guard(mk func() error) error {
	live.Lock()
	defer live.Unlock()
	if live.closed {
		return ErrShutdown
	}
	return mk()
}

// Busy reports whether any output is being written: a temporary path in
// use, or an output committed undoably and not yet kept. A signal handler
// lets such work stop on its own, and need not wait for any other.
func Busy() bool {
	live.Lock()
	defer live.Unlock()
	return len(live.paths) > 0 || len(live.undo) > 0 || live.unnamed > 0
}

// Pending lists the temporary paths currently in use, for tests.
func Pending() []string {
	live.Lock()
	defer live.Unlock()
	var ps []string
	for p := range live.paths {
		ps = append(ps, p)
	}
	return ps
}

// File is an output file being written. What was written can be read back
// with ReadAt. Only Write writes: the *os.File is not embedded, so that no
// promoted method (ReadFrom, WriteString) can bypass it.
type File struct {
	file      *os.File
	name      string // the temporary file's name; "" for an unnamed one (see openUnnamed)
	unnamed   bool   // it was made unnamed (link may name it before Commit)
	written   int64  // bytes written, to start writeback as we go
	synced    int64  // bytes handed to writeback
	dest      string
	perm      fs.FileMode
	overwrite bool
	done      bool
}

// Create starts writing dest. The file gets mode perm when committed.
func Create(dest string, perm fs.FileMode, overwrite bool) (*File, error) {
	if err := checkDest(dest, overwrite); err != nil {
		return nil, err
	}
	dir, base := filepath.Split(dest)
	if dir == "" {
		dir = "."
	}
	// An unnamed file, where the system has them, is never seen by anyone
	// and goes with the process however it ends: SIGKILL and the OOM
	// killer leave nothing behind. It is named only once it is whole.
	removeStale(dir)
	if f, err := openUnnamed(dir); err == nil {
		live.Lock()
		closed := live.closed
		if !closed {
			live.unnamed++
		}
		live.Unlock()
		if closed {
			f.Close()
			return nil, fmt.Errorf("creating a file in %q: %w", dir, ErrShutdown)
		}
		return &File{file: f, unnamed: true, dest: dest, perm: perm, overwrite: overwrite}, nil
	}
	var f *os.File
	name, err := tracked(func() (string, error) {
		var err error
		if f, err = os.CreateTemp(dir, tempPattern(base)); err != nil {
			return "", err
		}
		return f.Name(), nil
	})
	if err != nil {
		return nil, fmt.Errorf("creating a file in %q: %w", dir, err)
	}
	return &File{file: f, name: name, dest: dest, perm: perm, overwrite: overwrite}, nil
}

// tempPattern names a temporary file or directory: hidden, after the
// destination, with this process's ID, so that one left by a process
// that was killed can be told and removed (see removeStale).
func tempPattern(base string) string {
	return fmt.Sprintf(".%s.lockbox-%d-*.tmp", base, os.Getpid())
}

// Dest is the path the file gets on Commit.
func (f *File) Dest() string { return f.dest }

// writebackStep is how much is written before writeback is started.
const writebackStep = 8 << 20

// Write writes to the temporary file. Every few MiB it asks the kernel to
// start writing the data to disk, without waiting, so that the fsync in
// Commit has little left to do: for a large file it would otherwise wait
// for all of it at the end.
func (f *File) Write(p []byte) (int, error) {
	n, err := f.file.Write(p)
	f.written += int64(n)
	if f.written-f.synced >= writebackStep {
		startWriteback(f.file, f.synced, f.written-f.synced)
		f.synced = f.written
	}
	return n, err
}

// ReadAt reads back what was written.
func (f *File) ReadAt(p []byte, off int64) (int, error) { return f.file.ReadAt(p, off) }

// WriteAt rewrites part of what was written (an age header completed after
// its payload).
func (f *File) WriteAt(p []byte, off int64) (int, error) { return f.file.WriteAt(p, off) }

// Commit syncs the file and renames it to its destination.
func (f *File) Commit() error {
	if f.done {
		return errors.New("atomicfile: already committed or aborted")
	}
	err := f.file.Sync()
	if err == nil {
		err = f.file.Chmod(f.perm)
	}
	if err == nil && f.name == "" {
		err = f.link() // needs the file open
	}
	if cerr := f.file.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		f.Abort()
		var exists *ExistsError
		if errors.As(err, &exists) {
			return err
		}
		return fmt.Errorf("writing %q: %w", f.dest, err)
	}
	if f.name != "" {
		if err := rename(f.name, f.dest, f.overwrite); err != nil {
			f.Abort()
			return err
		}
		untrack(f.name)
	}
	if f.unnamed {
		untrackUnnamed()
	}
	f.done = true
	syncDir(filepath.Dir(f.dest))
	return nil
}

// link gives an unnamed file its destination's name: directly when it may
// not replace a file (the link fails if one is there), else through a
// temporary name renamed over the destination.
func (f *File) link() error {
	if !f.overwrite {
		if err := linkUnnamed(f.file, f.dest); errors.Is(err, fs.ErrExist) {
			return &ExistsError{Path: f.dest}
		} else if err != nil {
			return err
		}
		return nil
	}
	dir, base := filepath.Split(f.dest)
	if dir == "" {
		dir = "."
	}
	name, err := tracked(func() (string, error) {
		p := filepath.Join(dir, strings.Replace(tempPattern(base), "*", randomSuffix(), 1))
		return p, linkUnnamed(f.file, p)
	})
	if err != nil {
		return err
	}
	f.name = name // renamed over the destination by Commit
	return nil
}

// Committed is an output moved into place that can still be taken back,
// for a caller that must do one more thing (record it) before it stands:
// Undo puts back what was at the destination before, Keep lets it stand.
// A signal before either undoes it (see Shutdown).
type Committed struct {
	dest, backup string // backup: the earlier file, kept under a temporary name
	done         bool
}

// CommitUndoable is Commit that keeps the file it replaces, if any, until
// Keep. Nothing that was there before this run is lost if the caller then
// fails: Undo restores it.
func (f *File) CommitUndoable() (*Committed, error) {
	c := &Committed{dest: f.dest}
	if fi, err := os.Lstat(f.dest); err == nil && fi.Mode().IsRegular() && f.overwrite {
		dir, base := filepath.Split(f.dest)
		backup, err := tracked(func() (string, error) {
			p := filepath.Join(dir, "."+base+".lockbox-"+randomSuffix()+".old")
			return p, os.Link(f.dest, p)
		})
		if err != nil {
			f.Abort()
			return nil, fmt.Errorf("keeping the earlier %q until the output stands: %w", f.dest, err)
		}
		c.backup = backup
	}
	live.Lock()
	live.undo[c] = true
	live.Unlock()
	if err := f.Commit(); err != nil {
		c.Keep() // nothing was replaced
		return nil, err
	}
	return c, nil
}

// Replaced reports whether a file was at the destination before.
func (c *Committed) Replaced() bool { return c.backup != "" }

// Undo takes the output back: the earlier file is put back in its place,
// or, if there was none, the output is removed.
func (c *Committed) Undo() error {
	live.Lock()
	defer live.Unlock()
	return c.undoLocked()
}

func (c *Committed) undoLocked() error {
	if c.done {
		return nil
	}
	c.done = true
	delete(live.undo, c)
	var err error
	if c.backup != "" {
		err = os.Rename(c.backup, c.dest)
		delete(live.paths, c.backup)
	} else {
		err = os.Remove(c.dest)
	}
	syncDir(filepath.Dir(c.dest))
	return err
}

// Keep lets the output stand and forgets the earlier file.
func (c *Committed) Keep() {
	live.Lock()
	defer live.Unlock()
	if c.done {
		return
	}
	c.done = true
	delete(live.undo, c)
	if c.backup != "" {
		os.Remove(c.backup)
		delete(live.paths, c.backup)
	}
}

// Abort removes the temporary file. It is safe to call more than once and
// after Commit, so it can be deferred.
func (f *File) Abort() {
	if f.done {
		return
	}
	f.done = true
	f.file.Close()
	if f.name != "" {
		os.Remove(f.name)
		untrack(f.name)
	}
	if f.unnamed {
		untrackUnnamed()
	}
}

// Dir is an output directory being filled.
type Dir struct {
	path string // the temporary directory
	dest string
	done bool
}

// CreateDir starts filling the directory dest. An existing dest is never
// replaced: merging into or deleting a directory is not ours to decide.
func CreateDir(dest string) (*Dir, error) {
	if err := checkDest(dest, false); err != nil {
		return nil, err
	}
	parent, base := filepath.Split(filepath.Clean(dest))
	if parent == "" {
		parent = "."
	}
	removeStale(parent)
	p, err := tracked(func() (string, error) { return os.MkdirTemp(parent, tempPattern(base)) })
	if err != nil {
		return nil, fmt.Errorf("creating a directory in %q: %w", parent, err)
	}
	return &Dir{path: p, dest: dest}, nil
}

// Path is where to write the directory's contents until Commit.
func (d *Dir) Path() string { return d.path }

// Dest is the path the directory gets on Commit.
func (d *Dir) Dest() string { return d.dest }

// Commit renames the directory to its destination with mode 0700.
func (d *Dir) Commit() error {
	if d.done {
		return errors.New("atomicfile: already committed or aborted")
	}
	if err := rename(d.path, d.dest, false); err != nil {
		d.Abort()
		return err
	}
	d.done = true
	untrack(d.path)
	syncDir(filepath.Dir(d.dest))
	return nil
}

// Abort removes the temporary directory and everything in it.
func (d *Dir) Abort() {
	if d.done {
		return
	}
	d.done = true
	os.RemoveAll(d.path)
	untrack(d.path)
}

func checkDest(dest string, overwrite bool) error {
	fi, err := os.Lstat(dest)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return fmt.Errorf("checking %q: %w", dest, err)
	case !overwrite:
		return &ExistsError{Path: dest}
	case fi.IsDir():
		return fmt.Errorf("%q is a directory", dest)
	case !fi.Mode().IsRegular() && fi.Mode()&fs.ModeSymlink == 0:
		// A device, pipe or socket: replacing it with a file (as root,
		// /dev/full or /dev/null) is never what --force meant.
		return &NotRegularError{Path: dest}
	}
	return nil
}

// NotRegularError reports a destination that is a device, pipe or socket.
type NotRegularError struct{ Path string }

func (e *NotRegularError) Error() string { return fmt.Sprintf("%q is not a regular file", e.Path) }

// syncDir makes the rename durable. Errors are ignored: some file systems
// cannot sync directories, and the data itself is already synced.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// ScratchDir makes a private (0700) working directory under the system's
// temporary directory, for spill files that must never outlive the process.
// The returned function removes it; RemoveAll removes it too.
func ScratchDir(pattern string) (string, func(), error) {
	dir, err := tracked(func() (string, error) { return os.MkdirTemp("", pattern) })
	if err != nil {
		return "", nil, err
	}
	return dir, func() {
		os.RemoveAll(dir)
		untrack(dir)
	}, nil
}

// randomSuffix is a short random name part, as os.CreateTemp makes.
func randomSuffix() string {
	var b [6]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
