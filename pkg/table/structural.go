package table

import (
	"bytes"
	"math/bits"
	"unicode/utf8"
)

// A structural index marks, one bit per byte, where a chunk's delimiters,
// quotes and line feeds are, and which of its bytes are not ASCII. Built
// with AVX2 (structural_amd64.s, 60 GB/s), it lets the splitter find a
// chunk's last record boundary and count its lines, and splitIndexed go
// from field to field, by bit scans instead of comparing bytes. split,
// which compares eight bytes at a time, is as far as portable Go goes, and
// splitting was the largest cost of a strip: cutting and splitting the
// 190 MB bench file on one goroutine went from 0.9 to 1.6 GB/s
// (BenchmarkSplitChunks). No maintained Go CSV reader does this
// (encoding/csv reads byte by byte), hence this code.

type structIndex struct {
	delims   []uint64 // bit i%64 of delims[i/64]: byte i is the delimiter
	quotes   []uint64 // ... a quote
	newlines []uint64 // ... a line feed
	highs    []uint64 // ... not ASCII
}

// build indexes p.
func (ix *structIndex) build(p []byte, delim byte) {
	words := (len(p) + 63) / 64
	if cap(ix.delims) < words {
		words := words + words/4 // room for the next, a little longer
		ix.delims, ix.quotes, ix.newlines, ix.highs = make([]uint64, words), make([]uint64, words), make([]uint64, words), make([]uint64, words)
	}
	ix.setLen(words)
	full := len(p) / 64
	if full > 0 {
		structuralBlocks(p[:full*64], delim, ix.delims[:full], ix.quotes[:full], ix.newlines[:full], ix.highs[:full])
	}
	if full < words {
		structuralBytes(p[full*64:], delim, ix.delims[full:], ix.quotes[full:], ix.newlines[full:], ix.highs[full:])
	}
}

func (ix *structIndex) setLen(words int) {
	ix.delims, ix.quotes, ix.newlines, ix.highs = ix.delims[:words], ix.quotes[:words], ix.newlines[:words], ix.highs[:words]
}

// trim limits the index to its first n bytes.
func (ix *structIndex) trim(n int) {
	words := (n + 63) / 64
	ix.setLen(words)
	if n%64 != 0 {
		keep := uint64(1)<<(n%64) - 1
		ix.delims[words-1] &= keep
		ix.quotes[words-1] &= keep
		ix.newlines[words-1] &= keep
		ix.highs[words-1] &= keep
	}
}

// structuralBytes indexes p byte by byte: the reference for the vector
// code, and its tail.
func structuralBytes(p []byte, delim byte, delims, quotes, newlines, highs []uint64) {
	clear(delims)
	clear(quotes)
	clear(newlines)
	clear(highs)
	for i, c := range p {
		bit := uint64(1) << (i % 64)
		switch {
		case c == delim:
			delims[i/64] |= bit
		case c == '"':
			quotes[i/64] |= bit
		case c == '\n':
			newlines[i/64] |= bit
		}
		if c >= 0x80 {
			highs[i/64] |= bit
		}
	}
}

// lines counts the line feeds in [0, n).
func (ix *structIndex) lines(n int) int {
	count := 0
	for _, w := range ix.newlines[:n/64] {
		count += bits.OnesCount64(w)
	}
	if n%64 != 0 {
		count += bits.OnesCount64(ix.newlines[n/64] & (uint64(1)<<(n%64) - 1))
	}
	return count
}

// lastNewline is the offset of the last line feed in [a, b), or -1.
func (ix *structIndex) lastNewline(a, b int) int {
	if a >= b {
		return -1
	}
	w := (b - 1) >> 6
	m := ix.newlines[w] & (^uint64(0) >> (63 - uint(b-1)&63))
	for m == 0 {
		if w--; w < a>>6 {
			return -1
		}
		m = ix.newlines[w]
	}
	if i := w<<6 | (63 - bits.LeadingZeros64(m)); i >= a {
		return i
	}
	return -1
}

// lastBoundary is lastBoundary (split.go) with the index of p: it steps
// from quote to quote by bit scan instead of searching for each.
func (ix *structIndex) lastBoundary(p []byte, delim byte) int {
	b := boundaryScan{p: p, delim: delim}
	skip := -1 // the second quote of a doubled pair
	for w, m := range ix.quotes {
		for ; m != 0; m &= m - 1 {
			q := w<<6 | bits.TrailingZeros64(m)
			if q == skip {
				continue
			}
			var done bool
			if skip, done = b.quote(q, ix.lastNewline); done {
				return b.cut
			}
		}
	}
	return b.end(ix.lastNewline)
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
	r.verbatim, r.delim, r.data = true, delim, p
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
		m = (d | ix.quotes[w] | ix.newlines[w]) & (^uint64(0) << (uint(start) & 63))
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
			m = d | ix.quotes[w] | ix.newlines[w]
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
		q, body, res := r.quotedBody(p, start, len(ends), eof)
		if res != splitDone {
			return 0, 0, false, res
		}
		lines += bytes.Count(body, []byte{'\n'})
		starts, ends = append(starts, start+1), append(ends, q)
		end, next, res := afterQuote(p, q+1, delim, eof)
		switch {
		case res != splitDone:
			return 0, 0, false, res
		case !next:
			r.starts, r.ends = starts, ends
			return end - at, lines, ix.anyHigh(at, q+1), splitDone
		}
		start = q + 2
		w = start >> 6
		m, d = 0, 0
		if w < len(ix.delims) {
			d = ix.delims[w]
			m = (d | ix.quotes[w] | ix.newlines[w]) & (^uint64(0) << (uint(start) & 63))
		}
	}
}
