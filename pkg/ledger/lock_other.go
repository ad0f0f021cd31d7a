//go:build !unix && !windows

package ledger

import "os"

// Without flock, appends from several processes at once are not
// serialised; each is still one write of a whole line.
func lock(f *os.File) error { return nil }

func unlock(f *os.File) {}
