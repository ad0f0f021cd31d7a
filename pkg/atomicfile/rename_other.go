//go:build !linux && !windows

package atomicfile

import "os"

// rename moves tmp to dest. Without overwrite a hard link claims dest
// atomically, so an existing file is never clobbered.
func rename(tmp, dest string, overwrite bool) error {
	if overwrite {
		return placed(os.Rename(tmp, dest), dest)
	}
	return placed(linkInPlace(tmp, dest), dest)
}

// startWriteback is a no-op where sync_file_range does not exist.
func startWriteback(f *os.File, off, n int64) {}
