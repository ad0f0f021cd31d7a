package inspect

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

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
	confusion := map[string]map[string]int{} // confusion[want][got] counts columns
	for _, dir := range []string{"exports", "shapes"} {
		checkLabelled(t, filepath.Join("..", "..", "testdata", dir), confusion)
	}
	var report strings.Builder
	fmt.Fprintf(&report, "%-14s %9s %9s %8s\n", "class", "precision", "recall", "columns")
	for _, c := range []string{"transactional", "personal", "sensitive"} {
		tp, labelled, predicted := confusion[c][c], 0, 0
		for _, n := range confusion[c] {
			labelled += n
		}
		for _, row := range confusion {
			predicted += row[c]
		}
		fmt.Fprintf(&report, "%-14s %9s %9s %8d\n", c, ratio(tp, predicted), ratio(tp, labelled), labelled)
	}
	t.Logf("classes of the sample exports' columns:\n%s", report.String())
}

func checkLabelled(t *testing.T, dir string, confusion map[string]map[string]int) {
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
				if confusion[w.Class] == nil {
					confusion[w.Class] = map[string]int{}
				}
				confusion[w.Class][string(g.Class)]++
				if g.Name != w.Name || string(g.Class) != w.Class || string(g.Kind) != w.Kind {
					t.Errorf("%s / %s: column %q is %s/%s, want %s/%s (evidence: %s)", file, got.Name, w.Name, g.Class, g.Kind, w.Class, w.Kind, g.Evidence)
				}
			}
		}
	}
}

func ratio(a, b int) string {
	if b == 0 {
		return "n/a"
	}
	return fmt.Sprintf("%.3f", float64(a)/float64(b))
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
	confusion := map[string]map[string]int{}
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
				if confusion[want.Class] == nil {
					confusion[want.Class] = map[string]int{}
				}
				confusion[want.Class][string(col.Class)]++
				if want.Class != "transactional" && col.Class == classify.Transactional {
					missed = append(missed, want.Kind)
				}
			}
		}
		f.Close()
	}
	var report strings.Builder
	fmt.Fprintf(&report, "%-14s %9s %9s\n", "class", "precision", "recall")
	recall := map[string]float64{}
	for _, c := range []string{"transactional", "personal", "sensitive"} {
		tp, labelled, predicted := confusion[c][c], 0, 0
		for _, n := range confusion[c] {
			labelled += n
		}
		for _, row := range confusion {
			predicted += row[c]
		}
		recall[c] = float64(tp) / float64(max(labelled, 1))
		fmt.Fprintf(&report, "%-14s %9s %9s\n", c, ratio(tp, predicted), ratio(tp, labelled))
	}
	sort.Strings(missed)
	t.Logf("values alone, headers hidden:\n%sprotected columns taken for transactional, by kind: %v", report.String(), missed)
	// Personal data is found by its values more often than not, and
	// transactional columns are mostly left alone.
	if recall["personal"] < 0.6 || recall["transactional"] < 0.6 {
		t.Errorf("value detectors got worse: recall %v", recall)
	}
}
