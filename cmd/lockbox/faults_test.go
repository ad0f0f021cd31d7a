//go:build unix

package main

// Faults outside lockbox: a full disk, a full stdout, a directory it may
// not write to, a signal in the middle of a send. Each gives a clear
// message and exit 1 (or the signal's code), leaves no partial file and
// leaves the input as it was. They run the built binary.

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/lockbox-tool/lockbox/internal/testenv"
	"github.com/lockbox-tool/lockbox/pkg/share"
)

const faultPass = "purple giraffes juggle nine teapots"

// faultInputs writes a customer list of about size bytes, its encryption
// under faultPass and a ledger path, in a new directory.
func faultInputs(t *testing.T, bin string, size int) (dir, csv, age string) {
	t.Helper()
	dir = t.TempDir()
	var b strings.Builder
	b.WriteString("Customer ID,Name,Email,Order Total\n")
	for i := 0; b.Len() < size; i++ {
		fmt.Fprintf(&b, "C%07d,Ann de Vries,ann%d@example.com,%d.50\n", i, i, i%900)
	}
	csv, age = filepath.Join(dir, "customers.csv"), filepath.Join(dir, "customers.csv.age")
	if err := os.WriteFile(csv, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	runLockbox(t, bin, dir, 0, "encrypt", "-o", age, csv)
	return dir, csv, age
}

// runLockbox runs lockbox with faultPass in LOCKBOX_PASSPHRASE, checks
// its exit code and returns its stderr.
func runLockbox(t *testing.T, bin, dir string, code int, args ...string) string {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Dir, cmd.Env = dir, cleanEnv("LOCKBOX_PASSPHRASE="+faultPass, "TMPDIR="+dir)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	var ee *exec.ExitError
	if got := 0; err != nil && !errors.As(err, &ee) || (ee != nil && ee.ExitCode() != code) || (ee == nil && code != 0) {
		if ee != nil {
			got = ee.ExitCode()
		}
		t.Fatalf("lockbox %s: exit %d (%v), want %d; stderr:\n%s", strings.Join(args, " "), got, err, code, stderr.String())
	}
	return stderr.String()
}

// sumOf is the SHA-256 of a file, as the ledger records it.
func sumOf(t *testing.T, p string) string {
	t.Helper()
	sum, err := share.FileSum(p)
	if err != nil {
		t.Fatal(err)
	}
	return sum
}

// mountTmpfs mounts a tmpfs of size bytes on a new directory. Mounting
// needs root: without it the test skips, or fails with
// LOCKBOX_INTEGRATION=1.
func mountTmpfs(t *testing.T, size int) string {
	t.Helper()
	dir := t.TempDir()
	out, err := exec.Command("mount", "-t", "tmpfs", "-o", fmt.Sprintf("size=%d,mode=0777", size), "tmpfs", dir).CombinedOutput()
	if err != nil {
		msg := fmt.Sprintf("cannot mount a tmpfs (needs root): %v %s", err, bytes.TrimSpace(out))
		if testenv.Integration() {
			t.Fatal(msg + "; LOCKBOX_INTEGRATION=1 requires it")
		}
		t.Skip(msg)
	}
	t.Cleanup(func() { exec.Command("umount", dir).Run() })
	return dir
}

// TestFullDisk writes every kind of output onto a 256 KiB file system
// from an input four times larger.
func TestFullDisk(t *testing.T) {
	bin := lockboxBinary(t)
	dir, csv, age := faultInputs(t, bin, 1<<20)
	full := mountTmpfs(t, 256<<10)
	ledger := filepath.Join(dir, "ledger.jsonl")
	before := map[string]string{csv: sumOf(t, csv), age: sumOf(t, age)}
	for _, tc := range []struct {
		name, out string
		args      []string
	}{
		{"encrypt", "c.age", []string{"encrypt", "-o", "OUT", csv}},
		{"decrypt", "c.csv", []string{"decrypt", "-o", "OUT", age}},
		{"strip to csv", "c.csv", []string{"strip", "--keep", "Email", "-o", "OUT", csv}},
		{"strip to xlsx", "c.xlsx", []string{"strip", "--keep", "Email", "-o", "OUT", csv}},
		{"send", "c.csv.age", []string{"send", "--yes", "--to", "Mailhouse", "--keep", "Email", "--ledger", ledger, "-o", "OUT", csv}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(full, tc.out)
			args := append([]string(nil), tc.args...)
			for i, a := range args {
				if a == "OUT" {
					args[i] = out
				}
			}
			stderr := runLockbox(t, bin, dir, exitFailure, args...)
			want := fmt.Sprintf("lockbox: error: no space left to write %q; nothing was written\n"+
				"lockbox: hint: free some space or write elsewhere with -o\n", out)
			if !strings.HasSuffix(stderr, want) {
				t.Errorf("stderr:\n%s\nwant it to end with:\n%s", stderr, want)
			}
			assertEmptyBut(t, full)
			for p, sum := range before {
				if sumOf(t, p) != sum {
					t.Errorf("%s changed", p)
				}
			}
		})
	}
	if _, err := os.Stat(ledger); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a failed send was recorded in the ledger (%v)", err)
	}
	assertEmptyBut(t, dir, "customers.csv", "customers.csv.age")
}

// TestFullStdout sends every command's standard output to /dev/full.
func TestFullStdout(t *testing.T) {
	bin := lockboxBinary(t)
	dir, csv, age := faultInputs(t, bin, 256<<10)
	runLockbox(t, bin, dir, 0, "send", "--yes", "--to", "Mailhouse", "--keep", "Email", "--ledger", "ledger.jsonl", "-o", "sent.csv.age", csv)
	for _, args := range [][]string{
		{"decrypt", "-o", "-", age},
		{"encrypt", "-o", "-", csv},
		{"strip", "--keep", "Email", "-o", "-", csv},
		{"strip", "--keep", "Email", "--print-policy", csv},
		{"strip", "--keep", "Email", "--json", "-o", "export.csv", csv},
		{"inspect", csv},
		{"inspect", "--json", csv},
		{"log", "--ledger", "ledger.jsonl"},
		{"log", "--ledger", "ledger.jsonl", "--json"},
		{"passphrase"},
		{"version"},
		{"help"},
	} {
		t.Run(strings.ReplaceAll(strings.Join(args, " "), dir+"/", ""), func(t *testing.T) {
			devFull, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
			if err != nil {
				t.Skip("no /dev/full here")
			}
			defer devFull.Close()
			cmd := exec.Command(bin, args...)
			cmd.Dir, cmd.Env, cmd.Stdout = dir, cleanEnv("LOCKBOX_PASSPHRASE="+faultPass), devFull
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			err = cmd.Run()
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() != exitFailure {
				t.Fatalf("exit %v, want 1; stderr:\n%s", err, stderr.String())
			}
			want := "lockbox: error: cannot write to stdout: no space left on device\n" +
				"lockbox: hint: what went to stdout is incomplete; write to a file with -o instead\n"
			if !strings.HasSuffix(stderr.String(), want) {
				t.Errorf("stderr:\n%s\nwant it to end with:\n%s", stderr.String(), want)
			}
			os.Remove(filepath.Join(dir, "export.csv"))
			assertEmptyBut(t, dir, "customers.csv", "customers.csv.age", "ledger.jsonl", "sent.csv.age")
		})
	}
}

// TestOutputDirectoryNotWritable writes into a directory lockbox may not
// write to. Root may write anywhere, so as root the commands run as
// nobody.
func TestOutputDirectoryNotWritable(t *testing.T) {
	bin := lockboxBinary(t)
	// Not t.TempDir: nobody must be able to reach it.
	dir, err := os.MkdirTemp("", "lockbox-nowrite-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(filepath.Join(dir, "ro"), 0o700); os.RemoveAll(dir) })
	var cred *syscall.Credential
	if os.Geteuid() == 0 {
		cred = &syscall.Credential{Uid: 65534, Gid: 65534}
	}
	data, _ := os.ReadFile(bin)
	me := filepath.Join(dir, "lockbox")
	os.WriteFile(me, data, 0o755)
	os.WriteFile(filepath.Join(dir, "list.csv"), []byte("Email,Amount\nann@example.com,5\n"), 0o644)
	os.Mkdir(filepath.Join(dir, "ro"), 0o755)
	os.Chmod(dir, 0o777)
	if cred == nil {
		os.Chmod(filepath.Join(dir, "ro"), 0o555)
	}
	env := cleanEnv("LOCKBOX_PASSPHRASE="+faultPass, "HOME="+dir, "TMPDIR="+dir)
	run := func(args ...string) (string, int) {
		cmd := exec.Command(me, args...)
		cmd.Dir, cmd.Env = dir, env
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		err := cmd.Run()
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return stderr.String(), ee.ExitCode()
		}
		if err != nil {
			t.Fatal(err)
		}
		return stderr.String(), 0
	}
	if _, code := run("encrypt", "-o", "list.csv.age", "list.csv"); code != 0 {
		t.Fatal("cannot prepare the encrypted input")
	}
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"encrypt", []string{"encrypt", "-o", "ro/out.age", "list.csv"}},
		{"decrypt", []string{"decrypt", "-o", "ro/out.csv", "list.csv.age"}},
		{"strip", []string{"strip", "--keep", "Email", "-o", "ro/out.csv", "list.csv"}},
		{"send", []string{"send", "--yes", "--to", "X", "--keep", "Email", "--ledger", "ledger.jsonl", "-o", "ro/out.csv.age", "list.csv"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			stderr, code := run(tc.args...)
			out := tc.args[len(tc.args)-2]
			want := fmt.Sprintf("lockbox: error: not allowed to write %q\n"+
				"lockbox: hint: write elsewhere with -o, e.g. in your home directory\n", out)
			if code != exitFailure || !strings.HasSuffix(stderr, want) {
				t.Errorf("exit %d, stderr:\n%s\nwant 1 and an end of:\n%s", code, stderr, want)
			}
			assertEmptyBut(t, filepath.Join(dir, "ro"))
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "ledger.jsonl")); err == nil {
		t.Error("a failed send was recorded in the ledger")
	}
}

// TestSignalsDuringSend interrupts a send once its encrypted output is
// being written: no temporary file, no output and no ledger entry remain.
func TestSignalsDuringSend(t *testing.T) {
	bin := lockboxBinary(t)
	for _, tc := range []struct {
		sig  syscall.Signal
		code int
	}{{syscall.SIGINT, exitInterrupted}, {syscall.SIGTERM, exitTerminated}} {
		t.Run(tc.sig.String(), func(t *testing.T) {
			dir, csv, _ := faultInputs(t, bin, 32<<20)
			os.Remove(filepath.Join(dir, "customers.csv.age"))
			sum := sumOf(t, csv)
			cmd := exec.Command(bin, "send", "--yes", "--to", "Mailhouse", "--keep", "Email",
				"--ledger", "ledger.jsonl", "-o", "sent.csv.age", csv)
			cmd.Dir, cmd.Env = dir, cleanEnv("LOCKBOX_PASSPHRASE="+faultPass)
			signalWhen(t, cmd, func() bool { return outputOpen(cmd.Process.Pid, dir) }, tc.sig, tc.code)
			assertEmptyBut(t, dir, "customers.csv")
			if sumOf(t, csv) != sum {
				t.Error("the input changed")
			}
		})
	}
}

// TestPipeOutputNeverReplaced gives a named pipe as the output with
// --force: it is refused, and stays a pipe (as root, /dev/null would
// otherwise become a file).
func TestPipeOutputNeverReplaced(t *testing.T) {
	bin := lockboxBinary(t)
	dir, csv, age := faultInputs(t, bin, 1<<10)
	fifo := filepath.Join(dir, "pipe")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip(err)
	}
	for _, args := range [][]string{
		{"encrypt", "--force", "-o", fifo, csv},
		{"decrypt", "--force", "-o", fifo, age},
		{"strip", "--force", "--keep", "Email", "-o", fifo, csv},
		{"send", "--yes", "--force", "--to", "X", "--ledger", "ledger.jsonl", "-o", fifo, csv},
	} {
		stderr := runLockbox(t, bin, dir, exitFailure, args...)
		want := fmt.Sprintf("lockbox: error: %q is a device, pipe or socket; lockbox writes files, and does not replace it\n", fifo)
		if !strings.Contains(stderr, want) {
			t.Errorf("lockbox %s: stderr:\n%s\nwant:\n%s", args[0], stderr, want)
		}
		if fi, err := os.Lstat(fifo); err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
			t.Fatalf("lockbox %s replaced the pipe", args[0])
		}
	}
	assertEmptyBut(t, dir, "customers.csv", "customers.csv.age", "pipe")
}

// TestDecryptOfRandomBytesWritesNothing runs decrypt on random bytes, bare
// and behind an age header or armor line: each fails with exit 1 and
// leaves no file, neither the output nor a temporary one.
func TestDecryptOfRandomBytesWritesNothing(t *testing.T) {
	bin := lockboxBinary(t)
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(7, 11))
	for i := 0; i < 24; i++ {
		junk := make([]byte, 1+rng.IntN(200<<10))
		for j := range junk {
			junk[j] = byte(rng.Uint32())
		}
		switch i % 3 {
		case 1:
			junk = append([]byte("age-encryption.org/v1\n-> scrypt AAAAAAAAAAAAAAAAAAAAAA 10\n"), junk...)
		case 2:
			junk = append([]byte("-----BEGIN AGE ENCRYPTED FILE-----\n"), junk...)
		}
		in := filepath.Join(dir, "junk.age")
		if err := os.WriteFile(in, junk, 0o600); err != nil {
			t.Fatal(err)
		}
		runLockbox(t, bin, dir, exitFailure, "decrypt", "-o", "out.csv", in)
		assertEmptyBut(t, dir, "junk.age")
	}
}
