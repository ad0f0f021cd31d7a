//go:build !linux

package atomicfile

import (
	"errors"
	"os"
)

var errNoUnnamed = errors.New("no unnamed files here")

// openUnnamed: only Linux has unnamed files (O_TMPFILE); elsewhere output
// goes to a named temporary file, and removeStale clears those of
// processes that were killed.
func openUnnamed(dir string) (*os.File, error) { return nil, errNoUnnamed }

func linkUnnamed(f *os.File, dest string) error { return errNoUnnamed }
