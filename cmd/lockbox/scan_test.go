//go:build unix

package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestScanShowsProgressOnATerminalOnly scans 400 files on a terminal, where
// a counter runs, and into a pipe, where it does not.
func TestScanShowsProgressOnATerminalOnly(t *testing.T) {
	bin := lockboxBinary(t)
	dir := t.TempDir()
	for i := 0; i < 400; i++ {
		var b bytes.Buffer
		b.WriteString("Email,City,Total\n")
		for j := 0; j < 300; j++ {
			fmt.Fprintf(&b, "c%d@example.com,Utrecht,%d.50\n", j, j)
		}
		os.WriteFile(filepath.Join(dir, fmt.Sprintf("f%03d.csv", i)), b.Bytes(), 0o600)
	}
	cmd := exec.Command(bin, "scan", "--fail-on", "never", dir)
	cmd.Env = cleanEnv()
	c := startConsole(t, cmd)
	if code := c.wait(); code != 0 {
		t.Fatalf("exit %d:\n%s", code, c.screen())
	}
	if !strings.Contains(c.screen(), "lockbox: scanning") {
		t.Errorf("no progress on a terminal:\n%q", c.screen())
	}
	out, err := exec.Command(bin, "scan", "--fail-on", "never", dir).CombinedOutput()
	if err != nil || bytes.Contains(out, []byte("scanning")) {
		t.Errorf("progress on a pipe (%v): %q", err, out)
	}
}
