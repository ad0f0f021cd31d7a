package inspect

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/lockbox-tool/lockbox/internal/testenv"
	"github.com/lockbox-tool/lockbox/pkg/classify"
	"github.com/lockbox-tool/lockbox/pkg/table"
)

type expectedColumn struct{ Name, Class, Kind string }
type expectedTable struct {
	Name    string
	Columns []expectedColumn
}

// TestSampleExportsAreClassifiedAsLabelled checks every column of the
// sample exports in testdata/exports, and of those in the shapes real
// files come in (testdata/shapes), against the labels written by
// internal/samplegen, and reports precision and recall per class
// (go test -v -run SampleExports ./pkg/inspect).
func TestSampleExportsAreClassifiedAsLabelled(t *testing.T) {
	confusion := testenv.Confusion{}
	for _, dir := range []string{"exports", "shapes"} {
		checkLabelled(t, filepath.Join("..", "..", "testdata", dir), confusion)
	}
	t.Logf("classes of the sample exports' columns:\n%s", confusion.Report())
}

func checkLabelled(t *testing.T, dir string, confusion testenv.Confusion) {
	b, err := os.ReadFile(filepath.Join(dir, "expected.json"))
	if err != nil {
		t.Fatal(err)
	}
	var expected map[string][]expectedTable
	if err := json.Unmarshal(b, &expected); err != nil {
		t.Fatal(err)
	}
	files := make([]string, 0, len(expected))
	for f := range expected {
		files = append(files, f)
	}
	sort.Strings(files)
	for _, file := range files {
		rep, err := File(filepath.Join(dir, file), Options{Class: classify.Options{Now: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)}})
		if err != nil {
			t.Errorf("%s: %v", file, err)
			continue
		}
		if len(rep.Tables) != len(expected[file]) {
			t.Errorf("%s: %d tables, want %d", file, len(rep.Tables), len(expected[file]))
			continue
		}
		for ti, want := range expected[file] {
			got := rep.Tables[ti]
			// Cells beyond the header are columns of their own, never sent.
			for len(got.Columns) > 0 && got.Columns[len(got.Columns)-1].Beyond {
				if c := got.Columns[len(got.Columns)-1]; c.Class == classify.Transactional {
					t.Errorf("%s: cells beyond the header taken for transactional: %s", file, c.Evidence)
				}
				got.Columns, got.Ragged = got.Columns[:len(got.Columns)-1], 0
			}
			if got.Name != want.Name || len(got.Columns) != len(want.Columns) || got.Ragged != 0 {
				t.Errorf("%s: table %q with %d columns (%d ragged rows), want %q with %d", file, got.Name, len(got.Columns), got.Ragged, want.Name, len(want.Columns))
				continue
			}
			for i, w := range want.Columns {
				g := got.Columns[i]
				confusion.Add(w.Class, string(g.Class))
				if g.Name != w.Name || string(g.Class) != w.Class || string(g.Kind) != w.Kind {
					t.Errorf("%s / %s: column %q is %s/%s, want %s/%s (evidence: %s)", file, got.Name, w.Name, g.Class, g.Kind, w.Class, w.Kind, g.Evidence)
				}
			}
		}
	}
}

// TestSampleExportsByValuesAlone hides every header ("Column 1", ...) and
// reports how far the value detectors get on their own. Headers carry most
// of the signal, so recall is lower; the floors below keep the detectors
// from quietly getting worse.
func TestSampleExportsByValuesAlone(t *testing.T) {
	dir := filepath.Join("..", "..", "testdata", "exports")
	b, err := os.ReadFile(filepath.Join(dir, "expected.json"))
	if err != nil {
		t.Fatal(err)
	}
	var expected map[string][]expectedTable
	json.Unmarshal(b, &expected)
	confusion := testenv.Confusion{}
	var missed []string
	for file, tables := range expected {
		f, err := table.Open(filepath.Join(dir, file), table.Options{})
		if err != nil {
			t.Fatal(err)
		}
		for ti, name := range f.Sheets() {
			s, _ := f.Sheet(name)
			header := make([]string, len(s.Header()))
			for i := range header {
				header[i] = fmt.Sprintf("Column %d", i+1)
			}
			cl := classify.New(header, classify.Options{Now: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)})
			for {
				r, err := s.Next()
				if err != nil {
					break
				}
				cl.Add(r.Cells)
			}
			for i, col := range cl.Columns() {
				want := tables[ti].Columns[i]
				confusion.Add(want.Class, string(col.Class))
				if want.Class != "transactional" && col.Class == classify.Transactional {
					missed = append(missed, want.Kind)
				}
			}
		}
		f.Close()
	}
	recall := map[string]float64{"personal": confusion.Recall("personal"), "transactional": confusion.Recall("transactional")}
	sort.Strings(missed)
	t.Logf("values alone, headers hidden:\n%sprotected columns taken for transactional, by kind: %v", confusion.Report(), missed)
	// Personal data is found by its values more often than not, and
	// transactional columns are mostly left alone.
	if recall["personal"] < 0.6 || recall["transactional"] < 0.6 {
		t.Errorf("value detectors got worse: recall %v", recall)
	}
}
