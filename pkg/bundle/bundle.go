// Package bundle packs several files or directories into one stream for
// encryption, and unpacks it safely.
//
// A bundle is a plain tar archive (so `age -d x.age | tar x` works too)
// whose first entry is a marker file; the marker is what tells a bundle
// from a .tar file the user encrypted as is. Only regular files and
// directories are packed, under relative names, without owner names.
// Extract refuses what a hostile archive could use to write outside its
// directory: absolute names, "..", links, devices and duplicate names.
package bundle

import (
	"archive/tar"
	"bytes"
	"context"
	"errors"
	"fmt"
	"github.com/lockbox-tool/lockbox/internal/ctxio"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// Marker is the name of the first entry of every bundle.
const Marker = ".lockbox-bundle"

const markerBody = "lockbox bundle v1\n"

// Summary counts what was packed or unpacked.
type Summary struct {
	Files int
	Bytes int64
}

// Write streams a bundle of paths to w. A file is stored under its base
// name, a directory under its base name with everything below it.
func Write(ctx context.Context, w io.Writer, paths []string) (Summary, error) {
	var s Summary
	tw := tar.NewWriter(w)
	if err := tw.WriteHeader(&tar.Header{Name: Marker, Mode: 0o600, Size: int64(len(markerBody)), Typeflag: tar.TypeReg}); err != nil {
		return s, err
	}
	if _, err := io.WriteString(tw, markerBody); err != nil {
		return s, err
	}
	seen := map[string]string{}
	for _, root := range paths {
		base := filepath.Base(filepath.Clean(root))
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if err := ctx.Err(); err != nil {
				return err
			}
			rel, err := filepath.Rel(root, p)
			if err != nil {
				return err
			}
			name := path.Join(base, filepath.ToSlash(rel))
			if prev, dup := seen[name]; dup {
				return fmt.Errorf("%q and %q would both be stored as %q; rename one", prev, p, name)
			}
			seen[name] = p
			return add(ctx, tw, p, name, d, &s)
		})
		if err != nil {
			return s, err
		}
	}
	return s, tw.Close()
}

func add(ctx context.Context, tw *tar.Writer, p, name string, d fs.DirEntry, s *Summary) error {
	fi, err := d.Info()
	if err != nil {
		return err
	}
	switch {
	case fi.IsDir():
		return tw.WriteHeader(&tar.Header{Name: name + "/", Mode: 0o700, ModTime: fi.ModTime(), Typeflag: tar.TypeDir})
	case !fi.Mode().IsRegular():
		return fmt.Errorf("%q is not a regular file (links and devices are not bundled)", p)
	}
	f, err := os.Open(p)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o600, Size: fi.Size(), ModTime: fi.ModTime(), Typeflag: tar.TypeReg}); err != nil {
		return err
	}
	n, err := io.Copy(tw, ctxio.Reader(ctx, f))
	if err != nil {
		return fmt.Errorf("reading %q: %w", p, err)
	}
	s.Files++
	s.Bytes += n
	return nil
}

// HeadLen is how many bytes IsBundle needs.
const HeadLen = 512

// IsBundle reports whether a stream starting with head is a bundle.
func IsBundle(head []byte) bool {
	if len(head) < HeadLen {
		return false
	}
	name := string(bytes.TrimRight(head[:100], "\x00"))
	return name == Marker && bytes.HasPrefix(head[257:], []byte("ustar"))
}

// UnsafeError names an entry that Extract refused.
type UnsafeError struct {
	Name   string
	Reason string
}

func (e *UnsafeError) Error() string {
	return fmt.Sprintf("the bundle entry %q %s; nothing was extracted", e.Name, e.Reason)
}

// TooLargeError names an entry that, with those before it, declares more
// bytes than the disk had free: refused before any of it is written.
type TooLargeError struct {
	Name       string
	Size, Free int64 // Size: the bytes declared up to and with this entry
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("the bundle entry %q brings what the bundle declares to %d bytes, more than the %d free; nothing was extracted", e.Name, e.Size, e.Free)
}

// ExpansionError names the entry with which a bundle declares more bytes
// than its limit (Options.Limit): a tar stores a file's bytes, so only
// sparse entries (a 200 MB file of holes in 4 KB) can declare much more
// than the bundle holds, and lockbox never writes them.
type ExpansionError struct {
	Name        string
	Size, Limit int64
}

func (e *ExpansionError) Error() string {
	return fmt.Sprintf("the bundle entry %q brings what the bundle declares to %d bytes, more than the %d it can hold; nothing was extracted", e.Name, e.Size, e.Limit)
}

// Options adjust Extract.
type Options struct {
	// Guard, when set, runs each creation of a file or directory in dir
	// (see atomicfile.Guard): an interrupt then stops the extraction
	// before it removes the directory, not while it is being filled.
	Guard func(mk func() error) error
	// Limit bounds the bytes all entries may declare, sparse ones counted
	// at the size they expand to; zero for no limit. A caller that knows
	// the bundle's size sets about that (see ExpansionError).
	Limit int64
}

// Extract unpacks the bundle in r into dir, which must exist and be empty.
// Files get mode 0600 and directories 0700: the contents are client data.
func Extract(ctx context.Context, r io.Reader, dir string, opts Options) (Summary, error) {
	r = ctxio.Reader(ctx, r)
	var s Summary
	free, knowFree := freeBytes(dir)
	var declared int64
	guard := opts.Guard
	if guard == nil {
		guard = func(mk func() error) error { return mk() }
	}
	tr := tar.NewReader(r)
	first := true
	seen := map[string]bool{}
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return s, fmt.Errorf("reading the bundle: %w", err)
		}
		if first {
			first = false
			if h.Name != Marker {
				return s, errors.New("not a lockbox bundle")
			}
			continue
		}
		name, err := checkName(h, seen)
		if err != nil {
			return s, err
		}
		target := filepath.Join(dir, filepath.FromSlash(name))
		switch h.Typeflag {
		case tar.TypeDir:
			if err := guard(func() error { return os.MkdirAll(target, 0o700) }); err != nil {
				return s, err
			}
		case tar.TypeReg:
			if err := guard(func() error { return os.MkdirAll(filepath.Dir(target), 0o700) }); err != nil {
				return s, err
			}
			// h.Size is what the entry expands to, sparse or not.
			declared += h.Size
			if knowFree && declared > free {
				return s, &TooLargeError{h.Name, declared, free}
			}
			if opts.Limit > 0 && declared > opts.Limit {
				return s, &ExpansionError{h.Name, declared, opts.Limit}
			}
			src := &readErr{r: tr}
			var f *os.File
			if err := guard(func() (err error) {
				f, err = os.OpenFile(target, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
				return err
			}); err != nil {
				return s, err
			}
			n, err := writeFile(f, src)
			if errors.Is(src.err, io.ErrUnexpectedEOF) {
				return s, &UnsafeError{h.Name, "is cut short: the bundle ends before the size it declares"}
			}
			if src.err != nil {
				return s, fmt.Errorf("reading the bundle: %w", src.err)
			}
			if err != nil {
				return s, err
			}
			s.Files++
			s.Bytes += n
		}
	}
	return s, nil
}

func checkName(h *tar.Header, seen map[string]bool) (string, error) {
	name := strings.TrimSuffix(h.Name, "/")
	switch {
	case h.Typeflag != tar.TypeReg && h.Typeflag != tar.TypeDir:
		return "", &UnsafeError{h.Name, "is a link or special file"}
	case name == "" || strings.HasPrefix(h.Name, "/") || strings.Contains(h.Name, `\`) || !filepath.IsLocal(filepath.FromSlash(name)):
		return "", &UnsafeError{h.Name, "points outside the bundle"}
	case path.Clean(name) != name:
		return "", &UnsafeError{h.Name, "has an irregular name"}
	case seen[name]:
		return "", &UnsafeError{h.Name, "appears twice"}
	case h.Size < 0:
		return "", &UnsafeError{h.Name, "declares a negative size"}
	}
	seen[name] = true
	return name, nil
}

// readErr keeps the error of the reading side of a copy, to tell a
// broken bundle from a full disk.
type readErr struct {
	r   io.Reader
	err error
}

func (r *readErr) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	if err != nil && err != io.EOF {
		r.err = err
	}
	return n, err
}

// writeFile copies r into f, syncs and closes it.
func writeFile(f *os.File, r io.Reader) (int64, error) {
	n, err := io.Copy(f, r)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return n, err
}
