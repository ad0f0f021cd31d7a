//go:build unix

package ledger

import (
	"os"

	"golang.org/x/sys/unix"
)

// lock waits for an exclusive lock on the whole file: appends by several
// lockbox processes then come one after the other.
func lock(f *os.File) error {
	for {
		err := unix.Flock(int(f.Fd()), unix.LOCK_EX)
		if err != unix.EINTR {
			return err
		}
	}
}

func unlock(f *os.File) { unix.Flock(int(f.Fd()), unix.LOCK_UN) }
