package table

import (
	"bytes"
	"io"
	"sync"
)

// A large delimited text file is parsed fastest on every core at once. A
// Splitter cuts the rest of a table into chunks that end where records
// end, following quotes exactly as the scanner does (a quote opens a
// quoted field only at the start of a field), so that each chunk parses on
// its own to the same records, with the right line numbers.

// Splitter hands out the rest of a table as chunks of whole records. Next
// is called from one goroutine; the chunks may be parsed on others.
type Splitter struct {
	sheet     *csvSheet
	r         io.Reader
	pend      []byte // read, not yet handed out
	eof       bool
	size      int
	line      int // line number where the next chunk starts
	delim     byte
	checkUTF8 bool
	free      sync.Pool // chunk buffers given back by Release
	// indexed splits chunks with the structural index (hasIndex); tests
	// turn it off to compare the two ways on the same CPU.
	indexed bool
}

// Split hands out the rest of the table in chunks of about size bytes.
// The sheet must not be read otherwise after. Chunk statistics reach the
// sheet's Stats through Add.
func (s *csvSheet) Split(size int) *Splitter {
	sc := s.sc
	r := sc.r
	sc.r = nil // nothing reads through the scanner from here on
	return &Splitter{
		sheet: s, r: r, pend: append([]byte(nil), sc.buf[sc.start:sc.end]...), eof: sc.eof,
		size: size, line: sc.line, delim: sc.delim, checkUTF8: sc.checkUTF8, indexed: hasIndex,
	}
}

// Chunk is a run of whole records.
type Chunk struct {
	sp        *Splitter
	data      []byte
	line      int
	delim     byte
	checkUTF8 bool
	header    int
	ix        *structIndex // of data, when the splitter made one
}

// Next returns the next chunk, or io.EOF after the last.
func (sp *Splitter) Next() (*Chunk, error) {
	for {
		if !sp.eof && len(sp.pend) < sp.size {
			if err := sp.read(sp.size - len(sp.pend)); err != nil {
				return nil, err
			}
			continue
		}
		// With the index, the chunk's records are found from it too.
		var ix *structIndex
		if sp.indexed {
			ix = indexes.Get().(*structIndex)
			ix.build(sp.pend, sp.delim)
		}
		cut := len(sp.pend)
		switch {
		case sp.eof:
		case ix != nil:
			cut = ix.lastBoundary(sp.pend, sp.delim)
		default:
			cut = lastBoundary(sp.pend, sp.delim)
		}
		if cut <= 0 {
			if ix != nil {
				indexes.Put(ix)
			}
			if sp.eof {
				return nil, io.EOF
			}
			if len(sp.pend) > MaxRecord {
				return nil, errorf(ErrLongRecord, "line %d: a record is longer than %d MiB (a quote that is never closed?)", sp.line, MaxRecord>>20)
			}
			if err := sp.read(sp.size); err != nil { // one record longer than a chunk
				return nil, err
			}
			continue
		}
		c := &Chunk{sp: sp, data: sp.pend[:cut], line: sp.line, delim: sp.delim, checkUTF8: sp.checkUTF8, header: len(sp.sheet.header)}
		if ix != nil {
			ix.trim(cut)
			c.ix = ix
			sp.line += ix.lines(cut)
		} else {
			sp.line += bytes.Count(c.data, []byte{'\n'})
		}
		rest := sp.buffer(sp.size + len(sp.pend) - cut)[:len(sp.pend)-cut]
		copy(rest, sp.pend[cut:])
		sp.pend = rest
		return c, nil
	}
}

// buffer returns an empty buffer with room for n bytes, given back by
// Release if there is one: a large file then makes no garbage.
func (sp *Splitter) buffer(n int) []byte {
	if b, ok := sp.free.Get().(*[]byte); ok && cap(*b) >= n {
		return (*b)[:0]
	}
	return make([]byte, 0, n)
}

// Release gives the chunk's memory back for later chunks. The chunk and
// the records it gave must not be used after.
func (c *Chunk) Release() {
	if c.sp != nil {
		b := c.data[:0]
		c.sp.free.Put(&b)
		c.sp, c.data = nil, nil
	}
	if c.ix != nil {
		indexes.Put(c.ix)
		c.ix = nil
	}
}

// read appends up to n more bytes to pend.
func (sp *Splitter) read(n int) error {
	if cap(sp.pend)-len(sp.pend) < n {
		grown := make([]byte, len(sp.pend), len(sp.pend)+max(n, len(sp.pend))) // doubling: a long record is not copied over and over
		copy(grown, sp.pend)
		sp.pend = grown
	}
	m, err := io.ReadFull(sp.r, sp.pend[len(sp.pend):len(sp.pend)+n])
	if bytes.IndexByte(sp.pend[len(sp.pend):len(sp.pend)+m], 0) >= 0 {
		return errNUL(sp.line)
	}
	sp.pend = sp.pend[:len(sp.pend)+m]
	switch err {
	case nil:
	case io.EOF, io.ErrUnexpectedEOF:
		sp.eof = true
	default:
		return err
	}
	return nil
}

// lastBoundary returns the offset just past the last line break in p that
// is outside quotes, p starting at the start of a record; 0 if there is
// none, or if p ends where it cannot yet be told.
func lastBoundary(p []byte, delim byte) int {
	b := boundaryScan{p: p, delim: delim}
	lastNL := func(from, to int) int {
		if i := bytes.LastIndexByte(p[from:to], '\n'); i >= 0 {
			return from + i
		}
		return -1
	}
	for pos := 0; ; {
		q := bytes.IndexByte(p[pos:], '"')
		if q < 0 {
			break
		}
		q += pos
		skip, done := b.quote(q, lastNL)
		if done {
			return b.cut
		}
		pos = max(q, skip) + 1
	}
	return b.end(lastNL)
}

// boundaryScan is the search for the last record boundary in a chunk, fed
// the chunk's quotes in order: lastBoundary finds them by search, the
// structural index's lastBoundary by bit scan. lastNL(from, to) is the
// offset of the last line feed in p[from:to], or -1.
type boundaryScan struct {
	p        []byte
	delim    byte
	cut, seg int // seg: where the stretch outside quotes began
	inQuote  bool
}

// quote takes the quote at q. It returns the offset of a quote to pass
// over (the second of a doubled pair) or -1, and done when p ends where a
// boundary cannot yet be told (a closing quote, or the first of two).
func (b *boundaryScan) quote(q int, lastNL func(from, to int) int) (skip int, done bool) {
	p := b.p
	if !b.inQuote {
		if q == 0 || p[q-1] == b.delim || p[q-1] == '\n' || p[q-1] == '\r' {
			if nl := lastNL(b.seg, q); nl >= 0 {
				b.cut = nl + 1
			}
			b.inQuote = true
		}
		return -1, false // otherwise a stray quote, which is text
	}
	switch {
	case q+1 == len(p):
		return -1, true
	case p[q+1] == '"':
		return q + 1, false
	}
	b.inQuote, b.seg = false, q+1
	return -1, false
}

// end is the boundary once every quote was taken.
func (b *boundaryScan) end(lastNL func(from, to int) int) int {
	if !b.inQuote {
		if nl := lastNL(b.seg, len(b.p)); nl >= 0 {
			b.cut = nl + 1
		}
	}
	return b.cut
}

// indexes are the structural indexes of chunks being parsed, reused.
var indexes = sync.Pool{New: func() any { return new(structIndex) }}

// Records parses the chunk's records in order, calling fn with each, and
// returns the chunk's statistics for Add.
func (c *Chunk) Records(fn func(*Record) error) (Stats, error) {
	sc := &scanner{buf: c.data, end: len(c.data), eof: true, delim: c.delim, checkUTF8: c.checkUTF8, line: c.line, mode: wantRecord, crNext: -1}
	sc.ix = c.ix
	var st Stats
	for {
		line := sc.line
		_, blank, err := sc.next()
		if err == io.EOF {
			st.BadQuotes = sc.badQuotes
			return st, nil
		}
		if err != nil {
			return st, err
		}
		if blank {
			st.Blank++
			continue
		}
		st.countRow(line, len(sc.rec.ends), c.header)
		sc.rec.Line = line
		if err := fn(&sc.rec); err != nil {
			return st, err
		}
	}
}

// Add counts a parsed chunk's statistics into the sheet's. Call it for the
// chunks in order.
func (sp *Splitter) Add(st Stats) { sp.sheet.stats.add(st) }

func (s *Stats) add(o Stats) {
	s.Rows += o.Rows
	s.Blank += o.Blank
	s.Ragged += o.Ragged
	s.BadQuotes += o.BadQuotes
	for _, l := range o.RaggedRows {
		if len(s.RaggedRows) < keepRagged {
			s.RaggedRows = append(s.RaggedRows, l)
		}
	}
}
