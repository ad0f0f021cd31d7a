// Package table reads customer lists and spreadsheets (CSV and its dialects,
// XLSX) as streams of rows of typed cells, one table at a time, so that the
// commands that review and minimise them never hold a whole file in memory.
//
// A CSV file is one table named after the file; an XLSX workbook has one
// table per sheet. Each table's header is found among its first rows (see
// findHeader): a title, notes or an account preamble may stand above it,
// and those lines are skipped, never read as data.
package table

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// Format is the kind of file a table came from.
type Format string

const (
	CSV  Format = "csv"
	XLSX Format = "xlsx"
)

// Type is what a cell holds. CSV cells are always String or Empty.
type Type uint8

const (
	Empty Type = iota
	String
	Number
	Date
	Bool
)

func (t Type) String() string {
	return [...]string{"empty", "string", "number", "date", "bool"}[t]
}

// Cell is one value.
type Cell struct {
	Type Type
	// Value is the text as the user sees it: the CSV field, or the XLSX
	// cell as formatted by its number format ("TRUE", "05/01/2024", "1,234.50").
	Value string
	// Raw is what the file stores: for XLSX numbers and dates the number
	// (dates as Excel serial days in the 1900 date system, also when the
	// workbook counts from 1904), for booleans "1" or "0"; otherwise Value.
	Raw string
}

// Row is one data row. Cells may be shorter or longer than the header
// (a ragged row); it is never padded or cut.
type Row struct {
	// Line is where the row starts: the line number in a CSV file, the
	// row number in a sheet.
	Line  int
	Cells []Cell
}

// Stats counts what a table's reader has seen so far.
type Stats struct {
	Rows       int   // data rows, header excluded
	Blank      int   // empty lines or rows, which are not data rows
	Ragged     int   // data rows with more or fewer cells than the header
	RaggedRows []int // the first few of them, by Line
	BadQuotes  int   // CSV rows with a stray quote, read leniently
	// HeaderLine is the line or row number of the header; AboveHeader
	// counts the lines above it that are not blank (a title, notes), which
	// were skipped and are not data.
	HeaderLine  int
	AboveHeader int
	// NoResult counts formula cells a workbook stores without a result
	// (saved without calculating): they read as empty.
	NoResult int
}

const keepRagged = 5

// Error is why a file cannot be read, or a table cannot be written: Kind
// is one of the Err values below, for errors.Is; Detail says what and
// where, for a person, without any of the file's content; Cause, if any,
// is the error underneath.
type Error struct {
	Kind   error
	Detail string
	Cause  error
}

func (e *Error) Error() string   { return e.Detail + ": " + e.Kind.Error() }
func (e *Error) Unwrap() []error { return []error{e.Kind, e.Cause} }

func errorf(kind error, format string, a ...any) *Error {
	return &Error{Kind: kind, Detail: fmt.Sprintf(format, a...)}
}

// within puts where an error happened before what it says ("reading sheet
// \"Orders\" row 3: ..."), keeping an *Error one.
func within(err error, format string, a ...any) error {
	where := fmt.Sprintf(format, a...)
	var te *Error
	if errors.As(err, &te) {
		return &Error{Kind: te.Kind, Detail: where + ": " + te.Detail, Cause: te.Cause}
	}
	return fmt.Errorf("%s: %w", where, err)
}

// ErrEncoding marks text that is not in the encoding the file was read as.
var ErrEncoding = errors.New("text encoding")

// ErrFormat marks a file that is not a table lockbox can read.
var ErrFormat = errors.New("not a readable table")

// ErrLimit marks a file that exceeds a safety limit (record length, unzip size).
var ErrLimit = errors.New("over a safety limit")

// ErrLongRecord marks a CSV record over MaxRecord: almost always a quote
// that is never closed. It is an ErrLimit.
var ErrLongRecord = fmt.Errorf("%w: record length", ErrLimit)

// ErrPassword marks an Office workbook protected with a password.
var ErrPassword = errors.New("password-protected workbook")

// Options adjust how a file is read. The zero value detects everything.
type Options struct {
	// Encoding forces a text encoding: "utf-8", "utf-16le", "utf-16be",
	// "windows-1252" or "iso-8859-1". Empty detects it.
	Encoding string
	// Delimiter forces the CSV delimiter. Zero sniffs it.
	Delimiter byte
	// MaxUnzip bounds the total uncompressed size of an XLSX file.
	// Zero means DefaultMaxUnzip.
	MaxUnzip int64
	// HeaderRow is the line (CSV) or row (workbook) number of the header,
	// counted from 1 as a spreadsheet shows them. Zero finds it.
	HeaderRow int

	// excelize reads workbooks through excelize's own row iterator, as
	// the fast reader's tests compare with, spilling sheets over
	// inMemoryXML bytes (zero: 16 MiB). Tests set them; a workbook the
	// fast reader cannot read is refused, never handed silently to a
	// second reader (excelize counted out a row number of 99999999999 one
	// row at a time, hanging a scan on a 2 KB file).
	excelize    bool
	inMemoryXML int64
}

// Sheet is one table being read: a CSV file or one worksheet.
type Sheet interface {
	Name() string
	Header() []Cell
	// Next reads the next data row. It returns io.EOF after the last row.
	// The returned Row's Cells are reused by the next call; the strings in
	// them stay valid.
	Next() (Row, error)
	// Count reads the remaining rows without returning them, faster than
	// Next, so that Stats covers the whole table.
	Count() error
	Stats() Stats
}

// File is an open table file.
type File struct {
	Format  Format
	Dialect Dialect // CSV only
	Size    int64   // bytes on disk

	path   string
	opts   Options
	sheets []string
	x      *xlsxFile
	csv    *csvFile
	skips  map[string]int // per table, the rows above its header
}

// NotRegularError is a path that is not a regular file: a directory, a
// FIFO, a device or a socket.
type NotRegularError struct{ Path, What string }

func (e *NotRegularError) Error() string { return fmt.Sprintf("%q is %s", e.Path, e.What) }

// OpenRegular opens path for reading if it is a regular file, and refuses
// anything else. It never blocks: a FIFO put in the file's place after a
// directory was listed (to hang a scan) is opened without waiting for a
// writer, and then refused by what the opened file is, not by what the
// path was when it was looked at.
func OpenRegular(path string) (*os.File, os.FileInfo, error) {
	fh, err := openNoBlock(path)
	if err != nil {
		return nil, nil, err
	}
	fi, err := fh.Stat()
	if err != nil {
		fh.Close()
		return nil, nil, err
	}
	if !fi.Mode().IsRegular() {
		fh.Close()
		what := "a special file"
		switch {
		case fi.IsDir():
			what = "a directory"
		case fi.Mode()&os.ModeNamedPipe != 0:
			what = "a named pipe (FIFO)"
		}
		return nil, nil, &NotRegularError{path, what}
	}
	return fh, fi, nil
}

// Open opens path as a table file. The format is taken from the content,
// not the name: a zip is read as XLSX, anything else as delimited text.
// The file is opened once, as a regular file (see OpenRegular).
func Open(path string, opts Options) (*File, error) {
	fh, fi, err := OpenRegular(path)
	var nr *NotRegularError
	if errors.As(err, &nr) {
		return nil, &Error{Kind: ErrFormat, Detail: nr.Error(), Cause: nr}
	}
	if err != nil {
		return nil, err
	}
	var magic [8]byte
	n, _ := io.ReadFull(fh, magic[:])
	if _, err := fh.Seek(0, io.SeekStart); err != nil {
		fh.Close()
		return nil, err
	}
	f := &File{path: path, opts: opts, Size: fi.Size(), skips: map[string]int{}}
	switch {
	case bytes.HasPrefix(magic[:n], []byte("PK\x03\x04")):
		f.Format = XLSX
		if f.x, err = openXLSX(fh, path, fi.Size(), opts); err != nil {
			fh.Close()
			return nil, err
		}
		f.sheets = f.x.sheets
	case bytes.HasPrefix(magic[:n], oleMagic):
		fh.Close()
		return nil, oleError(path)
	default:
		f.Format = CSV
		if f.csv, err = openCSV(fh, fi.Size(), opts); err != nil {
			fh.Close()
			return nil, err
		}
		f.Dialect = f.csv.dialect
		f.sheets = []string{strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))}
	}
	return f, nil
}

// Sheets lists the tables in the file, in order.
func (f *File) Sheets() []string { return f.sheets }

// Hidden lists the sheets of a workbook that Excel does not show: they
// are read like any other, and a person reviewing the file should know.
func (f *File) Hidden() []string {
	if f.x == nil {
		return nil
	}
	return f.x.hidden
}

// SheetError reports a sheet name that is not in the workbook.
type SheetError struct {
	Name   string
	Sheets []string
}

func (e *SheetError) Error() string { return fmt.Sprintf("no sheet named %q", e.Name) }

// Select returns the named sheet (matched ignoring case if no name matches
// exactly) as a list of one, or every sheet when name is empty. A name
// that is not there is a *SheetError.
func (f *File) Select(name string) ([]string, error) {
	if name == "" {
		return f.sheets, nil
	}
	for _, s := range f.sheets {
		if s == name {
			return []string{name}, nil
		}
	}
	// As Excel does, and as column names are matched: "klanten" is the
	// sheet "Klanten" when no sheet is named exactly so.
	for _, s := range f.sheets {
		if strings.EqualFold(s, name) {
			return []string{s}, nil
		}
	}
	return nil, &SheetError{name, f.sheets}
}

// Sheet starts reading the named table at its header. A table can be read
// again from its start by calling Sheet again once the last reading is
// done (a CSV file is one open file, read from one place at a time).
func (f *File) Sheet(name string) (Sheet, error) {
	names, err := f.Select(name)
	if err != nil || name == "" {
		return nil, &SheetError{name, f.sheets}
	}
	name = names[0]
	skip, ok := f.skips[name]
	if !ok {
		var err error
		if skip, err = f.headerAt(name); err != nil {
			return nil, err
		}
		f.skips[name] = skip
	}
	return f.open(name, skip)
}

// open starts reading a table with the header after skip rows that are
// not blank.
func (f *File) open(name string, skip int) (Sheet, error) {
	if f.csv != nil {
		return f.csv.sheet(name, skip)
	}
	return f.x.sheet(name, skip)
}

// HeaderRowError is a header row, given by number, that a table does not
// have: past its end, or blank.
type HeaderRowError struct {
	Row   int
	Table string
}

func (e *HeaderRowError) Error() string {
	return fmt.Sprintf("%q has no row %d with cells in it to read as the header", e.Table, e.Row)
}

// headerAt reads the first rows of a table and says how many of those that
// are not blank stand above its header.
func (f *File) headerAt(name string) (int, error) {
	s, err := f.open(name, 0)
	if err != nil {
		return 0, err
	}
	rows := [][]Cell{s.Header()}
	lines := []int{s.Stats().HeaderLine}
	for len(rows) < headerSearch+headerCheck {
		row, err := s.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return 0, err
		}
		rows = append(rows, append([]Cell(nil), row.Cells...))
		lines = append(lines, row.Line)
	}
	if f.opts.HeaderRow > 0 {
		for i, l := range lines {
			if l == f.opts.HeaderRow && len(rows[i]) > 0 {
				return i, nil
			}
		}
		if f.opts.HeaderRow > lines[len(lines)-1] && len(rows) == headerSearch+headerCheck {
			return f.headerFar(name, f.opts.HeaderRow)
		}
		return 0, &HeaderRowError{f.opts.HeaderRow, name}
	}
	return findHeader(rows), nil
}

// headerFar finds a header given by a row number further down than
// findHeader looks.
func (f *File) headerFar(name string, line int) (int, error) {
	s, err := f.open(name, 0)
	if err != nil {
		return 0, err
	}
	for skip := 1; ; skip++ {
		row, err := s.Next()
		if err == io.EOF || err == nil && row.Line > line {
			return 0, &HeaderRowError{line, name}
		}
		if err != nil {
			return 0, err
		}
		if row.Line == line {
			return skip, nil
		}
	}
}

// Close releases the file and removes any spill files.
func (f *File) Close() error {
	if f.csv != nil {
		return f.csv.close()
	}
	return f.x.close()
}

func (s *Stats) countRow(line, cells, header int) {
	s.Rows++
	if cells != header {
		s.Ragged++
		if len(s.RaggedRows) < keepRagged {
			s.RaggedRows = append(s.RaggedRows, line)
		}
	}
}
