package table

import (
	"bufio"
	"io"
	"strings"

	"golang.org/x/text/transform"
)

// CSVWriter writes delimited text in a given Dialect: its delimiter, text
// encoding, byte-order mark, "sep=" line and line endings, so that an
// export reads back the way the original did. Fields are quoted only when
// they must be (a delimiter, quote or line break in them).
//
// encoding/csv's Writer is not used: it cannot write Windows line endings
// inside quoted fields unchanged, and it takes strings, where most fields
// here are copied as bytes.
type CSVWriter struct {
	bw      *bufio.Writer
	enc     io.WriteCloser // the text encoder, for encodings other than UTF-8
	d       Dialect
	eol     string
	special [256]bool
	fields  int
	empty   bool // the record's only field so far is empty
	begun   bool // a field has been written
}

// NewCSVWriter starts writing to w, with the dialect's byte-order mark and
// "sep=" line.
func NewCSVWriter(w io.Writer, d Dialect) (*CSVWriter, error) {
	if d.Delimiter == 0 {
		d.Delimiter = ','
	}
	if d.Encoding == "" {
		d.Encoding = "utf-8"
	}
	if d.BOM {
		var bom []byte
		switch d.Encoding {
		case "utf-8":
			bom = bomUTF8
		case "utf-16le":
			bom = bomUTF16LE
		case "utf-16be":
			bom = bomUTF16BE
		}
		if _, err := w.Write(bom); err != nil {
			return nil, err
		}
	}
	cw := &CSVWriter{d: d, eol: "\n"}
	if d.Encoding != "utf-8" {
		e := encodings[d.Encoding]
		if e == nil {
			return nil, errUnknownEncoding(d.Encoding)
		}
		cw.enc = transform.NewWriter(w, e.NewEncoder())
		w = cw.enc
	}
	cw.bw = bufio.NewWriterSize(w, 256<<10)
	if d.CRLF {
		cw.eol = "\r\n"
	}
	for _, c := range []byte{d.Delimiter, '"', '\n', '\r'} {
		cw.special[c] = true
	}
	if d.SepLine {
		cw.bw.WriteString("sep=")
		cw.bw.WriteByte(d.Delimiter)
		cw.bw.WriteString(cw.eol)
	}
	return cw, nil
}

func (w *CSVWriter) sep() {
	if w.fields > 0 {
		w.bw.WriteByte(w.d.Delimiter)
	}
	w.fields++
}

// guardStart reports whether the first field of the file must be quoted
// to read back as itself: text at the very start that begins with U+FEFF
// would be taken for a byte-order mark, and "sep=X" alone on the first
// line for Excel's delimiter line.
func (w *CSVWriter) guardStart(v string) bool {
	if w.begun {
		return false
	}
	w.begun = true
	return !w.d.BOM && strings.HasPrefix(v, "\ufeff") || !w.d.SepLine && strings.HasPrefix(v, "sep=")
}

// CopyFields writes fields first to last of rec as they were read, quotes
// and delimiters included, where that reads back as the same values: rec
// holds its text as read (not every record does), it was split on this
// writer's delimiter, and the fields are not at the very start of the
// file (see guardStart). Otherwise it writes nothing and returns false,
// and the caller writes the fields one by one.
//
// It is strip's fast path: most kept columns of a large export are copied
// as a run of bytes, without a string made of each field. FuzzCopyFields
// checks that what it writes reads back as the fields' values.
func (w *CSVWriter) CopyFields(rec *Record, first, last int) bool {
	if !rec.verbatim || rec.delim != w.d.Delimiter || !w.begun {
		return false
	}
	v := rec.span(first, last)
	w.sep()
	w.fields += last - first
	w.empty = len(v) == 0
	w.bw.Write(v)
	return true
}

// CopyField writes field i of rec: as it was read when it was not quoted
// there (it then holds no delimiter, quote or line break), else quoted if
// it must be.
func (w *CSVWriter) CopyField(rec *Record, i int) {
	if rec.verbatim && rec.delim == w.d.Delimiter && !rec.quoted(i) {
		w.plainField(rec.Field(i))
		return
	}
	w.Field(rec.Field(i))
}

// plainField writes v as it is: it holds no delimiter, quote or line
// break.
func (w *CSVWriter) plainField(v []byte) {
	w.sep()
	w.empty = len(v) == 0
	if w.guardStart(string(v)) {
		w.quoted(v)
		return
	}
	w.bw.Write(v)
}

// Field writes v, quoted if it must be.
func (w *CSVWriter) Field(v []byte) {
	w.sep()
	w.empty = len(v) == 0
	if w.guardStart(string(v)) {
		w.quoted(v)
		return
	}
	for _, c := range v {
		if w.special[c] {
			w.quoted(v)
			return
		}
	}
	w.bw.Write(v)
}

// FieldString writes v, quoted if it must be.
func (w *CSVWriter) FieldString(v string) {
	w.sep()
	w.empty = v == ""
	if w.guardStart(v) {
		w.quoted([]byte(v))
		return
	}
	for i := 0; i < len(v); i++ {
		if w.special[v[i]] {
			w.quoted([]byte(v))
			return
		}
	}
	w.bw.WriteString(v)
}

func (w *CSVWriter) quoted(v []byte) {
	w.bw.WriteByte('"')
	for _, c := range v {
		if c == '"' {
			w.bw.WriteByte('"')
		}
		w.bw.WriteByte(c)
	}
	w.bw.WriteByte('"')
}

// EndRecord ends the record. A record of one empty field (or none) is
// written as "" so that it stays a row: an empty line is not one.
func (w *CSVWriter) EndRecord() error {
	if w.fields == 0 || w.fields == 1 && w.empty {
		w.bw.WriteString(`""`)
	}
	w.fields = 0
	_, err := w.bw.WriteString(w.eol)
	return err
}

// WriteRecord writes fields as one record, each quoted if it must be, as
// encoding/csv's Writer.Write does.
func (w *CSVWriter) WriteRecord(fields []string) error {
	for _, v := range fields {
		w.FieldString(v)
	}
	return w.EndRecord()
}

// Flush writes out what is buffered. The writer cannot be used after.
func (w *CSVWriter) Flush() error {
	if err := w.bw.Flush(); err != nil {
		return err
	}
	if w.enc != nil {
		return w.enc.Close()
	}
	return nil
}

// Raw writes records already formatted by another CSVWriter in the same
// dialect, but in UTF-8: records made on other cores, in order.
func (w *CSVWriter) Raw(p []byte) error {
	_, err := w.bw.Write(p)
	return err
}

// Reset makes a UTF-8 writer write to out from now on, with nothing
// written at the start: for reusing one writer per chunk of records.
func (w *CSVWriter) Reset(out io.Writer) {
	w.bw.Reset(out)
	w.fields, w.begun = 0, true // not the start of the file
}
