//go:build unix

package atomicfile

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// A device, pipe or socket is never replaced, not even with overwrite:
// as root, /dev/null would become a file.
func TestCreateNeverReplacesAFileThatIsNotRegular(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip(err)
	}
	for _, dest := range []string{fifo, "/dev/null"} {
		_, err := Create(dest, 0o600, true)
		var nr *NotRegularError
		if !errors.As(err, &nr) || nr.Path != dest {
			t.Errorf("Create(%q) = %v, want a NotRegularError", dest, err)
		}
	}
	if fi, err := os.Lstat(fifo); err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
		t.Errorf("the pipe is gone or changed: %v %v", fi, err)
	}
	if len(Pending()) != 0 {
		t.Errorf("temporary files left: %v", Pending())
	}
}
