package atomicfile

import (
	"os"

	"golang.org/x/sys/windows"
)

// rename moves tmp to dest with MoveFileEx, which without
// MOVEFILE_REPLACE_EXISTING fails rather than replace a file that appeared
// at dest meanwhile (the counterpart of Linux's RENAME_NOREPLACE), and
// works on file systems without hard links (FAT, exFAT: USB sticks).
func rename(tmp, dest string, overwrite bool) error {
	from, err := windows.UTF16PtrFromString(tmp)
	if err != nil {
		return err
	}
	to, err := windows.UTF16PtrFromString(dest)
	if err != nil {
		return err
	}
	flags := uint32(windows.MOVEFILE_WRITE_THROUGH)
	if overwrite {
		flags |= windows.MOVEFILE_REPLACE_EXISTING
	}
	// ERROR_ALREADY_EXISTS and ERROR_FILE_EXISTS are os.ErrExist to errors.Is.
	return placed(windows.MoveFileEx(from, to, flags), dest)
}

// startWriteback is a no-op: Windows has no call to start writing a range
// without waiting; the flush in Commit writes it all.
func startWriteback(f *os.File, off, n int64) {}
