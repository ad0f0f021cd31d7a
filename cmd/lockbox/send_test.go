package main

// Tests of lockbox send against the built binary: the confirmation on a
// real terminal, concurrent sends into one ledger, and no plaintext on
// disk while sending.

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"unsafe"

	"filippo.io/age"
	"golang.org/x/sys/unix"

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

// TestSendWritesNoPlaintextToDisk watches, with inotify, every directory a
// send touches (the input's, the output's, the temporary directory and the
// ledger's) and checks that the only files written are the encrypted
// output (as its temporary file, then renamed) and the ledger; and that
// neither holds a cell value or the passphrase.
func TestSendWritesNoPlaintextToDisk(t *testing.T) {
	for _, format := range []string{"csv", "xlsx"} {
		t.Run(format, func(t *testing.T) { sendWatched(t, format) })
	}
}

// sendWatched sends a list of 200,000 customers (a worksheet of over 16
// MiB as XLSX, where excelize would spill to disk) and watches.
func sendWatched(t *testing.T, format string) {
	bin := lockboxBinary(t)
	in, out, tmp, data := t.TempDir(), t.TempDir(), t.TempDir(), t.TempDir()
	var b bytes.Buffer
	b.WriteString("Customer ID,Email,City,Order Total,Newsletter\n")
	for i := 0; i < 200000; i++ {
		fmt.Fprintf(&b, "C%06d,c%d@example.com,Utrecht,%d.50,yes\n", i, i, i%1000)
	}
	src := filepath.Join(in, "customers.csv")
	os.WriteFile(src, b.Bytes(), 0o600)
	pass := filepath.Join(data, "pass.txt")

	fd, err := unix.InotifyInit1(unix.IN_NONBLOCK | unix.IN_CLOEXEC)
	if err != nil {
		t.Skipf("inotify: %v", err)
	}
	defer unix.Close(fd)
	dirs := map[int]string{}
	for _, d := range []string{in, out, tmp, data} {
		wd, err := unix.InotifyAddWatch(fd, d, unix.IN_CREATE|unix.IN_MODIFY|unix.IN_MOVED_TO)
		if err != nil {
			t.Fatal(err)
		}
		dirs[wd] = d
	}
	cmd := exec.Command(bin, "send", "--yes", "--to", "Mailhouse", "--keep", "Email", "--format", format, "--save-passphrase", pass,
		"--ledger", filepath.Join(data, "ledger.jsonl"), "-o", filepath.Join(out, "list.age"), src)
	cmd.Env = cleanEnv("TMPDIR=" + tmp)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%v\n%s", err, stderr.String())
	}
	written := map[string]bool{}
	buf := make([]byte, 64<<10)
	for {
		n, err := unix.Read(fd, buf)
		if err != nil || n <= 0 {
			break
		}
		for off := 0; off+unix.SizeofInotifyEvent <= n; {
			ev := (*unix.InotifyEvent)(unsafePointer(&buf[off]))
			name := strings.TrimRight(string(buf[off+unix.SizeofInotifyEvent:off+unix.SizeofInotifyEvent+int(ev.Len)]), "\x00")
			written[filepath.Join(dirs[int(ev.Wd)], name)] = true
			off += unix.SizeofInotifyEvent + int(ev.Len)
		}
	}
	if len(written) == 0 {
		t.Fatal("inotify saw nothing")
	}
	for p := range written {
		base := filepath.Base(p)
		switch {
		case filepath.Dir(p) == out && (base == "list.age" || strings.HasPrefix(base, ".list.age.lockbox-") || strings.HasPrefix(base, "#")):
		case p == filepath.Join(data, "ledger.jsonl"), p == pass, filepath.Dir(p) == data && (strings.HasPrefix(base, ".pass.txt.lockbox-") || strings.HasPrefix(base, "#")):
			// "#INODE": an unnamed file (O_TMPFILE), linked as list.age or pass.txt once whole.
		default:
			t.Errorf("send wrote %s", p)
		}
	}
	secret, _ := os.ReadFile(pass)
	for _, p := range []string{filepath.Join(out, "list.age"), filepath.Join(data, "ledger.jsonl")} {
		content, _ := os.ReadFile(p)
		for _, v := range []string{"c12345@example.com", "C012345", strings.TrimSpace(string(secret))} {
			if bytes.Contains(content, []byte(v)) {
				t.Errorf("%s holds %q", p, v)
			}
		}
	}
	if stdout.Len() > 0 {
		t.Errorf("send wrote to stdout: %q", stdout.String())
	}
	if strings.Contains(stderr.String(), "@example.com") || strings.Contains(stderr.String(), strings.TrimSpace(string(secret))) {
		t.Error("stderr holds a cell value or the passphrase")
	}
}

func unsafePointer(b *byte) unsafe.Pointer { return unsafe.Pointer(b) }

// verifyLedger verifies a ledger the built binary wrote, under the test
// run's ledger key (see TestMain).
func verifyLedger(book string) (ledger.Result, error) {
	k, _, _, err := ledger.UserKeys(false)
	if err != nil {
		return ledger.Result{}, err
	}
	return ledger.Verify(book, k)
}
