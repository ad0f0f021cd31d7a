//go:build !unix

package bundle

// freeBytes is unknown here: a bundle too large for the disk fails when
// the disk is full, and its directory is removed.
func freeBytes(dir string) (int64, bool) { return 0, false }
