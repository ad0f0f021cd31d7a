package ledger

import (
	"os"

	"golang.org/x/sys/windows"
)

// lock takes an exclusive lock on the whole file with LockFileEx, waiting
// for it, as flock does on Unix: appends from several lockbox processes at
// once are serialised.
func lock(f *os.File) error {
	return windows.LockFileEx(windows.Handle(f.Fd()), windows.LOCKFILE_EXCLUSIVE_LOCK, 0, ^uint32(0), ^uint32(0), new(windows.Overlapped))
}

func unlock(f *os.File) {
	windows.UnlockFileEx(windows.Handle(f.Fd()), 0, ^uint32(0), ^uint32(0), new(windows.Overlapped))
}
