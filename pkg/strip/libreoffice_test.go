package strip

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/lockbox-tool/lockbox/internal/testenv"
	"github.com/lockbox-tool/lockbox/pkg/table"
)

// LibreOffice's CSV filter options: comma, double quote, UTF-8, from line
// 1; on import, quoted fields as text, special numbers detected, formulas
// evaluated; on export, raw values rather than as shown, of the first or
// of every sheet.
const (
	loImport    = "CSV:44,34,76,1,,0,false,true,false,false,false,-1,true"
	loExport    = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false"
	loExportAll = loExport + ",-1"
)

// loValue is what LibreOffice's CSV export of raw values shows for a cell
// that lockbox wrote from c.
func loValue(t *testing.T, c table.Cell) string {
	switch c.Type {
	case table.Bool:
		if c.Raw == "1" {
			return "TRUE"
		}
		return "FALSE"
	case table.Date:
		f, _ := strconv.ParseFloat(c.Raw, 64)
		d, err := excelize.ExcelDateToTime(f, false)
		if err != nil {
			t.Fatal(err)
		}
		return d.Round(1e9).Format("01/02/2006 15:04:05")
	case table.Number:
		return c.Raw
	}
	return c.Value
}

// loShows tells whether LibreOffice's CSV export of a cell lockbox wrote
// from c shows c's value. Its dates come as the cell's format or as
// mm/dd/yyyy, with or without the time: they are compared as times.
func loShows(t *testing.T, got string, c table.Cell) bool {
	if c.Type != table.Date {
		return got == loValue(t, c)
	}
	f, _ := strconv.ParseFloat(c.Raw, 64)
	want, err := excelize.ExcelDateToTime(f, false)
	if err != nil {
		t.Fatal(err)
	}
	for _, layout := range []string{"01/02/2006 15:04:05", "01/02/2006", "2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02", "2006-01"} {
		if d, err := time.Parse(layout, got); err == nil {
			return d.Equal(want.Round(time.Second))
		}
	}
	return false
}

// TestLibreOfficeOpensStrippedWorkbooks strips the sample workbook and has
// LibreOffice read the result: every sheet, every kept cell with its
// value and type (a number as a number, a date as a date, a boolean as
// TRUE or FALSE, text as it was).
func TestLibreOfficeOpensStrippedWorkbooks(t *testing.T) {
	testenv.NeedTool(t, "soffice")
	src := filepath.Join(exportsDir, "crm_workbook.xlsx")
	out, _ := run(t, src, Options{})
	dir := t.TempDir()
	book := filepath.Join(dir, "compact.xlsx")
	os.WriteFile(book, out, 0o600)
	sheets := testenv.LibreOfficeSheets(t, book, dir, loExportAll)
	in := readFile(t, src)
	stripped := readFile(t, book)
	checked := map[table.Type]int{}
	for i, sh := range stripped {
		lo := readFile(t, sheets[sh.name])[0]
		if strings.Join(lo.header, ",") != strings.Join(sh.header, ",") {
			t.Fatalf("sheet %q: LibreOffice reads the columns %q, lockbox wrote %q", sh.name, lo.header, sh.header)
		}
		if len(lo.rows) != len(in[i].rows) {
			t.Fatalf("sheet %q: LibreOffice reads %d rows, the input had %d", sh.name, len(lo.rows), len(in[i].rows))
		}
		col := map[string]int{}
		for j, h := range in[i].header {
			col[h] = j
		}
		for r, row := range lo.rows {
			for c, cell := range row {
				orig := in[i].rows[r][col[sh.header[c]]]
				if want := loValue(t, orig); cell.Value != want {
					t.Errorf("sheet %q row %d %q: LibreOffice shows %q, want %q (%s)", sh.name, r+2, sh.header[c], cell.Value, want, orig.Type)
				}
				checked[orig.Type]++
			}
		}
	}
	for _, ty := range []table.Type{table.String, table.Number, table.Date, table.Bool} {
		if checked[ty] == 0 {
			t.Errorf("no %s cell was checked", ty)
		}
	}
}

// TestLibreOfficeOpensStrippedCSV has LibreOffice read a stripped Dutch
// list (semicolons, BOM, CRLF) and a list converted to a workbook: the
// same rows and cells as lockbox wrote. A defused formula stays text; the
// same cell kept with --keep-formulas is evaluated, which is the attack.
func TestLibreOfficeOpensStrippedCSV(t *testing.T) {
	testenv.NeedTool(t, "soffice")
	dir := t.TempDir()
	src := filepath.Join(exportsDir, "klanten_nl.csv")
	opts := Options{Policy: Policy{Keep: []string{"Voornaam", "Achternaam", "Straat", "Huisnummer", "Postcode"}}}
	out, _ := run(t, src, opts)
	list := filepath.Join(dir, "list.csv")
	os.WriteFile(list, out, 0o600)
	opts.Policy.To = "xlsx"
	out, _ = run(t, src, opts)
	book := filepath.Join(dir, "book.xlsx")
	os.WriteFile(book, out, 0o600)

	want := readFile(t, list)[0]
	loList := readFile(t, testenv.LibreOffice(t, list, filepath.Join(dir, "fromcsv"), loExport, strings.Replace(loImport, "44", "59", 1)))[0]
	loBook := readFile(t, testenv.LibreOffice(t, book, filepath.Join(dir, "fromxlsx"), loExport, ""))[0]
	semicolon := table.Dialect{Delimiter: ';'}
	for name, got := range map[string]sheet{"CSV": loList, "workbook": loBook} {
		if strings.Join(got.header, ",") != strings.Join(want.header, ",") || len(got.rows) != len(want.rows) {
			t.Fatalf("%s: LibreOffice reads %q and %d rows, lockbox wrote %q and %d", name, got.header, len(got.rows), want.header, len(want.rows))
		}
		for r := range want.rows {
			for c := range want.rows[r] {
				w := want.rows[r][c].Value
				if name == "workbook" { // typed: 1751,80 is the number 1751.8
					w = loValue(t, table.Typed(want.rows[r][c], semicolon))
				}
				if got.rows[r][c].Value != w {
					t.Errorf("%s row %d %q: LibreOffice reads %q, want %q", name, r+2, want.header[c], got.rows[r][c].Value, w)
				}
			}
		}
	}

	formulas := filepath.Join(dir, "formulas.csv")
	os.WriteFile(formulas, []byte("Order,Note\n1,=1+1\n"), 0o600)
	for _, keep := range []bool{false, true} {
		out, _ := run(t, formulas, Options{Policy: Policy{Keep: []string{"Note"}}, KeepFormulas: keep})
		p := filepath.Join(dir, "f"+strconv.FormatBool(keep), "f.csv")
		os.MkdirAll(filepath.Dir(p), 0o700)
		os.WriteFile(p, out, 0o600)
		got := readFile(t, testenv.LibreOffice(t, p, filepath.Join(dir, "lo"+strconv.FormatBool(keep)), loExport, loImport))[0]
		v := got.rows[0][1].Value
		if keep && v != "2" {
			t.Errorf("with --keep-formulas LibreOffice shows %q; the test cannot tell a formula from text", v)
		}
		if !keep && v != "'=1+1" {
			t.Errorf("a defused formula shows as %q in LibreOffice, want the text '=1+1", v)
		}
	}
}

// TestLibreOfficeReadsTypedCellsFromCSV converts a Dutch list (semicolons,
// decimal commas) to a workbook and has LibreOffice read it: amounts,
// counts, ISO dates and booleans arrive as numbers, dates and booleans
// with their values; codes with leading zeros, long digit strings and
// ambiguous numbers arrive as the text they were.
func TestLibreOfficeReadsTypedCellsFromCSV(t *testing.T) {
	testenv.NeedTool(t, "soffice")
	dir := t.TempDir()
	src := filepath.Join(dir, "orders.csv")
	header := "Ordernummer;Bedrag;Aantal;Besteldatum;Maand;Betaald;Artikelcode;EAN;Gewicht"
	rows := []string{
		"10001;7705,60;442;2026-07-14;2026-07;TRUE;00123;4006381333931;1.234",
		"10002;-12,5;1;2025-12-31 09:30;2025-12;false;12345;123456789012;2,5",
		"10003;0,99;0;2024-02-29T23:59:59;2024-02;FALSE;0;40063813339310001;",
	}
	os.WriteFile(src, []byte("\ufeff"+header+"\r\n"+strings.Join(rows, "\r\n")+"\r\n"), 0o600)
	out, sum := run(t, src, Options{Policy: Policy{Keep: strings.Split(header, ";"), To: "xlsx"}})
	if sum.Tables[0].RowsWritten != len(rows) {
		t.Fatalf("%d rows written, want %d", sum.Tables[0].RowsWritten, len(rows))
	}
	book := filepath.Join(dir, "orders.xlsx")
	os.WriteFile(book, out, 0o600)

	in := readFile(t, src)[0]
	typed := readFile(t, book)[0]
	x, err := excelize.OpenFile(book)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	lo := readFile(t, testenv.LibreOffice(t, book, filepath.Join(dir, "lo"), loExport, ""))[0]
	wantType := map[string]table.Type{
		"Ordernummer": table.Number, "Bedrag": table.Number, "Aantal": table.Number,
		"Besteldatum": table.Date, "Maand": table.Date, "Betaald": table.Bool,
		"Artikelcode": table.String, "EAN": table.String, "Gewicht": table.String,
	}
	exceptions := map[string]table.Type{"Artikelcode 12345": table.Number, "Artikelcode 0": table.Number, "Gewicht 2,5": table.Number}
	for r := range in.rows {
		for c, cell := range in.rows[r] {
			name := in.header[c]
			want, ok := exceptions[name+" "+cell.Value]
			if !ok {
				want = wantType[name]
			}
			if cell.Type == table.Empty {
				want = table.Empty
			}
			got := table.Empty
			if c < len(typed.rows[r]) {
				got = typed.rows[r][c].Type
			}
			// lockbox's reader takes text that looks like a number for
			// one; the cell's own type says what was written.
			axis, _ := excelize.CoordinatesToCellName(c+1, r+2)
			if ct, _ := x.GetCellType(x.GetSheetName(0), axis); ct == excelize.CellTypeInlineString {
				got = table.String
			}
			if got != want {
				t.Errorf("row %d %q (%q): written as %s, want %s", r+2, name, cell.Value, got, want)
			}
			if got == table.Empty {
				continue
			}
			if !loShows(t, lo.rows[r][c].Value, table.Typed(cell, table.Dialect{Delimiter: ';'})) {
				t.Errorf("row %d %q: LibreOffice reads %q, want %q", r+2, name, lo.rows[r][c].Value, cell.Value)
			}
		}
	}
}
