package table

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/lockbox-tool/lockbox/pkg/atomicfile"
	"github.com/xuri/excelize/v2"
)

func writeWorkbook(t *testing.T, build func(f *excelize.File), opts ...excelize.Options) string {
	t.Helper()
	f := excelize.NewFile()
	build(f)
	p := filepath.Join(t.TempDir(), "book.xlsx")
	if err := f.SaveAs(p, opts...); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestXLSXTypedCellsOnEverySheet(t *testing.T) {
	p := writeWorkbook(t, func(f *excelize.File) {
		f.SetSheetName("Sheet1", "Klanten")
		f.SetSheetRow("Klanten", "A1", &[]any{"Name", "Born", "Spent", "Opted in", "Postcode", "Code"})
		f.SetSheetRow("Klanten", "A2", &[]any{"Jan", time.Date(1980, 5, 17, 0, 0, 0, 0, time.UTC), 1234.5, true, "0612", "123"})
		f.SetCellInt("Klanten", "C3", 7) // a row with only one cell: not ragged in a worksheet
		dateStyle, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
		f.SetCellStyle("Klanten", "B2", "B2", dateStyle)
		f.NewSheet("Orders")
		sw, _ := f.NewStreamWriter("Orders")
		sw.SetRow("A1", []any{"Order", "Amount"})
		sw.SetRow("A2", []any{"A-1", 10})
		sw.SetRow("A4", []any{"A-2", 20}) // row 3 is blank
		sw.Flush()
		f.NewSheet("Empty")
	})
	f, err := Open(p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if f.Format != XLSX || strings.Join(f.Sheets(), ",") != "Klanten,Orders,Empty" {
		t.Fatalf("format %v sheets %v", f.Format, f.Sheets())
	}
	s, err := f.Sheet("Klanten")
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Header()) != 6 || s.Header()[1].Value != "Born" {
		t.Fatalf("header %+v", s.Header())
	}
	r, err := s.Next()
	if err != nil {
		t.Fatal(err)
	}
	want := []Type{String, Date, Number, Bool, String, Number}
	for i, c := range r.Cells {
		if c.Type != want[i] {
			t.Errorf("cell %d %+v: type %v, want %v", i, c, c.Type, want[i])
		}
	}
	if tm, ok := r.Cells[1].Time(); !ok || tm.Format("2006-01-02") != "1980-05-17" {
		t.Errorf("date %v %v from %+v", tm, ok, r.Cells[1])
	}
	if r.Cells[3].Value != "TRUE" || r.Cells[4].Value != "0612" || r.Cells[2].Raw != "1234.5" {
		t.Errorf("cells %+v", r.Cells)
	}
	if r, err = s.Next(); err != nil || r.Line != 3 || len(r.Cells) != 3 || r.Cells[2].Raw != "7" || r.Cells[0].Type != Empty {
		t.Errorf("row 3 %+v %v", r, err)
	}
	if _, err = s.Next(); err != io.EOF {
		t.Errorf("want EOF, got %v", err)
	}
	if st := s.Stats(); st.Rows != 2 || st.Ragged != 0 {
		t.Errorf("stats %+v", st)
	}

	o, _ := f.Sheet("Orders")
	var amounts []string
	for {
		r, err := o.Next()
		if err != nil {
			break
		}
		amounts = append(amounts, r.Cells[0].Value+"="+r.Cells[1].Raw)
	}
	if strings.Join(amounts, " ") != "A-1=10 A-2=20" || o.Stats().Blank != 1 {
		t.Errorf("orders %v stats %+v", amounts, o.Stats())
	}
	e, _ := f.Sheet("Empty")
	if _, err := e.Next(); err != io.EOF || len(e.Header()) != 0 {
		t.Errorf("empty sheet: %v %v", e.Header(), err)
	}
	if _, err := f.Sheet("Nope"); err == nil {
		t.Error("unknown sheet opened")
	}
}

func TestXLSXSpillFilesArePrivateAndRemoved(t *testing.T) {
	p := writeWorkbook(t, func(f *excelize.File) {
		sw, _ := f.NewStreamWriter("Sheet1")
		for i := 1; i <= 5000; i++ {
			cell, _ := excelize.CoordinatesToCellName(1, i)
			sw.SetRow(cell, []any{"some text that makes the sheet big", i, "more text, more text"})
		}
		sw.Flush()
	})
	f, err := Open(p, Options{excelize: true, inMemoryXML: 64 << 10}) // the fast reader spills nothing
	if err != nil {
		t.Fatal(err)
	}
	s, _ := f.Sheet("Sheet1")
	s.Next()
	pending := atomicfile.Pending()
	if len(pending) != 1 {
		t.Fatalf("scratch dirs %v", pending)
	}
	fi, _ := os.Stat(pending[0])
	spilled, _ := os.ReadDir(pending[0])
	if fi.Mode().Perm() != 0o700 || len(spilled) == 0 {
		t.Errorf("scratch dir mode %v with %d files; the sheet should have spilled", fi.Mode(), len(spilled))
	}
	f.Close()
	if _, err := os.Stat(pending[0]); !os.IsNotExist(err) || len(atomicfile.Pending()) != 0 {
		t.Errorf("scratch dir left behind")
	}
}

func TestXLSXRefusals(t *testing.T) {
	dir := t.TempDir()
	bomb := filepath.Join(dir, "bomb.xlsx")
	writeZip(t, bomb, map[string]int{"xl/workbook.xml": 10, "xl/worksheets/sheet1.xml": 50 << 20})
	big := filepath.Join(dir, "big.xlsx")
	writeZip(t, big, map[string]int{"xl/workbook.xml": 10, "a.txt": 1 << 20, "b.txt": 1 << 20})
	notBook := filepath.Join(dir, "photos.zip")
	writeZip(t, notBook, map[string]int{"photo.jpg": 10})
	protected := writeWorkbook(t, func(f *excelize.File) { f.SetCellValue("Sheet1", "A1", "secret") }, excelize.Options{Password: "pw"})
	xls := filepath.Join(dir, "old.xls")
	os.WriteFile(xls, append(oleMagic, make([]byte, 512)...), 0o600)

	tests := []struct {
		path string
		opts Options
		want error
		msg  string
	}{
		{bomb, Options{}, ErrLimit, "zip bomb"},
		{big, Options{MaxUnzip: 1 << 20}, ErrLimit, "more than 1 MiB"},
		{notBook, Options{}, ErrFormat, "not an XLSX"},
		{protected, Options{}, ErrPassword, "Office password"},
		{xls, Options{}, ErrFormat, "97-2003"},
	}
	for _, tt := range tests {
		start := time.Now()
		_, err := Open(tt.path, tt.opts)
		if !errors.Is(err, tt.want) || !strings.Contains(err.Error(), tt.msg) {
			t.Errorf("%s: err %v, want %v with %q", filepath.Base(tt.path), err, tt.want, tt.msg)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Logf("%s took %v", tt.path, d) // reported, not asserted: timing is for benchmarks
		}
	}
	if len(atomicfile.Pending()) != 0 {
		t.Errorf("scratch left behind: %v", atomicfile.Pending())
	}
}

// writeZip writes members of the given sizes, all zero bytes.
func writeZip(t *testing.T, p string, members map[string]int) {
	t.Helper()
	fh, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(fh)
	for name, size := range members {
		w, _ := zw.Create(name)
		w.Write(make([]byte, size))
	}
	zw.Close()
	fh.Close()
}

func TestXLSXCellTypeInference(t *testing.T) {
	tests := []struct {
		raw, shown string
		want       Type
	}{
		{"", "", Empty},
		{"1", "TRUE", Bool},
		{"45296", "01-05-24", Date},
		{"45296.5", "1/5/24 12:00", Date},
		{"45296", "5-Jan-24", Date},
		{"45296", "05.01.2024", Date},
		{"1234.5", "1,234.50", Number},
		{"1234567", "1.234.567", Number},
		{"0.12", "12%", Number},
		{"-3", "-3", Number},
		{"0612", "0612", String},
		{"+31612345678", "+31612345678", String},
		{"1e5x", "1e5x", String},
		{"NaN", "NaN", String},
		{"Jan", "Jan", String},
	}
	for _, tt := range tests {
		if got := xlsxCell(tt.raw, tt.shown).Type; got != tt.want {
			t.Errorf("xlsxCell(%q, %q) = %v, want %v", tt.raw, tt.shown, got, tt.want)
		}
	}
}

// A 1904-based workbook's dates mean the same days as a 1900-based one's:
// the cell's serial and time are those of the 1900 system, so that a
// strip writes the same day and an age band counts from the right year.
// Hidden sheets are read, and listed as hidden.
func TestXLSX1904DatesAndHiddenSheets(t *testing.T) {
	for _, date1904 := range []bool{false, true} {
		p := writeWorkbook(t, func(f *excelize.File) {
			f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &date1904})
			f.SetSheetRow("Sheet1", "A1", &[]any{"Born"})
			// 1980-05-17 is serial 29358 from 1900 and 27896 from 1904.
			serial := 29358
			if date1904 {
				serial -= 1462
			}
			f.SetCellInt("Sheet1", "A2", int64(serial))
			st, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
			f.SetCellStyle("Sheet1", "A2", "A2", st)
			f.NewSheet("Notes")
			f.NewSheet("Internal")
			f.SetSheetVisible("Internal", false)
		})
		for _, slow := range []bool{false, true} {
			f, err := Open(p, Options{excelize: slow})
			if err != nil {
				t.Fatal(err)
			}
			s, err := f.Sheet("Sheet1")
			if err != nil {
				t.Fatal(err)
			}
			r, err := s.Next()
			if err != nil {
				t.Fatal(err)
			}
			c := r.Cells[0]
			tm, ok := c.Time()
			if c.Type != Date || c.Raw != "29358" || !ok || tm.Format("2006-01-02") != "1980-05-17" || c.Value != "05-17-80" {
				t.Errorf("1904=%v excelize=%v: cell %+v time %v", date1904, slow, c, tm)
			}
			if got := strings.Join(f.Hidden(), ","); got != "Internal" {
				t.Errorf("1904=%v excelize=%v: hidden sheets %q, want Internal", date1904, slow, got)
			}
			f.Close()
		}
	}
}

// A zip that declares small parts and holds a bomb: archive/zip stops at
// the declared size, so the reader fails long before the bomb unpacks.
func TestXLSXLyingZipSizes(t *testing.T) {
	for _, part := range []string{"xl/worksheets/sheet1.xml", "xl/sharedStrings.xml"} {
		p := writeWorkbook(t, func(f *excelize.File) {
			f.SetCellValue("Sheet1", "A1", "Name")
			f.SetCellValue("Sheet1", "A2", "Ann")
		})
		zr, err := zip.OpenReader(p)
		if err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(t.TempDir(), "liar.xlsx")
		fh, _ := os.Create(out)
		zw := zip.NewWriter(fh)
		for _, m := range zr.File {
			if m.Name == part {
				continue
			}
			if err := zw.Copy(m); err != nil {
				t.Fatal(err)
			}
		}
		// 256 MiB of '<' inflated from about 250 KB, declared as 2 KB.
		var bomb bytes.Buffer
		fw, _ := flate.NewWriter(&bomb, flate.BestCompression)
		chunk := bytes.Repeat([]byte("<"), 1<<20)
		for i := 0; i < 256; i++ {
			fw.Write(chunk)
		}
		fw.Close()
		w, err := zw.CreateRaw(&zip.FileHeader{Name: part, Method: zip.Deflate,
			CompressedSize64: uint64(bomb.Len()), UncompressedSize64: 2048, CRC32: 0})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(bomb.Bytes())
		zw.Close()
		fh.Close()
		zr.Close()
		// excelize, the fallback reader, stops at the declared size too, but
		// silently: it is not asked to refuse here.
		if err := readErr(out, Options{}); !errors.Is(err, ErrFormat) {
			t.Errorf("%s: err %v, want ErrFormat", part, err)
		}
	}
}

// writeParts writes a workbook from its XML parts, as a hostile or odd
// generator would.
func writeParts(t *testing.T, parts map[string]string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "parts.xlsx")
	fh, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(fh)
	for name, body := range parts {
		w, _ := zw.Create(name)
		w.Write([]byte(body))
	}
	zw.Close()
	fh.Close()
	return p
}

func workbookParts(encoding, sheet string) map[string]string {
	return map[string]string{
		"[Content_Types].xml": `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`,
		"xl/workbook.xml": `<?xml version="1.0" encoding="` + encoding + `"?>` +
			`<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
			`<sheets><sheet name="Kunden" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
		"xl/worksheets/sheet1.xml": `<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` + sheet + `</sheetData></worksheet>`,
	}
}

// TestWorkbookInALatinEncodingIsReadByTheOneReader: a workbook.xml that
// declares ISO-8859-1 made the fast reader give up and excelize take over
// silently, which then counted out <row r="99999999999"> one row at a
// time (a 2 KB file hung inspect, strip and scan). It is read by the one
// reader, which refuses the row number.
func TestWorkbookInALatinEncodingIsReadByTheOneReader(t *testing.T) {
	ok := writeParts(t, workbookParts("ISO-8859-1", `<row r="1"><c r="A1" t="inlineStr"><is><t>Name</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>Ann</t></is></c></row>`))
	_, header, rows, _ := readAllPath(t, ok)
	if len(header) != 1 || header[0] != "Name" || len(rows) != 1 || rows[0][0] != "Ann" {
		t.Errorf("header %q rows %q", header, rows)
	}
	hostile := writeParts(t, workbookParts("ISO-8859-1", `<row r="1"><c r="A1" t="inlineStr"><is><t>Name</t></is></c></row><row r="99999999999"><c r="A99999999999" t="inlineStr"><is><t>x</t></is></c></row>`))
	if err := readErr(hostile, Options{}); !errors.Is(err, ErrFormat) || !strings.Contains(err.Error(), "past Excel's last row") {
		t.Errorf("a row number past Excel's last row: %v", err)
	}
	odd := writeParts(t, workbookParts("x-unknown-charset", ``))
	if _, err := Open(odd, Options{}); !errors.Is(err, ErrFormat) || !strings.Contains(err.Error(), "not a readable XLSX workbook") {
		t.Errorf("an encoding nobody knows: %v", err)
	}
}

// readAllPath is readAll for a file already written.
func readAllPath(t *testing.T, p string) (*File, []string, [][]string, Stats) {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return readAll(t, b, Options{})
}
