package table

import (
	"archive/zip"
	"bufio"
	"compress/flate"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The workbook writer is written here on archive/zip rather than with
// excelize's StreamWriter: that one keeps each sheet in a temporary file
// past 16 MiB, and lockbox send must never put plaintext on disk. Here
// each sheet's XML goes straight into the zip stream as rows arrive, so
// memory stays flat and nothing touches the disk but the output. The
// parts that depend on every sheet (workbook, styles, content types) are
// written at the end, which a zip file allows.

// Excel's limits.
const (
	maxRows      = 1 << 20
	maxColumns   = 1 << 14
	maxCellChars = 32767
)

// XLSXWriter writes a workbook one sheet and one row at a time, keeping
// cell types: numbers as numbers, dates as dates (with the format they
// were shown in, where it is a usual one), booleans as booleans, and text
// always as text, never as a formula.
type XLSXWriter struct {
	zw      *zip.Writer
	bw      *bufio.Writer
	sheets  []string
	row     int
	styles  map[numFormat]int // cell format index, from 1
	order   []numFormat
	lastFmt []numFormat // per column, the format its last cell matched
	cols    []string    // column letters, by index
	err     error
}

// NewXLSXWriter starts a workbook that is written to w as it goes; Close
// finishes it.
func NewXLSXWriter(w io.Writer) (*XLSXWriter, error) {
	zw := zip.NewWriter(w)
	// Speed over size: customer lists compress well at any level.
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(out, flate.BestSpeed)
	})
	return &XLSXWriter{zw: zw, styles: map[numFormat]int{}}, nil
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
	if err := x.endSheet(); err != nil {
		return err
	}
	name = SheetName(name)
	for _, s := range x.sheets {
		if strings.EqualFold(s, name) {
			return errorf(ErrUnwritable, "two sheets named %q", name)
		}
	}
	x.sheets = append(x.sheets, name)
	w, err := x.zw.Create(fmt.Sprintf("xl/worksheets/sheet%d.xml", len(x.sheets)))
	if err != nil {
		return err
	}
	x.bw = bufio.NewWriterSize(w, 256<<10)
	x.row, x.lastFmt = 0, x.lastFmt[:0]
	x.bw.WriteString(xml.Header + `<worksheet xmlns="` + nsMain + `"><sheetData>`)
	return nil
}

func (x *XLSXWriter) endSheet() error {
	if x.bw == nil {
		return nil
	}
	x.bw.WriteString(`</sheetData></worksheet>`)
	err := x.bw.Flush()
	x.bw = nil
	return err
}

// Row appends a row of cells to the current sheet.
func (x *XLSXWriter) Row(cells []Cell) error {
	if x.err != nil {
		return x.err
	}
	if x.bw == nil {
		if err := x.Sheet("Sheet1"); err != nil {
			return err
		}
	}
	x.row++
	sheet := x.sheets[len(x.sheets)-1]
	if x.row > maxRows {
		return errorf(ErrUnwritable, "sheet %q would have more than %d rows, the most a workbook holds", sheet, maxRows)
	}
	if len(cells) > maxColumns {
		return errorf(ErrUnwritable, "sheet %q row %d has more than %d columns, the most a workbook holds", sheet, x.row, maxColumns)
	}
	r := strconv.Itoa(x.row)
	b := x.bw
	b.WriteString(`<row r="`)
	b.WriteString(r)
	b.WriteString(`">`)
	for i, c := range cells {
		if c.Type == Empty {
			continue
		}
		b.WriteString(`<c r="`)
		b.WriteString(x.column(i))
		b.WriteString(r)
		b.WriteByte('"')
		if err := x.cell(i, c); err != nil {
			x.err = within(err, "sheet %q row %d column %d", sheet, x.row, i+1)
			return x.err
		}
	}
	_, err := b.WriteString(`</row>`)
	return err
}

// cell writes the rest of one cell, from after its reference.
func (x *XLSXWriter) cell(col int, c Cell) error {
	b := x.bw
	switch c.Type {
	case Bool:
		b.WriteString(` t="b"><v>`)
		b.WriteString(map[bool]string{true: "1", false: "0"}[c.Raw == "1"])
		b.WriteString(`</v></c>`)
		return nil
	case Number, Date:
		f, err := strconv.ParseFloat(c.Raw, 64)
		if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			break // not a number after all: text
		}
		v := c.Raw // as the source stored it
		if !canonicalNumber(v) {
			v = strconv.FormatFloat(f, 'f', -1, 64)
		}
		for len(x.lastFmt) <= col {
			x.lastFmt = append(x.lastFmt, numFormat{})
		}
		nf := matchFormat(c, f, x.lastFmt[col])
		x.lastFmt[col] = nf
		if nf != (numFormat{}) {
			b.WriteString(` s="`)
			b.WriteString(strconv.Itoa(x.style(nf)))
			b.WriteByte('"')
		}
		b.WriteString(`><v>`)
		b.WriteString(v)
		b.WriteString(`</v></c>`)
		return nil
	}
	if err := checkText(c.Value); err != nil {
		return err
	}
	b.WriteString(` t="inlineStr"><is><t xml:space="preserve">`)
	escapeText(b, c.Value)
	b.WriteString(`</t></is></c>`)
	return nil
}

// style is the cell format index for a number format, made on first use.
func (x *XLSXWriter) style(nf numFormat) int {
	if i, ok := x.styles[nf]; ok {
		return i
	}
	x.order = append(x.order, nf)
	x.styles[nf] = len(x.order)
	return len(x.order)
}

// column is the letters of column i (0 is A).
func (x *XLSXWriter) column(i int) string {
	for len(x.cols) <= i {
		n := len(x.cols) + 1
		var s []byte
		for ; n > 0; n = (n - 1) / 26 {
			s = append([]byte{byte('A' + (n-1)%26)}, s...)
		}
		x.cols = append(x.cols, string(s))
	}
	return x.cols[i]
}

// bstr is Excel's escape for characters in text: _x000D_. Text that
// looks like one is written with its underscore escaped, _x005F_, so that
// it reads back as it was.
var bstr = regexp.MustCompile(`_x[0-9A-Fa-f]{4}_`)

// escapeText writes s as XML text. Line ends and tabs are written as
// character references, so that XML's line-end handling cannot change
// them.
func escapeText(b *bufio.Writer, s string) {
	if strings.Contains(s, "_x") {
		s = bstr.ReplaceAllStringFunc(s, func(m string) string { return "_x005F" + m })
	}
	last := 0
	for i := 0; i < len(s); i++ {
		var esc string
		switch s[i] {
		case '&':
			esc = "&amp;"
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		case '\r':
			esc = "&#13;"
		case '\n':
			esc = "&#10;"
		case '\t':
			esc = "&#9;"
		default:
			continue
		}
		b.WriteString(s[last:i])
		b.WriteString(esc)
		last = i + 1
	}
	b.WriteString(s[last:])
}

// ErrUnwritable marks a value that the output format cannot hold unchanged.
var ErrUnwritable = errors.New("value the output format cannot hold")

// checkText refuses text that a worksheet would not keep as it is: longer
// than Excel's 32,767 characters, or with control characters XML cannot
// carry.
func checkText(s string) error {
	if !utf8.ValidString(s) {
		return errorf(ErrUnwritable, "text that is not valid UTF-8")
	}
	n := 0
	for _, r := range s {
		switch {
		case r < 0x20 && r != '\t' && r != '\n' && r != '\r', r == 0xFFFE, r == 0xFFFF:
			return errorf(ErrUnwritable, "a control character (U+%04X) a workbook cannot hold", r)
		case r > 0xFFFF:
			n += 2 // Excel counts UTF-16 units
		default:
			n++
		}
	}
	if n > maxCellChars {
		return errorf(ErrUnwritable, "text longer than the %d characters a cell holds", maxCellChars)
	}
	return nil
}

// Close writes the parts of the workbook that name every sheet and style,
// and ends the zip file.
func (x *XLSXWriter) Close() error {
	if x.err != nil {
		return x.err
	}
	if len(x.sheets) == 0 {
		if err := x.Sheet("Sheet1"); err != nil {
			return err
		}
	}
	if err := x.endSheet(); err != nil {
		return err
	}
	var ct, wb, rels strings.Builder
	ct.WriteString(xml.Header + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
		`<Default Extension="xml" ContentType="application/xml"/>` +
		`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
		`<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>`)
	wb.WriteString(xml.Header + `<workbook xmlns="` + nsMain + `" xmlns:r="` + nsRel + `"><sheets>`)
	rels.WriteString(xml.Header + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`)
	for i, name := range x.sheets {
		n := i + 1
		fmt.Fprintf(&ct, `<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`, n)
		fmt.Fprintf(&wb, `<sheet name="%s" sheetId="%d" r:id="rId%d"/>`, attr(name), n, n)
		fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="%s/worksheet" Target="worksheets/sheet%d.xml"/>`, n, nsRel, n)
	}
	ct.WriteString(`</Types>`)
	wb.WriteString(`</sheets></workbook>`)
	fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="%s/styles" Target="styles.xml"/></Relationships>`, len(x.sheets)+1, nsRel)
	parts := []struct{ name, body string }{
		{"[Content_Types].xml", ct.String()},
		{"_rels/.rels", xml.Header + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="` + nsRel + `/officeDocument" Target="xl/workbook.xml"/></Relationships>`},
		{"xl/workbook.xml", wb.String()},
		{"xl/_rels/workbook.xml.rels", rels.String()},
		{"xl/styles.xml", x.stylesXML()},
	}
	for _, p := range parts {
		w, err := x.zw.Create(p.name)
		if err != nil {
			return err
		}
		if _, err := io.WriteString(w, p.body); err != nil {
			return err
		}
	}
	return x.zw.Close()
}

// stylesXML is the style sheet: the default cell format, then one per
// number format used, in order of first use.
func (x *XLSXWriter) stylesXML() string {
	var b strings.Builder
	b.WriteString(xml.Header + `<styleSheet xmlns="` + nsMain + `">`)
	custom := map[string]int{}
	var codes []string
	for _, nf := range x.order {
		if nf.custom != "" && custom[nf.custom] == 0 {
			custom[nf.custom] = 164 + len(codes) // the first id free for custom formats
			codes = append(codes, nf.custom)
		}
	}
	if len(codes) > 0 {
		fmt.Fprintf(&b, `<numFmts count="%d">`, len(codes))
		for _, code := range codes {
			fmt.Fprintf(&b, `<numFmt numFmtId="%d" formatCode="%s"/>`, custom[code], attr(code))
		}
		b.WriteString(`</numFmts>`)
	}
	b.WriteString(`<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>` +
		`<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>` +
		`<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>` +
		`<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>`)
	fmt.Fprintf(&b, `<cellXfs count="%d"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>`, len(x.order)+1)
	for _, nf := range x.order {
		id := nf.builtin
		if nf.custom != "" {
			id = custom[nf.custom]
		}
		fmt.Fprintf(&b, `<xf numFmtId="%d" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>`, id)
	}
	b.WriteString(`</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`)
	return b.String()
}

// attr escapes s for an XML attribute value in double quotes.
func attr(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(s)
}

// Abort stops writing; the output is incomplete and must be thrown away.
// It is safe to call more than once and after Close.
func (x *XLSXWriter) Abort() { x.err = errors.New("aborted") }

const (
	nsMain = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
	nsRel  = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
)
