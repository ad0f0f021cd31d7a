package table

import (
	"bytes"
	"io"
	"os"
	"strings"
	"unicode/utf8"
)

// The CSV reader is written here rather than taken from encoding/csv for
// two reasons:
//   - encoding/csv turns "\r\n" inside a quoted field into "\n", so a cell
//     would not survive a round trip unchanged;
//   - inspect counts every row of a file but looks at only a sample, and
//     encoding/csv always makes a string per field. Count here splits
//     nothing: on the 189 MB benchmark file it takes 0.23 s, where reading
//     with encoding/csv takes 0.45 to 0.76 s, about what Next takes
//     (go test -bench CSV ./pkg/table with LOCKBOX_BENCH_CSV set).
// Lines without quotes are split with bytes.IndexByte, and each row's
// cells share one string.

// MaxRecord bounds one CSV record, so a missing closing quote cannot make
// lockbox read a whole file into memory.
const MaxRecord = 16 << 20

type csvFile struct {
	fh      *os.File
	dialect Dialect
	skip    int // the byte-order mark's length
}

func openCSV(fh *os.File, size int64, opts Options) (*csvFile, error) {
	// The first MiB tells the encoding and delimiter; a small file needs
	// no more than itself (and one byte, to see its end).
	head := make([]byte, min(sniffSize, size+1))
	n, err := io.ReadFull(fh, head)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return nil, err
	}
	head = head[:n]
	if n == 0 {
		return nil, errorf(ErrFormat, "the file is empty")
	}
	var d Dialect
	skip := 0
	if opts.Encoding != "" {
		if encodings[opts.Encoding] == nil {
			return nil, errUnknownEncoding(opts.Encoding)
		}
		d.Encoding = opts.Encoding
		skip = bomLen(d.Encoding, head)
	} else if d.Encoding, skip, err = detectEncoding(head, n < sniffSize); err != nil {
		return nil, err
	}
	d.BOM = skip > 0
	sample := head[skip:] // UTF-8 needs no decoding, nor a copy to decode into
	if d.Encoding != "utf-8" {
		sample, _ = io.ReadAll(decoder(d.Encoding, bytes.NewReader(sample)))
	}
	if crOnly(sample) {
		d.CR = true
		sample, _ = io.ReadAll(newCRReader(bytes.NewReader(sample)))
	}
	text := string(sample)
	if sep, _, ok := sepLine(text); ok {
		d.SepLine, d.Delimiter = true, sep
		text = text[strings.IndexByte(text, '\n')+1:]
	}
	if opts.Delimiter != 0 {
		d.Delimiter = opts.Delimiter
	} else if d.Delimiter == 0 {
		d.Delimiter = sniffDelimiter(text)
	}
	if i := strings.IndexByte(text, '\n'); i > 0 && text[i-1] == '\r' {
		d.CRLF = true
	}
	return &csvFile{fh: fh, dialect: d, skip: skip}, nil
}

// sheet starts reading the table at its header, after skip lines that are
// not blank. It can be called again to read the table again, as long as
// the last reading is done.
func (f *csvFile) sheet(name string, skip int) (Sheet, error) {
	if _, err := f.fh.Seek(int64(f.skip), io.SeekStart); err != nil {
		return nil, err
	}
	r := decoder(f.dialect.Encoding, f.fh)
	if f.dialect.CR {
		r = newCRReader(r)
	}
	s := &csvSheet{name: name, sc: newScanner(r, f.dialect.Delimiter, f.dialect.Encoding == "utf-8")}
	if f.dialect.SepLine {
		if _, _, err := s.sc.next(); err != nil {
			return nil, err
		}
	}
	for {
		line := s.sc.line
		cells, blank, err := s.sc.next()
		if err == io.EOF {
			return nil, errorf(ErrFormat, "the file has no header row")
		}
		if err != nil {
			return nil, err
		}
		if blank {
			continue
		}
		if s.stats.AboveHeader < skip {
			s.stats.AboveHeader++
			continue
		}
		s.stats.HeaderLine = line
		s.header = make([]Cell, len(cells))
		copy(s.header, cells)
		break
	}
	return s, nil
}

func (f *csvFile) close() error { return f.fh.Close() }

type csvSheet struct {
	name   string
	header []Cell
	sc     *scanner
	stats  Stats
}

func (s *csvSheet) Name() string   { return s.name }
func (s *csvSheet) Header() []Cell { return s.header }
func (s *csvSheet) Stats() Stats   { return s.stats }

func (s *csvSheet) Next() (Row, error) {
	for {
		line := s.sc.line
		cells, blank, err := s.sc.next()
		if err != nil {
			return Row{}, err
		}
		if blank {
			s.stats.Blank++
			continue
		}
		s.stats.countRow(line, len(cells), len(s.header))
		s.stats.BadQuotes = s.sc.badQuotes
		return Row{Line: line, Cells: cells}, nil
	}
}

// NextRecord reads the next data row as bytes, without making strings:
// for writers that copy most fields as they are. It counts in Stats as
// Next does. The Record is reused by the next call.
func (s *csvSheet) NextRecord() (*Record, error) {
	s.sc.mode = wantRecord
	defer func() { s.sc.mode = wantCells }()
	for {
		line := s.sc.line
		_, blank, err := s.sc.next()
		if err != nil {
			return nil, err
		}
		if blank {
			s.stats.Blank++
			continue
		}
		s.stats.countRow(line, len(s.sc.rec.ends), len(s.header))
		s.stats.BadQuotes = s.sc.badQuotes
		s.sc.rec.Line = line
		return &s.sc.rec, nil
	}
}

// Count reads the remaining rows for their statistics only.
func (s *csvSheet) Count() error {
	s.sc.mode = wantCount
	defer func() { s.sc.mode = wantCells }()
	for {
		line := s.sc.line
		_, blank, err := s.sc.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if blank {
			s.stats.Blank++
			continue
		}
		s.stats.countRow(line, s.sc.fields, len(s.header))
		s.stats.BadQuotes = s.sc.badQuotes
	}
}

// bareCR reports whether the record in buf[s.start:end], with its line
// end, holds a CR that is not the CR of that CRLF: a line end to Excel, or
// a CR in a quoted value, either of which is for the careful parser.
func (s *scanner) bareCR(end int) bool {
	k := s.nextCR()
	return k >= 0 && k < end-1 && !(k == end-2 && s.buf[end-1] == '\n')
}

// nextCR returns where in buf the first CR at or after s.start is, or -1
// if the data read so far holds none. A file without CRs is looked at once
// per buffer, not once per line or field.
func (s *scanner) nextCR() int { return s.crFrom(s.start) }

// crFrom is nextCR from pos, at or after s.start; pos only moves forward.
// It is called for every line and field, so the common answer, no CR in
// what was read, costs two comparisons.
func (s *scanner) crFrom(pos int) int {
	if s.crNext >= pos || s.crNext < 0 && s.crScanned == s.end {
		return s.crNext
	}
	return s.findCR(pos)
}

func (s *scanner) findCR(pos int) int {
	from := max(pos, s.crScanned)
	k := bytes.IndexByte(s.buf[from:s.end], '\r')
	if k < 0 {
		s.crNext, s.crScanned = -1, s.end
		return -1
	}
	s.crNext = from + k
	s.crScanned = s.crNext + 1
	return s.crNext
}

// scanner splits delimited text into records.
type scanner struct {
	r          io.Reader
	buf        []byte
	start, end int
	eof        bool
	delim      byte
	checkUTF8  bool
	line       int // line number where the next record starts
	cells      []Cell
	scratch    []byte
	offs       []int
	badQuotes  int
	// mode says what next makes of a record: cells, a Record in rec, or
	// only a count of its fields in fields (rows counted without strings).
	mode   scanMode
	rec    Record
	fields int
	// ix, when set, indexes all of buf, which then never moves: a chunk.
	ix *structIndex
	// crNext is the first CR in buf from s.start, or -1 when there is none
	// before crScanned (see nextCR).
	crNext, crScanned int
}

type scanMode uint8

const (
	wantCells scanMode = iota
	wantRecord
	wantCount
)

func newScanner(r io.Reader, delim byte, checkUTF8 bool) *scanner {
	return &scanner{r: r, buf: make([]byte, 256<<10), delim: delim, checkUTF8: checkUTF8, line: 1, crNext: -1}
}

// fill reads more input, keeping buf[start:end]; it grows the buffer when
// a record does not fit.
func (s *scanner) fill() error {
	if s.start > 0 {
		s.end = copy(s.buf, s.buf[s.start:s.end])
		s.crNext, s.crScanned = max(s.crNext-s.start, -1), max(s.crScanned-s.start, 0)
		s.start = 0
	}
	if s.end == len(s.buf) {
		if len(s.buf) >= MaxRecord {
			return errorf(ErrLongRecord, "line %d: a record is longer than %d MiB (a quote that is never closed?)", s.line, MaxRecord>>20)
		}
		nb := make([]byte, 2*len(s.buf))
		copy(nb, s.buf[:s.end])
		s.buf = nb
	}
	n, err := s.r.Read(s.buf[s.end:])
	if bytes.IndexByte(s.buf[s.end:s.end+n], 0) >= 0 {
		return errNUL(s.line)
	}
	s.end += n
	if err == io.EOF {
		s.eof = true
		return nil
	}
	return err
}

// next returns the next record's cells. blank reports an empty line.
func (s *scanner) next() (cells []Cell, blank bool, err error) {
	if s.mode == wantRecord {
		blank, err := s.nextRecord()
		return nil, blank, err
	}
	for {
		i := bytes.IndexByte(s.buf[s.start:s.end], '\n')
		if i < 0 && !s.eof {
			if err := s.fill(); err != nil {
				return nil, false, err
			}
			continue
		}
		if i < 0 {
			if s.start == s.end {
				return nil, false, io.EOF
			}
			i = s.end - s.start
		}
		line := s.buf[s.start : s.start+i]
		if bytes.IndexByte(line, '"') >= 0 {
			return s.quoted()
		}
		lf := 1
		if k := s.nextCR() - s.start; k >= 0 && k < len(line)-1 {
			// A CR alone ends a line, as Excel reads it: "Delft\rKees"
			// is two records, not one cell. Line numbers count LFs, as
			// editors and the chunk splitter do.
			i, line, lf = k, line[:k], 0
		}
		if s.checkUTF8 && !utf8.Valid(line) {
			return nil, false, s.encodingError()
		}
		s.start = min(s.start+i+1, s.end)
		s.line += lf
		line = bytes.TrimSuffix(line, []byte{'\r'})
		if len(line) == 0 {
			return nil, true, nil
		}
		switch s.mode {
		case wantCount:
			s.fields = bytes.Count(line, []byte{s.delim}) + 1
			return nil, false, nil
		}
		text := string(line)
		s.cells = s.cells[:0]
		for {
			j := strings.IndexByte(text, s.delim)
			if j < 0 {
				break
			}
			s.cells = append(s.cells, textCell(text[:j]))
			text = text[j+1:]
		}
		s.cells = append(s.cells, textCell(text))
		return s.cells, false, nil
	}
}

// carefulFrom is the length past which a record still unfinished in the
// buffer is parsed by the careful parser, which streams: split would look
// at the start of a very long record again after each read.
const carefulFrom = 64 << 10

// nextRecord reads the next record into rec, split in place where it can.
func (s *scanner) nextRecord() (blank bool, err error) {
	for {
		if s.start == s.end && s.eof {
			return false, io.EOF
		}
		var (
			n, lines int
			high     bool
			res      splitResult
		)
		if s.ix != nil {
			n, lines, high, res = s.rec.splitIndexed(s.buf[:s.end], s.start, s.ix, s.delim, s.eof)
		} else {
			n, lines, high, res = s.rec.split(s.buf[s.start:s.end], s.delim, s.eof)
		}
		switch res {
		case splitMore:
			if s.end-s.start < carefulFrom {
				if err := s.fill(); err != nil {
					return false, err
				}
				continue
			}
			fallthrough
		case splitCareful:
			_, blank, err := s.quoted()
			return blank, err
		}
		if s.bareCR(s.start + n) {
			_, blank, err := s.quoted() // which reads a CR alone as a line end
			return blank, err
		}
		if s.checkUTF8 && high && !s.validUTF8(s.start, s.start+n) {
			return false, s.encodingError()
		}
		s.start += n
		s.line += 1 + lines
		r := &s.rec
		return len(r.ends) == 1 && r.ends[0] == r.starts[0] && !r.quoted(0), nil
	}
}

// validUTF8 checks buf[a:b], with the index when there is one.
func (s *scanner) validUTF8(a, b int) bool {
	if s.ix != nil {
		return s.ix.validUTF8(s.buf, a, b)
	}
	return utf8.Valid(s.buf[a:b])
}

// errNUL is a NUL byte found past the first MiB, which the sniffer checks:
// text has none, and every byte of the file is looked at (once per buffer
// read, not per line).
func errNUL(line int) error {
	return errorf(ErrFormat, "from line %d on, it holds binary data (NUL bytes), not text", line)
}

func (s *scanner) encodingError() error {
	return errorf(ErrEncoding, "line %d is not valid UTF-8", s.line)
}

func textCell(v string) Cell {
	if v == "" {
		return Cell{}
	}
	return Cell{Type: String, Value: v, Raw: v}
}

// quoted parses a record that has quotes, which may span lines. Quotes
// open a quoted field only at its start; a stray quote elsewhere is kept
// as text and counted in badQuotes. Bytes are copied to scratch as they
// are parsed, so the buffer never has to hold a whole record.
func (s *scanner) quoted() ([]Cell, bool, error) {
	s.scratch, s.offs = s.scratch[:0], s.offs[:0]
	pos, lines, bad, quotes := s.start, 0, false, false
	// more makes at least one byte at pos available; false at end of input.
	more := func() (bool, error) {
		for pos >= s.end {
			if s.eof {
				return false, nil
			}
			s.start = pos
			if err := s.fill(); err != nil {
				return false, err
			}
			pos = s.start
		}
		return true, nil
	}
	for {
		// A field starts at pos.
		ok, err := more()
		if err != nil {
			return nil, false, err
		}
		if ok && s.buf[pos] == '"' {
			quotes = true
			pos++
			for {
				if ok, err = more(); err != nil {
					return nil, false, err
				} else if !ok {
					return nil, false, errorf(ErrFormat, "line %d: a quoted field is never closed", s.line)
				}
				chunk := s.buf[pos:s.end]
				j := bytes.IndexByte(chunk, '"')
				if j < 0 {
					j = len(chunk)
				}
				lines += bytes.Count(chunk[:j], []byte{'\n'})
				s.scratch = append(s.scratch, chunk[:j]...)
				pos += j
				if len(s.scratch) > MaxRecord {
					return nil, false, errorf(ErrLongRecord, "line %d: a record is longer than %d MiB (a quote that is never closed?)", s.line, MaxRecord>>20)
				}
				if j == len(chunk) {
					continue
				}
				pos++ // the quote
				if ok, err = more(); err != nil {
					return nil, false, err
				}
				if ok && s.buf[pos] == '"' {
					s.scratch = append(s.scratch, '"')
					pos++
					continue
				}
				break
			}
			if ok, err = more(); err != nil {
				return nil, false, err
			}
			if ok && s.buf[pos] != s.delim && s.buf[pos] != '\n' && s.buf[pos] != '\r' {
				bad = true // text after the closing quote: read on as unquoted
			}
		}
		// Unquoted text up to the delimiter or the end of the line.
		var end byte
		for end == 0 {
			if ok, err = more(); err != nil {
				return nil, false, err
			} else if !ok {
				end = '\n'
				break
			}
			chunk := s.buf[pos:s.end]
			k := bytes.IndexByte(chunk, s.delim)
			if k < 0 {
				k = len(chunk)
			}
			if n := bytes.IndexByte(chunk[:k], '\n'); n >= 0 {
				k = n
			}
			if c := s.crFrom(pos); c >= 0 && c < pos+k {
				k = c - pos // a line end, alone or as the CR of a CRLF
			}
			bad = bad || bytes.IndexByte(chunk[:k], '"') >= 0
			s.scratch = append(s.scratch, chunk[:k]...)
			pos += k
			if k < len(chunk) {
				end = chunk[k]
				pos++
			}
			if end == '\r' {
				if ok, err = more(); err != nil {
					return nil, false, err
				}
				if ok && s.buf[pos] == '\n' {
					pos++
				} else if ok {
					lines-- // a CR alone: a record, but not an LF line
				}
				end = '\n'
			}
			if len(s.scratch) > MaxRecord {
				return nil, false, errorf(ErrLongRecord, "line %d: a record is longer than %d MiB", s.line, MaxRecord>>20)
			}
		}
		s.offs = append(s.offs, len(s.scratch))
		if end == '\n' {
			break
		}
	}
	if s.checkUTF8 && !utf8.Valid(s.scratch) {
		return nil, false, s.encodingError()
	}
	s.start = pos
	s.line += lines + 1
	if bad {
		s.badQuotes++
	}
	if len(s.offs) == 1 && s.offs[0] == 0 && !quotes {
		return nil, true, nil // an empty line, ended by a CR alone
	}
	switch s.mode {
	case wantCount:
		s.fields = len(s.offs)
		return nil, false, nil
	case wantRecord:
		s.rec.setQuoted(s.scratch, s.offs)
		return nil, false, nil
	}
	text := string(s.scratch)
	s.cells = s.cells[:0]
	prev := 0
	for _, o := range s.offs {
		s.cells = append(s.cells, textCell(text[prev:o]))
		prev = o
	}
	return s.cells, false, nil
}
