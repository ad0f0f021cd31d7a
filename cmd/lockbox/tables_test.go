package main

import (
	"archive/zip"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/rogpeppe/go-internal/testscript"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/unicode"

	"github.com/lockbox-tool/lockbox/pkg/table"
)

// Script commands for table files.

// sample NAME...: copy sample exports from testdata/exports into the
// script's directory.
func cmdSample(ts *testscript.TestScript, neg bool, args []string) {
	for _, name := range args {
		data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "exports", name))
		ts.Check(err)
		ts.Check(os.WriteFile(ts.MkAbs(name), data, 0o644))
	}
}

// mkxlsx OUT [password=P] SHEET=FILE.csv...: a workbook with one sheet per
// CSV file; cells that look like numbers become numbers, and "=EXPR" a
// formula stored without a result, as a program that does not calculate
// saves it.
func cmdMkXLSX(ts *testscript.TestScript, neg bool, args []string) {
	f := excelize.NewFile()
	defer f.Close()
	var opts []excelize.Options
	first := true
	for _, a := range args[1:] {
		if pw, ok := strings.CutPrefix(a, "password="); ok {
			opts = append(opts, excelize.Options{Password: pw})
			continue
		}
		name, file, _ := strings.Cut(a, "=")
		if first {
			f.SetSheetName("Sheet1", name)
			first = false
		} else {
			_, err := f.NewSheet(name)
			ts.Check(err)
		}
		fh, err := os.Open(ts.MkAbs(file))
		ts.Check(err)
		recs, err := csv.NewReader(fh).ReadAll()
		fh.Close()
		ts.Check(err)
		for r, rec := range recs {
			for c, v := range rec {
				cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
				if formula, ok := strings.CutPrefix(v, "="); ok {
					ts.Check(f.SetCellFormula(name, cell, formula)) // stored without a result
					continue
				}
				ts.Check(f.SetCellDefault(name, cell, v))
			}
		}
	}
	ts.Check(f.SaveAs(ts.MkAbs(args[0]), opts...))
}

// zipbomb OUT: an "XLSX" whose worksheet unpacks 2,000 times larger.
func cmdZipBomb(ts *testscript.TestScript, neg bool, args []string) {
	fh, err := os.Create(ts.MkAbs(args[0]))
	ts.Check(err)
	zw := zip.NewWriter(fh)
	w, _ := zw.Create("xl/workbook.xml")
	w.Write([]byte("<workbook/>"))
	w, _ = zw.Create("xl/worksheets/sheet1.xml")
	w.Write(make([]byte, 64<<20))
	ts.Check(zw.Close())
	ts.Check(fh.Close())
}

// novalues OUTPUT TABLE.csv: no cell value of TABLE.csv (four characters
// or longer, headers excepted) appears in OUTPUT.
func cmdNoValues(ts *testscript.TestScript, neg bool, args []string) {
	out := ts.ReadFile(args[0])
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(ts.ReadFile(args[1]), "\ufeff")))
	r.Comma, r.FieldsPerRecord, r.LazyQuotes = ';', -1, true
	if !strings.Contains(strings.SplitN(ts.ReadFile(args[1]), "\n", 2)[0], ";") {
		r.Comma = ','
	}
	recs, err := r.ReadAll()
	ts.Check(err)
	headers := map[string]bool{}
	for _, h := range recs[0] {
		headers[h] = true
	}
	for _, rec := range recs[1:] {
		for _, v := range rec {
			if len(v) >= 4 && !headers[v] && strings.Contains(out, v) {
				ts.Fatalf("%s holds the cell value %q", args[0], v)
			}
		}
	}
}

// latetext OUT: a CSV that is valid UTF-8 for over a MiB, past what
// encoding detection reads, and then has a Windows-1252 line.
func cmdLateText(ts *testscript.TestScript, neg bool, args []string) {
	var b strings.Builder
	b.WriteString("Name,City\n")
	for b.Len() < 1<<20+1000 {
		b.WriteString("Jan,Utrecht\n")
	}
	b.WriteString("J\xfcrgen,K\xf6ln\n")
	ts.Check(os.WriteFile(ts.MkAbs(args[0]), []byte(b.String()), 0o644))
}

// cells FILE: prints every cell of a table file as "sheet!row:col type
// value", so that scripts can check what a workbook holds. A workbook's
// text cells are "string" even where they look like a number, which
// lockbox's reader takes them for.
func cmdCells(ts *testscript.TestScript, neg bool, args []string) {
	f, err := table.Open(ts.MkAbs(args[0]), table.Options{})
	ts.Check(err)
	defer f.Close()
	var book *excelize.File
	if f.Format == table.XLSX {
		book, err = excelize.OpenFile(ts.MkAbs(args[0]))
		ts.Check(err)
		defer book.Close()
	}
	for _, name := range f.Sheets() {
		s, err := f.Sheet(name)
		ts.Check(err)
		print := func(row int, cells []table.Cell) {
			for c, cell := range cells {
				if book != nil {
					axis, _ := excelize.CoordinatesToCellName(c+1, row)
					if ct, _ := book.GetCellType(name, axis); ct == excelize.CellTypeInlineString || ct == excelize.CellTypeSharedString {
						cell.Type = table.String
					}
				}
				fmt.Fprintf(ts.Stdout(), "%s!%d:%d %s %q\n", name, row, c+1, cell.Type, cell.Value)
			}
		}
		print(1, s.Header())
		for {
			r, err := s.Next()
			if err == io.EOF {
				break
			}
			ts.Check(err)
			print(r.Line, r.Cells)
		}
	}
}

// sparse NAME BYTES: a file of BYTES zero bytes that takes no disk space.
func cmdSparse(ts *testscript.TestScript, neg bool, args []string) {
	n, err := strconv.ParseInt(args[1], 10, 64)
	ts.Check(err)
	f, err := os.Create(ts.MkAbs(args[0]))
	ts.Check(err)
	ts.Check(f.Truncate(n))
	ts.Check(f.Close())
}

// oddbook OUT [1904]: a workbook as Excel writes one, made by hand:
// formulas with their last results, a merged range, a date column, a
// hidden sheet and, with 1904, days counted from 1904 (old Mac Excel).
func cmdOddBook(ts *testscript.TestScript, neg bool, args []string) {
	base, pr := 45000, "" // 2023-03-15
	if len(args) > 1 && args[1] == "1904" {
		base, pr = 45000-1462, `<workbookPr date1904="1"/>`
	}
	fh, err := os.Create(ts.MkAbs(args[0]))
	ts.Check(err)
	zw := zip.NewWriter(fh)
	put := func(name, body string) {
		w, err := zw.Create(name)
		ts.Check(err)
		_, err = io.WriteString(w, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+body)
		ts.Check(err)
	}
	const ns = `xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`
	const rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
	const ct = "application/vnd.openxmlformats-officedocument.spreadsheetml."
	put("[Content_Types].xml", `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>`+
		`<Override PartName="/xl/workbook.xml" ContentType="`+ct+`sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="`+ct+`worksheet+xml"/><Override PartName="/xl/worksheets/sheet2.xml" ContentType="`+ct+`worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="`+ct+`styles+xml"/></Types>`)
	put("_rels/.rels", `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="`+rel+`officeDocument" Target="xl/workbook.xml"/></Relationships>`)
	put("xl/workbook.xml", `<workbook `+ns+`>`+pr+`<sheets><sheet name="Orders" sheetId="1" r:id="rId1"/><sheet name="Internal" sheetId="2" state="hidden" r:id="rId2"/></sheets></workbook>`)
	put("xl/_rels/workbook.xml.rels", `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="`+rel+`worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="`+rel+`worksheet" Target="worksheets/sheet2.xml"/><Relationship Id="rId3" Type="`+rel+`styles" Target="styles.xml"/></Relationships>`)
	put("xl/styles.xml", `<styleSheet `+ns+`><fonts count="1"><font/></fonts><fills count="1"><fill/></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>`)
	str := func(ref, s string) string { return `<c r="` + ref + `" t="inlineStr"><is><t>` + s + `</t></is></c>` }
	num := func(ref string, v any) string { return fmt.Sprintf(`<c r="%s"><v>%v</v></c>`, ref, v) }
	formula := func(ref, f string, v any) string { return fmt.Sprintf(`<c r="%s"><f>%s</f><v>%v</v></c>`, ref, f, v) }
	date := func(ref string, v int) string { return fmt.Sprintf(`<c r="%s" s="1"><v>%d</v></c>`, ref, v) }
	put("xl/worksheets/sheet1.xml", `<worksheet `+ns+`><sheetData>`+
		`<row r="1">`+str("A1", "Customer")+str("B1", "Email")+str("C1", "Amount")+str("D1", "VAT")+str("E1", "Total")+str("F1", "Ordered")+`</row>`+
		`<row r="2">`+str("A2", "Ann de Vries")+str("B2", "ann.devries@example.com")+num("C2", 100)+formula("D2", "C2*0.21", 21)+formula("E2", "C2+D2", 121)+date("F2", base)+`</row>`+
		`<row r="3">`+str("A3", "Bob Smit")+str("B3", "bob.smit@example.com")+num("C3", 50)+formula("D3", "C3*0.21", 10.5)+formula("E3", "C3+D3", 60.5)+date("F3", base+1)+`</row>`+
		`<row r="4">`+str("A4", "Wholesale orders follow")+`</row>`+
		`</sheetData><mergeCells count="1"><mergeCell ref="A4:C4"/></mergeCells></worksheet>`)
	put("xl/worksheets/sheet2.xml", `<worksheet `+ns+`><sheetData>`+
		`<row r="1">`+str("A1", "Customer")+str("B1", "IBAN")+`</row>`+
		`<row r="2">`+str("A2", "Ann de Vries")+str("B2", "NL91ABNA0417164300")+`</row>`+
		`</sheetData></worksheet>`)
	ts.Check(zw.Close())
	ts.Check(fh.Close())
}

// utf16 IN OUT le|be: IN re-encoded as UTF-16 without a byte-order mark.
func cmdUTF16(ts *testscript.TestScript, neg bool, args []string) {
	order := unicode.LittleEndian
	if args[2] == "be" {
		order = unicode.BigEndian
	}
	out, err := unicode.UTF16(order, unicode.IgnoreBOM).NewEncoder().String(ts.ReadFile(args[0]))
	ts.Check(err)
	ts.Check(os.WriteFile(ts.MkAbs(args[1]), []byte(out), 0o644))
}

// bigcsv OUT longfield|wide: a CSV with one 50 MB field in its second
// row, or with 100,000 columns.
func cmdBigCSV(ts *testscript.TestScript, neg bool, args []string) {
	var b strings.Builder
	switch args[1] {
	case "longfield":
		b.WriteString("Id,Notes\n1,\"")
		b.WriteString(strings.Repeat("called about the order; ", 50<<20/24))
		b.WriteString("\"\n2,short\n")
	case "wide":
		for row := 0; row < 2; row++ {
			for c := 0; c < 100000; c++ {
				if c > 0 {
					b.WriteByte(',')
				}
				if row == 0 {
					fmt.Fprintf(&b, "Q%d", c+1)
				} else {
					fmt.Fprintf(&b, "%d", c%7)
				}
			}
			b.WriteByte('\n')
		}
	default:
		ts.Fatalf("unknown kind %q", args[1])
	}
	ts.Check(os.WriteFile(ts.MkAbs(args[0]), []byte(b.String()), 0o644))
}

// lf FILE: line ends CRLF become LF, so that a script can compare the CSV
// lockbox writes from a workbook (CRLF, as Excel does) with a text file.
func cmdLF(ts *testscript.TestScript, neg bool, args []string) {
	data := strings.ReplaceAll(ts.ReadFile(args[0]), "\r\n", "\n")
	ts.Check(os.WriteFile(ts.MkAbs(args[0]), []byte(data), 0o600))
}
