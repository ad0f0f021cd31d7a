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
		if err = os.Link(tmp, dest); err == nil {
			err = os.Remove(tmp)
		}
	}
	switch {
	case errors.Is(err, os.ErrExist):
		return &ExistsError{Path: dest}
	case err != nil:
		return fmt.Errorf("moving the output into place: %w", err)
	}
	return nil
}
