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
// CSV file; cells that look like numbers become numbers.
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
// value", so that scripts can check what a workbook holds.
func cmdCells(ts *testscript.TestScript, neg bool, args []string) {
	f, err := table.Open(ts.MkAbs(args[0]), table.Options{})
	ts.Check(err)
	defer f.Close()
	for _, name := range f.Sheets() {
		s, err := f.Sheet(name)
		ts.Check(err)
		print := func(row int, cells []table.Cell) {
			for c, cell := range cells {
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
