//go:build unix

package atomicfile

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestStaleTempFilesOfDeadProcessesAreRemoved: what a killed lockbox left
// (a partial file, a half-extracted bundle) is removed when lockbox next
// writes in that directory; what a running one is writing is not.
func TestStaleTempFilesOfDeadProcessesAreRemoved(t *testing.T) {
	dead := exec.Command("true")
	if err := dead.Run(); err != nil {
		t.Skip(err)
	}
	pid := dead.Process.Pid
	dir := t.TempDir()
	staleFile := filepath.Join(dir, fmt.Sprintf(".list.csv.lockbox-%d-123.tmp", pid))
	staleDir := filepath.Join(dir, fmt.Sprintf(".out.lockbox-%d-456.tmp", pid))
	alive := filepath.Join(dir, fmt.Sprintf(".other.csv.lockbox-%d-789.tmp", os.Getppid()))
	os.WriteFile(staleFile, []byte("Ann,ann@example.com\n"), 0o600)
	os.MkdirAll(filepath.Join(staleDir, "clients"), 0o700)
	os.WriteFile(filepath.Join(staleDir, "clients", "a.csv"), []byte("x"), 0o600)
	os.WriteFile(alive, []byte("being written"), 0o600)
	f, err := Create(filepath.Join(dir, "new.csv"), 0o600, false)
	if err != nil {
		t.Fatal(err)
	}
	f.Abort()
	for _, p := range []string{staleFile, staleDir} {
		if _, err := os.Lstat(p); err == nil {
			t.Errorf("%s, left by a process that is gone, is still there", filepath.Base(p))
		}
	}
	if _, err := os.Lstat(alive); err != nil {
		t.Errorf("the file of a running process was removed: %v", err)
	}
}
