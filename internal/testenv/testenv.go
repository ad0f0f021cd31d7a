// Package testenv lets tests use outside tools (age, xclip, Xvfb, ...):
// they skip when a tool is missing, except with LOCKBOX_INTEGRATION=1, as
// in CI, where a missing tool fails the test.
package testenv

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Integration reports whether integration tests must run.
func Integration() bool { return os.Getenv("LOCKBOX_INTEGRATION") == "1" }

// Runs is how many times a test that hunts a race repeats: quick in a
// developer's run, more under LOCKBOX_INTEGRATION=1.
func Runs(quick, integration int) int {
	if Integration() {
		return integration
	}
	return quick
}

// NeedTool returns the path of a command, or skips (fails under
// LOCKBOX_INTEGRATION=1) when it is not installed.
func NeedTool(t testing.TB, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if Integration() {
			t.Fatalf("%s is not installed, and LOCKBOX_INTEGRATION=1 requires it", name)
		}
		t.Skipf("%s is not installed (set LOCKBOX_INTEGRATION=1 to make this a failure)", name)
	}
	return p
}

// StartXvfb starts a private X server for the test and returns its DISPLAY
// value. The server is stopped when the test ends.
func StartXvfb(t testing.TB) string {
	t.Helper()
	xvfb := NeedTool(t, "Xvfb")
	for n := 90 + os.Getpid()%100; n < 400; n++ {
		if _, err := os.Stat(fmt.Sprintf("/tmp/.X11-unix/X%d", n)); err == nil {
			continue
		}
		if _, err := os.Stat(fmt.Sprintf("/tmp/.X%d-lock", n)); err == nil {
			continue
		}
		display := fmt.Sprintf(":%d", n)
		cmd := exec.Command(xvfb, display, "-nolisten", "tcp", "-screen", "0", "640x480x24")
		if err := cmd.Start(); err != nil {
			t.Fatalf("starting Xvfb: %v", err)
		}
		t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
		sock := filepath.Join("/tmp/.X11-unix", fmt.Sprintf("X%d", n))
		for i := 0; i < 100; i++ {
			if _, err := os.Stat(sock); err == nil {
				return display
			}
			time.Sleep(50 * time.Millisecond)
		}
		t.Fatalf("Xvfb did not start on %s", display)
	}
	t.Fatal("no free X display number")
	return ""
}

// LibreOffice converts in to the format to ("xlsx", "csv", ...) with a
// headless LibreOffice, using a private profile, and returns the path of
// the converted file in outDir. filter is LibreOffice's --infilter value,
// or empty.
func LibreOffice(t testing.TB, in, outDir, to, filter string) string {
	t.Helper()
	out := runLibreOffice(t, in, outDir, to, filter)
	p := filepath.Join(outDir, stem(in)+"."+strings.SplitN(to, ":", 2)[0])
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("soffice made no %s: %s", filepath.Base(p), out)
	}
	return p
}

// LibreOfficeSheets converts every sheet of in to CSV (to is a CSV filter
// whose sheet option is -1) and returns the files by sheet name.
func LibreOfficeSheets(t testing.TB, in, outDir, to string) map[string]string {
	t.Helper()
	out := runLibreOffice(t, in, outDir, to, "")
	files, _ := filepath.Glob(filepath.Join(outDir, stem(in)+"-*.csv"))
	if len(files) == 0 {
		t.Fatalf("soffice made no %s-SHEET.csv: %s", stem(in), out)
	}
	sheets := map[string]string{}
	for _, f := range files {
		sheets[strings.TrimSuffix(strings.TrimPrefix(filepath.Base(f), stem(in)+"-"), ".csv")] = f
	}
	return sheets
}

func stem(p string) string {
	base := filepath.Base(p)
	return base[:len(base)-len(filepath.Ext(base))]
}

func runLibreOffice(t testing.TB, in, outDir, to, filter string) []byte {
	t.Helper()
	soffice := NeedTool(t, "soffice")
	profile := t.TempDir()
	args := []string{"-env:UserInstallation=file://" + profile, "--headless", "--norestore"}
	if filter != "" {
		args = append(args, "--infilter="+filter)
	}
	args = append(args, "--convert-to", to, "--outdir", outDir, in)
	cmd := exec.Command(soffice, args...)
	cmd.Env = append(os.Environ(), "HOME="+profile)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("soffice %v: %v\n%s", args, err, out)
	}
	return out
}

// BenchCSV returns the file named by LOCKBOX_BENCH_CSV (the generated
// customer list that make bench makes) and counts its size for MB/s, or
// skips the benchmark when none is named.
func BenchCSV(b *testing.B) string { return benchFile(b, "LOCKBOX_BENCH_CSV") }

// BenchXLSX is BenchCSV for LOCKBOX_BENCH_XLSX, the 100,000-row workbook.
func BenchXLSX(b *testing.B) string { return benchFile(b, "LOCKBOX_BENCH_XLSX") }

func benchFile(b *testing.B, env string) string {
	b.Helper()
	p := os.Getenv(env)
	if p == "" {
		b.Skipf("set %s to a file", env)
	}
	fi, err := os.Stat(p)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(fi.Size())
	return p
}
