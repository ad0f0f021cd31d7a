package table

import (
	"bytes"
	"encoding/binary"
	"math/bits"
)

// Record is one data row of delimited text as bytes, for callers that copy
// most fields as they are and would waste time making a string of each.
type Record struct {
	Line int
	// verbatim: the fields are spans of the text as it was read, with
	// their delimiters between them and a quoted field's quotes around it
	// (any doubled quote inside still doubled). Otherwise data holds the
	// unquoted values one after another.
	verbatim     bool
	delim        byte // the delimiter the record was split on
	data         []byte
	starts, ends []int
	// The values of quoted fields with doubled quotes inside, undoubled
	// into scratch: few records have any.
	esc     []escaped
	scratch []byte
}

type escaped struct{ field, start, end int }

// unescape keeps the value of field i, a quoted field's body with its
// doubled quotes.
func (r *Record) unescape(i int, body []byte) {
	start := len(r.scratch)
	for len(body) > 0 {
		k := bytes.IndexByte(body, '"')
		if k < 0 {
			r.scratch = append(r.scratch, body...)
			break
		}
		r.scratch = append(r.scratch, body[:k+1]...)
		body = body[k+2:]
	}
	r.esc = append(r.esc, escaped{i, start, len(r.scratch)})
}

// RecordReader is a Sheet that can also give its rows as Records (the
// sheets of delimited text files).
type RecordReader interface {
	Sheet
	// NextRecord reads the next data row. It returns io.EOF after the last
	// row. The Record and its bytes are valid until the next call.
	NextRecord() (*Record, error)
	// Split hands the rest of the table out in chunks of whole records,
	// to be parsed on several cores.
	Split(size int) *Splitter
}

// Len is the number of fields.
func (r *Record) Len() int { return len(r.ends) }

// Field is the value of field i, unquoted.
func (r *Record) Field(i int) []byte {
	for _, e := range r.esc {
		if e.field == i {
			return r.scratch[e.start:e.end]
		}
	}
	return r.data[r.starts[i]:r.ends[i]]
}

// First is the first byte of field i's value, and false for an empty
// field: a quick look that skips Field's search of unescaped values (a
// doubled quote at the start of a quoted field reads as '"' either way).
func (r *Record) First(i int) (byte, bool) {
	if s := r.starts[i]; s < r.ends[i] {
		return r.data[s], true
	}
	return 0, false
}

// quoted reports whether field i of a verbatim record was quoted: its
// value may then hold the delimiter, a quote or a line break.
func (r *Record) quoted(i int) bool {
	return r.starts[i] > 0 && r.data[r.starts[i]-1] == '"'
}

// span is the text of fields a to b of a verbatim record exactly as read,
// quotes and delimiters included: written back with the same delimiter it
// reads as the same values (see CSVWriter.CopyFields).
func (r *Record) span(a, b int) []byte {
	s, e := r.starts[a], r.ends[b]
	if r.quoted(a) {
		s--
	}
	if r.quoted(b) {
		e++
	}
	return r.data[s:e]
}

// setQuoted takes fields that were unquoted into one buffer, each ending
// at an offset in offs.
func (r *Record) setQuoted(values []byte, offs []int) {
	r.verbatim, r.data, r.esc = false, values, r.esc[:0]
	r.starts, r.ends = r.starts[:0], r.ends[:0]
	prev := 0
	for _, o := range offs {
		r.starts = append(r.starts, prev)
		r.ends = append(r.ends, o)
		prev = o
	}
}

// What split makes of the text it is given.
type splitResult uint8

const (
	splitDone    splitResult = iota
	splitMore                // the record goes on past the text given
	splitCareful             // a doubled or stray quote, or an odd line end: for the careful parser
)

const (
	lows  = 0x0101010101010101
	highs = 0x8080808080808080
)

// zeroBytes has the high bit of each byte of w that is zero set, exactly
// (no borrow from a neighbour).
func zeroBytes(w uint64) uint64 {
	return ^((w&^highs + ^uint64(highs)) | w | ^uint64(highs))
}

// split finds the fields of the record at the start of p in one pass, as
// spans of p (verbatim). It returns the record's length with its line end,
// the line breaks inside quoted fields, and whether any byte is not ASCII.
// The common case, a record of plain and simply quoted fields, costs one
// look at each byte, eight at a time; everything else is left to the
// careful parser. At the end of the input (eof) the last record needs no
// line end.
//
// Written by hand, not with encoding/csv: that copies every field and
// makes a string of each, which is most of the time of a large strip.
func (r *Record) split(p []byte, delim byte, eof bool) (n, lines int, high bool, res splitResult) {
	r.verbatim, r.delim, r.data = true, delim, p
	r.starts, r.ends = r.starts[:0], r.ends[:0]
	r.esc, r.scratch = r.esc[:0], r.scratch[:0]
	dm, qm, nm := lows*uint64(delim), lows*uint64('"'), lows*uint64('\n')
	var hi uint64
	start, i := 0, 0
fields:
	for {
		if i == start && i < len(p) && p[i] == '"' {
			q, body, res := r.quotedBody(p, i, len(r.ends), eof)
			if res != splitDone {
				return 0, 0, false, res
			}
			lines += bytes.Count(body, []byte{'\n'})
			hi |= orBytes(body)
			r.starts, r.ends = append(r.starts, i+1), append(r.ends, q)
			end, next, res := afterQuote(p, q+1, delim, eof)
			switch {
			case res != splitDone:
				return 0, 0, false, res
			case next:
				hi |= uint64(delim) // as below: a delimiter that is not ASCII
				i, start = q+2, q+2
				continue
			}
			return end, lines, hi&highs != 0, splitDone
		}
		// Unquoted text: find the next delimiter, quote or line break.
		for i+8 <= len(p) {
			w := binary.LittleEndian.Uint64(p[i:])
			md := zeroBytes(w ^ dm)
			m := md | zeroBytes(w^qm) | zeroBytes(w^nm)
			// Fields are short: one word often ends several. Close each
			// one whose delimiter is in it, up to a quote or line break.
			for m != 0 {
				bit := m & -m
				k := bits.TrailingZeros64(bit) >> 3
				if md&bit == 0 {
					hi |= w & (1<<(8*k) - 1)
					i += k
					if i == start && p[i] == '"' {
						continue fields // a quoted field after a delimiter
					}
					goto special
				}
				r.starts, r.ends = append(r.starts, start), append(r.ends, i+k)
				start = i + k + 1
				m &^= bit
			}
			hi |= w
			i += 8
		}
		for i < len(p) && p[i] != delim && p[i] != '"' && p[i] != '\n' {
			hi |= uint64(p[i])
			i++
		}
		if i == len(p) {
			if !eof {
				return 0, 0, false, splitMore
			}
			if i == 0 {
				return 0, 0, false, splitDone // nothing left: the caller sees the end
			}
			end := i
			if end > start && p[end-1] == '\r' {
				end--
			}
			r.starts, r.ends = append(r.starts, start), append(r.ends, end)
			return i, lines, hi&highs != 0, splitDone
		}
	special:
		switch p[i] {
		case delim:
			hi |= uint64(delim) // a delimiter that is not ASCII (sep=\x80) is not a valid record either
			r.starts, r.ends = append(r.starts, start), append(r.ends, i)
			i++
			start = i
		case '\n':
			end := i
			if end > start && p[end-1] == '\r' {
				end--
			}
			r.starts, r.ends = append(r.starts, start), append(r.ends, end)
			return i + 1, lines, hi&highs != 0, splitDone
		default:
			if i == start {
				continue fields // a quoted field after a delimiter, in the last bytes
			}
			return 0, 0, false, splitCareful // a quote inside unquoted text
		}
	}
}

// quotedBody reads the quoted field that starts at p[start], a quote, as
// field number field: q is its closing quote and body its text between
// the quotes, doubled quotes still doubled (their value is noted).
func (r *Record) quotedBody(p []byte, start, field int, eof bool) (q int, body []byte, res splitResult) {
	q, escaped, res := r.closingQuote(p, start, eof)
	if res != splitDone {
		return 0, nil, res
	}
	body = p[start+1 : q]
	if escaped {
		r.unescape(field, body)
	}
	return q, body, splitDone
}

// afterQuote says what follows a quoted field whose closing quote is just
// before p[after]: another field (next), or the end of the record (end is
// the offset past its line end); else splitMore or splitCareful.
func afterQuote(p []byte, after int, delim byte, eof bool) (end int, next bool, res splitResult) {
	switch {
	case after == len(p):
		return after, false, splitDone
	case p[after] == delim:
		return 0, true, splitDone
	case p[after] == '\n':
		return after + 1, false, splitDone
	case p[after] == '\r' && after+1 < len(p) && p[after+1] == '\n':
		return after + 2, false, splitDone
	case p[after] == '\r' && after+1 == len(p) && !eof:
		return 0, false, splitMore
	}
	return 0, false, splitCareful
}

// closingQuote finds the quote that ends the quoted field opening at
// p[open]: the next quote not doubled, which must then be followed by a
// delimiter or the line end. escaped says a doubled quote was seen.
func (r *Record) closingQuote(p []byte, open int, eof bool) (q int, escaped bool, res splitResult) {
	q = open
	for {
		k := bytes.IndexByte(p[q+1:], '"')
		if k < 0 {
			return 0, false, r.more(eof)
		}
		q += k + 1
		if q+1 == len(p) && !eof {
			return 0, false, splitMore // maybe the first of two quotes
		}
		if q+1 == len(p) || p[q+1] != '"' {
			return q, escaped, splitDone
		}
		q++ // a doubled quote
		escaped = true
	}
}

// more is what an unfinished quoted field means: more text to come, or,
// at the end of the input, a quote never closed, which the careful parser
// reports.
func (r *Record) more(eof bool) splitResult {
	if eof {
		return splitCareful
	}
	return splitMore
}

// orBytes ORs the bytes of p together, eight at a time: its high bit says
// whether p is all ASCII.
func orBytes(p []byte) uint64 {
	var hi uint64
	for len(p) >= 8 {
		hi |= binary.LittleEndian.Uint64(p)
		p = p[8:]
	}
	for _, c := range p {
		hi |= uint64(c)
	}
	return hi
}
