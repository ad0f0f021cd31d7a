//go:build linux

package main

// The no-plaintext-on-disk test watches with inotify, which only Linux has.

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unsafe"

	"golang.org/x/sys/unix"
)

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
