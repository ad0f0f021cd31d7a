package table

import (
	"bytes"
	"math/bits"
	"unicode/utf8"
)

// A structural index marks, one bit per byte, where a chunk's delimiters,
// its quotes and line feeds, and its bytes that are not ASCII are. Built
// with AVX2 (structural_amd64.s) it costs about 20 µs per MiB, and
// splitIndexed then goes from one field to the next with a bit scan of a
// word it holds in a register, instead of comparing every byte: split, the
// largest cost of a strip, looked at eight bytes at a time, as far as
// portable Go goes (see "Where the time goes" in bench/README.md). No
// maintained Go CSV library does this; encoding/csv reads byte by byte.

type structIndex struct {
	delims   []uint64 // bit i%64 of delims[i/64]: byte i is the delimiter
	specials []uint64 // ... a quote or a line feed
	highs    []uint64 // ... not ASCII
}

// build indexes p.
func (ix *structIndex) build(p []byte, delim byte) {
	words := (len(p) + 63) / 64
	if cap(ix.delims) < words {
		ix.delims, ix.specials, ix.highs = make([]uint64, words), make([]uint64, words), make([]uint64, words)
	}
	ix.delims, ix.specials, ix.highs = ix.delims[:words], ix.specials[:words], ix.highs[:words]
	full := len(p) / 64
	if full > 0 {
		structuralBlocks(p[:full*64], delim, ix.delims[:full], ix.specials[:full], ix.highs[:full])
	}
	if full < words {
		structuralBytes(p[full*64:], delim, ix.delims[full:], ix.specials[full:], ix.highs[full:])
	}
}

// structuralBytes indexes p byte by byte: the reference for the vector
// code, and its tail.
func structuralBytes(p []byte, delim byte, delims, specials, highs []uint64) {
	clear(delims)
	clear(specials)
	clear(highs)
	for i, c := range p {
		bit := uint64(1) << (i % 64)
		switch {
		case c == delim:
			delims[i/64] |= bit
		case c == '"' || c == '\n':
			specials[i/64] |= bit
		}
		if c >= 0x80 {
			highs[i/64] |= bit
		}
	}
}

// anyHigh reports whether a byte in [a, b) is not ASCII.
func (ix *structIndex) anyHigh(a, b int) bool {
	if a >= b {
		return false
	}
	first, last := a>>6, (b-1)>>6
	lo := ^uint64(0) << (uint(a) & 63)
	hi := ^uint64(0) >> (63 - uint(b-1)&63)
	if first == last {
		return ix.highs[first]&lo&hi != 0
	}
	if ix.highs[first]&lo != 0 || ix.highs[last]&hi != 0 {
		return true
	}
	for _, h := range ix.highs[first+1 : last] {
		if h != 0 {
			return true
		}
	}
	return false
}

// validUTF8 reports whether p[a:b] is valid UTF-8. Only the runs of
// bytes that are not ASCII need a look: every byte of a multi-byte
// sequence has its top bit set, so a run must hold whole sequences, and
// ASCII is always valid. A record then costs a few short checks instead of
// a pass over all of it.
func (ix *structIndex) validUTF8(p []byte, a, b int) bool {
	for i := a; i < b; {
		w := i >> 6
		m := ix.highs[w] & (^uint64(0) << (uint(i) & 63))
		for m == 0 {
			if w++; w<<6 >= b {
				return true
			}
			m = ix.highs[w]
		}
		run := w<<6 | bits.TrailingZeros64(m)
		if run >= b {
			return true
		}
		// The run ends at the first ASCII byte after it.
		m = ^ix.highs[w] & (^uint64(0) << (uint(run) & 63))
		for m == 0 && (w+1)<<6 < b {
			w++
			m = ^ix.highs[w]
		}
		end := b
		if m != 0 {
			end = min(w<<6|bits.TrailingZeros64(m), b)
		}
		if !utf8.Valid(p[run:end]) {
			return false
		}
		i = end
	}
	return true
}

// splitIndexed is split for a chunk with a structural index: the record
// starts at offset at of p, the whole chunk, and its fields are spans of
// p. Unquoted text is crossed by taking the next bit of the index; quoted
// fields are read as split reads them.
func (r *Record) splitIndexed(p []byte, at int, ix *structIndex, delim byte, eof bool) (n, lines int, high bool, res splitResult) {
	r.verbatim, r.data = true, p
	r.esc, r.scratch = r.esc[:0], r.scratch[:0]
	// Held in locals, so in registers, and stored back on success (a
	// deferred store would keep them in memory throughout).
	starts, ends := r.starts[:0], r.ends[:0]
	start := at // where the current field starts
	// m: the marked bytes at or after start in word w; d: its delimiters.
	w := start >> 6
	var m, d uint64
	if w < len(ix.delims) {
		d = ix.delims[w]
		m = (d | ix.specials[w]) & (^uint64(0) << (uint(start) & 63))
	}
	for {
		for m == 0 {
			if w++; w >= len(ix.delims) {
				// The data ends inside the last field.
				if !eof {
					return 0, 0, false, splitMore
				}
				if start == len(p) && len(starts) == 0 {
					r.starts, r.ends = starts, ends
					return 0, 0, false, splitDone // nothing left: the caller sees the end
				}
				end := len(p)
				if end > start && p[end-1] == '\r' {
					end--
				}
				starts, ends = append(starts, start), append(ends, end)
				r.starts, r.ends = starts, ends
				return len(p) - at, lines, ix.anyHigh(at, len(p)), splitDone
			}
			d = ix.delims[w]
			m = d | ix.specials[w]
		}
		bit := m & -m
		j := w<<6 | bits.TrailingZeros64(m)
		if d&bit != 0 {
			starts, ends = append(starts, start), append(ends, j)
			start = j + 1
			m ^= bit
			continue
		}
		if p[j] == '\n' {
			end := j
			if end > start && p[end-1] == '\r' {
				end--
			}
			starts, ends = append(starts, start), append(ends, end)
			r.starts, r.ends = starts, ends
			return j + 1 - at, lines, ix.anyHigh(at, j), splitDone
		}
		if j != start {
			return 0, 0, false, splitCareful // a quote inside unquoted text
		}
		q, escaped, res := r.closingQuote(p, start, eof)
		if res != splitDone {
			return 0, 0, false, res
		}
		after := q + 1
		body := p[start+1 : q]
		lines += bytes.Count(body, []byte{'\n'})
		if escaped {
			r.unescape(len(ends), body)
		}
		starts, ends = append(starts, start+1), append(ends, q)
		switch {
		case after == len(p):
			r.starts, r.ends = starts, ends
			return after - at, lines, ix.anyHigh(at, after), splitDone
		case p[after] == delim:
		case p[after] == '\n':
			r.starts, r.ends = starts, ends
			return after + 1 - at, lines, ix.anyHigh(at, after), splitDone
		case p[after] == '\r' && after+1 < len(p) && p[after+1] == '\n':
			r.starts, r.ends = starts, ends
			return after + 2 - at, lines, ix.anyHigh(at, after), splitDone
		case p[after] == '\r' && after+1 == len(p) && !eof:
			return 0, 0, false, splitMore
		default:
			return 0, 0, false, splitCareful
		}
		start = after + 1
		w = start >> 6
		m, d = 0, 0
		if w < len(ix.delims) {
			d = ix.delims[w]
			m = (d | ix.specials[w]) & (^uint64(0) << (uint(start) & 63))
		}
	}
}
