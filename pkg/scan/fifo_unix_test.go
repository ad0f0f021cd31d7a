//go:build unix

package scan

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestAFIFOSwappedInIsRefusedNotWaitedOn: the directory listing said a
// regular file; by the time it is opened, a named pipe has taken its
// place. Opening it must not wait for a writer (a cron scan hung so), and
// what was opened is judged by what it is.
func TestAFIFOSwappedInIsRefusedNotWaitedOn(t *testing.T) {
	dir := t.TempDir()
	regular := filepath.Join(dir, "list.csv")
	os.WriteFile(regular, []byte("Name\nAnn\n"), 0o600)
	info, _ := os.Stat(regular) // what the listing saw
	os.Remove(regular)
	if err := syscall.Mkfifo(regular, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	done := make(chan File, 1)
	go func() { done <- audit(regular, info, nil, Options{Now: time.Now(), Sample: 10}) }()
	// A reader blocked in open would be let go by a writer: keep offering
	// one until audit is done. Without a waiting reader the non-blocking
	// open for writing fails (ENXIO) and is tried again.
	for {
		select {
		case f := <-done:
			if f.Status != Unreadable || !strings.Contains(f.Reason, "named pipe") {
				t.Errorf("a FIFO in a file's place: %s %q, want unreadable, a named pipe", f.Status, f.Reason)
			}
			return
		default:
		}
		if w, err := os.OpenFile(regular, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
			w.Close() // audit was waiting in open: the bug
		}
		time.Sleep(time.Millisecond)
	}
}
