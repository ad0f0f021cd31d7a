package scan

import (
	"archive/zip"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestParseAge(t *testing.T) {
	day := 24 * time.Hour
	for in, want := range map[string]time.Duration{"1y": 365 * day, "6m": 180 * day, "2w": 14 * day, "30d": 30 * day, "720h": 720 * time.Hour, " 1Y ": 365 * day} {
		if got, err := ParseAge(in); err != nil || got != want {
			t.Errorf("%q: %v, %v", in, got, err)
		}
	}
	for _, bad := range []string{"", "y", "0d", "-1y", "soon", "1.5y", "01y"} {
		if _, err := ParseAge(bad); err == nil {
			t.Errorf("%q is accepted", bad)
		}
	}
}

func scanOne(t *testing.T, name, content string, opts Options) File {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	var got []File
	if err := Walk(context.Background(), []string{p}, opts, func(f File) error { got = append(got, f); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 {
		t.Fatalf("%d results", len(got))
	}
	return got[0]
}

func TestWhatIsATable(t *testing.T) {
	tests := []struct {
		name, content string
		status        Status
	}{
		{"list.txt", "Email\nann@example.com\nbob@example.org\n", Unprotected},
		{"notes.txt", "Call Ann on Friday.\nThe printer is broken.\nBuy milk.\n", Other},
		{"code.go", "package main\n\nfunc main() {\n\tprintln(1, 2)\n\tx := []int{1, 2, 3}\n\t_ = x\n}\n", Other},
		{"orders.dat", "Order;City;Total\n1;Utrecht;12,50\n2;Berlin;7,00\n", Unprotected},
		{"empty.csv", "", Other},
		{"binary.bin", "\x00\x01\x02\x03PNG", Other},
		{"old.doc", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + strings.Repeat("\x00", 600), Other},
		{"old.xls", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + strings.Repeat("\x00", 600), Unreadable},
		{"locked.xlsx", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + strings.Repeat("\x00", 100) + "E\x00n\x00c\x00r\x00y\x00p\x00t\x00i\x00o\x00n\x00I\x00n\x00f\x00o\x00", Protected},
		{"secret.age", "age-encryption.org/v1\n-> X25519 abc\n", Protected},
		{"page.htm", "<html>" + strings.Repeat("x", 300000) + "-----BEGIN AGE ENCRYPTED FILE-----\n", Protected},
		{"plain.html", "<!doctype html><p>hello</p>", Other},
	}
	for _, tt := range tests {
		f := scanOne(t, tt.name, tt.content, Options{})
		if f.Status != tt.status {
			t.Errorf("%s: %s (%s), want %s", tt.name, f.Status, f.Reason, tt.status)
		}
	}
}

func TestAZipWithoutAWorkbookIsNotATable(t *testing.T) {
	p := filepath.Join(t.TempDir(), "photos.zip")
	fh, _ := os.Create(p)
	zw := zip.NewWriter(fh)
	w, _ := zw.Create("a.txt")
	w.Write([]byte("hello"))
	zw.Close()
	fh.Close()
	var got File
	Walk(context.Background(), []string{p}, Options{}, func(f File) error { got = f; return nil })
	if got.Status != Other {
		t.Errorf("a plain zip is %s (%s)", got.Status, got.Reason)
	}
}

func TestRowsOfALargeFileAreEstimated(t *testing.T) {
	var b strings.Builder
	b.WriteString("Email,City,Total\n")
	for i := 0; i < 20000; i++ {
		fmt.Fprintf(&b, "c%d@example.com,Utrecht,%d.50\n", i, i%1000)
	}
	counted := scanOne(t, "a.csv", b.String(), Options{})
	if counted.Rows != 20000 || counted.RowsEstimated || counted.Class != "personal" {
		t.Fatalf("counted: %+v", counted)
	}
	est := scanOne(t, "b.csv", b.String(), Options{CountLimit: 1 << 10})
	if !est.RowsEstimated || est.Rows < 17000 || est.Rows > 23000 {
		t.Errorf("estimated %d rows (estimated %v), have 20000", est.Rows, est.RowsEstimated)
	}
}

func TestResultsComeInTheOrderOfTheWalk(t *testing.T) {
	dir := t.TempDir()
	var want []string
	for i := 0; i < 50; i++ {
		p := filepath.Join(dir, fmt.Sprintf("f%02d.csv", i))
		os.WriteFile(p, []byte("Order,City\n1,Utrecht\n"), 0o600)
		want = append(want, p)
	}
	var got []string
	Walk(context.Background(), []string{dir}, Options{Workers: 4}, func(f File) error { got = append(got, f.Path); return nil })
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("order:\n%v", got)
	}
}

func TestALinkNamedAsARootIsFollowedButNotOneInside(t *testing.T) {
	dir, outside := t.TempDir(), t.TempDir()
	os.WriteFile(filepath.Join(outside, "list.csv"), []byte("Email,City\nann@example.com,Utrecht\n"), 0o600)
	os.Symlink(outside, filepath.Join(dir, "inside-link"))
	root := filepath.Join(t.TempDir(), "root-link")
	os.Symlink(outside, root)
	count := func(p string) int {
		n := 0
		Walk(context.Background(), []string{p}, Options{}, func(f File) error { n++; return nil })
		return n
	}
	if n := count(dir); n != 0 {
		t.Errorf("a link inside the tree was followed: %d files", n)
	}
	if n := count(root); n != 1 {
		t.Errorf("a root that is a link gave %d files, want 1", n)
	}
}
