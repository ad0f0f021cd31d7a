package main

import (
	"bytes"
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

	cmd := exec.Command(bin, "decrypt", "-o", filepath.Join(dir, "out.csv"), in)
	cmd.Env = cleanEnv("LOCKBOX_PASSPHRASE=7KQM X2FP 9HR0 W3BN C81X") // wrong, and typed differently
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err == nil || !strings.Contains(stderr.String(), "incorrect passphrase") {
		t.Fatalf("decrypt: %v\n%s", err, stderr.String())
	}
	peak := cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss << 10 // KiB on Linux
	t.Logf("peak memory of two scrypt tries at work factor 20: %d MB", peak>>20)
	if peak > 1100<<20 {
		t.Errorf("peak memory %d MB, want under 1.1 GB", peak>>20)
	}
	if _, err := os.Stat(filepath.Join(dir, "out.csv")); err == nil {
		t.Error("a file was written")
	}
}
