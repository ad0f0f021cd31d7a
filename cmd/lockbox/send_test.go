//go:build unix

package main

// Tests of lockbox send against the built binary: the confirmation on a
// real terminal, concurrent sends into one ledger, and no plaintext on
// disk while sending.

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"filippo.io/age"

	"github.com/lockbox-tool/lockbox/pkg/ledger"
)

// writeOrders writes a small customer list with transactional columns.
func writeOrders(t *testing.T, dir string) {
	t.Helper()
	csv := "Order,Email,City,Order Total\n1,ann@example.com,Utrecht,12.50\n2,bob@example.com,Berlin,7.00\n"
	if err := os.WriteFile(filepath.Join(dir, "customers.csv"), []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestSendAsksOnTheTerminalAndSendsOnlyOnYes(t *testing.T) {
	bin := lockboxBinary(t)
	dir := t.TempDir()
	writeOrders(t, dir)
	book := filepath.Join(dir, "ledger.jsonl")
	for _, answer := range []string{"n", "", "y"} {
		cmd := exec.Command(bin, "send", "--to", "Mailhouse", "-o", "out.age", "customers.csv")
		cmd.Dir, cmd.Env = dir, cleanEnv("LOCKBOX_LEDGER="+book)
		c := startConsole(t, cmd)
		c.expect("columns sent: ")
		c.expect("send this to Mailhouse? [y/N] ")
		c.send(answer + "\r")
		code := c.wait()
		_, statErr := os.Stat(filepath.Join(dir, "out.age"))
		if answer != "y" {
			if code != exitFailure || statErr == nil || !strings.Contains(c.screen(), "not sent: you did not confirm") {
				t.Fatalf("answer %q: exit %d, output exists %v:\n%s", answer, code, statErr == nil, c.screen())
			}
			continue
		}
		if code != 0 || statErr != nil {
			t.Fatalf("answer y: exit %d:\n%s", code, c.screen())
		}
		if !strings.Contains(c.screen(), "passphrase for Mailhouse to open \"out.age\":") {
			t.Errorf("the card does not name the recipient:\n%s", c.screen())
		}
	}
	if r, err := verifyLedger(book); err != nil || r.Entries != 1 {
		t.Errorf("ledger: %d entries, %v", r.Entries, err)
	}
}

// TestConcurrentSendsEachAddOneChainedEntry runs 20 sends at once into one
// ledger.
func TestConcurrentSendsEachAddOneChainedEntry(t *testing.T) {
	bin := lockboxBinary(t)
	dir := t.TempDir()
	writeOrders(t, dir)
	id, _ := age.GenerateX25519Identity()
	book := filepath.Join(dir, "ledger.jsonl")
	var wg sync.WaitGroup
	errs := make(chan string, 20)
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			cmd := exec.Command(bin, "send", "--yes", "--to", fmt.Sprintf("Recipient %d", i), "-r", id.Recipient().String(),
				"-o", fmt.Sprintf("out%d.age", i), "customers.csv")
			cmd.Dir, cmd.Env = dir, cleanEnv("LOCKBOX_LEDGER="+book)
			if out, err := cmd.CombinedOutput(); err != nil {
				errs <- fmt.Sprintf("send %d: %v\n%s", i, err, out)
			}
		}(i)
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	r, err := verifyLedger(book)
	if err != nil || r.Entries != 20 {
		t.Fatalf("%d entries, %v", r.Entries, err)
	}
	entries, _ := ledger.Read(book)
	seen := map[string]bool{}
	for _, e := range entries {
		seen[e.Recipient] = true
	}
	if len(seen) != 20 {
		t.Errorf("%d different recipients recorded, want 20", len(seen))
	}
}

// verifyLedger verifies a ledger the built binary wrote, under the test
// run's ledger key (see TestMain).
func verifyLedger(book string) (ledger.Result, error) {
	k, _, _, err := ledger.UserKeys(false)
	if err != nil {
		return ledger.Result{}, err
	}
	return ledger.Verify(book, k)
}
