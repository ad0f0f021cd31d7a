package atomicfile

import (
	"errors"
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// rename moves tmp to dest. Without overwrite it uses RENAME_NOREPLACE, so a
// file that appeared at dest meanwhile is never clobbered; file systems
// without it fall back to link-then-unlink, which is just as safe for files.
func rename(tmp, dest string, overwrite bool) error {
	if overwrite {
		if err := os.Rename(tmp, dest); err != nil {
			return fmt.Errorf("moving the output into place: %w", err)
		}
		return nil
	}
	err := unix.Renameat2(unix.AT_FDCWD, tmp, unix.AT_FDCWD, dest, unix.RENAME_NOREPLACE)
	if errors.Is(err, unix.EINVAL) || errors.Is(err, unix.ENOSYS) {
		err = linkInPlace(tmp, dest)
	}
	return placed(err, dest)
}

// startWriteback asks the kernel to begin writing a range to disk and
// returns at once. Errors are ignored: the fsync in Commit reports them.
func startWriteback(f *os.File, off, n int64) {
	unix.SyncFileRange(int(f.Fd()), off, n, unix.SYNC_FILE_RANGE_WRITE)
}
