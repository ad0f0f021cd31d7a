package table

import (
	"bytes"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// xmlScan is a small pull tokenizer for the parts of a workbook that are
// large: worksheets and the shared string table. It knows only what those
// parts use (elements, attributes, text, entities, comments, processing
// instructions, CDATA) and hands out slices of its buffer.
//
// Written by hand, not with encoding/xml: that allocates for every token
// and reads a 100,000-row worksheet at a few tens of MB/s, which alone
// would exceed the time a strip of such a workbook may take.
type xmlScan struct {
	r        io.Reader
	buf      []byte
	pos, end int
	eof      bool
}

type tokenKind uint8

const (
	tokStart tokenKind = iota + 1
	tokEnd
	tokText  // text with entities still in it
	tokCDATA // text as it is
)

type xmlToken struct {
	kind  tokenKind
	name  []byte // local name, without a namespace prefix
	attrs []byte // the attribute text of a start tag
	empty bool   // a start tag that closes itself
	text  []byte
}

// maxToken bounds one tag or text run: a cell holds at most 32,767
// characters, so anything near this is not a worksheet.
const maxToken = 64 << 20

func newXMLScan(r io.Reader) *xmlScan {
	return &xmlScan{r: r, buf: make([]byte, 256<<10)}
}

// fill reads more, keeping buf[pos:end]. It returns false at the end.
func (x *xmlScan) fill() (bool, error) {
	if x.eof {
		return false, nil
	}
	if x.pos > 0 {
		x.end = copy(x.buf, x.buf[x.pos:x.end])
		x.pos = 0
	}
	if x.end == len(x.buf) {
		if len(x.buf) >= maxToken {
			return false, errorf(ErrLimit, "an XML token is longer than %d MiB", maxToken>>20)
		}
		nb := make([]byte, 2*len(x.buf))
		copy(nb, x.buf[:x.end])
		x.buf = nb
	}
	n, err := x.r.Read(x.buf[x.end:])
	x.end += n
	if err == io.EOF {
		x.eof = true
		return true, nil
	}
	return true, err
}

// find returns the offset of sep at or after from in the buffer, reading
// more as needed; -1 at the end of the input.
func (x *xmlScan) find(from int, sep []byte) (int, error) {
	for {
		if i := bytes.Index(x.buf[x.pos+from:x.end], sep); i >= 0 {
			return from + i, nil
		}
		from = max(0, x.end-x.pos-len(sep)+1)
		more, err := x.fill()
		if err != nil {
			return -1, err
		}
		if !more {
			return -1, nil
		}
	}
}

var errXML = errorf(ErrFormat, "the worksheet XML is malformed")

// next returns the next token, or io.EOF.
func (x *xmlScan) next() (xmlToken, error) {
	for {
		if x.pos == x.end {
			if more, err := x.fill(); err != nil {
				return xmlToken{}, err
			} else if !more || x.pos == x.end {
				return xmlToken{}, io.EOF
			}
		}
		if x.buf[x.pos] != '<' {
			i, err := x.find(0, []byte{'<'})
			if err != nil {
				return xmlToken{}, err
			}
			if i < 0 {
				i = x.end - x.pos
			}
			t := xmlToken{kind: tokText, text: x.buf[x.pos : x.pos+i]}
			x.pos += i
			return t, nil
		}
		// A tag: make sure its start is buffered.
		for x.end-x.pos < 9 {
			if more, err := x.fill(); err != nil {
				return xmlToken{}, err
			} else if !more {
				break
			}
		}
		rest := x.buf[x.pos:x.end]
		switch {
		case bytes.HasPrefix(rest, []byte("<!--")):
			if err := x.skip(4, []byte("-->")); err != nil {
				return xmlToken{}, err
			}
			continue
		case bytes.HasPrefix(rest, []byte("<![CDATA[")):
			i, err := x.find(9, []byte("]]>"))
			if err != nil {
				return xmlToken{}, err
			}
			if i < 0 {
				return xmlToken{}, errXML
			}
			t := xmlToken{kind: tokCDATA, text: x.buf[x.pos+9 : x.pos+i]}
			x.pos += i + 3
			return t, nil
		case bytes.HasPrefix(rest, []byte("<?")):
			if err := x.skip(2, []byte("?>")); err != nil {
				return xmlToken{}, err
			}
			continue
		case bytes.HasPrefix(rest, []byte("<!")):
			if err := x.skip(2, []byte(">")); err != nil {
				return xmlToken{}, err
			}
			continue
		}
		i, err := x.tagEnd()
		if err != nil {
			return xmlToken{}, err
		}
		tag := x.buf[x.pos+1 : x.pos+i]
		x.pos += i + 1
		var t xmlToken
		if len(tag) > 0 && tag[0] == '/' {
			t.kind, t.name = tokEnd, localName(bytes.TrimRight(tag[1:], " \t\r\n"))
			return t, nil
		}
		t.kind = tokStart
		if n := len(tag); n > 0 && tag[n-1] == '/' {
			t.empty, tag = true, tag[:n-1]
		}
		n := 0
		for n < len(tag) && !isSpace(tag[n]) {
			n++
		}
		t.name, t.attrs = localName(tag[:n]), tag[n:]
		return t, nil
	}
}

// tagEnd finds the '>' that ends the tag at pos, outside quoted
// attribute values.
func (x *xmlScan) tagEnd() (int, error) {
	i, quote := 1, byte(0)
	for {
		for ; x.pos+i < x.end; i++ {
			c := x.buf[x.pos+i]
			switch {
			case quote != 0:
				if c == quote {
					quote = 0
				}
			case c == '"' || c == '\'':
				quote = c
			case c == '>':
				return i, nil
			}
		}
		more, err := x.fill()
		if err != nil {
			return 0, err
		}
		if !more {
			return 0, errXML
		}
	}
}

func (x *xmlScan) skip(from int, until []byte) error {
	i, err := x.find(from, until)
	if err != nil {
		return err
	}
	if i < 0 {
		return errXML
	}
	x.pos += i + len(until)
	return nil
}

func localName(n []byte) []byte {
	if i := bytes.IndexByte(n, ':'); i >= 0 {
		return n[i+1:]
	}
	return n
}

// attrValue returns the value of the attribute named name (local name), with
// entities decoded, and whether it is there.
func attrValue(attrs []byte, name string) ([]byte, bool) {
	var found []byte
	ok := false
	eachAttr(attrs, func(key, v []byte) bool {
		if string(key) == name {
			found, ok = v, true
			return false
		}
		return true
	})
	return found, ok
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// eachAttr calls fn with each attribute's local name and value (entities
// decoded) until fn returns false; namespace declarations are left out.
func eachAttr(attrs []byte, fn func(key, v []byte) bool) {
	i := 0
	for {
		for i < len(attrs) && isSpace(attrs[i]) {
			i++
		}
		start := i
		for i < len(attrs) && attrs[i] != '=' && !isSpace(attrs[i]) {
			i++
		}
		key := attrs[start:i]
		for i < len(attrs) && (isSpace(attrs[i]) || attrs[i] == '=') {
			i++
		}
		if i >= len(attrs) || attrs[i] != '"' && attrs[i] != '\'' {
			return
		}
		q := attrs[i]
		end := bytes.IndexByte(attrs[i+1:], q)
		if end < 0 {
			return
		}
		v := attrs[i+1 : i+1+end]
		i += end + 2
		if bytes.HasPrefix(key, []byte("xmlns")) {
			continue
		}
		if bytes.IndexByte(v, '&') >= 0 {
			v = appendText(nil, v)
		}
		if !fn(localName(key), v) {
			return
		}
	}
}

// appendText appends XML text to dst with its entities and character
// references decoded and line ends normalised to \n, as an XML parser
// does. An entity it does not know is kept as written.
func appendText(dst, s []byte) []byte {
	for len(s) > 0 {
		i := bytes.IndexAny(s, "&\r")
		if i < 0 {
			return append(dst, s...)
		}
		dst = append(dst, s[:i]...)
		s = s[i:]
		if s[0] == '\r' {
			dst = append(dst, '\n')
			s = s[1:]
			if len(s) > 0 && s[0] == '\n' {
				s = s[1:]
			}
			continue
		}
		semi := bytes.IndexByte(s, ';')
		if semi < 0 || semi > 12 {
			dst, s = append(dst, '&'), s[1:]
			continue
		}
		ent := string(s[1:semi])
		switch ent {
		case "amp":
			dst = append(dst, '&')
		case "lt":
			dst = append(dst, '<')
		case "gt":
			dst = append(dst, '>')
		case "quot":
			dst = append(dst, '"')
		case "apos":
			dst = append(dst, '\'')
		default:
			r, ok := charRef(ent)
			if !ok {
				dst, s = append(dst, '&'), s[1:]
				continue
			}
			dst = utf8.AppendRune(dst, r)
		}
		s = s[semi+1:]
	}
	return dst
}

func charRef(ent string) (rune, bool) {
	if !strings.HasPrefix(ent, "#") {
		return 0, false
	}
	var n uint64
	var err error
	if strings.HasPrefix(ent, "#x") {
		n, err = strconv.ParseUint(ent[2:], 16, 32)
	} else {
		n, err = strconv.ParseUint(ent[1:], 10, 32)
	}
	if err != nil || n > utf8.MaxRune {
		return 0, false
	}
	return rune(n), true
}

// unescapeBSTR undoes Excel's _xHHHH_ escapes of characters XML cannot
// hold, as excelize does: _x005F_ is a literal underscore, and an escape
// that is not a character is dropped.
func unescapeBSTR(s []byte) []byte {
	i := bytes.Index(s, []byte("_x"))
	if i < 0 {
		return s
	}
	out := append([]byte(nil), s[:i]...)
	for i < len(s) {
		if i+7 <= len(s) && s[i] == '_' && s[i+1] == 'x' && s[i+6] == '_' && isHex4(s[i+2:i+6]) {
			if string(s[i+2:i+6]) == "005F" || string(s[i+2:i+6]) == "005f" {
				out = append(out, '_')
			} else if v, err := strconv.Unquote(`"\u` + string(s[i+2:i+6]) + `"`); err == nil {
				out = append(out, v...)
			}
			i += 7
			continue
		}
		out = append(out, s[i])
		i++
	}
	return out
}

func isHex4(b []byte) bool {
	for _, c := range b {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}
