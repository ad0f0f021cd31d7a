package table

import "io"

// Old Mac software, and some exporters still, end lines with a CR alone.
// Excel reads a CR outside quotes as a line end, and so does lockbox: a
// file that ends its lines that way is read through crReader, which turns
// each such CR into a LF; a CR inside a quoted field stays, as it is part
// of the value. A bare CR in a file that otherwise ends lines with LF is
// taken as a line end by the scanner itself (see next and quoted).

// crOnly reports whether text ends its lines with a bare CR more often
// than with a LF.
func crOnly(text []byte) bool {
	bare, lf := 0, 0
	for i, c := range text {
		switch c {
		case '\n':
			lf++
		case '\r':
			if i+1 < len(text) && text[i+1] != '\n' {
				bare++
			}
		}
	}
	return bare > lf
}

// crReader turns bare CRs outside quotes into LFs. Quotes are followed by
// parity, which is exact for fields quoted as CSV quotes them; a stray
// quote inside unquoted text can make it keep a line end's CR, which the
// scanner then still reads as a line end.
type crReader struct {
	r       io.Reader
	inQuote bool
	cr      bool // the last byte given was a CR turned into a LF
}

func newCRReader(r io.Reader) io.Reader { return &crReader{r: r} }

func (c *crReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	out := p[:0]
	for _, b := range p[:n] {
		switch {
		case b == '"':
			c.inQuote = !c.inQuote
		case b == '\r' && !c.inQuote:
			b = '\n'
			c.cr = true
			out = append(out, b)
			continue
		case b == '\n' && c.cr:
			c.cr = false
			continue // the LF of a CRLF whose CR is already a line end
		}
		c.cr = false
		out = append(out, b)
	}
	return len(out), err
}
