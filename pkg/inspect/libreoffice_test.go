package inspect

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/lockbox-tool/lockbox/internal/testenv"
	"github.com/lockbox-tool/lockbox/pkg/classify"
	"github.com/lockbox-tool/lockbox/pkg/table"
)

// TestWorkbooksSavedByLibreOfficeReadLikeTheirCSV has LibreOffice turn
// sample CSV exports into real-world XLSX (shared strings, styles, dates
// it detects itself) and checks that lockbox reads the same rows and
// gives every column the same class as in the CSV.
func TestWorkbooksSavedByLibreOfficeReadLikeTheirCSV(t *testing.T) {
	out := t.TempDir()
	for _, tc := range []struct{ file, filter string }{
		{"klanten_nl.csv", "CSV:59,34,76,1"},          // semicolon, UTF-8
		{"hubspot_contacts.csv", "CSV:44,34,76,1"},    // comma, UTF-8
		{"therapist_clients.txt", "CSV:9,34,65535,1"}, // tab, UTF-16
	} {
		src := filepath.Join("..", "..", "testdata", "exports", tc.file)
		// LibreOffice opens .txt as a text document: give it a .csv name.
		data, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		in := filepath.Join(t.TempDir(), strings.TrimSuffix(tc.file, filepath.Ext(tc.file))+".csv")
		os.WriteFile(in, data, 0o600)
		book := testenv.LibreOffice(t, in, out, "xlsx", tc.filter)
		opts := Options{Class: classify.Options{Now: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)}}
		fromCSV, err := File(src, opts)
		if err != nil {
			t.Fatal(err)
		}
		fromXLSX, err := File(book, opts)
		if err != nil {
			t.Fatalf("%s: %v", filepath.Base(book), err)
		}
		c, x := fromCSV.Tables[0], fromXLSX.Tables[0]
		if x.Rows != c.Rows || len(x.Columns) != len(c.Columns) {
			t.Errorf("%s: %d rows and %d columns from LibreOffice's XLSX, %d and %d from the CSV", tc.file, x.Rows, len(x.Columns), c.Rows, len(c.Columns))
			continue
		}
		for i := range c.Columns {
			if x.Columns[i].Name != c.Columns[i].Name || x.Columns[i].Class != c.Columns[i].Class {
				t.Errorf("%s: column %q is %s in the XLSX (%s), %s in the CSV", tc.file, c.Columns[i].Name,
					x.Columns[i].Class, x.Columns[i].Evidence, c.Columns[i].Class)
			}
		}
	}
}

// TestLibreOfficeCellTypes checks numbers, dates, booleans and text in a
// workbook LibreOffice wrote.
func TestLibreOfficeCellTypes(t *testing.T) {
	dir := t.TempDir()
	csv := filepath.Join(dir, "types.csv")
	os.WriteFile(csv, []byte("Name,Amount,Day,Flag\nJan,12.5,2024-01-05,TRUE\n"), 0o600)
	book := testenv.LibreOffice(t, csv, dir, "xlsx", "CSV:44,34,76,1")
	f, err := table.Open(book, table.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s, err := f.Sheet(f.Sheets()[0])
	if err != nil {
		t.Fatal(err)
	}
	r, err := s.Next()
	if err != nil {
		t.Fatal(err)
	}
	want := []table.Type{table.String, table.Number, table.Date, table.Bool}
	for i, c := range r.Cells {
		if c.Type != want[i] {
			t.Errorf("cell %d %+v: %v, want %v", i, c, c.Type, want[i])
		}
	}
	if d, ok := r.Cells[2].Time(); !ok || d.Format("2006-01-02") != "2024-01-05" {
		t.Errorf("date cell %+v reads as %v", r.Cells[2], d)
	}
}
