//go:build !linux && !windows

package atomicfile

import (
	"errors"
	"fmt"
	"os"
)

// rename moves tmp to dest. Without overwrite a hard link claims dest
// atomically, so an existing file is never clobbered.
func rename(tmp, dest string, overwrite bool) error {
	var err error
	if overwrite {
		err = os.Rename(tmp, dest)
	} else if err = os.Link(tmp, dest); err == nil {
		err = os.Remove(tmp)
	}
	switch {
	case errors.Is(err, os.ErrExist):
		return &ExistsError{Path: dest}
	case err != nil:
		return fmt.Errorf("moving the output into place: %w", err)
	}
	return nil
}

// startWriteback is a no-op where sync_file_range does not exist.
func startWriteback(f *os.File, off, n int64) {}
