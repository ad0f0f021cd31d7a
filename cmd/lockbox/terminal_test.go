//go:build unix

package main

// Tests that need a real terminal or real outside tools. They run the
// built binary (the real scrypt work factor, no test hooks) and skip when a
// tool is missing, unless LOCKBOX_INTEGRATION=1.

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"
	"github.com/xuri/excelize/v2"

	"filippo.io/age"

	"github.com/lockbox-tool/lockbox/internal/testenv"
)

// console is a process running on a pseudo-terminal.
type console struct {
	t    *testing.T
	cmd  *exec.Cmd
	tty  *os.File
	mu   sync.Mutex
	out  bytes.Buffer
	done chan struct{}
}

func startConsole(t *testing.T, cmd *exec.Cmd) *console {
	t.Helper()
	tty, err := pty.Start(cmd)
	if err != nil {
		t.Fatal(err)
	}
	c := &console{t: t, cmd: cmd, tty: tty, done: make(chan struct{})}
	go func() {
		buf := make([]byte, 4096)
		for {
			n, err := tty.Read(buf)
			c.mu.Lock()
			c.out.Write(buf[:n])
			c.mu.Unlock()
			if err != nil {
				close(c.done)
				return
			}
		}
	}()
	t.Cleanup(func() { cmd.Process.Kill(); tty.Close() })
	return c
}

func (c *console) screen() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.out.String()
}

// expect waits for text to appear on the terminal.
func (c *console) expect(text string) {
	c.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if strings.Contains(c.screen(), text) {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	c.t.Fatalf("waited for %q; the terminal shows:\n%s", text, c.screen())
}

func (c *console) send(s string) {
	c.t.Helper()
	if _, err := c.tty.Write([]byte(s)); err != nil {
		c.t.Fatal(err)
	}
}

// wait returns the exit code once the process ends and its output is read.
func (c *console) wait() int {
	c.t.Helper()
	err := c.cmd.Wait()
	select {
	case <-c.done:
	case <-time.After(5 * time.Second):
	}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode()
	}
	if err != nil {
		c.t.Fatal(err)
	}
	return 0
}

var passShape = regexp.MustCompile(`[0-9a-hjkmnp-tv-z]{4}(-[0-9a-hjkmnp-tv-z]{4}){4}`)

func TestCardGoesToTheTerminalWhenStderrIsRedirected(t *testing.T) {
	bin := lockboxBinary(t)
	dir := t.TempDir()
	writeSample(t, dir)
	stdout, _ := os.Create(filepath.Join(dir, "stdout.log"))
	stderr, _ := os.Create(filepath.Join(dir, "stderr.log"))
	cmd := exec.Command(bin, "encrypt", "customers.csv")
	cmd.Dir, cmd.Env = dir, cleanEnv()
	cmd.Stdout, cmd.Stderr = stdout, stderr
	c := startConsole(t, cmd)
	if code := c.wait(); code != 0 {
		t.Fatalf("exit %d; terminal:\n%s", code, c.screen())
	}
	pass := passShape.FindString(c.screen())
	if pass == "" {
		t.Fatalf("no passphrase on the terminal:\n%s", c.screen())
	}
	for _, log := range []string{"stdout.log", "stderr.log"} {
		data, _ := os.ReadFile(filepath.Join(dir, log))
		if bytes.Contains(data, []byte(pass)) {
			t.Errorf("the passphrase reached %s", log)
		}
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "stderr.log")); !bytes.Contains(data, []byte(`encrypted "customers.csv"`)) {
		t.Errorf("stderr.log = %q, want the progress message there", data)
	}

	// The prompt, typed the way a person reads it off a phone.
	os.Remove(filepath.Join(dir, "customers.csv"))
	cmd = exec.Command(bin, "decrypt", "customers.csv.age")
	cmd.Dir, cmd.Env = dir, cleanEnv()
	c = startConsole(t, cmd)
	c.expect("passphrase: ")
	c.send(strings.ToUpper(strings.ReplaceAll(pass, "-", " ")) + "\r")
	if code := c.wait(); code != 0 {
		t.Fatalf("decrypt exit %d:\n%s", code, c.screen())
	}
	if strings.Contains(c.screen(), strings.ToUpper(pass[:4])+" ") {
		t.Errorf("the typed passphrase was echoed:\n%s", c.screen())
	}
	got, _ := os.ReadFile(filepath.Join(dir, "customers.csv"))
	if string(got) != sampleCSV {
		t.Errorf("decrypted %q", got)
	}
}

// enterTwice types pass at a prompt that asks for a passphrase and then
// for it again, and waits for the command to succeed.
func (c *console) enterTwice(t *testing.T, first, again, pass string) {
	t.Helper()
	c.expect(first)
	c.send(pass + "\r")
	c.expect(again)
	c.send(pass + "\r")
	if code := c.wait(); code != 0 {
		t.Fatalf("exit %d:\n%s", code, c.screen())
	}
}

func TestAskTakesAnOwnPassphraseTwice(t *testing.T) {
	bin := lockboxBinary(t)
	dir := t.TempDir()
	writeSample(t, dir)
	const own = "purple giraffes juggle nine teapots"
	cmd := exec.Command(bin, "encrypt", "--ask", "customers.csv")
	cmd.Dir, cmd.Env = dir, cleanEnv()
	c := startConsole(t, cmd)
	c.enterTwice(t, "new passphrase: ", "the same passphrase again: ", own)
	if strings.Contains(c.screen(), own) {
		t.Error("the passphrase was echoed")
	}
	out := exec.Command(bin, "decrypt", "-o", "back.csv", "customers.csv.age")
	out.Dir, out.Env = dir, cleanEnv("LOCKBOX_PASSPHRASE="+own)
	if msg, err := out.CombinedOutput(); err != nil {
		t.Fatalf("decrypt: %v\n%s", err, msg)
	}

	// A weak one: refused, with the way out.
	os.Remove(filepath.Join(dir, "customers.csv.age"))
	cmd = exec.Command(bin, "encrypt", "--ask", "customers.csv")
	cmd.Dir, cmd.Env = dir, cleanEnv()
	c = startConsole(t, cmd)
	c.expect("new passphrase: ")
	c.send("Welcome123\r")
	c.expect("again: ")
	c.send("Welcome123\r")
	if code := c.wait(); code != exitFailure {
		t.Fatalf("weak passphrase: exit %d, want 1:\n%s", code, c.screen())
	}
	if !strings.Contains(c.screen(), "lockbox: hint: let lockbox generate one: leave out --ask\r\n") {
		t.Errorf("terminal shows:\n%s", c.screen())
	}
	if strings.Contains(c.screen(), "Welcome123") {
		t.Error("the weak passphrase was echoed or repeated")
	}

	// Two different answers: refused, nothing written.
	os.Remove(filepath.Join(dir, "customers.csv.age"))
	cmd = exec.Command(bin, "encrypt", "--ask", "customers.csv")
	cmd.Dir, cmd.Env = dir, cleanEnv()
	c = startConsole(t, cmd)
	c.expect("new passphrase: ")
	c.send(own + "\r")
	c.expect("again: ")
	c.send(own + "x\r")
	if code := c.wait(); code != exitFailure {
		t.Fatalf("exit %d, want 1:\n%s", code, c.screen())
	}
	if _, err := os.Stat(filepath.Join(dir, "customers.csv.age")); err == nil {
		t.Error("output written after mismatched passphrases")
	}
}

func TestEncryptRefusesToWriteCiphertextToATerminal(t *testing.T) {
	bin := lockboxBinary(t)
	dir := t.TempDir()
	writeSample(t, dir)
	cmd := exec.Command(bin, "encrypt", "-o", "-", "customers.csv")
	cmd.Dir, cmd.Env = dir, cleanEnv()
	c := startConsole(t, cmd)
	if code := c.wait(); code != exitFailure {
		t.Fatalf("exit %d, want 1:\n%s", code, c.screen())
	}
	if !strings.Contains(c.screen(), "lockbox: error: refusing to write encrypted data to a terminal") {
		t.Errorf("terminal shows:\n%s", c.screen())
	}
}

func TestAgeCLIDecryptsWhatLockboxEncrypts(t *testing.T) {
	bin := lockboxBinary(t)
	ageBin := testenv.NeedTool(t, "age")
	dir := t.TempDir()
	writeSample(t, dir)
	run := exec.Command(bin, "encrypt", "--save-passphrase", "pass.txt", "customers.csv")
	run.Dir, run.Env = dir, cleanEnv()
	if out, err := run.CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	ageDecrypt(t, ageBin, dir, "customers.csv.age")
}

// ageDecrypt has age -d open file in dir with the passphrase in pass.txt,
// typed at its prompt exactly as printed, and checks it gives the sample.
func ageDecrypt(t *testing.T, ageBin, dir, file string) {
	t.Helper()
	pass, _ := os.ReadFile(filepath.Join(dir, "pass.txt"))
	cmd := exec.Command(ageBin, "-d", "-o", "via-age.csv", file)
	cmd.Dir, cmd.Env = dir, cleanEnv()
	c := startConsole(t, cmd)
	c.expect("passphrase")
	c.send(strings.TrimSpace(string(pass)) + "\r")
	if code := c.wait(); code != 0 {
		t.Fatalf("age -d exit %d:\n%s", code, c.screen())
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "via-age.csv")); string(got) != sampleCSV {
		t.Errorf("age -d gave %q", got)
	}
}

func TestLockboxDecryptsWhatAgeEncrypts(t *testing.T) {
	bin := lockboxBinary(t)
	ageBin := testenv.NeedTool(t, "age")
	keygen := testenv.NeedTool(t, "age-keygen")
	dir := t.TempDir()
	writeSample(t, dir)
	const own = "purple giraffes juggle nine teapots"

	// age -p, driving its passphrase prompt.
	cmd := exec.Command(ageBin, "-p", "-o", "by-age.age", "customers.csv")
	cmd.Dir, cmd.Env = dir, cleanEnv()
	c := startConsole(t, cmd)
	c.enterTwice(t, "passphrase", "onfirm", own)
	dec := exec.Command(bin, "decrypt", "-o", "from-p.csv", "by-age.age")
	dec.Dir, dec.Env = dir, cleanEnv("LOCKBOX_PASSPHRASE="+own)
	if out, err := dec.CombinedOutput(); err != nil {
		t.Fatalf("lockbox decrypt of age -p: %v\n%s", err, out)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "from-p.csv")); string(got) != sampleCSV {
		t.Errorf("got %q", got)
	}

	// age -r and lockbox -r, both ways, with one key pair.
	if out, err := exec.Command(keygen, "-o", filepath.Join(dir, "key.txt")).CombinedOutput(); err != nil {
		t.Fatalf("age-keygen: %v\n%s", err, out)
	}
	pub, err := exec.Command(keygen, "-y", filepath.Join(dir, "key.txt")).Output()
	if err != nil {
		t.Fatal(err)
	}
	steps := [][]string{
		{ageBin, "-r", strings.TrimSpace(string(pub)), "-o", "r.age", "customers.csv"},
		{bin, "decrypt", "-i", "key.txt", "-o", "from-r.csv", "r.age"},
		{bin, "encrypt", "-r", strings.TrimSpace(string(pub)), "-o", "lr.age", "customers.csv"},
		{ageBin, "-d", "-i", "key.txt", "-o", "from-lr.csv", "lr.age"},
	}
	for _, s := range steps {
		cmd := exec.Command(s[0], s[1:]...)
		cmd.Dir, cmd.Env = dir, cleanEnv()
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%s: %v\n%s", strings.Join(s, " "), err, out)
		}
	}
	for _, f := range []string{"from-r.csv", "from-lr.csv"} {
		if got, _ := os.ReadFile(filepath.Join(dir, f)); string(got) != sampleCSV {
			t.Errorf("%s = %q", f, got)
		}
	}
}

func TestCopyPutsThePassphraseOnTheClipboardAndClearsIt(t *testing.T) {
	bin := lockboxBinary(t)
	xclip := testenv.NeedTool(t, "xclip")
	display := testenv.StartXvfb(t)
	dir := t.TempDir()
	writeSample(t, dir)
	env := cleanEnv("DISPLAY=" + display)
	cmd := exec.Command(bin, "encrypt", "--copy", "--clear-after", "2s", "--save-passphrase", "pass.txt", "customers.csv")
	cmd.Dir, cmd.Env = dir, env
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if !strings.Contains(string(out), "the passphrase is on the clipboard; it will be cleared in 2s") {
		t.Errorf("output: %s", out)
	}
	saved, _ := os.ReadFile(filepath.Join(dir, "pass.txt"))
	pass := strings.TrimSpace(string(saved))
	paste := func() string {
		p := exec.Command(xclip, "-out", "-selection", "clipboard")
		p.Env = env
		b, _ := p.Output()
		return string(b)
	}
	if got := paste(); got != pass {
		t.Fatalf("clipboard holds %q, want the passphrase", got)
	}

	// Neither the clearing process nor xclip (which serves the selection
	// until it is replaced) holds the passphrase in argv or environment:
	// both get it on stdin.
	for _, name := range []string{"clipboard-clear", "xclip"} {
		for _, proc := range processes(t, name) {
			if strings.Contains(proc, pass) || strings.Contains(proc, strings.ReplaceAll(pass, "-", "")) {
				t.Errorf("the %s process's argv or environment holds the passphrase", name)
			}
		}
	}

	deadline := time.Now().Add(15 * time.Second)
	for paste() != "" {
		if time.Now().After(deadline) {
			t.Fatalf("the clipboard still holds the passphrase")
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// processes returns the argv and environment of the running processes
// whose command line holds name.
func processes(t *testing.T, name string) []string {
	var found []string
	dirs, _ := filepath.Glob("/proc/[0-9]*")
	for _, d := range dirs {
		cmdline, err := os.ReadFile(filepath.Join(d, "cmdline"))
		if err != nil || !bytes.Contains(cmdline, []byte(name)) {
			continue
		}
		environ, _ := os.ReadFile(filepath.Join(d, "environ"))
		found = append(found, string(cmdline)+"\x00"+string(environ))
	}
	if len(found) == 0 {
		t.Errorf("no %s process found", name)
	}
	return found
}

func TestSignalsLeaveNoPartialFile(t *testing.T) {
	bin := lockboxBinary(t)
	_, ct := bigCiphertext(t, bin)
	runs := testenv.Runs(2, 5)
	for _, tc := range []struct {
		name string
		sig  syscall.Signal
		code int
	}{{"SIGINT", syscall.SIGINT, exitInterrupted}, {"SIGTERM", syscall.SIGTERM, exitTerminated},
		{"SIGHUP", syscall.SIGHUP, exitHangup}, {"SIGQUIT", syscall.SIGQUIT, exitQuit}} {
		t.Run("encrypt/"+tc.name, func(t *testing.T) {
			for range runs {
				dir := t.TempDir()
				cmd := exec.Command(bin, "encrypt", "--save-passphrase", "pass.txt", "-o", "out.age", "-")
				cmd.Dir, cmd.Env = dir, cleanEnv()
				interruptMidStream(t, cmd, dir, bytes.Repeat([]byte("Ann,ann@example.com\n"), 50000), tc.sig, tc.code)
				assertEmptyBut(t, dir)
			}
		})
		t.Run("decrypt/"+tc.name, func(t *testing.T) {
			for range runs {
				dir := t.TempDir()
				cmd := exec.Command(bin, "decrypt", "-o", "out.csv", "-")
				cmd.Dir, cmd.Env = dir, cleanEnv(bigPass)
				interruptMidStream(t, cmd, dir, ct, tc.sig, tc.code)
				assertEmptyBut(t, dir)
			}
		})
	}
}

// bigPass is the passphrase of bigCiphertext, in the environment.
const bigPass = "LOCKBOX_PASSPHRASE=purple giraffes juggle nine teapots"

// bigCiphertext encrypts 4 MB of customers (big.csv) under bigPass in a
// new directory, and returns it and the ciphertext.
func bigCiphertext(t *testing.T, bin string) (dir string, ct []byte) {
	t.Helper()
	dir = t.TempDir()
	os.WriteFile(filepath.Join(dir, "big.csv"), bytes.Repeat([]byte("Ann,ann@example.com\n"), 200000), 0o600)
	enc := exec.Command(bin, "encrypt", "-o", "big.age", "big.csv")
	enc.Dir, enc.Env = dir, cleanEnv(bigPass)
	if out, err := enc.CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	ct, _ = os.ReadFile(filepath.Join(dir, "big.age"))
	return dir, ct
}

// interruptMidStream feeds cmd half of data on stdin, waits until it has
// created its temporary output, signals it and checks the exit code.
func interruptMidStream(t *testing.T, cmd *exec.Cmd, dir string, data []byte, sig syscall.Signal, wantCode int) {
	t.Helper()
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		stdin.Write(data[:len(data)/2])
		// Keep stdin open: the command is mid-stream when signalled.
	}()
	waitUntil(t, cmd, func() bool { return outputOpen(cmd.Process.Pid, dir) }, "no temporary output appeared", &stderr)
	cmd.Process.Signal(sig)
	err = cmd.Wait()
	stdin.Close()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != wantCode {
		t.Fatalf("exit %v, want %d; stderr: %s", err, wantCode, stderr.String())
	}
	if !strings.Contains(stderr.String(), "interrupted; no partial output was left behind") {
		t.Errorf("stderr: %s", stderr.String())
	}
}

// globs reports whether anything matches pattern, for signalWhen.
func globs(pattern string) func() bool {
	return func() bool { m, _ := filepath.Glob(pattern); return len(m) > 0 }
}

// outputOpen reports whether process pid has begun its output in dir: a
// named temporary file there, or an unnamed one (Linux's O_TMPFILE, which
// /proc shows as "DIR/#INODE (deleted)").
func outputOpen(pid int, dir string) bool {
	if m, _ := filepath.Glob(filepath.Join(dir, ".*.lockbox-*.tmp")); len(m) > 0 {
		return true
	}
	fds, _ := os.ReadDir(fmt.Sprintf("/proc/%d/fd", pid))
	for _, fd := range fds {
		target, err := os.Readlink(fmt.Sprintf("/proc/%d/fd/%s", pid, fd.Name()))
		if err == nil && strings.HasPrefix(target, dir+"/#") {
			return true
		}
	}
	return false
}

func assertEmptyBut(t *testing.T, dir string, keep ...string) {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if !contains(keep, e.Name()) {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestColourAndProgressOnlyOnATerminal(t *testing.T) {
	bin := lockboxBinary(t)
	dir := t.TempDir()
	// Just over the 64 MiB progress threshold.
	big := bytes.Repeat([]byte("C100001,Ann,de Vries,ann@example.com,+31 6 1234 5678\n"), (65<<20)/52)
	if err := os.WriteFile(filepath.Join(dir, "big.csv"), big, 0o600); err != nil {
		t.Fatal(err)
	}
	var env []string
	for _, kv := range cleanEnv() {
		if !strings.HasPrefix(kv, "NO_COLOR=") {
			env = append(env, kv)
		}
	}
	cmd := exec.Command(bin, "encrypt", "-o", "colour.age", "big.csv")
	cmd.Dir, cmd.Env = dir, env
	c := startConsole(t, cmd)
	if code := c.wait(); code != 0 {
		t.Fatalf("exit %d:\n%s", code, c.screen())
	}
	if !strings.Contains(c.screen(), "\x1b[1m") {
		t.Error("no bold passphrase on a colour terminal")
	}
	if !strings.Contains(c.screen(), "lockbox: encrypting") {
		t.Errorf("no progress bar for a 65 MiB input on a terminal:\n%q", c.screen())
	}

	cmd = exec.Command(bin, "encrypt", "-o", "plain.age", "big.csv")
	cmd.Dir, cmd.Env = dir, cleanEnv() // NO_COLOR=1
	c = startConsole(t, cmd)
	if code := c.wait(); code != 0 {
		t.Fatalf("exit %d:\n%s", code, c.screen())
	}
	if strings.Contains(c.screen(), "\x1b[1m") || strings.Contains(c.screen(), "\x1b[3") {
		t.Errorf("colour despite NO_COLOR:\n%q", c.screen())
	}

	// Not a terminal: no progress bar, no colour.
	cmd = exec.Command(bin, "encrypt", "--save-passphrase", "p.txt", "-o", "piped.age", "big.csv")
	cmd.Dir, cmd.Env = dir, env
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if bytes.Contains(out, []byte("\x1b[")) || bytes.Contains(out, []byte("encrypting")) {
		t.Errorf("terminal output on a pipe: %q", out)
	}
}

// writeBigWorkbook writes a one-sheet customer workbook of n rows.
func writeBigWorkbook(t *testing.T, path string, n int) {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	sw.SetRow("A1", []any{"Email", "Name", "Amount", "Notes"})
	for i := 2; i <= n; i++ {
		cell, _ := excelize.CoordinatesToCellName(1, i)
		sw.SetRow(cell, []any{fmt.Sprintf("c%d@example.com", i), "Ann de Vries", i, "called about the invoice"})
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
}

// TestInterruptedStripLeavesNothing interrupts strips of a large workbook,
// to a workbook and to CSV, once the output is being written: neither the
// temporary output nor excelize's spill files may remain.
func TestInterruptedStripLeavesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 20 MB worksheet")
	}
	bin := lockboxBinary(t)
	src := filepath.Join(t.TempDir(), "big.xlsx")
	writeBigWorkbook(t, src, 250000)
	for _, tc := range []struct {
		name string
		args []string
		sig  syscall.Signal
		code int
	}{
		{"xlsx/SIGINT", nil, syscall.SIGINT, exitInterrupted},
		{"xlsx/SIGTERM", nil, syscall.SIGTERM, exitTerminated},
		{"csv/SIGINT", []string{"--to", "csv"}, syscall.SIGINT, exitInterrupted},
		{"csv/SIGTERM", []string{"--to", "csv"}, syscall.SIGTERM, exitTerminated},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir, tmp := t.TempDir(), t.TempDir()
			args := append([]string{"strip", "--keep", "Name", "-o", filepath.Join(dir, "out")}, tc.args...)
			cmd := exec.Command(bin, append(args, src)...)
			cmd.Dir, cmd.Env = dir, cleanEnv("TMPDIR="+tmp)
			signalWhen(t, cmd, func() bool { return outputOpen(cmd.Process.Pid, dir) }, tc.sig, tc.code)
			assertEmptyBut(t, dir)
			assertEmptyBut(t, tmp)
		})
	}
}

// signalWhen starts cmd, sends it sig as soon as a file matching glob
// exists, and checks that it exits with code.
func signalWhen(t *testing.T, cmd *exec.Cmd, ready func() bool, sig syscall.Signal, code int) {
	t.Helper()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, cmd, ready, "it never got there", &stderr)
	cmd.Process.Signal(sig)
	err := cmd.Wait()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != code {
		t.Fatalf("%v: exit %v, want %d; stderr: %s", sig, err, code, stderr.String())
	}
}

// waitUntil polls ready until it holds, which the command under test makes
// happen; a command that never gets there within a minute is killed and
// the test fails with why.
func waitUntil(t *testing.T, cmd *exec.Cmd, ready func() bool, why string, stderr *bytes.Buffer) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for !ready() {
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatalf("%s; stderr: %s", why, stderr.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestInterruptedBundleDecryptLeavesNoClientFiles interrupts the
// extraction of a bundle of many small files, again and again, at the
// moment files are being created: the temporary directory must be gone,
// with everything in it. The handler used to remove it while the
// extraction went on creating files in it.
func TestInterruptedBundleDecryptLeavesNoClientFiles(t *testing.T) {
	if testing.Short() {
		t.Skip("extracts a bundle of 4,000 files many times")
	}
	bin := lockboxBinary(t)
	src := t.TempDir()
	clients := filepath.Join(src, "clients")
	os.Mkdir(clients, 0o700)
	for i := 0; i < 4000; i++ {
		os.WriteFile(filepath.Join(clients, fmt.Sprintf("client-%04d.csv", i)), []byte("Name,Email\nAnn,ann@example.com\n"), 0o600)
	}
	id, _ := age.GenerateX25519Identity()
	keyFile := filepath.Join(src, "key.txt")
	os.WriteFile(keyFile, []byte(id.String()+"\n"), 0o600)
	enc := exec.Command(bin, "encrypt", "-r", id.Recipient().String(), "-o", "c.age", "clients")
	enc.Dir, enc.Env = src, cleanEnv()
	if out, err := enc.CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	runs := testenv.Runs(10, 30)
	for i := 0; i < runs; i++ {
		sig, code := syscall.SIGINT, exitInterrupted
		if i%2 == 1 {
			sig, code = syscall.SIGTERM, exitTerminated
		}
		dir := t.TempDir()
		cmd := exec.Command(bin, "decrypt", "-i", keyFile, "-o", "out", filepath.Join(src, "c.age"))
		cmd.Dir, cmd.Env = dir, cleanEnv()
		// Once the extraction is creating client files.
		signalWhen(t, cmd, globs(filepath.Join(dir, ".out.lockbox-*.tmp", "clients", "client-00[1-9]*.csv")), sig, code)
		assertEmptyBut(t, dir)
	}
}

// TestKilledLeavesNoPlaintextVisible kills lockbox outright (SIGKILL, as
// the OOM killer does) in the middle of a decryption, again and again:
// nothing it can clean up runs. On Linux the output was never under any
// name; a bundle's half-extracted directory, which must have one, is
// removed by the next lockbox that writes in that directory.
func TestKilledLeavesNoPlaintextVisible(t *testing.T) {
	bin := lockboxBinary(t)
	src, ct := bigCiphertext(t, bin)
	runs := testenv.Runs(5, 20)
	for i := 0; i < runs; i++ {
		dir := t.TempDir()
		cmd := exec.Command(bin, "decrypt", "-o", "out.csv", "-")
		cmd.Dir, cmd.Env = dir, cleanEnv(bigPass)
		stdin, _ := cmd.StdinPipe()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		go stdin.Write(ct[:len(ct)/2]) // and no more: it waits mid-stream
		for !outputOpen(cmd.Process.Pid, dir) {
			time.Sleep(time.Millisecond)
		}
		cmd.Process.Kill()
		cmd.Wait()
		stdin.Close()
		if runtime.GOOS == "linux" {
			assertEmptyBut(t, dir)
			continue
		}
		// Elsewhere the next write in the directory clears what was left.
		runLockbox(t, bin, dir, 0, "encrypt", "-o", "next.age", filepath.Join(src, "big.csv"))
		assertEmptyBut(t, dir, "next.age")
	}
	// A bundle's directory, killed mid-extraction, is gone after the next
	// decrypt into the same directory.
	clients := filepath.Join(src, "clients")
	os.Mkdir(clients, 0o700)
	for i := 0; i < 2000; i++ {
		os.WriteFile(filepath.Join(clients, fmt.Sprintf("c%04d.csv", i)), []byte("Name\nAnn\n"), 0o600)
	}
	bundle := exec.Command(bin, "encrypt", "-o", "clients.age", "clients")
	bundle.Dir, bundle.Env = src, cleanEnv(bigPass)
	if out, err := bundle.CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	dir := t.TempDir()
	cmd := exec.Command(bin, "decrypt", "-o", "out", filepath.Join(src, "clients.age"))
	cmd.Dir, cmd.Env = dir, cleanEnv(bigPass)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	for !globs(filepath.Join(dir, ".out.lockbox-*.tmp", "clients", "c00[1-9]*.csv"))() {
		time.Sleep(time.Millisecond)
	}
	cmd.Process.Kill()
	cmd.Wait()
	runLockbox(t, bin, dir, 0, "decrypt", "-o", "again", filepath.Join(src, "clients.age"))
	assertEmptyBut(t, dir, "again")
}

// TestDecryptAsksOnlyWhenNeededAndThreeTimes: on a terminal, a file
// encrypted to keys is refused without a prompt; a passphrase file gets
// three tries.
func TestDecryptAsksOnlyWhenNeededAndThreeTimes(t *testing.T) {
	bin := lockboxBinary(t)
	dir, _ := bigCiphertext(t, bin)
	id, _ := age.GenerateX25519Identity()
	keys := exec.Command(bin, "encrypt", "-r", id.Recipient().String(), "-o", "keys.age", "big.csv")
	keys.Dir, keys.Env = dir, cleanEnv()
	if out, err := keys.CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}

	cmd := exec.Command(bin, "decrypt", "-o", "k.csv", "keys.age")
	cmd.Dir, cmd.Env = dir, cleanEnv()
	c := startConsole(t, cmd)
	if code := c.wait(); code != exitFailure || strings.Contains(c.screen(), "passphrase:") ||
		!strings.Contains(c.screen(), `"keys.age" is encrypted to keys, not to a passphrase`) {
		t.Errorf("a file encrypted to keys: exit %d:\n%s", code, c.screen())
	}

	good := strings.TrimPrefix(bigPass, "LOCKBOX_PASSPHRASE=")
	for _, tc := range []struct {
		typed []string
		code  int
	}{
		{[]string{"wrong one", "wrong two", good}, 0},
		{[]string{"wrong one", "wrong two", "wrong three"}, exitFailure},
	} {
		os.Remove(filepath.Join(dir, "p.csv"))
		cmd := exec.Command(bin, "decrypt", "-o", "p.csv", "big.age")
		cmd.Dir, cmd.Env = dir, cleanEnv()
		c := startConsole(t, cmd)
		c.expect("passphrase: ")
		c.send(tc.typed[0] + "\r")
		c.expect("incorrect; passphrase (attempt 2 of 3): ")
		c.send(tc.typed[1] + "\r")
		c.expect("incorrect; passphrase (attempt 3 of 3): ")
		c.send(tc.typed[2] + "\r")
		if code := c.wait(); code != tc.code {
			t.Errorf("typed %q: exit %d, want %d:\n%s", tc.typed, code, tc.code, c.screen())
		}
		_, err := os.Stat(filepath.Join(dir, "p.csv"))
		if (err == nil) != (tc.code == 0) {
			t.Errorf("typed %q: output exists %v", tc.typed, err == nil)
		}
	}
}

// TestCtrlCAtThePrompt: Ctrl-C while lockbox asks for a passphrase ends
// it with the interrupt's status, and nothing is written.
func TestCtrlCAtThePrompt(t *testing.T) {
	bin := lockboxBinary(t)
	dir, _ := bigCiphertext(t, bin)
	cmd := exec.Command(bin, "decrypt", "-o", "p.csv", "big.age")
	cmd.Dir, cmd.Env = dir, cleanEnv()
	c := startConsole(t, cmd)
	c.expect("passphrase: ")
	c.send("\x03") // the terminal turns it into SIGINT
	if code := c.wait(); code != exitInterrupted || !strings.Contains(c.screen(), "interrupted; no partial output was left behind") {
		t.Errorf("exit %d:\n%s", code, c.screen())
	}
	assertEmptyBut(t, dir, "big.csv", "big.age")
}
