//go:build !unix

package atomicfile

// removeStale does nothing outside Unix: telling whether the process that
// named a temporary file still runs needs a Windows API call this small
// package does without. A temporary file left by a killed lockbox there
// is hidden, named ".NAME.lockbox-PID-*.tmp", and can be removed by hand;
// docs/robustness.md says so.
func removeStale(dir string) {}
