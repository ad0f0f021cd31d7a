package main

import (
	"io"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
)

// progressThreshold is the input size above which a progress bar is shown
// (on a terminal only).
const progressThreshold = 64 << 20

// withProgress shows a progress bar on stderr while r is read, if stderr is
// a terminal.
func withProgress(r io.Reader, size int64, what string) io.Reader {
	if !isTerminal(os.Stderr) {
		return r
	}
	bar := progressbar.NewOptions64(size,
		progressbar.OptionSetWriter(os.Stderr),
		progressbar.OptionSetDescription("lockbox: "+what),
		progressbar.OptionShowBytes(true),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish(),
		progressbar.OptionEnableColorCodes(colorful(os.Stderr)),
	)
	pr := progressbar.NewReader(r, bar)
	return &pr
}
