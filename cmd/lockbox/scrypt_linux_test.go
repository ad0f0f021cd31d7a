package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"filippo.io/age"
)

// TestWrongPassphraseHoldsOneScryptAtATime: a passphrase typed in another
// form than the generated one (upper case, spaces) is tried as typed and
// as canonical. At the highest work factor decrypt accepts by default
// (20: 1 GiB per scrypt), the two must run one after the other with the
// first's memory given back, not both held at once (2.1 GB before).
func TestWrongPassphraseHoldsOneScryptAtATime(t *testing.T) {
	bin := lockboxBinary(t)
	dir := t.TempDir()
	r, err := age.NewScryptRecipient("7kqm-x2fp-9hr0-w3bn-c81v")
	if err != nil {
		t.Fatal(err)
	}
	r.SetWorkFactor(20)
	var b bytes.Buffer
	w, _ := age.Encrypt(&b, r)
	w.Write([]byte("Name,City\nAnn,Delft\n"))
	w.Close()
	in := filepath.Join(dir, "hard.csv.age")
	os.WriteFile(in, b.Bytes(), 0o600)

	// Linux counts in a child's peak the peak of the process it was
	// forked from, and this one has just run a 1 GiB scrypt: the decrypt
	// is started from a small launcher instead, which reports its peak.
	launcher := filepath.Join(dir, "rsslaunch")
	if err := os.Symlink(os.Args[0], launcher); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(launcher, bin, "decrypt", "-o", filepath.Join(dir, "out.csv"), in)
	cmd.Env = cleanEnv("LOCKBOX_PASSPHRASE=7KQM X2FP 9HR0 W3BN C81X") // wrong, and typed differently
	var stderr, stdout bytes.Buffer
	cmd.Stderr, cmd.Stdout = &stderr, &stdout
	if err := cmd.Run(); err == nil || !strings.Contains(stderr.String(), "incorrect passphrase") {
		t.Fatalf("decrypt: %v\n%s", err, stderr.String())
	}
	var peak int64
	if _, err := fmt.Sscanf(stdout.String(), "maxrss %d", &peak); err != nil {
		t.Fatalf("the launcher said %q", stdout.String())
	}
	t.Logf("peak memory of two scrypt tries at work factor 20: %d MB", peak>>20)
	if peak > 1100<<20 {
		t.Errorf("peak memory %d MB, want under 1.1 GB", peak>>20)
	}
	if _, err := os.Stat(filepath.Join(dir, "out.csv")); err == nil {
		t.Error("a file was written")
	}
}

func init() { platformCommands["rsslaunch"] = func() { os.Exit(rssLaunch(os.Args[1:])) } }

// rssLaunch runs args as a child, with this process's standard streams,
// prints "maxrss N" (the child's peak resident memory in bytes) on stdout
// and returns its exit code.
func rssLaunch(args []string) int {
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Stdin, cmd.Stderr = os.Stdin, os.Stderr
	err := cmd.Run()
	if cmd.ProcessState == nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	fmt.Printf("maxrss %d\n", cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss<<10) // KiB on Linux
	return cmd.ProcessState.ExitCode()
}
