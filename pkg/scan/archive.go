package scan

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/lockbox-tool/lockbox/pkg/atomicfile"
	"github.com/lockbox-tool/lockbox/pkg/classify"
	"github.com/lockbox-tool/lockbox/pkg/table"
)

// Entry is a table found inside an archive, by name and size.
type Entry struct {
	Name      string `json:"name"`
	Size      uint64 `json:"size"`
	Encrypted bool   `json:"encrypted,omitempty"`
}

// Archives are where exports go to be "protected": a customer list in a zip
// with a password sent in the same email. A zip's tables are listed; those
// not encrypted are reviewed as any table is, from a private copy; an
// encrypted one is weakly protected whatever its password: ZipCrypto is
// broken, and an AES zip is as safe as a password that travelled with it.

// maxEntry bounds what is unpacked of one table in an archive to review
// it, and maxEntries how many are.
const (
	maxEntry   = 64 << 20
	maxEntries = 20
)

// tableNames are the extensions of what is reviewed inside an archive.
var tableNames = map[string]bool{".csv": true, ".tsv": true, ".txt": true, ".xlsx": true, ".xls": true, ".tab": true}

// auditArchive audits a zip that is not a workbook.
func auditArchive(f File, opts Options) File {
	fh, fi, err := table.OpenRegular(f.Path)
	if err != nil {
		f.Status, f.Reason = Unreadable, reason(err)
		return f
	}
	defer fh.Close()
	zr, err := zip.NewReader(fh, fi.Size())
	if err != nil {
		f.Status, f.Reason = Unreadable, "a damaged zip file: "+err.Error()
		return f
	}
	f.Status, f.Format = Other, "zip"
	var plain []*zip.File
	for _, m := range zr.File {
		if !tableNames[strings.ToLower(path.Ext(m.Name))] || m.FileInfo().IsDir() {
			continue
		}
		enc := m.Flags&0x1 != 0 || m.Method == 99 // traditional encryption, or WinZip AES
		f.Inside = append(f.Inside, Entry{Name: m.Name, Size: m.UncompressedSize64, Encrypted: enc})
		if enc {
			f.Status, f.Format = WeaklyProtected, "zip-password"
			f.Reason = "a password-protected zip: ZipCrypto is broken, and a password sent with the file protects nothing; re-send it with lockbox"
		} else {
			plain = append(plain, m)
		}
	}
	if f.Status == WeaklyProtected || len(plain) == 0 {
		return f
	}
	dir, cleanup, err := atomicfile.ScratchDir("lockbox-scan-")
	if err != nil {
		f.Status, f.Reason = Unreadable, reason(err)
		return f
	}
	defer cleanup()
	reviewed, skipped := 0, 0
	for i, m := range plain {
		if i >= maxEntries || m.UncompressedSize64 > maxEntry {
			skipped++ // listed, not reviewed
			continue
		}
		copyPath := filepath.Join(dir, fmt.Sprintf("%d%s", i, path.Ext(m.Name)))
		if err := unpack(m, copyPath); err != nil {
			continue
		}
		tf, err := table.Open(copyPath, table.Options{})
		if err != nil {
			continue
		}
		var one File
		err = review(&one, tf, opts)
		tf.Close()
		os.Remove(copyPath)
		if err != nil {
			continue // not a table after all, or unreadable
		}
		if reviewed++; reviewed == 1 {
			f.Status, f.Class = Unprotected, classify.Transactional
		}
		f.Rows += one.Rows
		for _, c := range one.Columns {
			c.Table = m.Name + ": " + c.Table
			f.Columns = append(f.Columns, c)
		}
		if one.Class == classify.Sensitive || one.Class == classify.Personal && f.Class != classify.Sensitive {
			f.Class = one.Class
		}
	}
	if skipped > 0 { // unread is not harmless: counted as personal
		what := fmt.Sprintf("%d tables inside were", skipped)
		if skipped == 1 {
			what = "1 table inside was"
		}
		f.Status, f.Reason = Unprotected, fmt.Sprintf("%s not reviewed (over %d MiB, or past the first %d) and counted as personal", what, maxEntry>>20, maxEntries)
		if f.Class != classify.Sensitive {
			f.Class = classify.Personal
		}
	}
	return f
}

// unpack copies an archive member to p, reading no more than maxEntry
// bytes whatever its header says.
func unpack(m *zip.File, p string) error {
	r, err := m.Open()
	if err != nil {
		return err
	}
	defer r.Close()
	out, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	_, err = io.Copy(out, io.LimitReader(r, maxEntry))
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	return err
}

// isLedger recognises lockbox's own ledger: JSON lines of shares, which
// hold names and hashes, not client data.
func isLedger(head []byte) bool {
	return bytes.HasPrefix(head, []byte(`{"time":"`)) && bytes.Contains(head, []byte(`"recipient":`)) &&
		bytes.Contains(head, []byte(`"prev":"`))
}
