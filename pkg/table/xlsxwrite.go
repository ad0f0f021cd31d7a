package table

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/lockbox-tool/lockbox/pkg/atomicfile"
)

// XLSXWriter writes a workbook one sheet and one row at a time, keeping
// cell types: numbers as numbers, dates as dates, booleans as booleans, and
// text always as text, never as a formula. Rows are spilled to a private
// scratch directory, so memory does not grow with the sheet; the workbook
// is written to w on Close.
type XLSXWriter struct {
	out     io.Writer
	f       *excelize.File
	sw      *excelize.StreamWriter
	cleanup func()
	sheets  int
	sheet   string
	row     int
	vals    []any
	styles  map[numFormat]int
	lastFmt []numFormat // per column, the format its last cell matched
}

// NewXLSXWriter starts a workbook that Close writes to w.
func NewXLSXWriter(w io.Writer) (*XLSXWriter, error) {
	dir, cleanup, err := atomicfile.ScratchDir("lockbox-xlsx-")
	if err != nil {
		return nil, err
	}
	return &XLSXWriter{out: w, cleanup: cleanup, f: excelize.NewFile(excelize.Options{TmpDir: dir}), styles: map[numFormat]int{}}, nil
}

// SheetName makes name acceptable to Excel: at most 31 characters, none of
// : \ / ? * [ ], not empty.
func SheetName(name string) string {
	name = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`:\/?*[]`, r) {
			return '_'
		}
		return r
	}, strings.Trim(name, "'"))
	if r := []rune(name); len(r) > 31 {
		name = string(r[:31])
	}
	if strings.TrimSpace(name) == "" {
		name = "Sheet1"
	}
	return name
}

// Sheet starts a new sheet; rows written after go to it.
func (x *XLSXWriter) Sheet(name string) error {
	if err := x.flushSheet(); err != nil {
		return err
	}
	name = SheetName(name)
	var err error
	if x.sheets == 0 {
		err = x.f.SetSheetName("Sheet1", name)
	} else {
		_, err = x.f.NewSheet(name)
	}
	if err != nil {
		return fmt.Errorf("adding sheet %q: %w", name, err)
	}
	if x.sw, err = x.f.NewStreamWriter(name); err != nil {
		return err
	}
	x.sheets++
	x.sheet, x.row, x.lastFmt = name, 0, x.lastFmt[:0]
	return nil
}

func (x *XLSXWriter) flushSheet() error {
	if x.sw == nil {
		return nil
	}
	err := x.sw.Flush()
	x.sw = nil
	return err
}

// Row appends a row of cells to the current sheet.
func (x *XLSXWriter) Row(cells []Cell) error {
	if x.sw == nil {
		if err := x.Sheet("Sheet1"); err != nil {
			return err
		}
	}
	x.row++
	if x.row > excelize.TotalRows {
		return fmt.Errorf("sheet %q would have more than %d rows, the most a workbook holds: %w", x.sheet, excelize.TotalRows, ErrUnwritable)
	}
	x.vals = x.vals[:0]
	for i, c := range cells {
		v, err := x.value(i, c)
		if err != nil {
			return fmt.Errorf("sheet %q row %d column %d: %w", x.sheet, x.row, i+1, err)
		}
		x.vals = append(x.vals, v)
	}
	cell, _ := excelize.CoordinatesToCellName(1, x.row)
	return x.sw.SetRow(cell, x.vals)
}

// ErrUnwritable marks a value that the output format cannot hold unchanged.
var ErrUnwritable = errors.New("value the output format cannot hold")

func (x *XLSXWriter) value(col int, c Cell) (any, error) {
	switch c.Type {
	case Empty:
		return nil, nil
	case Bool:
		return c.Raw == "1", nil
	case Number, Date:
		f, err := strconv.ParseFloat(c.Raw, 64)
		if err != nil {
			break
		}
		for len(x.lastFmt) <= col {
			x.lastFmt = append(x.lastFmt, numFormat{})
		}
		nf := matchFormat(c, f, x.lastFmt[col])
		x.lastFmt[col] = nf
		if nf == (numFormat{}) {
			return f, nil
		}
		style, ok := x.styles[nf]
		if !ok {
			st := &excelize.Style{NumFmt: nf.builtin}
			if nf.custom != "" {
				st.CustomNumFmt = &nf.custom
			}
			if style, err = x.f.NewStyle(st); err != nil {
				return nil, err
			}
			x.styles[nf] = style
		}
		return excelize.Cell{StyleID: style, Value: f}, nil
	}
	return c.Value, checkText(c.Value)
}

// checkText refuses text that a worksheet would not keep as it is: longer
// than Excel's 32,767 characters (excelize would cut it), or with control
// characters XML cannot carry (it would replace them).
func checkText(s string) error {
	if !utf8.ValidString(s) {
		return fmt.Errorf("text that is not valid UTF-8: %w", ErrUnwritable)
	}
	n := 0
	for _, r := range s {
		switch {
		case r < 0x20 && r != '\t' && r != '\n' && r != '\r', r == 0xFFFE, r == 0xFFFF:
			return fmt.Errorf("a control character (U+%04X) a workbook cannot hold: %w", r, ErrUnwritable)
		case r > 0xFFFF:
			n += 2
		default:
			n++
		}
	}
	if n > excelize.TotalCellChars {
		return fmt.Errorf("text longer than the %d characters a cell holds: %w", excelize.TotalCellChars, ErrUnwritable)
	}
	return nil
}

// Close finishes the workbook, writes it to w and removes the spill files.
func (x *XLSXWriter) Close() error {
	defer x.Abort()
	if x.sheets == 0 {
		if err := x.Sheet("Sheet1"); err != nil {
			return err
		}
	}
	if err := x.flushSheet(); err != nil {
		return err
	}
	return x.f.Write(x.out)
}

// Abort removes the spill files without writing the workbook. It is safe
// to call more than once and after Close.
func (x *XLSXWriter) Abort() {
	if x.f != nil {
		x.f.Close()
		x.f = nil
	}
	if x.cleanup != nil {
		x.cleanup()
		x.cleanup = nil
	}
}
