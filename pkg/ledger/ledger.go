// Package ledger records what was shared with whom, so that a business can
// answer "who did you give my data to?" and trace a leak. The ledger is a
// file of JSON lines, appended to and never rewritten. Each entry holds its
// own SHA-256 and that of the entry before it: an entry that is altered,
// removed, inserted or moved breaks the chain, and Verify says where.
//
// An entry never holds data or a passphrase: names, hashes, counts, column
// names and key fingerprints only.
//
// Appends take an exclusive lock on the file and are synced, so that
// concurrent lockbox processes each add one whole entry. A last line cut
// short by a crash is not built on silently: the next entry records it.
package ledger

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"
)

// File names a file and its content.
type File struct {
	Name   string `json:"name"`
	SHA256 string `json:"sha256"`
}

// Column is a column that was sent, with its class.
type Column struct {
	Name  string `json:"name"`
	Class string `json:"class"`
}

// Torn describes an incomplete line the entry after it found at the end
// of the ledger (a crash while writing).
type Torn struct {
	Bytes  int    `json:"bytes"`
	SHA256 string `json:"sha256"`
}

// Entry is one share.
type Entry struct {
	Time      time.Time `json:"time"`
	Recipient string    `json:"recipient"`
	Source    File      `json:"source"`
	Output    File      `json:"output"`
	// Format is what was sent: csv, xlsx, or file for anything else.
	Format string `json:"format"`
	// Rows, Columns and Removed describe a table; Rows is nil for a file
	// sent as it is without being read as a table.
	Rows    *int     `json:"rows_sent,omitempty"`
	Columns []Column `json:"columns_sent,omitempty"`
	Removed []string `json:"columns_removed,omitempty"`
	Policy  *File    `json:"policy,omitempty"`
	// Method is "passphrase" or "keys"; Keys holds the recipients' key
	// fingerprints (SHA-256 of the public key as written).
	Method  string   `json:"method"`
	Keys    []string `json:"key_fingerprints,omitempty"`
	Version string   `json:"lockbox_version"`
	Torn    *Torn    `json:"torn_line_before,omitempty"`
	// Prev is the Hash of the entry before, or Genesis for the first.
	Prev string `json:"prev"`
	// Hash is the SHA-256 of this entry written without Hash.
	Hash string `json:"hash,omitempty"`
}

// Genesis is the Prev of the first entry.
var Genesis = hex.EncodeToString(make([]byte, sha256.Size))

// seal sets e.Hash and returns the line that holds e.
func (e *Entry) seal() ([]byte, error) {
	e.Hash = ""
	body, err := json.Marshal(e)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(body)
	e.Hash = hex.EncodeToString(sum[:])
	return json.Marshal(e)
}

// Fingerprint is how a recipient key is named in the ledger.
func Fingerprint(key string) string {
	sum := sha256.Sum256([]byte(key))
	return "SHA256:" + hex.EncodeToString(sum[:16])
}

// Append adds e to the ledger at path, making the file (mode 0600) and
// its directory (0700) if needed. It sets e's Prev, Hash and, if the
// ledger ends in a torn line, Torn.
func Append(path string, e *Entry) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := lock(f); err != nil {
		return fmt.Errorf("locking %q: %w", path, err)
	}
	defer unlock(f)
	last, torn, err := tail(f)
	if err != nil {
		return fmt.Errorf("reading %q: %w", path, err)
	}
	e.Prev, e.Torn = Genesis, nil
	if last != nil {
		var prev Entry
		if err := json.Unmarshal(last, &prev); err != nil || prev.Hash == "" {
			return &BrokenError{Path: path, Why: "its last entry cannot be read; it was altered"}
		}
		e.Prev = prev.Hash
	}
	var out []byte
	if torn != nil {
		sum := sha256.Sum256(torn)
		e.Torn = &Torn{Bytes: len(torn), SHA256: hex.EncodeToString(sum[:])}
		out = append(out, '\n') // end the torn line, so the entry stands on its own
	}
	line, err := e.seal()
	if err != nil {
		return err
	}
	out = append(append(out, line...), '\n')
	if _, err := f.Write(out); err != nil {
		return fmt.Errorf("writing %q: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("writing %q: %w", path, err)
	}
	return nil
}

// tail returns the last complete line of f and, after it, an incomplete
// one (no line end). Either may be nil.
func tail(f *os.File) (last, torn []byte, err error) {
	fi, err := f.Stat()
	if err != nil {
		return nil, nil, err
	}
	size := fi.Size()
	for n := int64(64 << 10); ; n *= 2 {
		off := max(size-n, 0)
		buf := make([]byte, size-off)
		if _, err := f.ReadAt(buf, off); err != nil && err != io.EOF {
			return nil, nil, err
		}
		nl := bytes.LastIndexByte(buf, '\n')
		if nl < 0 && off > 0 {
			continue // the torn part is longer than what was read
		}
		if nl < len(buf)-1 {
			torn = buf[nl+1:]
		}
		if nl < 0 {
			return nil, torn, nil
		}
		body := buf[:nl]
		start := bytes.LastIndexByte(body, '\n')
		if start < 0 && off > 0 {
			continue // the last line begins before what was read
		}
		if line := body[start+1:]; len(line) > 0 {
			last = line
		}
		return last, torn, nil
	}
}

// BrokenError says where the chain is broken.
type BrokenError struct {
	Path  string
	Line  int // 1-based; 0 when not about one line
	Entry int // the entry's number, 1-based, counting entries only
	Why   string
}

func (e *BrokenError) Error() string {
	if e.Line == 0 {
		return fmt.Sprintf("the ledger %q is broken: %s", e.Path, e.Why)
	}
	return fmt.Sprintf("the ledger %q is broken at line %d (entry %d): %s", e.Path, e.Line, e.Entry, e.Why)
}

// Read returns the ledger's entries in order. A ledger that does not
// exist has none. Lines that are not entries are skipped and reported by
// Verify; Read fails only when the file cannot be read.
func Read(path string) ([]Entry, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []Entry
	for _, line := range bytes.Split(data, []byte{'\n'}) {
		var e Entry
		if len(line) > 0 && json.Unmarshal(line, &e) == nil && e.Hash != "" {
			out = append(out, e)
		}
	}
	return out, nil
}

// Verify checks every entry and the chain between them, and returns the
// number of entries. The first problem found is a *BrokenError: an entry
// whose content does not match its hash (altered), one that does not
// follow the entry before (removed, inserted or moved), a line that is
// not an entry, or a torn last line. A torn line that the next entry
// records is not a problem: it was a crash, and is on the record.
func Verify(path string) (int, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0, err
	}
	lines := bytes.Split(data, []byte{'\n'})
	endsWell := len(data) == 0 || data[len(data)-1] == '\n'
	if endsWell {
		lines = lines[:len(lines)-1]
	}
	prev, n := Genesis, 0
	var torn []byte // an unreadable line that the next entry may account for
	for i, line := range lines {
		broken := func(why string, a ...any) error {
			return &BrokenError{Path: path, Line: i + 1, Entry: n + 1, Why: fmt.Sprintf(why, a...)}
		}
		if !endsWell && i == len(lines)-1 {
			return n, broken("the last line is cut short (lockbox stopped while writing it?); the next share will record it")
		}
		var e Entry
		if json.Unmarshal(line, &e) != nil || e.Hash == "" {
			if torn != nil {
				return n, &BrokenError{Path: path, Line: i, Entry: n + 1, Why: "this line is not an entry"}
			}
			torn = line
			continue
		}
		if torn != nil {
			sum := sha256.Sum256(torn)
			if e.Torn == nil || e.Torn.Bytes != len(torn) || e.Torn.SHA256 != hex.EncodeToString(sum[:]) {
				return n, &BrokenError{Path: path, Line: i, Entry: n + 1, Why: "this line is not an entry"}
			}
			torn = nil
		} else if e.Torn != nil {
			return n, broken("it records a cut-short line before it that is not there")
		}
		stored := e.Hash
		again, err := e.seal()
		if err != nil || e.Hash != stored || !bytes.Equal(again, line) {
			return n, broken("it was altered: its content does not match its hash")
		}
		if e.Prev != prev {
			return n, broken("it does not follow the entry before it: an entry was removed, inserted or moved")
		}
		prev, n = e.Hash, n+1
	}
	if torn != nil {
		return n, &BrokenError{Path: path, Line: len(lines), Entry: n + 1, Why: "the last line is not an entry"}
	}
	return n, nil
}

// DefaultPath is where the ledger lives unless the user names another:
// lockbox/ledger.jsonl in $XDG_DATA_HOME, or ~/.local/share.
func DefaultPath() (string, error) {
	if d := os.Getenv("XDG_DATA_HOME"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "lockbox", "ledger.jsonl"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(home, ".local", "share", "lockbox", "ledger.jsonl"), nil
}
