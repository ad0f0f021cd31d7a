// Package ledger records what was shared with whom, so that a business can
// answer "who did you give my data to?" and trace a leak. The ledger is a
// file of JSON lines, appended to and never rewritten.
//
// Each entry carries a MAC: HMAC-SHA-256, under a key of the user's (see
// Keys), of the entry's bytes as stored, which include the MAC of the
// entry before it. Anyone without the key who alters, removes, inserts,
// moves or forges an entry, or rewrites the whole ledger, breaks the chain,
// and Verify says where. A head record, kept beside the key and MACed with
// it, holds the newest entry's MAC and the number of entries, so that
// removing the newest entries is found too: by Verify, and by the next
// Append. Ledgers written before the key hold entries chained by plain
// SHA-256 (Hash), which anyone can recompute; they are still read and
// verified, and the keyed chain continues from them.
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
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/lockbox-tool/lockbox/pkg/atomicfile"
	"github.com/lockbox-tool/lockbox/pkg/userkey"
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

// Directions of an entry: what was sent (the default, written as ""), a
// request page made for someone to send files back, and what was received
// in answer to one.
const (
	Sent     = ""
	Request  = "request"
	Received = "received"
)

// Entry is one share, or one request or receipt (see Direction).
type Entry struct {
	Time time.Time `json:"time"`
	// Direction is Sent, Request or Received.
	Direction string `json:"direction,omitempty"`
	// Recipient is whom a file was sent to, a request made for, or a file
	// received from.
	Recipient string `json:"recipient"`
	// RequestID names the request a Request entry made and a Received
	// entry answers.
	RequestID string `json:"request_id,omitempty"`
	Source    File   `json:"source"`
	Output    File   `json:"output"`
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
	// Prev is the MAC (or, for an entry from before the key, the Hash)
	// of the entry before, or Genesis for the first.
	Prev string `json:"prev"`
	// Hash is the SHA-256 of this entry written without Hash: entries
	// from before the key.
	Hash string `json:"hash,omitempty"`
	// MAC is the HMAC-SHA-256 under the ledger key of the line as stored,
	// less its "mac" member, which comes last.
	MAC string `json:"mac,omitempty"`
}

// id is what the next entry's Prev names this one by.
func (e *Entry) id() string {
	if e.MAC != "" {
		return e.MAC
	}
	return e.Hash
}

// Keys make a ledger tamper-evident: the MAC key, and the directory of
// head records (apart from the ledgers, beside the key). A ledger's head
// record is named by its first entry, so that it follows the ledger when
// the file is moved or copied.
type Keys struct {
	MAC   []byte
	Heads string
}

// headPath is where the head record of the ledger that starts with the
// entry first lives; "" when there is no place for head records.
func (k Keys) headPath(first string) string {
	if k.Heads == "" || first == "" {
		return ""
	}
	return filepath.Join(k.Heads, first[:min(len(first), 32)]+".json")
}

// macSuffix starts the last member of a keyed entry's line.
const macSuffix = `,"mac":"`

// sealMAC sets e.MAC and returns the line that holds e: the entry's JSON,
// with "mac" added last over the bytes before it.
func (e *Entry) sealMAC(key []byte) ([]byte, error) {
	e.Hash, e.MAC = "", ""
	body, err := json.Marshal(e)
	if err != nil {
		return nil, err
	}
	e.MAC = macOf(key, body)
	return append(append(body[:len(body)-1], macSuffix+e.MAC...), '"', '}'), nil
}

// macOf is the hex HMAC-SHA-256 of data under key.
func macOf(key, data []byte) string {
	m := hmac.New(sha256.New, key)
	m.Write(data)
	return hex.EncodeToString(m.Sum(nil))
}

// checkMAC verifies a keyed entry's line as stored: the MAC over the line
// less its "mac" member.
func checkMAC(key, line []byte, e *Entry) bool {
	end := []byte(macSuffix + e.MAC + `"}`)
	if len(e.MAC) != 2*sha256.Size || !bytes.HasSuffix(line, end) {
		return false
	}
	body := append(bytes.Clone(line[:len(line)-len(end)]), '}')
	return hmac.Equal([]byte(macOf(key, body)), []byte(e.MAC))
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
// its directory (0700) if needed, and moves the head record on. It sets
// e's Prev, MAC and, if the ledger ends in a torn line, Torn. A ledger
// whose newest entry is not the one its head record names is not built
// on: entries were removed or the ledger replaced.
func Append(path string, e *Entry, k Keys) error {
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
	var prev Entry
	if last != nil {
		if err := json.Unmarshal(last, &prev); err != nil || prev.id() == "" {
			return &BrokenError{Path: path, Why: "its last entry cannot be read; it was altered"}
		}
		e.Prev = prev.id()
	}
	first := e.Prev // for an empty ledger, fixed once e is sealed
	if last != nil {
		if first, err = firstID(f); err != nil {
			return &BrokenError{Path: path, Why: "its first entry cannot be read; it was altered"}
		}
	}
	if err := checkPlace(k, path, first); err != nil {
		return err
	}
	h, err := readHead(k, path, first)
	if err != nil {
		return err
	}
	if h == nil && prev.MAC != "" && k.Heads != "" {
		return &BrokenError{Path: path, Why: "its head record is missing, so the removal of its newest entries cannot be ruled out"}
	}
	if h != nil && h.Last != e.Prev {
		return &BrokenError{Path: path, Why: fmt.Sprintf("its newest entry is not the one its head record names (entry %d): entries were removed or the ledger was replaced", h.Entries)}
	}
	count := 0
	switch {
	case h != nil:
		count = h.Entries
	case last != nil:
		all, err := Read(path) // a ledger from before the head record: counted once
		if err != nil {
			return err
		}
		count = len(all)
	}
	var out []byte
	if torn != nil {
		sum := sha256.Sum256(torn)
		e.Torn = &Torn{Bytes: len(torn), SHA256: hex.EncodeToString(sum[:])}
		out = append(out, '\n') // end the torn line, so the entry stands on its own
	}
	line, err := e.sealMAC(k.MAC)
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
	// The head moves on under the ledger's lock; a crash between the two
	// leaves a head one entry behind, which Verify names.
	if last == nil {
		first = e.MAC
	}
	if err := writePlace(k, path, first); err != nil { // the same each time, once written
		return err
	}
	return writeHead(k, first, Head{Entries: count + 1, Last: e.MAC, Time: e.Time})
}

// firstID reads the first entry of the ledger in f and returns its MAC or
// hash.
func firstID(f *os.File) (string, error) {
	buf := make([]byte, 64<<10)
	for {
		n, err := f.ReadAt(buf, 0)
		if i := bytes.IndexByte(buf[:n], '\n'); i >= 0 {
			var e Entry
			if json.Unmarshal(buf[:i], &e) != nil || e.id() == "" {
				return "", errors.New("not an entry")
			}
			return e.id(), nil
		}
		if err != nil || len(buf) >= 64<<20 {
			return "", errors.New("no complete first line")
		}
		buf = make([]byte, 2*len(buf))
	}
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
		if len(line) > 0 && json.Unmarshal(line, &e) == nil && e.id() != "" {
			out = append(out, e)
		}
	}
	return out, nil
}

// Result is what Verify found: the number of entries, and the head
// record that names the newest (nil when there is none yet).
type Result struct {
	Entries int
	Head    *Head
}

// Verify checks every entry and the chain between them, and the head
// record against the newest entry. The first problem found is a
// *BrokenError: an entry whose content does not match its MAC (altered or
// forged) or hash, one that does not follow the entry before (removed,
// inserted or moved), an entry without a MAC after one with it, a line
// that is not an entry, a torn last line, or a newest entry that is not
// the one the head record names (the newest entries removed). A torn
// line that the next entry records is not a problem: it was a crash, and
// is on the record.
func Verify(path string, k Keys) (Result, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return Result{}, err
	}
	lines := bytes.Split(data, []byte{'\n'})
	endsWell := len(data) == 0 || data[len(data)-1] == '\n'
	if endsWell {
		lines = lines[:len(lines)-1]
	}
	prev, n, keyed, first := Genesis, 0, false, ""
	var torn []byte // an unreadable line that the next entry may account for
	for i, line := range lines {
		broken := func(why string, a ...any) error {
			return &BrokenError{Path: path, Line: i + 1, Entry: n + 1, Why: fmt.Sprintf(why, a...)}
		}
		if !endsWell && i == len(lines)-1 {
			return Result{Entries: n}, broken("the last line is cut short (lockbox stopped while writing it?); the next share will record it")
		}
		var e Entry
		if json.Unmarshal(line, &e) != nil || e.id() == "" {
			if torn != nil {
				return Result{Entries: n}, &BrokenError{Path: path, Line: i, Entry: n + 1, Why: "this line is not an entry"}
			}
			torn = line
			continue
		}
		if torn != nil {
			sum := sha256.Sum256(torn)
			if e.Torn == nil || e.Torn.Bytes != len(torn) || e.Torn.SHA256 != hex.EncodeToString(sum[:]) {
				return Result{Entries: n}, &BrokenError{Path: path, Line: i, Entry: n + 1, Why: "this line is not an entry"}
			}
			torn = nil
		} else if e.Torn != nil {
			return Result{Entries: n}, broken("it records a cut-short line before it that is not there")
		}
		switch {
		case e.MAC != "" && k.MAC == nil:
			return Result{Entries: n}, broken("it is signed, but your ledger key is not here to check it")
		case e.MAC != "":
			if !checkMAC(k.MAC, line, &e) {
				return Result{Entries: n}, broken("it was altered or forged: its content does not match its MAC under your ledger key")
			}
			keyed = true
		case keyed:
			return Result{Entries: n}, broken("it has no MAC, though entries before it have: it was inserted or rewritten")
		default:
			stored := e.Hash
			again, err := e.seal()
			if err != nil || e.Hash != stored || !bytes.Equal(again, line) {
				return Result{Entries: n}, broken("it was altered: its content does not match its hash")
			}
		}
		if e.Prev != prev {
			return Result{Entries: n}, broken("it does not follow the entry before it: an entry was removed, inserted or moved")
		}
		if n == 0 {
			first = e.id()
		}
		prev, n = e.id(), n+1
	}
	if torn != nil {
		return Result{Entries: n}, &BrokenError{Path: path, Line: len(lines), Entry: n + 1, Why: "the last line is not an entry"}
	}
	if err := checkPlace(k, path, first); err != nil {
		return Result{Entries: n}, err
	}
	h, err := readHead(k, path, first)
	if err != nil {
		return Result{Entries: n}, err
	}
	switch {
	case h == nil && keyed:
		return Result{Entries: n}, &BrokenError{Path: path, Why: "its head record is missing, so the removal of its newest entries cannot be ruled out"}
	case h != nil && (h.Entries != n || h.Last != prev):
		return Result{Entries: n, Head: h}, &BrokenError{Path: path, Why: fmt.Sprintf("it ends at entry %d, but its head record names entry %d: the newest entries were removed, or the ledger was replaced", n, h.Entries)}
	}
	return Result{Entries: n, Head: h}, nil
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

// Head is the head record: how many entries the ledger has and the MAC of
// the newest. log verify prints it, to be written down elsewhere: a copy
// of the ledger and its head put back together, older, is found only by
// comparing with what was written down.
type Head struct {
	First   string    `json:"first"` // the ledger's first entry
	Entries int       `json:"entries"`
	Last    string    `json:"last"`
	Time    time.Time `json:"time"`
	MAC     string    `json:"mac"`
}

func (h *Head) mac(key []byte) string {
	return macOf(key, fmt.Appendf(nil, "lockbox ledger head\n%s\n%d\n%s\n%s", h.First, h.Entries, h.Last, h.Time.UTC().Format(time.RFC3339Nano)))
}

// readHead reads the head record of the ledger at path, which starts with
// the entry first: nil when there is none (or k names no place for one).
func readHead(k Keys, path, first string) (*Head, error) {
	p := k.headPath(first)
	if p == "" {
		return nil, nil
	}
	data, err := os.ReadFile(p)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var h Head
	if json.Unmarshal(data, &h) != nil || !hmac.Equal([]byte(h.mac(k.MAC)), []byte(h.MAC)) || h.First != first {
		return nil, &BrokenError{Path: path, Why: fmt.Sprintf("its head record %q was altered", p)}
	}
	return &h, nil
}

// writeHead replaces the head record of the ledger that starts with the
// entry first, whole or not at all.
func writeHead(k Keys, first string, h Head) error {
	p := k.headPath(first)
	if p == "" {
		return nil
	}
	h.First = first
	h.MAC = h.mac(k.MAC)
	return writeRecord(p, h)
}

// writeRecord replaces the small JSON file p (a head or place record),
// whole or not at all, making its directory if need be.
func writeRecord(p string, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		return err
	}
	f, err := atomicfile.Create(p, 0o600, true)
	if err != nil {
		return fmt.Errorf("writing %q: %w", p, err)
	}
	defer f.Abort()
	if _, err := f.Write(append(data, '\n')); err != nil {
		return fmt.Errorf("writing %q: %w", p, err)
	}
	return f.Commit()
}

// UserKeys are the user's ledger key (lockbox/ledger.key in the
// configuration directory) and the directory of head records beside it
// (lockbox/ledger-heads). With make, a missing key is made (created
// reports it); without, Keys has no MAC key when there is none yet.
func UserKeys(make bool) (k Keys, keyPath string, created bool, err error) {
	if make {
		k.MAC, keyPath, created, err = userkey.Get("ledger.key")
	} else if keyPath, err = userkey.Path("ledger.key"); err == nil {
		if k.MAC, err = userkey.Load(keyPath, "the ledger key", userkey.MinBytes); errors.Is(err, os.ErrNotExist) {
			k.MAC, err = nil, nil
		}
	}
	if err != nil {
		return Keys{}, keyPath, false, err
	}
	k.Heads = filepath.Join(filepath.Dir(keyPath), "ledger-heads")
	return k, keyPath, created, nil
}

// A head record follows a ledger's first entry, wherever the file goes.
// Someone who replaced the whole file at its place, with a chain of their
// own (unkeyed, as ledgers from before the key are), would start a ledger
// that has no head record to contradict it; so the first entry of the
// ledger made at each place is recorded too, under the key.

func (k Keys) placePath(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil || k.Heads == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(abs))
	return filepath.Join(k.Heads, "places", hex.EncodeToString(sum[:16])+".json")
}

type place struct {
	First string `json:"first"`
	MAC   string `json:"mac"`
}

func placeMAC(key []byte, path, first string) string {
	abs, _ := filepath.Abs(path)
	return macOf(key, fmt.Appendf(nil, "lockbox ledger place\n%s\n%s", abs, first))
}

// checkPlace refuses a ledger that does not start with the entry the
// ledger made at its place started with.
func checkPlace(k Keys, path, first string) error {
	p := k.placePath(path)
	if p == "" {
		return nil
	}
	data, err := os.ReadFile(p)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	var pl place
	if json.Unmarshal(data, &pl) != nil || !hmac.Equal([]byte(placeMAC(k.MAC, path, pl.First)), []byte(pl.MAC)) {
		return &BrokenError{Path: path, Why: fmt.Sprintf("the record of its first entry %q was altered", p)}
	}
	if pl.First != first {
		return &BrokenError{Path: path, Why: "it does not start with the entry the ledger made here started with: the file was replaced"}
	}
	return nil
}

// writePlace records the first entry of the ledger made at path.
func writePlace(k Keys, path, first string) error {
	p := k.placePath(path)
	if p == "" {
		return nil
	}
	return writeRecord(p, place{First: first, MAC: placeMAC(k.MAC, path, first)})
}
