package table

import (
	"archive/zip"
	"cmp"
	"errors"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/lockbox-tool/lockbox/pkg/atomicfile"
	"github.com/xuri/excelize/v2"
)

// DefaultMaxUnzip bounds the uncompressed size of a workbook. Excel's own
// limit of 1,048,576 rows fits in it for ordinary customer lists.
const DefaultMaxUnzip = 2 << 30

// maxRatio is the largest compression ratio accepted for a large zip
// member: worksheet XML compresses 5 to 30 times, a zip bomb thousands.
const maxRatio = 200

// inMemoryXML is how much of one worksheet excelize may hold in memory
// unless Options say otherwise; larger sheets are spilled to the private
// scratch directory.
const inMemoryXML = 16 << 20

type xlsxFile struct {
	fast    *fastBook
	f       *excelize.File
	sheets  []string
	cleanup func()
	open    []*excelize.Rows
	hidden  []string // sheets hidden in Excel
	// date1904 is set for a workbook that counts days from 1904.
	date1904 bool
	// openFast are the fast reader's sheets, closed with the file.
	openFast []*fastSheet
}

// checkZip refuses zip bombs before anything is decompressed, from the
// sizes the zip declares (archive/zip enforces them while reading).
func checkZip(zr *zip.Reader, limit int64) error {
	var total uint64
	hasWorkbook := false
	for _, m := range zr.File {
		total += m.UncompressedSize64
		if total > uint64(limit) {
			return errorf(ErrLimit, "it would unpack to more than %d MiB", limit>>20)
		}
		if m.UncompressedSize64 > 1<<20 && m.UncompressedSize64 > maxRatio*max(m.CompressedSize64, 1) {
			return errorf(ErrLimit, "part %q is compressed %d times, which only a zip bomb is", m.Name, m.UncompressedSize64/max(m.CompressedSize64, 1))
		}
		hasWorkbook = hasWorkbook || strings.EqualFold(m.Name, "xl/workbook.xml")
	}
	if !hasWorkbook {
		return errorf(ErrFormat, "it is a zip file but not an XLSX workbook")
	}
	return nil
}

func oleError(path string) error {
	if strings.EqualFold(strings.TrimPrefix(extOf(path), "."), "xls") {
		return errorf(ErrFormat, "it is an old Excel 97-2003 workbook; save it as .xlsx first")
	}
	return errorf(ErrPassword, "it is protected with an Office password or is an old Excel 97-2003 file")
}

func extOf(p string) string {
	if i := strings.LastIndexByte(p, '.'); i >= 0 {
		return p[i:]
	}
	return ""
}

// openXLSX reads the workbook in fh, which it closes with the file.
func openXLSX(fh *os.File, path string, size int64, opts Options) (*xlsxFile, error) {
	limit := opts.MaxUnzip
	if limit == 0 {
		limit = DefaultMaxUnzip
	}
	zr, err := zip.NewReader(fh, size)
	if err != nil {
		return nil, errorf(ErrFormat, "it is not a valid XLSX workbook (%v)", err)
	}
	if err := checkZip(zr, limit); err != nil {
		return nil, err
	}
	if !opts.excelize {
		b, err := openFast(zr, fh)
		if errors.Is(err, ErrLimit) {
			return nil, err
		}
		if err != nil {
			return nil, errorf(ErrFormat, "it is not a readable XLSX workbook (%v)", err)
		}
		return &xlsxFile{fast: b, sheets: b.names, hidden: b.hidden}, nil
	}
	fh.Close() // excelize, the tests' reader, opens the path itself
	dir, cleanup, err := atomicfile.ScratchDir("lockbox-xlsx-")
	if err != nil {
		return nil, err
	}
	// excelize reads the compressed workbook into memory and spills large
	// sheets and shared strings, uncompressed, to dir.
	f, err := excelize.OpenFile(path, excelize.Options{
		UnzipSizeLimit:    limit,
		UnzipXMLSizeLimit: min(cmp.Or(opts.inMemoryXML, inMemoryXML), limit),
		TmpDir:            dir,
	})
	if err != nil {
		cleanup()
		if errors.Is(err, excelize.ErrWorkbookFileFormat) || errors.Is(err, excelize.ErrWorkbookPassword) {
			return nil, errorf(ErrPassword, "it is protected with an Office password")
		}
		// Its unzip size limit is the one checkZip enforced already.
		return nil, errorf(ErrFormat, "it is not a readable XLSX workbook (%v)", err)
	}
	x := &xlsxFile{f: f, sheets: f.GetSheetList(), cleanup: cleanup}
	for _, name := range x.sheets {
		if visible, err := f.GetSheetVisible(name); err == nil && !visible {
			x.hidden = append(x.hidden, name)
		}
	}
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil && *props.Date1904 {
		x.date1904 = true
	}
	return x, nil
}

func (x *xlsxFile) close() error {
	if x.fast != nil {
		for _, s := range x.openFast {
			s.rc.Close()
		}
		return x.fast.close()
	}
	for _, r := range x.open {
		r.Close()
	}
	err := x.f.Close()
	x.cleanup()
	return err
}

// xlsxSheet reads a sheet twice in step: raw values tell numbers, dates
// and booleans apart from text (excelize's streaming reader gives no cell
// types), formatted values are what the user sees.
type xlsxSheet struct {
	name     string
	raw, fmt *excelize.Rows
	row      int
	cells    []Cell
	date1904 bool
}

func (x *xlsxFile) sheet(name string, skip int) (Sheet, error) {
	if x.fast != nil {
		s, err := x.fast.sheet(name)
		if err != nil {
			return nil, err
		}
		x.openFast = append(x.openFast, s)
		return newWorksheet(name, s, skip)
	}
	raw, err := x.f.Rows(name)
	if err != nil {
		return nil, within(err, "reading sheet %q", name)
	}
	x.open = append(x.open, raw)
	formatted, err := x.f.Rows(name)
	if err != nil {
		return nil, within(err, "reading sheet %q", name)
	}
	x.open = append(x.open, formatted)
	return newWorksheet(name, &xlsxSheet{name: name, raw: raw, fmt: formatted, date1904: x.date1904}, skip)
}

// rowReader gives a worksheet's rows one row number at a time: the cells
// without trailing empty ones, none for a blank row, io.EOF at the end.
type rowReader interface {
	read() ([]Cell, error)
	line() int // the number of the row read last
}

// worksheet is the Sheet of either reader's rows.
type worksheet struct {
	name   string
	rows   rowReader
	header []Cell
	stats  Stats
}

// newWorksheet reads up to the header, the first row that is not blank
// after skip such rows.
func newWorksheet(name string, rows rowReader, skip int) (*worksheet, error) {
	s := &worksheet{name: name, rows: rows}
	for {
		cells, err := rows.read()
		if err == io.EOF {
			return s, nil // an empty sheet: no header, no rows
		}
		if err != nil {
			return nil, err
		}
		if len(cells) == 0 {
			continue
		}
		if s.stats.AboveHeader < skip {
			s.stats.AboveHeader++
			continue
		}
		s.stats.HeaderLine = rows.line()
		s.header = append([]Cell(nil), cells...)
		return s, nil
	}
}

func (s *worksheet) Name() string   { return s.name }
func (s *worksheet) Header() []Cell { return s.header }
func (s *worksheet) Stats() Stats {
	st := s.stats
	if f, ok := s.rows.(*fastSheet); ok {
		st.NoResult = f.noResult
	}
	return st
}

func (s *worksheet) Next() (Row, error) {
	for {
		cells, err := s.rows.read()
		if err != nil {
			return Row{}, err
		}
		if len(cells) == 0 {
			s.stats.Blank++
			continue
		}
		// A worksheet stores no empty cells: a row that stops early is
		// not ragged, only one that goes on past the header.
		line := s.rows.line()
		s.stats.countRow(line, max(len(cells), len(s.header)), len(s.header))
		return Row{Line: line, Cells: cells}, nil
	}
}

// Count reads the remaining rows for their statistics only.
func (s *worksheet) Count() error {
	for {
		if _, err := s.Next(); err == io.EOF {
			return nil
		} else if err != nil {
			return err
		}
	}
}

func (s *xlsxSheet) line() int { return s.row }

// read returns the next row's cells with trailing empty cells removed.
func (s *xlsxSheet) read() ([]Cell, error) {
	if !s.raw.Next() || !s.fmt.Next() {
		for _, r := range []*excelize.Rows{s.raw, s.fmt} {
			if err := r.Error(); err != nil {
				return nil, within(damaged(err), "reading sheet %q", s.name)
			}
		}
		return nil, io.EOF
	}
	s.row++
	raws, err := s.raw.Columns(excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, within(damaged(err), "reading sheet %q row %d", s.name, s.row)
	}
	shown, err := s.fmt.Columns()
	if err != nil {
		return nil, within(damaged(err), "reading sheet %q row %d", s.name, s.row)
	}
	s.cells = s.cells[:0]
	for i, r := range raws {
		v := r
		if i < len(shown) {
			v = shown[i]
		}
		s.cells = append(s.cells, dateIn1900(xlsxCell(r, v), s.date1904))
	}
	for len(s.cells) > 0 && s.cells[len(s.cells)-1].Type == Empty {
		s.cells = s.cells[:len(s.cells)-1]
	}
	return s.cells, nil
}

// xlsxCell infers a cell's type from its stored and formatted values.
// Excel stores numbers in canonical form, so stored text that is not one
// ("0612", "1e", " 5") is text. Text that happens to be canonical ("123")
// reads as a number; it shows the same either way.
func xlsxCell(raw, shown string) Cell {
	switch {
	case raw == "" && shown == "":
		return Cell{}
	case (raw == "1" || raw == "0") && (shown == "TRUE" || shown == "FALSE"):
		return Cell{Type: Bool, Value: shown, Raw: raw}
	case canonicalNumber(raw):
		if shown != raw && looksLikeDate(shown) {
			return Cell{Type: Date, Value: shown, Raw: raw}
		}
		return Cell{Type: Number, Value: shown, Raw: raw}
	}
	return Cell{Type: String, Value: shown, Raw: raw}
}

func canonicalNumber(s string) bool {
	if s == "" || strings.TrimSpace(s) != s || strings.HasPrefix(s, "+") {
		return false
	}
	digits := strings.TrimPrefix(s, "-")
	if len(digits) > 1 && digits[0] == '0' && digits[1] != '.' {
		return false
	}
	_, err := strconv.ParseFloat(s, 64)
	return err == nil && !strings.ContainsAny(s, "xXnN_") // no hex, Inf, NaN
}

// looksLikeDate tells a date format ("05/01/2024", "5-Jan-24", "14:30",
// "05.01.2024") from a number format ("1,234.50", "12%", "1.234.567").
func looksLikeDate(s string) bool {
	if strings.ContainsAny(s, "/:") || dottedDate.MatchString(s) {
		return true
	}
	letters := 0
	for _, r := range s {
		if r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' {
			letters++
		}
	}
	return letters >= 3
}

var dottedDate = regexp.MustCompile(`^(\d{1,4}[.-]\d{1,2}[.-]\d{1,4}\b|\d{4}-\d{2}$)`) // or yyyy-mm

// damaged marks an error met inside a workbook (a part that does not
// inflate to its declared size, XML that does not parse) as a file lockbox
// cannot read, unless it already says why.
func damaged(err error) error {
	if errors.Is(err, ErrLimit) || errors.Is(err, ErrFormat) || errors.Is(err, ErrPassword) {
		return err
	}
	return errorf(ErrFormat, "the workbook is damaged: %v", err)
}

// days1904 is how many days the 1904 date system's serials are behind the
// 1900 system's for the same day.
const days1904 = 1462

// dateIn1900 gives a date cell of a 1904-based workbook (old Mac Excel)
// the serial the same day has in the usual 1900 system, so that a date's
// Raw means one day whichever workbook it came from, and is written to a
// new (1900-based) workbook as the same day.
func dateIn1900(c Cell, date1904 bool) Cell {
	if !date1904 || c.Type != Date {
		return c
	}
	if f, err := strconv.ParseFloat(c.Raw, 64); err == nil {
		c.Raw = strconv.FormatFloat(f+days1904, 'f', -1, 64)
	}
	return c
}

// Time returns a date cell's moment, from its serial number (which
// dateIn1900 has made 1900-based).
func (c Cell) Time() (time.Time, bool) {
	if c.Type != Date {
		return time.Time{}, false
	}
	f, err := strconv.ParseFloat(c.Raw, 64)
	if err != nil {
		return time.Time{}, false
	}
	t, err := excelize.ExcelDateToTime(f, false)
	return t, err == nil
}
