package table

import (
	"archive/zip"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/htmlindex"
)

// fastBook reads worksheets straight from the zip, one streaming pass
// each, and the shared strings into one block of memory. It gives the
// same cells as excelize's row iterator (see xlsxfast_test.go, which
// compares them on every test workbook) at several times the speed; the
// number formats of styled cells are still applied by excelize, through
// a one-cell workbook, so that dates and numbers show exactly as before.
type fastBook struct {
	zr       *zip.Reader
	file     io.Closer // the workbook's file
	names    []string
	parts    map[string]string // sheet name to zip member
	sst      sharedStrings
	xfs      []xf // cellXfs: the number format of each cell style
	date1904 bool
	hidden   []string // sheets hidden in Excel (state "hidden" or "veryHidden")
	fmt      *cellFormatter
}

type xf struct {
	id   int
	code string // a custom format's code, "" for a built-in one
}

// sharedStrings holds the table's strings end to end.
type sharedStrings struct {
	text []byte
	ends []uint32
}

func (s *sharedStrings) get(i int) (string, bool) {
	if i < 0 || i >= len(s.ends) {
		return "", false
	}
	start := uint32(0)
	if i > 0 {
		start = s.ends[i-1]
	}
	return string(s.text[start:s.ends[i]]), true
}

// openFast reads the workbook's structure. An error means the workbook
// has a shape it does not know; the caller then uses excelize.
func openFast(zr *zip.Reader, file io.Closer) (*fastBook, error) {
	b := &fastBook{zr: zr, file: file, parts: map[string]string{}}
	if err := b.readStructure(); err != nil {
		return nil, err
	}
	return b, nil
}

func (b *fastBook) member(name string) *zip.File {
	for _, f := range b.zr.File {
		if strings.EqualFold(f.Name, name) {
			return f
		}
	}
	return nil
}

func (b *fastBook) decode(name string, v any) error {
	m := b.member(name)
	if m == nil {
		return fmt.Errorf("no %s", name)
	}
	r, err := m.Open()
	if err != nil {
		return err
	}
	defer r.Close()
	d := xml.NewDecoder(r)
	d.CharsetReader = charsetReader
	return d.Decode(v)
}

// charsetReader reads the parts of a workbook that declare an encoding
// other than UTF-8 (encoding="ISO-8859-1", as some generators write).
func charsetReader(label string, r io.Reader) (io.Reader, error) {
	e, err := htmlindex.Get(label)
	if err != nil {
		return nil, fmt.Errorf("the workbook declares the text encoding %q, which lockbox does not know", label)
	}
	return e.NewDecoder().Reader(r), nil
}

func (b *fastBook) readStructure() error {
	var wb struct {
		Pr struct {
			Date1904 string `xml:"date1904,attr"`
		} `xml:"workbookPr"`
		Sheets []struct {
			Name  string `xml:"name,attr"`
			State string `xml:"state,attr"`
			ID    string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	if err := b.decode("xl/workbook.xml", &wb); err != nil {
		return err
	}
	b.date1904 = wb.Pr.Date1904 == "1" || wb.Pr.Date1904 == "true"
	var rels struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Type   string `xml:"Type,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if err := b.decode("xl/_rels/workbook.xml.rels", &rels); err != nil {
		return err
	}
	targets := map[string]string{}
	var sstPart, stylesPart string
	for _, r := range rels.Rels {
		t := r.Target
		if strings.HasPrefix(t, "/") {
			t = strings.TrimPrefix(t, "/")
		} else {
			t = path.Join("xl", t)
		}
		targets[r.ID] = t
		switch {
		case strings.HasSuffix(r.Type, "/sharedStrings"):
			sstPart = t
		case strings.HasSuffix(r.Type, "/styles"):
			stylesPart = t
		}
	}
	for _, s := range wb.Sheets {
		t, ok := targets[s.ID]
		if !ok || b.member(t) == nil {
			return fmt.Errorf("sheet %q has no part", s.Name)
		}
		b.names = append(b.names, s.Name)
		b.parts[s.Name] = t
		if s.State == "hidden" || s.State == "veryHidden" {
			b.hidden = append(b.hidden, s.Name)
		}
	}
	if stylesPart != "" {
		if err := b.readStyles(stylesPart); err != nil {
			return err
		}
	}
	if sstPart != "" && b.member(sstPart) != nil {
		return b.readSharedStrings(sstPart)
	}
	return nil
}

func (b *fastBook) readStyles(part string) error {
	var st struct {
		NumFmts []struct {
			ID   int    `xml:"numFmtId,attr"`
			Code string `xml:"formatCode,attr"`
		} `xml:"numFmts>numFmt"`
		Xfs []struct {
			ID int `xml:"numFmtId,attr"`
		} `xml:"cellXfs>xf"`
	}
	if err := b.decode(part, &st); err != nil {
		return err
	}
	codes := map[int]string{}
	for _, n := range st.NumFmts {
		if _, dup := codes[n.ID]; !dup {
			codes[n.ID] = n.Code
		}
	}
	for _, x := range st.Xfs {
		b.xfs = append(b.xfs, xf{id: x.ID, code: codes[x.ID]})
	}
	return nil
}

// readSharedStrings keeps each <si>'s text: its <t>, or its runs' <t>s,
// leaving out phonetic runs (<rPh>), as excelize does.
func (b *fastBook) readSharedStrings(part string) error {
	r, err := b.open(part)
	if err != nil {
		return err
	}
	defer r.Close()
	x := newXMLScan(r)
	var one []byte
	inSI, inT, inPh := false, false, 0
	for {
		t, err := x.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		switch t.kind {
		case tokStart:
			switch string(t.name) {
			case "si":
				inSI, one = !t.empty, one[:0]
				if t.empty {
					b.sst.ends = append(b.sst.ends, uint32(len(b.sst.text)))
				}
			case "rPh":
				inPh++
			case "t":
				inT = !t.empty
			}
		case tokEnd:
			switch string(t.name) {
			case "si":
				if inSI {
					b.sst.text = append(b.sst.text, unescapeBSTR(one)...)
					if uint64(len(b.sst.text)) > math.MaxUint32 { // ends are uint32
						return errorf(ErrLimit, "the shared strings are larger than 4 GiB")
					}
					b.sst.ends = append(b.sst.ends, uint32(len(b.sst.text)))
				}
				inSI = false
			case "rPh":
				inPh--
			case "t":
				inT = false
			}
		case tokText, tokCDATA:
			if inSI && inT && inPh == 0 {
				one = textOf(one, t)
			}
		}
	}
}

func textOf(dst []byte, t xmlToken) []byte {
	if t.kind == tokCDATA {
		return append(dst, t.text...)
	}
	return appendText(dst, t.text)
}

func (b *fastBook) close() error { return b.file.Close() }

// open decompresses a member on another goroutine, a block ahead of its
// reader: inflating is a third of the work of reading a worksheet.
func (b *fastBook) open(name string) (io.ReadCloser, error) {
	m := b.member(name)
	if m == nil {
		return nil, errorf(ErrFormat, "no %s", name)
	}
	zr, err := m.Open()
	if err != nil {
		return nil, err
	}
	return newReadAhead(zr), nil
}

// readAhead reads its source on its own goroutine into a few blocks.
type readAhead struct {
	blocks chan []byte
	free   chan []byte
	stop   chan struct{}
	done   chan struct{}
	block  []byte // the block being read, given back when done
	cur    []byte // its unread part
	err    error  // the source's error, once blocks is closed
}

const aheadBlock, aheadBlocks = 256 << 10, 4

func newReadAhead(src io.ReadCloser) *readAhead {
	r := &readAhead{blocks: make(chan []byte, aheadBlocks), free: make(chan []byte, aheadBlocks+1), stop: make(chan struct{}), done: make(chan struct{})}
	for range aheadBlocks + 1 {
		r.free <- make([]byte, aheadBlock)
	}
	go func() {
		defer close(r.done)
		defer src.Close()
		defer close(r.blocks)
		for {
			var b []byte
			select {
			case b = <-r.free:
			case <-r.stop:
				return
			}
			n, err := io.ReadFull(src, b[:cap(b)])
			if n > 0 {
				select {
				case r.blocks <- b[:n]:
				case <-r.stop:
					return
				}
			}
			if err != nil {
				if err != io.EOF && err != io.ErrUnexpectedEOF {
					r.err = err
				}
				return
			}
		}
	}()
	return r
}

func (r *readAhead) Read(p []byte) (int, error) {
	for len(r.cur) == 0 {
		if r.block != nil {
			r.free <- r.block
			r.block = nil
		}
		b, ok := <-r.blocks
		if !ok {
			if r.err != nil {
				return 0, r.err
			}
			return 0, io.EOF
		}
		r.block, r.cur = b, b
	}
	n := copy(p, r.cur)
	r.cur = r.cur[n:]
	return n, nil
}

func (r *readAhead) Close() error {
	select {
	case <-r.stop:
	default:
		close(r.stop)
	}
	<-r.done
	return nil
}

// fastSheet streams one worksheet's rows.
type fastSheet struct {
	b        *fastBook
	noResult int // formula cells without a stored result
	name     string
	rc       io.ReadCloser
	x        *xmlScan
	row      int  // the row number of the last row returned
	next     int  // the number of the row read ahead, 0 if none
	ahead    bool // a row is read ahead into cells
	done     bool
	cells    []Cell
	// per cell, reused
	v, is []byte
}

func (b *fastBook) sheet(name string) (*fastSheet, error) {
	rc, err := b.open(b.parts[name])
	if err != nil {
		return nil, err
	}
	return &fastSheet{b: b, name: name, rc: rc, x: newXMLScan(rc)}, nil
}

func (s *fastSheet) line() int { return s.row }

// read returns the cells of the next row number, without trailing empty
// cells: none for a row the sheet leaves out, as excelize's iterator.
func (s *fastSheet) read() ([]Cell, error) {
	if !s.ahead && !s.done {
		if err := s.readRow(); err != nil {
			return nil, err
		}
	}
	if s.done && !s.ahead {
		return nil, io.EOF
	}
	s.row++
	if s.next > s.row {
		return nil, nil // a row left out of the XML
	}
	s.ahead = false
	for len(s.cells) > 0 && s.cells[len(s.cells)-1].Type == Empty {
		s.cells = s.cells[:len(s.cells)-1]
	}
	return s.cells, nil
}

func (s *fastSheet) fail(err error) error {
	return within(damaged(err), "reading sheet %q", s.name)
}

// readRow reads the next <row> into cells and next, or sets done.
func (s *fastSheet) readRow() error {
	for {
		t, err := s.x.next()
		if err == io.EOF {
			s.done = true
			return nil
		}
		if err != nil {
			return s.fail(err)
		}
		if t.kind == tokEnd && string(t.name) == "sheetData" {
			s.done = true
			return nil
		}
		if t.kind != tokStart || string(t.name) != "row" {
			continue
		}
		n := s.row + 1
		if s.next > 0 {
			n = s.next + 1
		}
		if v, ok := attrValue(t.attrs, "r"); ok {
			if r, err := strconv.Atoi(string(v)); err == nil && r > 0 {
				n = r
			}
		}
		if n > maxRows {
			// Excel's own limit; rows up to a larger number would be
			// counted out one by one as blank.
			return s.fail(errorf(ErrFormat, "row %d is past Excel's last row, %d", n, maxRows))
		}
		s.next, s.ahead, s.cells = n, true, s.cells[:0]
		if t.empty {
			return nil
		}
		return s.readCells()
	}
}

// readCells reads the cells of a row up to its </row>.
func (s *fastSheet) readCells() error {
	col := 0
	for {
		t, err := s.x.next()
		if err != nil {
			if err == io.EOF {
				err = errXML
			}
			return s.fail(err)
		}
		if t.kind == tokEnd && string(t.name) == "row" {
			return nil
		}
		if t.kind != tokStart || string(t.name) != "c" {
			continue
		}
		col++
		typ, style := "", 0
		eachAttr(t.attrs, func(key, v []byte) bool {
			switch string(key) {
			case "r":
				if c := columnOf(v); c > 0 {
					col = c
				}
			case "t":
				typ = cellTypes[string(v)]
				if typ == "" {
					typ = string(v)
				}
			case "s":
				style, _ = strconv.Atoi(string(v))
			}
			return true
		})
		s.v, s.is = s.v[:0], s.is[:0]
		hasV, hasIS := false, false
		if !t.empty {
			if hasV, hasIS, err = s.cellContent(); err != nil {
				return err
			}
		}
		if col > maxColumns {
			return s.fail(errorf(ErrFormat, "a cell lies beyond column %d", maxColumns))
		}
		for len(s.cells) < col {
			s.cells = append(s.cells, Cell{})
		}
		s.cells[col-1] = s.b.cell(typ, style, s.v, hasV, s.is, hasIS)
	}
}

// cellTypes interns the values of a cell's t attribute.
var cellTypes = map[string]string{"s": "s", "n": "n", "str": "str", "inlineStr": "inlineStr", "b": "b", "e": "e", "d": "d"}

// cellContent reads a cell's <v> and <is> up to </c>, and counts a
// formula with no stored result (a workbook saved without calculating).
func (s *fastSheet) cellContent() (hasV, hasIS bool, err error) {
	hasF := false
	defer func() {
		if hasF && !hasV && !hasIS && err == nil {
			s.noResult++
		}
	}()
	in := ""
	inPh := 0
	for {
		t, err := s.x.next()
		if err != nil {
			if err == io.EOF {
				err = errXML
			}
			return false, false, s.fail(err)
		}
		switch t.kind {
		case tokStart:
			switch string(t.name) {
			case "v":
				hasV = true
				in = "v"
			case "is":
				hasIS = true
			case "t":
				in = "t"
			case "rPh":
				inPh++
			case "f":
				in, hasF = "f", true
			}
			if t.empty {
				in = ""
			}
		case tokEnd:
			switch string(t.name) {
			case "c":
				return hasV, hasIS, nil
			case "rPh":
				inPh--
			case "v", "t", "f":
				in = ""
			}
		case tokText, tokCDATA:
			switch {
			case in == "v":
				s.v = textOf(s.v, t)
			case in == "t" && hasIS && inPh == 0:
				s.is = textOf(s.is, t)
			}
		}
	}
}

// columnOf is the column number of a cell reference such as "AB12".
func columnOf(ref []byte) int {
	n := 0
	for _, c := range ref {
		switch {
		case c >= 'A' && c <= 'Z':
			n = n*26 + int(c-'A'+1)
		case c >= 'a' && c <= 'z':
			n = n*26 + int(c-'a'+1)
		default:
			return n
		}
		if n > maxColumns {
			return n
		}
	}
	return n
}

// cell makes a Cell from a <c>'s type, style and content, with the stored
// and shown values excelize gives for it.
func (b *fastBook) cell(typ string, style int, v []byte, hasV bool, is []byte, hasIS bool) Cell {
	var raw, shown string
	switch typ {
	case "s":
		if !hasV || len(v) == 0 {
			raw = string(v)
			shown = b.format(style, 's', raw)
			break
		}
		i, _ := strconv.Atoi(strings.TrimSpace(string(v))) // excelize reads a bad index as 0
		str, ok := b.sst.get(i)
		if !ok {
			str = string(v) // and one past the table as itself
		}
		raw, shown = str, b.format(style, 's', str)
	case "inlineStr":
		if hasIS {
			raw = string(unescapeBSTR(is))
		} else {
			raw = string(v)
		}
		shown = b.format(style, 's', raw)
	case "str":
		raw = string(v)
		shown = raw
	case "b":
		raw = string(v)
		switch raw {
		case "1":
			shown = "TRUE"
		case "0":
			shown = "FALSE"
		default:
			shown = b.format(style, 'b', raw)
		}
	case "d":
		raw = string(v)
		shown = b.format(style, 'n', isoDateSerial(raw))
	case "e":
		raw = string(v)
		shown = b.format(style, 'e', raw)
	default:
		raw = string(v)
		shown = b.format(style, 'n', raw)
	}
	return dateIn1900(xlsxCell(raw, shown), b.date1904)
}

// format is what excelize shows for a value in a cell style: the value
// itself for the default style, else the style's number format applied.
func (b *fastBook) format(style int, kind byte, v string) string {
	if kind == 'n' {
		v = roundGeneral(v)
	}
	if style <= 0 || style >= len(b.xfs) || kind == 'e' {
		return v
	}
	x := b.xfs[style]
	if x.id == 14 && x.code == "" && kind == 'n' && !b.date1904 {
		if s, ok := shortDate(v); ok {
			return s
		}
	}
	if b.fmt == nil {
		b.fmt = newCellFormatter(b.date1904)
	}
	return b.fmt.format(x, kind, v)
}

// shortDate shows a whole serial number in built-in format 14, the short
// date of most workbooks, as excelize does ("mm-dd-yy"), without its
// general format parser, which takes 30µs a cell. Other values go there.
func shortDate(v string) (string, bool) {
	n, err := strconv.Atoi(v)
	if err != nil || n < 61 || n > 2958465 { // before 1 March 1900 Excel counts a day that never was
		return "", false
	}
	t, err := excelize.ExcelDateToTime(float64(n), false)
	if err != nil {
		return "", false
	}
	return t.Format("01-02-06"), true
}

// roundGeneral shows a stored number as excelize does: to at most 15
// significant digits, without an exponent where it fits.
func roundGeneral(v string) string {
	if v == "" || strings.Contains(v, "_") {
		return v
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return v // not a number excelize would round either
	}
	plain := strconv.FormatFloat(f, 'f', -1, 64)
	if len(strings.Replace(plain, ".", "", 1)) > 15 {
		return strconv.FormatFloat(f, 'G', 15, 64)
	}
	return plain
}

// isoDateSerial turns an ISO 8601 date cell (t="d") into the serial
// number excelize formats for it.
func isoDateSerial(v string) string {
	layout := "20060102T150405.999"
	if strings.HasSuffix(v, "Z") {
		layout = "20060102T150405Z"
		if strings.Contains(v, "-") {
			layout = "2006-01-02T15:04:05Z"
		}
	} else if strings.Contains(v, "-") {
		layout = "2006-01-02 15:04:05Z"
	}
	t, err := time.Parse(layout, strings.ReplaceAll(v, ",", "."))
	if err != nil {
		return v
	}
	f := excelize.NewFile()
	defer f.Close()
	f.SetCellValue("Sheet1", "A1", t)
	s, _ := f.GetCellValue("Sheet1", "A1", excelize.Options{RawCellValue: true})
	return s
}

// cellFormatter applies number formats with excelize itself, on a
// one-cell workbook, remembering recent results: a column of dates
// repeats its values.
type cellFormatter struct {
	f      *excelize.File
	styles map[xf]int
	cache  map[fmtKey]string
}

type fmtKey struct {
	xf   xf
	kind byte
	v    string
}

const fmtCacheSize = 1 << 16

func newCellFormatter(date1904 bool) *cellFormatter {
	f := excelize.NewFile()
	f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &date1904})
	return &cellFormatter{f: f, styles: map[xf]int{}, cache: map[fmtKey]string{}}
}

func (c *cellFormatter) format(x xf, kind byte, v string) string {
	k := fmtKey{x, kind, v}
	if s, ok := c.cache[k]; ok {
		return s
	}
	st, ok := c.styles[x]
	if !ok {
		var err error
		if x.code != "" {
			code := x.code
			st, err = c.f.NewStyle(&excelize.Style{CustomNumFmt: &code})
		} else {
			st, err = c.f.NewStyle(&excelize.Style{NumFmt: x.id})
		}
		if err != nil {
			st = 0
		}
		c.styles[x] = st
	}
	const sheet, cell = "Sheet1", "A1"
	switch kind {
	case 's':
		// GetCellValue undoes _xHHHH_ escapes, which v has had undone
		// already: escape them once more.
		c.f.SetCellStr(sheet, cell, escapeBSTR(v))
	default:
		c.f.SetCellDefault(sheet, cell, v)
	}
	c.f.SetCellStyle(sheet, cell, cell, st)
	s, err := c.f.GetCellValue(sheet, cell)
	if err != nil {
		s = v
	}
	if len(c.cache) >= fmtCacheSize {
		clear(c.cache)
	}
	c.cache[k] = s
	return s
}

// escapeBSTR protects what looks like an _xHHHH_ escape in v, so that
// unescapeBSTR gives v back.
func escapeBSTR(v string) string {
	if !strings.Contains(v, "_x") {
		return v
	}
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		if i+7 <= len(v) && v[i] == '_' && v[i+1] == 'x' && v[i+6] == '_' && isHex4([]byte(v[i+2:i+6])) {
			b.WriteString("_x005F")
		}
		b.WriteByte(v[i])
	}
	return b.String()
}
