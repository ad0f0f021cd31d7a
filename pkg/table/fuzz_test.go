package table

import (
	"bytes"
	"encoding/csv"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

// exportHeads are the first lines (about 2 KB) of every sample export in
// testdata, as seeds: real dialects, encodings and quoting.
func exportHeads(f *testing.F) [][]byte {
	files, _ := filepath.Glob("../../testdata/exports/*.[ct][sx][vt]")
	files = append(files, "../../testdata/customers.csv")
	var heads [][]byte
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		if len(data) > 2048 {
			data = data[:bytes.LastIndexByte(data[:2048], '\n')+1]
		}
		heads = append(heads, data)
	}
	if len(heads) < 10 {
		f.Fatalf("only %d sample exports found", len(heads))
	}
	return heads
}

// FuzzCSV reads arbitrary bytes as CSV. It must not panic or hang; Count
// and NextRecord must agree with Next, and chunks (Split) with NextRecord;
// and every
// record it returns, written back by
// encoding/csv and read again, must come back unchanged.
func FuzzCSV(f *testing.F) {
	for _, s := range []string{
		"a,b\n1,2\n", "a;b\r\n\"x;\"\"y\"\"\r\nz\";2\r\n", "\xEF\xBB\xBFa\tb\n1\t2", "sep=|\na|b\n", "a\n\"open\n",
		"a,b\n5\" x,2\n\n\n1,2,3\n", "\xFF\xFEa\x00,\x00b\x00\n\x00", "caf\xe9,1\n",
		"a,b\r\n\"x\",\"y\"\r\n\"c\",d\r\n", "a,b,c\n1,\"b\nc\",d\n\"x\"y,z\n", "a,b\n1,\"2\"", "a,b\n\"1\"\r",
		"a|b\n\"\"|\"Zoë\"\n\r\n|\n",
	} {
		f.Add([]byte(s))
	}
	for _, data := range exportHeads(f) {
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(t.TempDir(), "f.csv")
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		records, stats, err := readRecords(p, false, Options{})
		if err != nil {
			return
		}
		_, counted, err := readRecords(p, true, Options{})
		if err != nil || counted.Rows != stats.Rows || counted.Ragged != stats.Ragged || counted.Blank != stats.Blank {
			t.Fatalf("Count gives %+v (%v), Next gives %+v", counted, err, stats)
		}
		seq, seqStats, err := recordsOf(t, p, 1, 0, hasIndex)
		if err != nil {
			t.Fatalf("records fail where rows do not: %v", err)
		}
		if !reflect.DeepEqual(seqStats, stats) {
			t.Fatalf("records count %+v, rows %+v", seqStats, stats)
		}
		if rows := readRows(t, p, false); !reflect.DeepEqual(seq, rows) {
			t.Fatalf("records are not the rows:\n%v\nwant %v", seq, rows)
		}
		withAndWithoutIndex(func(indexed bool) {
			for _, size := range []int{3, 64} {
				chunked, st, err := recordsOf(t, p, 1, size, indexed)
				if err != nil || !reflect.DeepEqual(chunked, seq) || !reflect.DeepEqual(st, seqStats) {
					t.Fatalf("chunks of %d, index %v: %v\n%v %+v\nwant %v %+v", size, indexed, err, chunked, st, seq, seqStats)
				}
			}
		})
		if len(records) == 0 || !utf8.ValidString(records[0][0]) {
			return
		}
		var buf bytes.Buffer
		w := csv.NewWriter(&buf)
		var kept [][]string
		for _, r := range records {
			if len(r) == 1 && r[0] == "" || !allValid(r) {
				continue // a lone empty field is a blank line in CSV
			}
			if len(kept) == 0 && (strings.HasPrefix(r[0], "\ufeff") || strings.HasPrefix(r[0], "sep=")) {
				continue // encoding/csv writes it as a byte-order mark or Excel's sep= line (CSVWriter quotes it)
			}
			kept = append(kept, r)
			w.Write(r)
		}
		w.Flush()
		if len(kept) == 0 || len(kept[0]) < 2 {
			return // a one-column file may sniff another delimiter
		}
		q := filepath.Join(t.TempDir(), "g.csv")
		os.WriteFile(q, buf.Bytes(), 0o600)
		// The header found in the first reading is the first line now.
		again, _, err := readRecords(q, false, Options{Delimiter: ',', HeaderRow: 1})
		if err != nil {
			t.Fatalf("rereading what encoding/csv wrote: %v\n%q", err, buf.String())
		}
		if !reflect.DeepEqual(again, kept) {
			t.Fatalf("round trip changed the records:\n%q\n%q", kept, again)
		}
	})
}

func allValid(r []string) bool {
	for _, v := range r {
		if !utf8.ValidString(v) || strings.IndexByte(v, 0) >= 0 {
			return false // not text this reader accepts
		}
	}
	return true
}

// readRecords returns the header and rows as strings, or only counts
// them (countOnly after the header).
func readRecords(p string, countOnly bool, opts Options) ([][]string, Stats, error) {
	f, s, err := firstSheet(p, opts)
	if err != nil {
		return nil, Stats{}, err
	}
	defer f.Close()
	var out [][]string
	out = append(out, values(s.Header()))
	if countOnly {
		err := s.Count()
		return out, s.Stats(), err
	}
	for {
		r, err := s.Next()
		if err == io.EOF {
			return out, s.Stats(), nil
		}
		if err != nil {
			return nil, Stats{}, err
		}
		out = append(out, values(r.Cells))
	}
}

func values(cells []Cell) []string {
	v := make([]string, len(cells))
	for i, c := range cells {
		v[i] = c.Value
	}
	return v
}

// FuzzCSVWriter writes arbitrary values (fields split on \x1f, rows on
// \x1e) with CSVWriter and reads them back: every value must come back
// unchanged, in each delimiter.
func FuzzCSVWriter(f *testing.F) {
	f.Add([]byte("a\x1fb\x1e\"x\"\x1fy,z\x1e\x1e \x1f\r\n"), byte(0))
	f.Add([]byte("Naam\x1fPlaats\x1eJosé\x1fa;b\"\n"), byte(1))
	f.Add([]byte("\ufeffName\x1fCity"), byte(0))
	f.Add([]byte("sep=;\x1fx"), byte(1))
	f.Fuzz(func(t *testing.T, data []byte, which byte) {
		if !utf8.Valid(data) || bytes.IndexByte(data, 0) >= 0 {
			return
		}
		var rows [][]string
		for _, r := range strings.Split(string(data), "\x1e") {
			rows = append(rows, strings.Split(r, "\x1f"))
		}
		if len(rows[0]) < 2 || len(rows[0][0]) == 0 {
			return // a header of one column may sniff another delimiter
		}
		delims := []byte{',', ';', '\t', '|'}
		d := Dialect{Delimiter: delims[int(which)%len(delims)], Encoding: "utf-8", CRLF: which&4 != 0}
		var buf bytes.Buffer
		w, err := NewCSVWriter(&buf, d)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			w.WriteRecord(r)
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(t.TempDir(), "w.csv")
		os.WriteFile(p, buf.Bytes(), 0o600)
		// Values come back as written; where the header is is not the
		// writer's business (findHeader is fuzzed by FuzzCSV), so line 1.
		got, _, err := readRecords(p, false, Options{Delimiter: d.Delimiter, HeaderRow: 1})
		if err != nil {
			t.Fatalf("reading back: %v\n%q", err, buf.String())
		}
		if !reflect.DeepEqual(got, rows) {
			t.Fatalf("round trip changed the rows:\nwrote %q\nread  %q\nfile  %q", rows, got, buf.String())
		}
	})
}

// FuzzCopyFields reads arbitrary delimited text as Records and writes each
// one back in the file's dialect, runs of fields copied with CopyFields and
// single ones with CopyField, in runs that layout chooses: what is written
// must read back as the values that were read.
func FuzzCopyFields(f *testing.F) {
	f.Add([]byte("a,b,c\n1,\"x\ny\",2\n\"\",\"q\"\"\",z\n"), []byte{1, 2, 0})
	f.Add([]byte("Naam;Plaats\r\n\"=1+1\";\"a;b\"\r\nx;y;z\r\n"), []byte{3})
	f.Add([]byte("\ufeffName\tCity\n\"sep=,\"\tx\n"), []byte{0, 1})
	f.Fuzz(func(t *testing.T, data, layout []byte) {
		p := filepath.Join(t.TempDir(), "in.csv")
		os.WriteFile(p, data, 0o600)
		want, dialect, err := copyRecords(p, Options{HeaderRow: 1}, nil, nil)
		if err != nil || len(want) < 2 {
			return
		}
		// Not every text decoded from windows-1252 encodes back (FuzzCSVWriter
		// covers the encoders): the copy is checked in UTF-8.
		dialect.Encoding = "utf-8"
		var buf bytes.Buffer
		w, err := NewCSVWriter(&buf, dialect)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := copyRecords(p, Options{HeaderRow: 1}, w, layout); err != nil {
			t.Fatal(err)
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(t.TempDir(), "out.csv")
		os.WriteFile(out, buf.Bytes(), 0o600)
		got, _, err := copyRecords(out, Options{HeaderRow: 1, Delimiter: dialect.Delimiter, Encoding: dialect.Encoding}, nil, nil)
		if err != nil {
			t.Fatalf("reading back: %v\n%q", err, buf.String())
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("copied records read back differently:\nread  %q\nback  %q\nfile  %q", want, got, buf.String())
		}
	})
}

// copyRecords reads the header and the Records of the delimited text at
// p, and returns their values and the file's dialect. With w, it writes
// each record to w as well: the header cell by cell, then runs of fields
// of the lengths in layout (cycled; an even byte copies the run with
// CopyFields, an odd one field by field with CopyField).
func copyRecords(p string, opts Options, w *CSVWriter, layout []byte) ([][]string, Dialect, error) {
	f, s, err := firstSheet(p, opts)
	if err != nil {
		return nil, Dialect{}, err
	}
	defer f.Close()
	if f.Format != CSV {
		return nil, Dialect{}, ErrFormat
	}
	out := [][]string{values(s.Header())}
	if w != nil {
		for _, c := range s.Header() {
			w.FieldString(c.Value)
		}
		w.EndRecord()
	}
	rr := s.(RecordReader)
	k := 0
	for {
		r, err := rr.NextRecord()
		if err == io.EOF {
			return out, f.Dialect, nil
		} else if err != nil {
			return nil, Dialect{}, err
		}
		var row []string
		for i := 0; i < r.Len(); i++ {
			row = append(row, string(r.Field(i)))
		}
		out = append(out, row)
		if w == nil {
			continue
		}
		for i := 0; i < r.Len(); {
			b := byte(0)
			if len(layout) > 0 {
				b = layout[k%len(layout)]
				k++
			}
			last := min(i+int(b/2%4), r.Len()-1)
			if b%2 == 1 || !w.CopyFields(r, i, last) {
				for j := i; j <= last; j++ {
					w.CopyField(r, j)
				}
			}
			i = last + 1
		}
		w.EndRecord()
	}
}
