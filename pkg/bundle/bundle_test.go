package bundle

import (
	"archive/tar"
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRoundTripFilesAndDirectories(t *testing.T) {
	src := t.TempDir()
	os.WriteFile(filepath.Join(src, "customers.csv"), []byte("name\nAnn\n"), 0o644)
	os.MkdirAll(filepath.Join(src, "reports", "q3"), 0o755)
	os.WriteFile(filepath.Join(src, "reports", "q3", "sales.csv"), []byte("total\n12.50\n"), 0o644)
	os.WriteFile(filepath.Join(src, "reports", "summary.txt"), nil, 0o644)

	var buf bytes.Buffer
	s, err := Write(context.Background(), &buf, []string{filepath.Join(src, "customers.csv"), filepath.Join(src, "reports")})
	if err != nil {
		t.Fatal(err)
	}
	if s.Files != 3 {
		t.Errorf("packed %d files, want 3", s.Files)
	}
	if !IsBundle(buf.Bytes()[:HeadLen]) {
		t.Fatal("IsBundle = false on a bundle")
	}
	out := t.TempDir()
	if _, err := Extract(context.Background(), bytes.NewReader(buf.Bytes()), out, Options{}); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{
		"customers.csv":        "name\nAnn\n",
		"reports/q3/sales.csv": "total\n12.50\n",
		"reports/summary.txt":  "",
	} {
		got, err := os.ReadFile(filepath.Join(out, name))
		if err != nil || string(got) != want {
			t.Errorf("%s = %q, %v", name, got, err)
		}
		if fi, _ := os.Stat(filepath.Join(out, name)); fi != nil && fi.Mode().Perm() != 0o600 {
			t.Errorf("%s mode %v, want 0600", name, fi.Mode().Perm())
		}
	}
	if _, err := os.Stat(filepath.Join(out, Marker)); !errors.Is(err, os.ErrNotExist) {
		t.Error("marker was extracted")
	}
}

func TestIsBundleIgnoresOrdinaryTar(t *testing.T) {
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	tw.WriteHeader(&tar.Header{Name: "a.csv", Mode: 0o600, Size: 1})
	tw.Write([]byte("x"))
	tw.Close()
	if IsBundle(buf.Bytes()) {
		t.Error("a plain tar was taken for a bundle")
	}
	if IsBundle([]byte("name,email\n")) {
		t.Error("a CSV was taken for a bundle")
	}
}

func TestWriteRefusesLinksAndClashingNames(t *testing.T) {
	src := t.TempDir()
	os.WriteFile(filepath.Join(src, "a.csv"), []byte("x"), 0o644)
	os.Symlink("/etc/passwd", filepath.Join(src, "link"))
	if _, err := Write(context.Background(), &bytes.Buffer{}, []string{src}); err == nil {
		t.Error("a symbolic link was bundled")
	}
	other := t.TempDir()
	os.WriteFile(filepath.Join(other, "a.csv"), []byte("y"), 0o644)
	if _, err := Write(context.Background(), &bytes.Buffer{}, []string{filepath.Join(src, "a.csv"), filepath.Join(other, "a.csv")}); err == nil {
		t.Error("two files named a.csv were bundled")
	}
}

func hostile(entries ...*tar.Header) []byte {
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	tw.WriteHeader(&tar.Header{Name: Marker, Mode: 0o600, Size: int64(len(markerBody))})
	tw.Write([]byte(markerBody))
	for _, h := range entries {
		if h.Typeflag == 0 {
			h.Typeflag = tar.TypeReg
		}
		h.Mode = 0o600
		tw.WriteHeader(h)
		if h.Typeflag == tar.TypeReg {
			tw.Write(bytes.Repeat([]byte("x"), int(h.Size)))
		}
	}
	tw.Close()
	return buf.Bytes()
}

func TestExtractRefusesHostileEntries(t *testing.T) {
	tests := []struct {
		name string
		in   []byte
	}{
		{"parent directory", hostile(&tar.Header{Name: "../evil.csv", Size: 1})},
		{"nested parent", hostile(&tar.Header{Name: "a/../../evil.csv", Size: 1})},
		{"absolute path", hostile(&tar.Header{Name: "/tmp/evil.csv", Size: 1})},
		{"symlink", hostile(&tar.Header{Name: "link", Typeflag: tar.TypeSymlink, Linkname: "/etc/passwd"})},
		{"hard link", hostile(&tar.Header{Name: "link", Typeflag: tar.TypeLink, Linkname: "/etc/passwd"})},
		{"duplicate", hostile(&tar.Header{Name: "a.csv", Size: 1}, &tar.Header{Name: "a.csv", Size: 1})},
		{"device", hostile(&tar.Header{Name: "dev", Typeflag: tar.TypeChar})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			_, err := Extract(context.Background(), bytes.NewReader(tt.in), dir, Options{})
			var ue *UnsafeError
			if !errors.As(err, &ue) {
				t.Fatalf("Extract = %v, want UnsafeError", err)
			}
		})
	}
}

// An entry that declares more than the disk has free is refused before a
// byte is written; one that declares more than the bundle holds is cut
// short. Neither leaves its file.
func TestExtractRefusesDeclaredSizes(t *testing.T) {
	for _, tc := range []struct {
		name string
		size int64
		want func(error) bool
	}{
		{"more than the disk", 1 << 50, func(err error) bool { var e *TooLargeError; return errors.As(err, &e) && e.Size == 1<<50 }},
		{"more than the bundle", 8 << 20, func(err error) bool {
			var e *UnsafeError
			return errors.As(err, &e) && strings.Contains(e.Reason, "cut short")
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			tw := tar.NewWriter(&buf)
			tw.WriteHeader(&tar.Header{Name: Marker, Mode: 0o600, Size: int64(len(markerBody))})
			tw.Write([]byte(markerBody))
			tw.WriteHeader(&tar.Header{Name: "big.csv", Mode: 0o600, Size: tc.size, Typeflag: tar.TypeReg})
			tw.Write(bytes.Repeat([]byte("x"), 1024))
			tw.Flush()
			dir := t.TempDir()
			if _, err := Extract(context.Background(), bytes.NewReader(buf.Bytes()), dir, Options{}); !tc.want(err) {
				t.Errorf("Extract = %v", err)
			}
			if _, err := os.Stat(filepath.Join(dir, "big.csv")); tc.size == 1<<50 && err == nil {
				t.Error("the file was started")
			}
		})
	}
}

// TestDeclaredBytesAreCountedAcrossEntries: the limit is on what all the
// entries declare together, not on each alone.
func TestDeclaredBytesAreCountedAcrossEntries(t *testing.T) {
	src := t.TempDir()
	for _, n := range []string{"a.csv", "b.csv"} {
		os.WriteFile(filepath.Join(src, n), bytes.Repeat([]byte("x"), 600<<10), 0o600)
	}
	var buf bytes.Buffer
	if _, err := Write(context.Background(), &buf, []string{filepath.Join(src, "a.csv"), filepath.Join(src, "b.csv")}); err != nil {
		t.Fatal(err)
	}
	_, err := Extract(context.Background(), bytes.NewReader(buf.Bytes()), t.TempDir(), Options{Limit: 1 << 20})
	var ex *ExpansionError
	if !errors.As(err, &ex) || ex.Name != "b.csv" || ex.Size != 1200<<10 {
		t.Errorf("two entries of 600 KiB under a limit of 1 MiB: %v", err)
	}
	if _, err := Extract(context.Background(), bytes.NewReader(buf.Bytes()), t.TempDir(), Options{Limit: int64(buf.Len())}); err != nil {
		t.Errorf("a bundle limited to its own size: %v", err)
	}
}
