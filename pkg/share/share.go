// Package share is the end of every share, for encrypt and send alike:
// the data is sealed into a temporary file and verified, the file is made
// visible, and the share is recorded, in that order. When the record
// fails, the share is taken back: the new file is removed, and a file it
// replaced (--force) is put back, so that nothing that existed before is
// lost and nothing counts as sent that is not in the ledger.
package share

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"

	"filippo.io/age"

	"github.com/lockbox-tool/lockbox/pkg/atomicfile"
	"github.com/lockbox-tool/lockbox/pkg/htmlpage"
	"github.com/lockbox-tool/lockbox/pkg/seal"
)

// Page makes the output an HTML page that decrypts in a browser.
type Page struct {
	Name string // what the download is called
	Size string // the plaintext's size as shown ("3.6 kB"), or ""
}

// Job describes one share.
type Job struct {
	Output  string
	Replace bool // replace an existing Output (--force)
	To      []age.Recipient
	Seal    seal.Options
	Page    *Page
	// Saved runs once the file is sealed and verified, before it is made
	// visible: the passphrase is saved then. Unsave undoes it when the
	// share is taken back.
	Saved  func() error
	Unsave func()
	// Record, if set, records the share once the file stands; outputSum
	// is the SHA-256 of the file as written. Its error takes the share
	// back.
	Record func(res seal.Result, outputSum string) error
}

// Errors, by the step that failed. Each leaves nothing behind.
type (
	// SealError: the data could not be read, sealed, verified or written.
	SealError struct{ Err error }
	// CommitError: the file could not be made visible.
	CommitError struct{ Err error }
	// RecordError: the record failed and the share was taken back.
	// Restored says a file the output replaced was put back.
	RecordError struct {
		Err      error
		Restored bool
	}
)

func (e *SealError) Error() string   { return e.Err.Error() }
func (e *SealError) Unwrap() error   { return e.Err }
func (e *CommitError) Error() string { return e.Err.Error() }
func (e *CommitError) Unwrap() error { return e.Err }
func (e *RecordError) Error() string { return e.Err.Error() }
func (e *RecordError) Unwrap() error { return e.Err }

// Run seals src into j.Output and records it. An error from creating the
// output (it exists, it is not a regular file) is returned as it is.
func Run(ctx context.Context, j Job, src io.Reader) (seal.Result, error) {
	// 0644: what is written is encrypted, made to be sent.
	out, err := atomicfile.Create(j.Output, 0o644, j.Replace)
	if err != nil {
		return seal.Result{}, err
	}
	defer out.Abort()
	res, err := Seal(ctx, out, src, j.To, j.Seal, j.Page)
	if err != nil {
		return res, &SealError{err}
	}
	if j.Saved != nil {
		if err := j.Saved(); err != nil {
			return res, err
		}
	}
	unsave := func() {
		if j.Unsave != nil {
			j.Unsave()
		}
	}
	committed, err := out.CommitUndoable()
	if err != nil {
		unsave()
		return res, &CommitError{err}
	}
	if j.Record != nil {
		sum, err := FileSum(j.Output)
		if err == nil {
			err = j.Record(res, sum)
		}
		if err != nil {
			committed.Undo()
			unsave()
			return res, &RecordError{Err: err, Restored: committed.Replaced()}
		}
	}
	committed.Keep()
	return res, nil
}

// Seal writes src to w as an age file, or, with page, as an HTML page
// holding the armored file.
func Seal(ctx context.Context, w io.Writer, src io.Reader, to []age.Recipient, opts seal.Options, page *Page) (seal.Result, error) {
	if page == nil {
		return seal.Encrypt(ctx, w, src, to, opts)
	}
	p := htmlpage.NewWriter(w, page.Name, page.Size)
	opts.Armor = true
	res, err := seal.Encrypt(ctx, p, src, to, opts)
	if err == nil {
		err = p.Close()
	}
	return res, err
}

// FileSum is the hex SHA-256 of the file at path, as the ledger records
// files.
func FileSum(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", fmt.Errorf("hashing %q: %w", path, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
