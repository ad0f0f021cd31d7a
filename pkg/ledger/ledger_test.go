package ledger

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// testKeys are a fixed MAC key and head records beside the ledger.
func testKeys(p string) Keys {
	return Keys{MAC: []byte(strings.Repeat("k", 32)), Heads: filepath.Join(filepath.Dir(p), "heads")}
}

// headOf is the head record's file of the ledger at p.
func headOf(t *testing.T, p string) string {
	t.Helper()
	es, err := Read(p)
	if err != nil || len(es) == 0 {
		t.Fatalf("no first entry in %s: %v", p, err)
	}
	return testKeys(p).headPath(es[0].id())
}

func entry(to string) *Entry {
	rows := 17
	return &Entry{
		Time: time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC), Recipient: to,
		Source: File{Name: "customers.csv", SHA256: strings.Repeat("a", 64)},
		Output: File{Name: "customers-for-x.csv.age", SHA256: strings.Repeat("b", 64)},
		Format: "csv", Rows: &rows, Columns: []Column{{"City", "transactional"}}, Removed: []string{"Email"},
		Method: "passphrase", Version: "test",
	}
}

func ledgerWith(t *testing.T, n int) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "sub", "ledger.jsonl")
	for i := 0; i < n; i++ {
		if err := Append(p, entry(fmt.Sprintf("Recipient %d", i)), testKeys(p)); err != nil {
			t.Fatal(err)
		}
	}
	return p
}

func TestAppendChainsEntriesAndVerifyAcceptsThem(t *testing.T) {
	p := ledgerWith(t, 3)
	fi, err := os.Stat(p)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("ledger mode: %v %v", err, fi.Mode())
	}
	if di, _ := os.Stat(filepath.Dir(p)); di.Mode().Perm() != 0o700 {
		t.Errorf("ledger directory mode %v", di.Mode())
	}
	es, err := Read(p)
	if err != nil || len(es) != 3 {
		t.Fatalf("read %d entries: %v", len(es), err)
	}
	if es[0].Prev != Genesis || es[1].Prev != es[0].MAC || es[2].Prev != es[1].MAC || es[0].MAC == "" {
		t.Error("entries are not chained")
	}
	if r, err := Verify(p, testKeys(p)); err != nil || r.Entries != 3 {
		t.Errorf("verify: %d, %v", r.Entries, err)
	}
}

func TestVerifyFindsTheFirstBrokenEntry(t *testing.T) {
	tests := []struct {
		name   string
		change func([][]byte) [][]byte
		line   int
		why    string
	}{
		{"edited", func(l [][]byte) [][]byte {
			l[1] = bytes.Replace(l[1], []byte("Recipient 1"), []byte("Recipient X"), 1)
			return l
		}, 2, "altered"},
		{"edited last", func(l [][]byte) [][]byte {
			l[3] = bytes.Replace(l[3], []byte(`"rows_sent":17`), []byte(`"rows_sent":18`), 1)
			return l
		}, 4, "altered"},
		{"reformatted", func(l [][]byte) [][]byte {
			l[0] = bytes.Replace(l[0], []byte(`,"format"`), []byte(`, "format"`), 1)
			return l
		}, 1, "altered"},
		{"removed", func(l [][]byte) [][]byte { return append(l[:1], l[2:]...) }, 2, "removed, inserted or moved"},
		{"removed first", func(l [][]byte) [][]byte { return l[1:] }, 1, "removed, inserted or moved"},
		{"reordered", func(l [][]byte) [][]byte { l[1], l[2] = l[2], l[1]; return l }, 2, "removed, inserted or moved"},
		{"junk line", func(l [][]byte) [][]byte {
			return append(l[:2], append([][]byte{[]byte("not json")}, l[2:]...)...)
		}, 3, "not an entry"},
	}
	for _, tt := range tests {
		p := ledgerWith(t, 4)
		data, _ := os.ReadFile(p)
		lines := bytes.Split(bytes.TrimSuffix(data, []byte("\n")), []byte("\n"))
		lines = tt.change(lines)
		os.WriteFile(p, append(bytes.Join(lines, []byte("\n")), '\n'), 0o600)
		_, err := Verify(p, testKeys(p))
		var be *BrokenError
		if !errors.As(err, &be) || be.Line != tt.line || !strings.Contains(be.Why, tt.why) {
			t.Errorf("%s: got %v, want line %d %q", tt.name, err, tt.line, tt.why)
		}
	}
}

// TestATornLastLineIsReportedAndRecordedByTheNextAppend: a crash while
// writing leaves half a line. Verify reports it; the next append records
// it in its entry, after which the ledger verifies again.
func TestATornLastLineIsReportedAndRecordedByTheNextAppend(t *testing.T) {
	p := ledgerWith(t, 1)
	head, _ := os.ReadFile(headOf(t, p)) // a crash in the second append: the head stays
	Append(p, entry("Recipient 1"), testKeys(p))
	data, _ := os.ReadFile(p)
	lines := bytes.SplitAfter(data, []byte("\n"))
	half := lines[1][:len(lines[1])/2]
	os.WriteFile(p, append(append([]byte(nil), lines[0]...), half...), 0o600)
	os.WriteFile(headOf(t, p), head, 0o600)
	_, err := Verify(p, testKeys(p))
	var be *BrokenError
	if !errors.As(err, &be) || be.Line != 2 || !strings.Contains(be.Why, "cut short") {
		t.Fatalf("torn ledger: %v", err)
	}
	e := entry("After the crash")
	if err := Append(p, e, testKeys(p)); err != nil {
		t.Fatal(err)
	}
	if e.Torn == nil || e.Torn.Bytes != len(half) {
		t.Errorf("the new entry does not record the torn line: %+v", e.Torn)
	}
	first, _ := Read(p)
	if e.Prev != first[0].MAC {
		t.Error("the new entry builds on the torn line")
	}
	if r, err := Verify(p, testKeys(p)); err != nil || r.Entries != 2 {
		t.Errorf("after the append: %d, %v", r.Entries, err)
	}
	// A torn line that no entry records is not accepted in the middle.
	data, _ = os.ReadFile(p)
	os.WriteFile(p, bytes.Replace(data, []byte(`"torn_line_before"`), []byte(`"torn_line_befor"`), 1), 0o600)
	if _, err := Verify(p, testKeys(p)); err == nil {
		t.Error("an unrecorded torn line is accepted")
	}
}

func TestAppendRefusesToBuildOnAnAlteredLastEntry(t *testing.T) {
	p := ledgerWith(t, 1)
	os.WriteFile(p, []byte("{\"garbage\": true}\n"), 0o600)
	var be *BrokenError
	if err := Append(p, entry("x"), testKeys(p)); !errors.As(err, &be) {
		t.Errorf("got %v", err)
	}
}

// TestConcurrentAppendsEachAddOneWholeEntry appends from 20 goroutines,
// each with its own open file and lock, as 20 processes would.
func TestConcurrentAppendsEachAddOneWholeEntry(t *testing.T) {
	p := ledgerWith(t, 0)
	var wg sync.WaitGroup
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			if err := Append(p, entry(fmt.Sprintf("R%d", i)), testKeys(p)); err != nil {
				t.Error(err)
			}
		}(i)
	}
	wg.Wait()
	if r, err := Verify(p, testKeys(p)); err != nil || r.Entries != 20 {
		t.Errorf("%d entries, %v", r.Entries, err)
	}
}

func TestALongLedgerTailIsFound(t *testing.T) {
	p := ledgerWith(t, 0)
	e := entry("big")
	for i := 0; i < 5000; i++ {
		e.Removed = append(e.Removed, fmt.Sprintf("Column %d", i))
	}
	if err := Append(p, e, testKeys(p)); err != nil {
		t.Fatal(err)
	}
	if err := Append(p, entry("after"), testKeys(p)); err != nil {
		t.Fatal(err)
	}
	if r, err := Verify(p, testKeys(p)); err != nil || r.Entries != 2 {
		t.Errorf("%d, %v", r.Entries, err)
	}
}

func TestDefaultPathFollowsXDGDataHome(t *testing.T) {
	t.Setenv("XDG_DATA_HOME", "/data")
	if p, _ := DefaultPath(); p != "/data/lockbox/ledger.jsonl" {
		t.Errorf("got %q", p)
	}
	t.Setenv("XDG_DATA_HOME", "")
	t.Setenv("HOME", "/home/ann")
	if p, _ := DefaultPath(); p != "/home/ann/.local/share/lockbox/ledger.jsonl" {
		t.Errorf("got %q", p)
	}
}

// TestTamperingWithoutTheKeyIsFound: whoever can write the ledger but has
// not the user's key cannot rewrite an entry and recompute the chain,
// remove the newest entries, or replace the ledger with one of their own.
func TestTamperingWithoutTheKeyIsFound(t *testing.T) {
	other := Keys{MAC: []byte(strings.Repeat("x", 32))}
	for _, tc := range []struct {
		name   string
		tamper func(p string)
		why    string
	}{
		{"an entry rewritten and the chain recomputed with another key", func(p string) {
			os.Remove(p)
			for i := 0; i < 4; i++ {
				to := fmt.Sprintf("Recipient %d", i)
				if i == 2 {
					to = "Someone Else"
				}
				Append(p, entry(to), Keys{MAC: other.MAC})
			}
		}, "does not match its MAC"},
		{"the whole ledger rewritten as unkeyed entries", func(p string) {
			os.WriteFile(p, unkeyed("Recipient", 4), 0o600)
		}, "the file was replaced"},
		{"the newest entry removed", func(p string) {
			data, _ := os.ReadFile(p)
			lines := bytes.SplitAfter(data, []byte("\n"))
			os.WriteFile(p, bytes.Join(lines[:3], nil), 0o600)
		}, "the newest entries were removed"},
		{"the head record removed with the newest entry", func(p string) {
			data, _ := os.ReadFile(p)
			lines := bytes.SplitAfter(data, []byte("\n"))
			os.WriteFile(p, bytes.Join(lines[:3], nil), 0o600)
			os.Remove(headOf(t, p))
		}, "head record is missing"},
		{"the head record edited to match", func(p string) {
			data, _ := os.ReadFile(p)
			lines := bytes.SplitAfter(data, []byte("\n"))
			os.WriteFile(p, bytes.Join(lines[:3], nil), 0o600)
			h, _ := os.ReadFile(headOf(t, p))
			os.WriteFile(headOf(t, p), bytes.Replace(h, []byte(`"entries":4`), []byte(`"entries":3`), 1), 0o600)
		}, "head record"},
	} {
		p := ledgerWith(t, 4)
		tc.tamper(p)
		_, err := Verify(p, testKeys(p))
		var be *BrokenError
		if !errors.As(err, &be) || !strings.Contains(be.Why, tc.why) {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.why)
		}
		if err := Append(p, entry("next"), testKeys(p)); err == nil && tc.why != "does not match its MAC" {
			t.Errorf("%s: the next entry was appended to a tampered ledger", tc.name)
		}
	}
}

// TestALedgerFromBeforeTheKeyGoesOnUnderIt: unkeyed entries are verified
// by their hashes, and the keyed chain continues from the last of them.
func TestALedgerFromBeforeTheKeyGoesOnUnderIt(t *testing.T) {
	p := filepath.Join(t.TempDir(), "old.jsonl")
	os.WriteFile(p, unkeyed("Old", 2), 0o600)
	if r, err := Verify(p, testKeys(p)); err != nil || r.Entries != 2 || r.Head != nil {
		t.Fatalf("an old ledger: %+v %v", r, err)
	}
	if err := Append(p, entry("New"), testKeys(p)); err != nil {
		t.Fatal(err)
	}
	r, err := Verify(p, testKeys(p))
	if err != nil || r.Entries != 3 || r.Head == nil || r.Head.Entries != 3 {
		t.Fatalf("after the first keyed entry: %+v %v", r, err)
	}
	es, _ := Read(p)
	if es[2].Prev != es[1].Hash || es[2].MAC == "" {
		t.Error("the keyed chain does not continue from the old one")
	}
}

// unkeyed is a ledger of n entries chained by plain SHA-256, as written
// before the ledger key (or by someone rewriting a ledger without it).
func unkeyed(to string, n int) []byte {
	prev := Genesis
	var out []byte
	for i := 0; i < n; i++ {
		e := entry(fmt.Sprintf("%s %d", to, i))
		e.Prev = prev
		line, _ := e.seal()
		out = append(append(out, line...), '\n')
		prev = e.Hash
	}
	return out
}
