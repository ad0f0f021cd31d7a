package bundle

import (
	"archive/tar"
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func FuzzExtract(f *testing.F) {
	f.Add(hostile(&tar.Header{Name: "a.csv", Size: 3}))
	f.Add(hostile(&tar.Header{Name: "../evil", Size: 1}))
	f.Add(hostile(&tar.Header{Name: "d/", Typeflag: tar.TypeDir}, &tar.Header{Name: "d/x", Size: 2}))
	f.Add([]byte("not a tar"))
	f.Fuzz(func(t *testing.T, data []byte) {
		parent := t.TempDir()
		dir := filepath.Join(parent, "out")
		os.Mkdir(dir, 0o700)
		Extract(context.Background(), bytes.NewReader(data), dir, Options{Limit: int64(len(data)) + 1<<20})
		// Whatever happened, nothing exists outside dir, and inside it only
		// regular files and directories.
		filepath.WalkDir(parent, func(p string, d fs.DirEntry, err error) error {
			if err != nil || p == parent {
				return nil
			}
			if p != dir && !strings.HasPrefix(p, dir+string(filepath.Separator)) {
				t.Fatalf("wrote outside the directory: %s", p)
			}
			if d.Type()&fs.ModeSymlink != 0 || !(d.IsDir() || d.Type().IsRegular()) {
				t.Fatalf("extracted a non-regular file: %s", p)
			}
			return nil
		})
	})
}
