package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The commands' run functions, called in-process with an environment of
// the test's own: its stdout, its stderr and its terminal.

func TestRunEncryptShowsTheCardOnTheTerminalItIsGiven(t *testing.T) {
	t.Chdir(t.TempDir())
	os.WriteFile("list.csv", []byte("Order,Amount\n1,9.50\n"), 0o600)
	var stdout, stderr, tty bytes.Buffer
	e := testEnv(&stdout, &stderr)
	e.card = func() (io.Writer, func(), bool) { return &tty, func() {}, true }
	if err := runEncrypt(context.Background(), &encryptOptions{}, e, []string{"list.csv"}); err != nil {
		t.Fatal(err)
	}
	if stdout.Len() > 0 {
		t.Errorf("encrypt wrote to stdout: %q", stdout.String())
	}
	m := regexp.MustCompile(`passphrase to open "list.csv.age":\n\n\s+(\S+)\n`).FindStringSubmatch(tty.String())
	if m == nil {
		t.Fatalf("no card on the terminal; it shows %q", tty.String())
	}
	if strings.Contains(stderr.String(), m[1]) {
		t.Errorf("the passphrase went to stderr too")
	}
	os.WriteFile("pass.txt", []byte(m[1]+"\n"), 0o600)
	o := &decryptOptions{output: "back.csv", maxWorkFactor: 20, set: given{"passphrase-file": true}}
	o.secret.file = "pass.txt"
	if err := runDecrypt(context.Background(), o, e, []string{"list.csv.age"}); err != nil {
		t.Fatal(err)
	}
	if back, _ := os.ReadFile("back.csv"); string(back) != "Order,Amount\n1,9.50\n" {
		t.Errorf("decrypted %q", back)
	}
}

// TestCancelledWorkStopsAndLeavesNothing runs strip, encrypt and scan
// with a context that is done, as after Ctrl-C: each fails and leaves no
// output behind. The same runs with a live context succeed.
func TestCancelledWorkStopsAndLeavesNothing(t *testing.T) {
	t.Chdir(t.TempDir())
	var b strings.Builder
	b.WriteString("Order,Amount,Email\n")
	for i := range 50000 {
		fmt.Fprintf(&b, "%d,%d.50,a%d@example.com\n", i, i%100, i)
	}
	os.WriteFile("list.csv", []byte(b.String()), 0o600)
	e := testEnv(io.Discard, io.Discard)
	runs := map[string]func(ctx context.Context) error{
		"strip": func(ctx context.Context) error {
			o := &stripOptions{output: "out.csv"}
			o.policy.sample = 100
			return runStrip(ctx, o, e, []string{"list.csv"})
		},
		"encrypt": func(ctx context.Context) error {
			return runEncrypt(ctx, &encryptOptions{output: "out.age", keys: keyOptions{save: "pass.txt"}}, e, []string{"list.csv"})
		},
		"scan": func(ctx context.Context) error {
			return runScan(ctx, &scanOptions{sample: 100, failOn: "never"}, e, []string{"list.csv"})
		},
	}
	for name, run := range runs {
		t.Run(name, func(t *testing.T) {
			cancelled, cancel := context.WithCancel(context.Background())
			cancel()
			if err := run(cancelled); err == nil {
				t.Errorf("it ran to the end with a cancelled context")
			}
			if left, _ := filepath.Glob("*"); len(left) != 1 {
				t.Errorf("left behind: %q", left)
			}
			if err := run(context.Background()); err != nil {
				t.Errorf("with a live context: %v", err)
			}
			for _, f := range []string{"out.csv", "out.age", "pass.txt"} {
				os.Remove(f)
			}
		})
	}
}
