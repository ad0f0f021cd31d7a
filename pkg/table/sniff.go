package table

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// Dialect describes how a delimited text file is written, so that an
// export can be written back the same way.
type Dialect struct {
	Delimiter byte
	Encoding  string // "utf-8", "utf-16le", "utf-16be", "windows-1252", "iso-8859-1"
	BOM       bool
	CRLF      bool
	// CR is set when lines end with a CR alone (old Mac); they are read
	// as line ends, and an export of the file ends its lines with LF.
	CR bool
	// SepLine is Excel's "sep=;" first line naming the delimiter.
	SepLine bool
}

// DelimiterName says the delimiter in words, for people.
func (d Dialect) DelimiterName() string {
	switch d.Delimiter {
	case ',':
		return "comma"
	case ';':
		return "semicolon"
	case '\t':
		return "tab"
	case '|':
		return "pipe"
	}
	return fmt.Sprintf("%q", d.Delimiter)
}

const sniffSize = 1 << 20

var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	bomUTF16LE = []byte{0xFF, 0xFE}
	bomUTF16BE = []byte{0xFE, 0xFF}
	oleMagic   = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
)

var encodings = map[string]encoding.Encoding{
	"utf-8":        unicode.UTF8,
	"utf-16le":     unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM),
	"utf-16be":     unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM),
	"windows-1252": charmap.Windows1252,
	"iso-8859-1":   charmap.ISO8859_1,
}

// EncodingNames lists the encodings Options.Encoding accepts.
func EncodingNames() []string {
	return []string{"utf-8", "utf-16le", "utf-16be", "windows-1252", "iso-8859-1"}
}

// detectEncoding picks the encoding from a byte-order mark, else from
// whether the first MiB is valid UTF-8. Text that is not UTF-8 is taken
// as Windows-1252, the superset of ISO-8859-1 that Excel and Windows write.
// It returns the encoding name and the length of the BOM to skip.
func detectEncoding(head []byte, full bool) (string, int, error) {
	switch {
	case bytes.HasPrefix(head, bomUTF8):
		return "utf-8", 3, nil
	case bytes.HasPrefix(head, bomUTF16LE):
		return "utf-16le", 2, nil
	case bytes.HasPrefix(head, bomUTF16BE):
		return "utf-16be", 2, nil
	}
	if bytes.IndexByte(head, 0) >= 0 {
		if enc := utf16WithoutBOM(head); enc != "" {
			return enc, 0, nil
		}
		return "", 0, errorf(ErrFormat, "it holds binary data (NUL bytes), not text")
	}
	valid := head
	if !full {
		// The sample may end in the middle of a character.
		for i := 0; i < utf8.UTFMax && len(valid) > 0 && !utf8.Valid(valid); i++ {
			valid = valid[:len(valid)-1]
		}
	}
	if utf8.Valid(valid) {
		return "utf-8", 0, nil
	}
	return "windows-1252", 0, nil
}

// utf16WithoutBOM tells UTF-16 text that lost its byte-order mark from
// binary data by where its zero bytes are: the high bytes of the ASCII
// characters (digits, delimiters, line ends) every table has, all on one
// side of each pair, and never a whole zero pair (a NUL character).
func utf16WithoutBOM(head []byte) string {
	var zeros [2]int
	pairs := len(head) / 2
	for i := 0; i+1 < len(head); i += 2 {
		a, b := head[i] == 0, head[i+1] == 0
		if a && b {
			return ""
		}
		if a {
			zeros[0]++
		}
		if b {
			zeros[1]++
		}
	}
	switch {
	case pairs == 0:
		return ""
	case zeros[0] == 0 && zeros[1]*3 >= pairs:
		return "utf-16le"
	case zeros[1] == 0 && zeros[0]*3 >= pairs:
		return "utf-16be"
	}
	return ""
}

func errUnknownEncoding(enc string) error {
	return fmt.Errorf("unknown encoding %q (use one of %s)", enc, strings.Join(EncodingNames(), ", "))
}

func bomLen(enc string, head []byte) int {
	switch {
	case enc == "utf-8" && bytes.HasPrefix(head, bomUTF8):
		return 3
	case enc == "utf-16le" && bytes.HasPrefix(head, bomUTF16LE),
		enc == "utf-16be" && bytes.HasPrefix(head, bomUTF16BE):
		return 2
	}
	return 0
}

// decoder turns r into UTF-8; nil for UTF-8 itself.
func decoder(enc string, r io.Reader) io.Reader {
	if enc == "utf-8" {
		return r
	}
	return encodings[enc].NewDecoder().Reader(r)
}

// sniffDelimiter picks the candidate that splits the first lines into the
// same number of fields most consistently, preferring more fields. The
// number that counts is the most common one, not the first line's: a
// title or a block of notes may stand above the header. A text with none
// of them is a one-column table.
func sniffDelimiter(text string) byte {
	best, bestScore := byte(','), 0.0
	for _, d := range []byte{',', ';', '\t', '|'} {
		counts := fieldCounts(text, d, 60)
		n, same := modeOf(counts)
		if n < 2 {
			continue
		}
		score := float64(same) / float64(len(counts)) * (1 + float64(min(n, 50))/100)
		if score > bestScore {
			best, bestScore = d, score
		}
	}
	return best
}

// modeOf is the most common of counts (the larger on a tie) and how often
// it occurs.
func modeOf(counts []int) (mode, times int) {
	seen := map[int]int{}
	for _, c := range counts {
		seen[c]++
		if k := seen[c]; k > times || k == times && c > mode {
			mode, times = c, k
		}
	}
	return mode, times
}

// fieldCounts counts the fields of the first max records of text split by
// d, following quotes and skipping blank lines. A record cut off at the end
// of text is left out.
func fieldCounts(text string, d byte, max int) []int {
	var counts []int
	n, inQuote, fieldStart, empty := 1, false, true, true
	for i := 0; i < len(text) && len(counts) < max; i++ {
		c := text[i]
		if inQuote {
			if c == '"' {
				if i+1 < len(text) && text[i+1] == '"' {
					i++
				} else {
					inQuote = false
				}
			}
			continue
		}
		switch c {
		case '"':
			inQuote = fieldStart
		case d:
			n++
			fieldStart, empty = true, false
			continue
		case '\r':
			if i+1 < len(text) && text[i+1] == '\n' {
				continue // the CR of a CRLF
			}
			fallthrough // a CR alone ends a line, as Excel reads it
		case '\n':
			if !empty {
				counts = append(counts, n)
			}
			n, fieldStart, empty = 1, true, true
			continue
		}
		fieldStart, empty = false, false
	}
	return counts
}

// sepLine recognises Excel's "sep=X" first line.
func sepLine(text string) (byte, int, bool) {
	if !strings.HasPrefix(text, "sep=") || len(text) < 5 {
		return 0, 0, false
	}
	n := 5
	if strings.HasPrefix(text[5:], "\r\n") {
		n += 2
	} else if strings.HasPrefix(text[5:], "\n") {
		n++
	} else {
		return 0, 0, false
	}
	return text[4], n, true
}
