package table

import "bytes"

// Record is one data row of delimited text as bytes, for callers that copy
// most fields as they are and would waste time making a string of each.
type Record struct {
	Line int
	// Plain is true when the record had no quotes at all: its fields then
	// hold no delimiter, quote or line break, and can be written back in
	// the same dialect without quoting.
	Plain        bool
	data         []byte
	starts, ends []int
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
func (r *Record) Field(i int) []byte { return r.data[r.starts[i]:r.ends[i]] }

// setPlain splits a line without quotes on delim.
func (r *Record) setPlain(line []byte, delim byte) {
	r.Plain, r.data = true, line
	r.starts, r.ends = r.starts[:0], r.ends[:0]
	start := 0
	for {
		j := bytes.IndexByte(line[start:], delim)
		if j < 0 {
			break
		}
		r.starts = append(r.starts, start)
		r.ends = append(r.ends, start+j)
		start += j + 1
	}
	r.starts = append(r.starts, start)
	r.ends = append(r.ends, len(line))
}

// setQuoted takes fields that were unquoted into one buffer, each ending
// at an offset in offs.
func (r *Record) setQuoted(values []byte, offs []int) {
	r.Plain, r.data = false, values
	r.starts, r.ends = r.starts[:0], r.ends[:0]
	prev := 0
	for _, o := range offs {
		r.starts = append(r.starts, prev)
		r.ends = append(r.ends, o)
		prev = o
	}
}
