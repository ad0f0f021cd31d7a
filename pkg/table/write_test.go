package table

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// edgeRows are values that a careless writer changes: quotes, delimiters
// of every dialect, line breaks of both kinds, spaces at either end, empty
// fields, non-ASCII, and a row whose only field is empty.
var edgeRows = [][]string{
	{"Name", "Note", "Amount"},
	{`say "hi"`, "a,b;c\td|e", "-12.50"},
	{"two\nlines", "crlf\r\ninside", ""},
	{"  padded  ", "", " "},
	{"Müller–Łódź €", "日本語", "=1+1"},
	{`"`, `""`, "x"},
	{""},
	{"short"},
	{"a", "b", "c", "extra"},
}

func TestCSVWriterRoundTripsEveryValueInEveryDialect(t *testing.T) {
	dialects := []Dialect{
		{Delimiter: ',', Encoding: "utf-8"},
		{Delimiter: ';', Encoding: "utf-8", BOM: true, CRLF: true},
		{Delimiter: '\t', Encoding: "utf-16le", BOM: true, CRLF: true},
		{Delimiter: '|', Encoding: "utf-16be", BOM: true},
		{Delimiter: ';', Encoding: "windows-1252", CRLF: true, SepLine: true},
	}
	for _, d := range dialects {
		t.Run(d.Encoding+"/"+d.DelimiterName(), func(t *testing.T) {
			rows := edgeRows
			if d.Encoding == "windows-1252" {
				rows = latin1Rows(rows)
			}
			var buf bytes.Buffer
			w, err := NewCSVWriter(&buf, d)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range rows {
				if err := w.WriteRecord(r); err != nil {
					t.Fatal(err)
				}
			}
			if err := w.Flush(); err != nil {
				t.Fatal(err)
			}
			f, header, got, _ := readAll(t, buf.Bytes(), Options{Encoding: map[bool]string{true: d.Encoding}[d.Encoding == "windows-1252"]})
			if f.Dialect != d {
				t.Errorf("dialect read back as %+v, written as %+v", f.Dialect, d)
			}
			all := append([][]string{header}, got...)
			if !reflect.DeepEqual(all, rows) {
				t.Errorf("round trip changed the rows:\nwrote %q\nread  %q", rows, all)
			}
		})
	}
}

// latin1Rows replaces what Windows-1252 cannot hold.
func latin1Rows(rows [][]string) [][]string {
	out := make([][]string, len(rows))
	for i, r := range rows {
		out[i] = make([]string, len(r))
		for j, v := range r {
			out[i][j] = strings.NewReplacer("Łódź", "Lodz", "日本語", "Ærø").Replace(v)
		}
	}
	return out
}

func TestCSVWriterRefusesWhatTheEncodingCannotHold(t *testing.T) {
	var buf bytes.Buffer
	w, _ := NewCSVWriter(&buf, Dialect{Delimiter: ';', Encoding: "windows-1252"})
	w.FieldString("日本語")
	w.EndRecord()
	if err := w.Flush(); err == nil {
		t.Fatal("writing Japanese in Windows-1252 succeeded")
	}
}

func TestRecordsGiveTheSameFieldsAsNext(t *testing.T) {
	files, _ := filepath.Glob("../../testdata/exports/*.csv")
	files = append(files, "../../testdata/exports/therapist_clients.txt", "../../testdata/customers.csv")
	var buf bytes.Buffer
	w, _ := NewCSVWriter(&buf, Dialect{Delimiter: ';', CRLF: true})
	for _, r := range edgeRows {
		w.WriteRecord(r)
	}
	w.Flush()
	edge := filepath.Join(t.TempDir(), "edge.csv")
	os.WriteFile(edge, buf.Bytes(), 0o600)
	files = append(files, edge)
	if len(files) < 10 {
		t.Fatalf("found only %d sample files", len(files))
	}
	for _, p := range files {
		byCells := readRows(t, p, false)
		byRecords := readRows(t, p, true)
		if !reflect.DeepEqual(byCells, byRecords) {
			t.Errorf("%s: records differ from cells", p)
		}
	}
}

// readRows reads the data rows of p with Next, or with NextRecord, each
// with its line number.
func readRows(t *testing.T, p string, records bool) []lineRecord {
	t.Helper()
	_, s := openFirst(t, p, Options{})
	var out []lineRecord
	for {
		var lr lineRecord
		if records {
			r, err := s.(RecordReader).NextRecord()
			if err == io.EOF {
				break
			} else if err != nil {
				t.Fatal(err)
			}
			lr.Line = r.Line
			for i := 0; i < r.Len(); i++ {
				lr.Fields = append(lr.Fields, string(r.Field(i)))
			}
		} else {
			r, err := s.Next()
			if err == io.EOF {
				break
			} else if err != nil {
				t.Fatal(err)
			}
			lr = lineRecord{Line: r.Line, Fields: values(r.Cells)}
		}
		out = append(out, lr)
	}
	return out
}

func TestXLSXWriterKeepsCellTypesAndText(t *testing.T) {
	sheets := map[string][][]Cell{
		"Orders": {
			{str("Name"), str("Total"), str("Date"), str("When"), str("Paid"), str("Note")},
			{str("  Ann  "), num("922.48"), date("45292", "2024-01-01"), date("45292.5", "01/01/2024 12:00"), boolean(true), str("=HYPERLINK(\"x\")")},
			{str("two\nlines"), shown("-1234.5", "-1,234.50"), date("45293", "01-02-24"), date("45293.75", "1/2/24 18:00"), boolean(false), str("crlf\r\nend")},
			{str("Łódź €"), num("1234567890123"), date("45294", "3.1.2024"), date("45294.25", "2024-01-03 06:00:00"), {}, str(`"quoted"`)},
			{str("x"), shown("0.125", "12.50%"), date("45295", "4-Jan-24"), shown("3", "3.00")},
			{str("_x0041_ stays _x005F_"), shown("1e-7", "0.0000001"), {}, {}, {}, str("a<b & c>d \"q\" ]]>")},
		},
		"Second sheet": {{str("Only")}, {str("one")}},
	}
	var buf bytes.Buffer
	w, err := NewXLSXWriter(&buf)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"Orders", "Second sheet"} {
		if err := w.Sheet(name); err != nil {
			t.Fatal(err)
		}
		for _, r := range sheets[name] {
			if err := w.Row(r); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "out.xlsx")
	os.WriteFile(p, buf.Bytes(), 0o600)
	f, err := Open(p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.Sheets(); !reflect.DeepEqual(got, []string{"Orders", "Second sheet"}) {
		t.Fatalf("sheets %q", got)
	}
	for _, name := range f.Sheets() {
		s, _ := f.Sheet(name)
		got := [][]Cell{s.Header()}
		for {
			r, err := s.Next()
			if err == io.EOF {
				break
			} else if err != nil {
				t.Fatal(err)
			}
			got = append(got, append([]Cell(nil), r.Cells...))
		}
		want := sheets[name]
		for i := range want {
			for len(want[i]) > 0 && want[i][len(want[i])-1].Type == Empty {
				want[i] = want[i][:len(want[i])-1] // the reader trims trailing empty cells
			}
		}
		if len(got) != len(want) {
			t.Fatalf("%s: %d rows, want %d", name, len(got), len(want))
		}
		for i := range want {
			for j, c := range want[i] {
				g := got[i][j]
				if g.Type != c.Type || g.Raw != c.Raw || g.Value != c.Value {
					t.Errorf("%s row %d col %d: got %s %q/%q, want %s %q/%q", name, i, j, g.Type, g.Value, g.Raw, c.Type, c.Value, c.Raw)
				}
			}
		}
	}
}

func TestXLSXWriterRefusesWhatACellCannotHold(t *testing.T) {
	for _, v := range []string{"bell\x07", strings.Repeat("x", 32768), "bad \xff utf-8"} {
		w, err := NewXLSXWriter(io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		err = w.Row([]Cell{str(v)})
		w.Abort()
		if !errors.Is(err, ErrUnwritable) {
			t.Errorf("%.20q: got %v, want ErrUnwritable", v, err)
		}
	}
}

func TestSheetNameIsAcceptableToExcel(t *testing.T) {
	for in, want := range map[string]string{
		"Klanten":                       "Klanten",
		"a/b:c?":                        "a_b_c_",
		"":                              "Sheet1",
		"'quoted'":                      "quoted",
		strings.Repeat("long name ", 5): "long name long name long name l",
	} {
		if got := SheetName(in); got != want {
			t.Errorf("SheetName(%q) = %q, want %q", in, got, want)
		}
	}
}

func str(v string) Cell              { return Cell{Type: String, Value: v, Raw: v} }
func num(v string) Cell              { return Cell{Type: Number, Value: v, Raw: v} }
func date(serial, shown string) Cell { return Cell{Type: Date, Value: shown, Raw: serial} }
func shown(raw, v string) Cell       { return Cell{Type: Number, Value: v, Raw: raw} }
func boolean(b bool) Cell {
	if b {
		return Cell{Type: Bool, Value: "TRUE", Raw: "1"}
	}
	return Cell{Type: Bool, Value: "FALSE", Raw: "0"}
}

type lineRecord struct {
	Line   int
	Fields []string
}

// recordsOf reads p after skipping the first skip rows, sequentially or in
// chunks of size bytes, and returns the records and the sheet's Stats.
func recordsOf(t testing.TB, p string, skip, size int, indexed bool) ([]lineRecord, Stats, error) {
	f, s, err := firstSheet(p, Options{})
	if err != nil {
		return nil, Stats{}, err
	}
	defer f.Close()
	rr := s.(RecordReader)
	var out []lineRecord
	take := func(r *Record) error {
		checkVerbatim(t, r)
		lr := lineRecord{Line: r.Line}
		for i := 0; i < r.Len(); i++ {
			lr.Fields = append(lr.Fields, string(r.Field(i)))
		}
		out = append(out, lr)
		return nil
	}
	// The first skip records one by one; with no size, all of them.
	for i := 0; i < skip || size == 0; i++ {
		r, err := rr.NextRecord()
		if err == io.EOF {
			return out, s.Stats(), nil
		} else if err != nil {
			return nil, Stats{}, err
		}
		take(r)
	}
	sp := rr.Split(size)
	sp.indexed = indexed
	for {
		c, err := sp.Next()
		if err == io.EOF {
			return out, s.Stats(), nil
		} else if err != nil {
			return nil, Stats{}, err
		}
		st, err := c.Records(take)
		if err != nil {
			return nil, Stats{}, err
		}
		sp.Add(st)
	}
}

func TestChunksParseToTheSameRecords(t *testing.T) {
	files, _ := filepath.Glob("../../testdata/exports/*.csv")
	files = append(files, "../../testdata/exports/therapist_clients.txt", "../../testdata/customers.csv")
	tricky := filepath.Join(t.TempDir(), "tricky.csv")
	os.WriteFile(tricky, []byte("a,b,c\n1,\"x\ny\",2\n\n3,5\" screen,\"q\"\"\"\n4,\"\"\"\",\"a,\nb\"\r\n5,\"end\"x,\"y\"\n6\n7,8,9,10\n\"\",\"\n\n\",z"), 0o600)
	files = append(files, tricky)
	for _, p := range files {
		want, wantStats, err := recordsOf(t, p, 0, 0, hasIndex)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		withAndWithoutIndex(func(indexed bool) {
			for _, skip := range []int{0, 1, 3} {
				for _, size := range []int{1, 7, 64, 1000, 1 << 20} {
					got, stats, err := recordsOf(t, p, skip, size, indexed)
					if err != nil {
						t.Fatalf("%s skip %d size %d index %v: %v", p, skip, size, indexed, err)
					}
					if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(stats, wantStats) {
						t.Fatalf("%s skip %d size %d index %v: chunks differ from the sequential read\n got %v %+v\nwant %v %+v", p, skip, size, indexed, got, stats, want, wantStats)
					}
				}
			}
		})
	}
}

// TestCSVWriterGuardsTheStartOfTheFile: a first value that begins with
// U+FEFF, or is "sep=;", would be read as a byte-order mark or as Excel's
// delimiter line; CSVWriter quotes it so that it reads back as itself.
func TestCSVWriterGuardsTheStartOfTheFile(t *testing.T) {
	for _, first := range [][]string{{"\ufeffName", "City"}, {"sep=;"}, {"sep=,", "x"}} {
		var buf bytes.Buffer
		w, _ := NewCSVWriter(&buf, Dialect{Delimiter: ',', Encoding: "utf-8"})
		for _, r := range [][]string{first, {"a", "b"}} {
			w.WriteRecord(r)
		}
		w.Flush()
		_, header, _, _ := readAll(t, buf.Bytes(), Options{Delimiter: ','})
		if !reflect.DeepEqual(header, first) {
			t.Errorf("%q reads back as %q from %q", first, header, buf.String())
		}
	}
}

// checkVerbatim checks that the spans of a Verbatim record are its fields
// as written: an unquoted field has no quote or line break, a quoted one
// has its quotes and its quotes inside doubled, and the spans of all fields
// run from the first to the last with one delimiter between each.
func checkVerbatim(t testing.TB, r *Record) {
	t.Helper()
	if !r.verbatim {
		return
	}
	total := r.Len() - 1
	for i := 0; i < r.Len(); i++ {
		f, sp := string(r.Field(i)), string(r.span(i, i))
		switch {
		case r.quoted(i) && sp != `"`+strings.ReplaceAll(f, `"`, `""`)+`"`:
			t.Fatalf("line %d field %d: quoted span %q for value %q", r.Line, i, sp, f)
		case !r.quoted(i) && (sp != f || strings.ContainsAny(f, "\"\n")):
			t.Fatalf("line %d field %d: plain span %q for value %q", r.Line, i, sp, f)
		}
		total += len(sp)
	}
	if all := r.span(0, r.Len()-1); len(all) != total {
		t.Fatalf("line %d: the whole span %q is not its fields and delimiters", r.Line, all)
	}
}
