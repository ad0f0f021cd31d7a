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
		if err := Append(p, entry(fmt.Sprintf("Recipient %d", i))); err != nil {
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
	if es[0].Prev != Genesis || es[1].Prev != es[0].Hash || es[2].Prev != es[1].Hash {
		t.Error("entries are not chained")
	}
	if n, err := Verify(p); err != nil || n != 3 {
		t.Errorf("verify: %d, %v", n, err)
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
		_, err := Verify(p)
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
	p := ledgerWith(t, 2)
	data, _ := os.ReadFile(p)
	lines := bytes.SplitAfter(data, []byte("\n"))
	half := lines[1][:len(lines[1])/2]
	os.WriteFile(p, append(append([]byte(nil), lines[0]...), half...), 0o600)
	_, err := Verify(p)
	var be *BrokenError
	if !errors.As(err, &be) || be.Line != 2 || !strings.Contains(be.Why, "cut short") {
		t.Fatalf("torn ledger: %v", err)
	}
	e := entry("After the crash")
	if err := Append(p, e); err != nil {
		t.Fatal(err)
	}
	if e.Torn == nil || e.Torn.Bytes != len(half) {
		t.Errorf("the new entry does not record the torn line: %+v", e.Torn)
	}
	first, _ := Read(p)
	if e.Prev != first[0].Hash {
		t.Error("the new entry builds on the torn line")
	}
	if n, err := Verify(p); err != nil || n != 2 {
		t.Errorf("after the append: %d, %v", n, err)
	}
	// A torn line that no entry records is not accepted in the middle.
	data, _ = os.ReadFile(p)
	os.WriteFile(p, bytes.Replace(data, []byte(`"torn_line_before"`), []byte(`"torn_line_befor"`), 1), 0o600)
	if _, err := Verify(p); err == nil {
		t.Error("an unrecorded torn line is accepted")
	}
}

func TestAppendRefusesToBuildOnAnAlteredLastEntry(t *testing.T) {
	p := ledgerWith(t, 1)
	os.WriteFile(p, []byte("{\"garbage\": true}\n"), 0o600)
	var be *BrokenError
	if err := Append(p, entry("x")); !errors.As(err, &be) {
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
			if err := Append(p, entry(fmt.Sprintf("R%d", i))); err != nil {
				t.Error(err)
			}
		}(i)
	}
	wg.Wait()
	if n, err := Verify(p); err != nil || n != 20 {
		t.Errorf("%d entries, %v", n, err)
	}
}

func TestALongLedgerTailIsFound(t *testing.T) {
	p := ledgerWith(t, 0)
	e := entry("big")
	for i := 0; i < 5000; i++ {
		e.Removed = append(e.Removed, fmt.Sprintf("Column %d", i))
	}
	if err := Append(p, e); err != nil {
		t.Fatal(err)
	}
	if err := Append(p, entry("after")); err != nil {
		t.Fatal(err)
	}
	if n, err := Verify(p); err != nil || n != 2 {
		t.Errorf("%d, %v", n, err)
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
