package table

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// withAndWithoutIndex runs f for splitting chunks with the structural
// index and without it, whichever this CPU uses: both must give the same
// records. (Without AVX2 the index is built byte by byte, slowly but the
// same.)
func withAndWithoutIndex(f func(indexed bool)) {
	for _, on := range []bool{true, false} {
		f(on)
	}
}

func randomCSVBytes(r *rand.Rand, n int) []byte {
	const alphabet = "ab,;\t\"\"\n\r \xc3\xa9\xff"
	p := make([]byte, n)
	for i := range p {
		p[i] = alphabet[r.IntN(len(alphabet))]
	}
	return p
}

func TestStructuralBlocksMatchBytes(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 500 {
		p := randomCSVBytes(r, 64*(1+r.IntN(40)))
		for _, delim := range []byte{',', ';', '\t'} {
			words := len(p) / 64
			var vec, ref [4][]uint64
			for i := range 4 {
				vec[i], ref[i] = make([]uint64, words), make([]uint64, words)
			}
			structuralBlocks(p, delim, vec[0], vec[1], vec[2], vec[3])
			structuralBytes(p, delim, ref[0], ref[1], ref[2], ref[3])
			if !slices.Equal(vec[0], ref[0]) || !slices.Equal(vec[1], ref[1]) || !slices.Equal(vec[2], ref[2]) || !slices.Equal(vec[3], ref[3]) {
				t.Fatalf("delimiter %q: the vector index differs from the bytes' for %q", delim, p)
			}
		}
	}
}

func TestAnyHigh(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for range 200 {
		p := bytes.Repeat([]byte("x"), 1+r.IntN(300))
		for range r.IntN(3) {
			p[r.IntN(len(p))] = 0xe9
		}
		var ix structIndex
		ix.build(p, ',')
		for a := 0; a <= len(p); a += 1 + r.IntN(7) {
			for b := a; b <= len(p); b += 1 + r.IntN(11) {
				want := false
				for _, c := range p[a:b] {
					want = want || c >= 0x80
				}
				if got := ix.anyHigh(a, b); got != want {
					t.Fatalf("anyHigh(%d, %d) = %v, want %v, in %q", a, b, got, want, p)
				}
			}
		}
	}
}

// FuzzSplitIndexed: record by record, splitIndexed must give what split
// gives, field for field.
func FuzzSplitIndexed(f *testing.F) {
	for _, s := range []string{
		"a,b\n1,2\n", "\"x\",\"y\"\r\n\"c\"\"d\",e\n", "a,\"b\nc\",d\n\"x\"y,z\n", "a,b\n1,\"2\"", "a,b\n\"1\"\r", "é,\"ü\"\n,\n\n",
		"a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q,r,s,t,u,v,w,x,y,z,a,b,c,d,e,f,g,h\n", "x\"y,z\n", "\r\n", "a,",
	} {
		f.Add([]byte(s), byte(','), true)
	}
	f.Add([]byte("\"\"\x80x\n"), byte(0x80), true) // found by CI's fuzzing: see TestSplitShortRecords
	f.Fuzz(func(t *testing.T, p []byte, delim byte, eof bool) {
		if delim == '"' || delim == '\n' || delim == '\r' {
			return
		}
		splitsAgree(t, p, delim, eof)
	})
}

// splitsAgree walks p record by record with split and with splitIndexed
// and fails unless they give the same records, field for field.
func splitsAgree(t *testing.T, p []byte, delim byte, eof bool) {
	t.Helper()
	var ix structIndex
	ix.build(p, delim)
	var a, b Record
	for at := 0; at < len(p); {
		n1, l1, h1, r1 := a.split(p[at:], delim, eof)
		n2, l2, h2, r2 := b.splitIndexed(p, at, &ix, delim, eof)
		if r1 != r2 {
			t.Fatalf("%q, delimiter %q, at %d: split says %v, splitIndexed %v", p, delim, at, r1, r2)
		}
		if r1 != splitDone {
			return
		}
		if n1 != n2 || l1 != l2 || h1 != h2 || a.Len() != b.Len() {
			t.Fatalf("%q, delimiter %q, at %d: split gives (%d, %d, %v) and %d fields, splitIndexed (%d, %d, %v) and %d",
				p, delim, at, n1, l1, h1, a.Len(), n2, l2, h2, b.Len())
		}
		for i := 0; i < a.Len(); i++ {
			if !bytes.Equal(a.Field(i), b.Field(i)) || a.quoted(i) != b.quoted(i) || !bytes.Equal(a.span(i, i), b.span(i, i)) {
				t.Fatalf("%q, delimiter %q, at %d, field %d: %q (quoted %v), splitIndexed %q (quoted %v)",
					p, delim, at, i, a.Field(i), a.quoted(i), b.Field(i), b.quoted(i))
			}
		}
		if n1 == 0 {
			return
		}
		at += n1
	}
}

// TestSplitShortRecords tries every text of up to five bytes from a small
// alphabet, alone and before a long tail, with ASCII and non-ASCII
// delimiters, at the end of the input and not. It pins what fuzzing found
// once: split did not count a non-ASCII delimiter after a quoted field as
// a high byte, so such a record skipped the UTF-8 check.
func TestSplitShortRecords(t *testing.T) {
	alphabet := []byte{'a', ',', '"', '\n', '\r', 0x80, 0xc3, 0xa9, ';', 0}
	long := bytes.Repeat([]byte{'x'}, 82) // long enough for split's word loop
	for _, delim := range []byte{',', ';', 0, 'a', 0x80, 0xc3} {
		for n := 1; n <= 5; n++ {
			pick := make([]int, n)
			for more := true; more; {
				p := make([]byte, 0, n+len(long))
				for _, k := range pick {
					p = append(p, alphabet[k])
				}
				for _, eof := range []bool{true, false} {
					splitsAgree(t, p, delim, eof)
					splitsAgree(t, append(p, long...), delim, eof)
				}
				more = false // odometer: the next pick, or done after the last
				for k := range pick {
					if pick[k]++; pick[k] < len(alphabet) {
						more = true
						break
					}
					pick[k] = 0
				}
			}
		}
	}
}

func TestValidUTF8ByRuns(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	pieces := []string{"a", ",", "é", "€", "𝄞", "\xe9", "\xe2\x82", "\x82", "\xf0\x9d\x84", " ", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}
	for range 3000 {
		var b bytes.Buffer
		for range r.IntN(60) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		p := b.Bytes()
		var ix structIndex
		ix.build(p, ',')
		for range 10 {
			lo := r.IntN(len(p) + 1)
			hi := lo + r.IntN(len(p)-lo+1)
			if got, want := ix.validUTF8(p, lo, hi), utf8.Valid(p[lo:hi]); got != want {
				t.Fatalf("validUTF8(%q[%d:%d]) = %v, want %v", p, lo, hi, got, want)
			}
		}
	}
}

// FuzzLastBoundary: the index's lastBoundary and line count must be
// split.go's.
func FuzzLastBoundary(f *testing.F) {
	for _, s := range []string{
		"a,b\n1,2\n", "a,\"b\nc\",d\n\"x\"y,z\n", "\"x\"\"\n\"\n", "a\"b\n\"c\n", "\"", "x\n\"\"", "\"a\"\"",
		strings.Repeat("abc,\"de\nf\",g\n", 20),
	} {
		f.Add([]byte(s), byte(','))
	}
	f.Fuzz(func(t *testing.T, p []byte, delim byte) {
		if delim == '"' || delim == '\n' {
			return
		}
		var ix structIndex
		ix.build(p, delim)
		want := lastBoundary(p, delim)
		if got := ix.lastBoundary(p, delim); got != want {
			t.Fatalf("lastBoundary(%q) = %d with the index, %d without", p, got, want)
		}
		if got, want := ix.lines(want), bytes.Count(p[:want], []byte{'\n'}); got != want {
			t.Fatalf("lines = %d, want %d", got, want)
		}
		ix.trim(want)
		if got := ix.lines(want); got != bytes.Count(p[:want], []byte{'\n'}) {
			t.Fatalf("lines after trim = %d", got)
		}
	})
}
