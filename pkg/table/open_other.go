//go:build !unix

package table

import "os"

// openNoBlock opens path for reading. Outside Unix, a file system path
// cannot be a FIFO that blocks the open (Windows's named pipes live under
// \\.\pipe\), so a plain open is already safe; OpenRegular still refuses
// whatever is not a regular file.
func openNoBlock(path string) (*os.File, error) { return os.Open(path) }
