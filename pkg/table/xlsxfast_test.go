package table

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/lockbox-tool/lockbox/internal/testenv"
	"github.com/xuri/excelize/v2"
)

// sheetDump is everything a reader gives for one sheet.
type sheetDump struct {
	Header []Cell
	Rows   []Row
	Stats  Stats
}

func dumpWorkbook(t *testing.T, p string, excelizeReader bool) map[string]sheetDump {
	t.Helper()
	f, err := Open(p, Options{excelize: excelizeReader})
	if err != nil {
		t.Fatalf("%s: %v", p, err)
	}
	defer f.Close()
	if (f.x.fast != nil) == excelizeReader {
		t.Fatalf("%s: wrong reader (fast %v)", p, f.x.fast != nil)
	}
	out := map[string]sheetDump{}
	for _, name := range f.Sheets() {
		s, err := f.Sheet(name)
		if err != nil {
			t.Fatal(err)
		}
		d := sheetDump{Header: append([]Cell(nil), s.Header()...)}
		for {
			r, err := s.Next()
			if err == io.EOF {
				break
			} else if err != nil {
				t.Fatal(err)
			}
			r.Cells = append([]Cell(nil), r.Cells...)
			d.Rows = append(d.Rows, r)
		}
		d.Stats = s.Stats()
		out[name] = d
	}
	return out
}

// sameAsExcelize checks that the fast reader gives exactly excelize's
// cells: types, shown and stored values, line numbers and statistics.
func sameAsExcelize(t *testing.T, p string) {
	t.Helper()
	fast, slow := dumpWorkbook(t, p, false), dumpWorkbook(t, p, true)
	if !reflect.DeepEqual(fast, slow) {
		for name := range slow {
			f, s := fast[name], slow[name]
			if !reflect.DeepEqual(f.Header, s.Header) {
				t.Errorf("%s %s: header\n%+v\nexcelize %+v", filepath.Base(p), name, f.Header, s.Header)
			}
			for i := 0; i < max(len(f.Rows), len(s.Rows)); i++ {
				if i >= len(f.Rows) || i >= len(s.Rows) || !reflect.DeepEqual(f.Rows[i], s.Rows[i]) {
					t.Errorf("%s %s: row %d\n%+v\nexcelize %+v", filepath.Base(p), name, i, at(f.Rows, i), at(s.Rows, i))
					break
				}
			}
			f.Stats.NoResult = 0 // counted by the fast reader only: excelize does not say
			if !reflect.DeepEqual(f.Stats, s.Stats) {
				t.Errorf("%s %s: stats %+v, excelize %+v", filepath.Base(p), name, f.Stats, s.Stats)
			}
		}
		if len(fast) != len(slow) {
			t.Errorf("%s: sheets %d, excelize %d", p, len(fast), len(slow))
		}
	}
}

func at(rows []Row, i int) any {
	if i < len(rows) {
		return rows[i]
	}
	return "none"
}

func TestFastXLSXReadsWhatExcelizeReads(t *testing.T) {
	files, _ := filepath.Glob("../../testdata/exports/*.xlsx")
	if len(files) == 0 {
		t.Fatal("no test workbooks")
	}
	files = append(files, kitchenSink(t, false), kitchenSink(t, true), handWritten(t))
	for _, p := range files {
		sameAsExcelize(t, p)
	}
}

// LibreOffice writes workbooks its own way (shared strings for all text,
// styles on every cell): its files must read the same too.
func TestFastXLSXReadsLibreOfficeWorkbooks(t *testing.T) {
	testenv.NeedTool(t, "soffice")
	for _, src := range []string{kitchenSink(t, false), "../../testdata/exports/crm_workbook.xlsx"} {
		ods := testenv.LibreOffice(t, src, t.TempDir(), "ods", "")
		sameAsExcelize(t, testenv.LibreOffice(t, ods, t.TempDir(), "xlsx:Calc MS Excel 2007 XML", ""))
	}
}

// kitchenSink writes a workbook with every kind of cell and many number
// formats, sparse rows and cells, and several sheets.
func kitchenSink(t *testing.T, date1904 bool) string {
	return writeWorkbook(t, func(f *excelize.File) {
		if date1904 {
			f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &date1904})
		}
		f.SetSheetName("Sheet1", "Typed")
		f.SetSheetRow("Typed", "A1", &[]any{"Name", "When", "Amount", "Flag", "Code", "Note"})
		row := 2
		for _, id := range []int{0, 1, 2, 3, 4, 9, 10, 11, 12, 14, 15, 16, 17, 18, 19, 20, 21, 22, 37, 38, 45, 46, 47, 48, 49} {
			st, _ := f.NewStyle(&excelize.Style{NumFmt: id})
			for _, v := range []any{45296, 45296.75, -1234.5678, 0.125, 1e20, 0.1 + 0.2, 60, 30} {
				cell, _ := excelize.CoordinatesToCellName(3, row)
				f.SetCellValue("Typed", cell, v)
				f.SetCellStyle("Typed", cell, cell, st)
				name, _ := excelize.CoordinatesToCellName(1, row)
				f.SetCellValue("Typed", name, fmt.Sprintf("fmt %d", id))
				f.SetCellStyle("Typed", name, name, st)
				row++
			}
		}
		for _, code := range []string{"yyyy-mm-dd", "dd/mm/yyyy hh:mm", "#,##0.00 €", "0.0%", "[Red]-0.00", `"Tel: "@`, "d mmmm yyyy"} {
			code := code
			st, _ := f.NewStyle(&excelize.Style{CustomNumFmt: &code})
			for _, v := range []any{45296, 12.5, "0612", -3} {
				cell, _ := excelize.CoordinatesToCellName(2, row)
				f.SetCellValue("Typed", cell, v)
				f.SetCellStyle("Typed", cell, cell, st)
				row++
			}
		}
		f.SetCellValue("Typed", fmt.Sprintf("A%d", row), time.Date(1980, 5, 17, 0, 0, 0, 0, time.UTC))
		f.SetCellBool("Typed", fmt.Sprintf("D%d", row), true)
		f.SetCellBool("Typed", fmt.Sprintf("D%d", row+1), false)
		f.SetCellStr("Typed", fmt.Sprintf("E%d", row+2), "0612 & <co> \"q\" 'a'")
		f.SetCellStr("Typed", fmt.Sprintf("F%d", row+2), "line one\nline two\r\nthree\ttab _x0008_ _x005F_x0041_")
		f.SetCellStr("Typed", fmt.Sprintf("F%d", row+3), "  padded  ")
		f.SetCellFormula("Typed", fmt.Sprintf("C%d", row+3), "SUM(C2:C3)")
		f.SetCellRichText("Typed", fmt.Sprintf("A%d", row+5), []excelize.RichTextRun{{Text: "bold "}, {Text: "and plain", Font: &excelize.Font{Bold: true}}})
		f.SetCellValue("Typed", fmt.Sprintf("F%d", row+9), "after blank rows")
		f.SetCellValue("Typed", "Z3", "far right")
		f.NewSheet("Stream")
		sw, _ := f.NewStreamWriter("Stream")
		sw.SetRow("A1", []any{"Order", "Amount", "Text"})
		sw.SetRow("A2", []any{"A-1", 10, "inline <string> & more"})
		sw.SetRow("B5", []any{20.25, "Zoë", true})
		sw.SetRow("A6", []any{excelize.Cell{Value: "styled"}, nil, excelize.Cell{Formula: "1/0"}})
		sw.Flush()
		f.NewSheet("Empty")
		f.NewSheet("Header only")
		f.SetSheetRow("Header only", "B3", &[]any{"x", "y"})
	})
}

// handWritten is a workbook excelize would not write: prefixed element
// names, cells without references, rows without numbers, ISO date and
// error cells, phonetic runs, comments, CDATA and character references.
func handWritten(t *testing.T) string {
	p := filepath.Join(t.TempDir(), "hand.xlsx")
	fh, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(fh)
	put := func(name, body string) {
		w, _ := zw.Create(name)
		io.WriteString(w, body)
	}
	const ns = `xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`
	put("[Content_Types].xml", `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>`)
	put("_rels/.rels", `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`)
	put("xl/workbook.xml", `<?xml version="1.0"?><x:workbook xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><x:sheets><x:sheet name="Klanten &amp; co" sheetId="1" r:id="rId1"/></x:sheets></x:workbook>`)
	put("xl/_rels/workbook.xml.rels", `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="/xl/sharedStrings.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`)
	put("xl/styles.xml", `<?xml version="1.0"?><styleSheet `+ns+`><numFmts count="1"><numFmt numFmtId="164" formatCode="dd\.mm\.yyyy"/></numFmts><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/><xf numFmtId="14"/></cellXfs></styleSheet>`)
	put("xl/sharedStrings.xml", `<?xml version="1.0"?><sst `+ns+` count="4"><si><t>Naam</t></si><si><r><t xml:space="preserve">Jan </t></r><r><rPr><b/></rPr><t>Jansen</t></r><rPh sb="0" eb="1"><t>ヤン</t></rPh></si><si><t><![CDATA[a < b]]></t></si><si><t>caf&#233; &#x263A; &amp;amp;</t></si><si/></sst>`)
	put("xl/worksheets/sheet1.xml", `<?xml version="1.0"?><!-- made by hand --><worksheet `+ns+`><sheetData>`+
		`<row r="1"><c r="A1" t="s"><v>0</v></c><c t="inlineStr"><is><t>Born</t></is></c><c t="str"><v>Amount</v></c><c><v>7</v></c></row>`+
		`<row><c t="s"><v>1</v></c><c s="1"><v>45296</v></c><c t="e"><v>#DIV/0!</v></c><c t="b"><v>1</v></c></row>`+
		`<row r="4"><c r="B4" t="d"><v>2024-01-05T00:00:00Z</v></c><c r="C4" s="2"><v>45296</v></c><c r="D4" s="2"><v>30</v></c></row>`+
		`<row r="5"/><row r="6"><c r="A6" t="s"><v>2</v></c><c r="B6" t="s"><v>3</v></c><c r="C6" t="s"><v>4</v></c><c r="E6"><f>1+1</f><v>2</v></c></row>`+
		`<row r="7"><c r="A7" s="2"/><c r="B7" t="s"><v>99</v></c></row>`+
		`</sheetData></worksheet>`)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	fh.Close()
	if strings.Contains(p, " ") {
		t.Fatal("unexpected path")
	}
	return p
}

// FuzzXLSX reads workbooks whose worksheet and shared strings are
// arbitrary bytes: the reader must not panic or hang, and must fail only
// with its own errors.
func FuzzXLSX(f *testing.F) {
	f.Add([]byte(`<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c t="inlineStr"><is><t>x</t></is></c></row><row><c><v>1.5</v></c></row></sheetData></worksheet>`),
		[]byte(`<sst><si><t>Name</t></si><si><r><t>a</t></r><rPh><t>b</t></rPh></si></sst>`))
	f.Add([]byte(`<worksheet><sheetData><row r="3"><c r="XFD3" s="1" t="d"><v>2024-01-05T00:00:00Z</v></c><c r="B3"/></row>`), []byte(`<sst><si><t>&#x263A;&amp;_x0041_</t></si>`))
	f.Add([]byte(`<!-- x --><worksheet><sheetData><row><c t="s"><v>9</v></c><c t='str'><v><![CDATA[<]]></v></c></row></sheetData>`), []byte(`<sst/>`))
	// The sample workbook's own parts: a whole small sheet, and the start
	// of a large one, each with the shared strings.
	zr, err := zip.OpenReader("../../testdata/exports/crm_workbook.xlsx")
	if err != nil {
		f.Fatal(err)
	}
	part := func(name string, most int) []byte {
		r, err := zr.Open(name)
		if err != nil {
			f.Fatal(err)
		}
		defer r.Close()
		data, _ := io.ReadAll(io.LimitReader(r, int64(most)))
		return data
	}
	sst := part("xl/sharedStrings.xml", 1<<20)
	f.Add(part("xl/worksheets/sheet3.xml", 1<<20), sst)
	f.Add(part("xl/worksheets/sheet1.xml", 4<<10), sst)
	zr.Close()
	f.Fuzz(func(t *testing.T, sheet, sst []byte) {
		p := filepath.Join(t.TempDir(), "f.xlsx")
		fh, err := os.Create(p)
		if err != nil {
			t.Fatal(err)
		}
		zw := zip.NewWriter(fh)
		for name, body := range map[string][]byte{
			"xl/workbook.xml":            []byte(`<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" r:id="rId1"/></sheets></workbook>`),
			"xl/_rels/workbook.xml.rels": []byte(`<Relationships><Relationship Id="rId1" Type="x/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="x/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="x/styles" Target="styles.xml"/></Relationships>`),
			"xl/styles.xml":              []byte(`<styleSheet><cellXfs><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>`),
			"xl/worksheets/sheet1.xml":   sheet,
			"xl/sharedStrings.xml":       sst,
		} {
			w, _ := zw.Create(name)
			w.Write(body)
		}
		zw.Close()
		fh.Close()
		zfh, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		zfi, _ := zfh.Stat()
		zr, err := zip.NewReader(zfh, zfi.Size())
		if err != nil {
			t.Fatal(err)
		}
		b, err := openFast(zr, zfh)
		if err != nil {
			zfh.Close()
			return // the shared strings did not parse: excelize's turn
		}
		defer b.close()
		fs, err := b.sheet("S")
		if err != nil {
			t.Fatal(err)
		}
		defer fs.rc.Close()
		s, err := newWorksheet("S", fs, 0)
		if err != nil {
			if !errors.Is(err, ErrFormat) && !errors.Is(err, ErrLimit) {
				t.Fatalf("unexpected error %v", err)
			}
			return
		}
		for {
			r, err := s.Next()
			if err == io.EOF {
				return
			}
			if err != nil {
				if !errors.Is(err, ErrFormat) && !errors.Is(err, ErrLimit) {
					t.Fatalf("unexpected error %v", err)
				}
				return
			}
			if len(r.Cells) > maxColumns {
				t.Fatalf("row of %d cells", len(r.Cells))
			}
		}
	})
}
