package table

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// openFirst opens p and its first table; the file is closed when the
// test ends.
func openFirst(t testing.TB, p string, opts Options) (*File, Sheet) {
	t.Helper()
	f, s, err := firstSheet(p, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f, s
}

// firstSheet opens p and its first table; the caller closes the file.
func firstSheet(p string, opts Options) (*File, Sheet, error) {
	f, err := Open(p, opts)
	if err != nil {
		return nil, nil, err
	}
	s, err := f.Sheet(f.Sheets()[0])
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	return f, s, nil
}

// readAll opens content as a file and returns the dialect, header and rows.
func readAll(t *testing.T, content []byte, opts Options) (*File, []string, [][]string, Stats) {
	t.Helper()
	p := filepath.Join(t.TempDir(), "list.csv")
	if err := os.WriteFile(p, content, 0o600); err != nil {
		t.Fatal(err)
	}
	f, s := openFirst(t, p, opts)
	var header []string
	for _, c := range s.Header() {
		header = append(header, c.Value)
	}
	var rows [][]string
	for {
		r, err := s.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		var vals []string
		for _, c := range r.Cells {
			vals = append(vals, c.Value)
		}
		rows = append(rows, vals)
	}
	return f, header, rows, s.Stats()
}

func TestCSVDialects(t *testing.T) {
	utf16le, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String("Naam\tPlaats\r\nJosé\tÖsterreich\r\n")
	utf16be, _ := unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewEncoder().String("Naam\tPlaats\nJosé\tÖsterreich\n")
	noBOMle, _ := unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM).NewEncoder().String("Naam,Plaats\nJosé,Österreich\n")
	noBOMbe, _ := unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM).NewEncoder().String("Naam,Plaats\nJosé,Österreich\n")
	cp1252, _ := charmap.Windows1252.NewEncoder().String("Name;Straße\r\nJürgen;Königsallee 1 – 3 €\r\n")
	tests := []struct {
		name    string
		in      string
		dialect Dialect
		header  []string
		rows    [][]string
	}{
		{"comma LF", "a,b\n1,2\n", Dialect{Delimiter: ',', Encoding: "utf-8"},
			[]string{"a", "b"}, [][]string{{"1", "2"}}},
		{"semicolon CRLF BOM", "\xEF\xBB\xBFnaam;plaats\r\nJan;Utrecht\r\n", Dialect{Delimiter: ';', Encoding: "utf-8", BOM: true, CRLF: true},
			[]string{"naam", "plaats"}, [][]string{{"Jan", "Utrecht"}}},
		{"tab", "a\tb\tc\n1\t2\t3\n", Dialect{Delimiter: '\t', Encoding: "utf-8"},
			[]string{"a", "b", "c"}, [][]string{{"1", "2", "3"}}},
		{"pipe", "a|b\n1|2\n", Dialect{Delimiter: '|', Encoding: "utf-8"},
			[]string{"a", "b"}, [][]string{{"1", "2"}}},
		{"comma in text does not beat semicolons", "name;note\nA;\"x, y, z\"\nB;p, q\n", Dialect{Delimiter: ';', Encoding: "utf-8"},
			[]string{"name", "note"}, [][]string{{"A", "x, y, z"}, {"B", "p, q"}}},
		{"quotes, delimiters and newlines in fields", "a,b\r\n\"x,\"\"y\"\"\r\nz\",\" lead and trail \"\r\n", Dialect{Delimiter: ',', Encoding: "utf-8", CRLF: true},
			[]string{"a", "b"}, [][]string{{"x,\"y\"\r\nz", " lead and trail "}}},
		{"quoted CR at line end kept", "a,b\r\n\"x\r\",\"y\"\r\n", Dialect{Delimiter: ',', Encoding: "utf-8", CRLF: true},
			[]string{"a", "b"}, [][]string{{"x\r", "y"}}},
		{"empty fields and spaces kept", "a,b,c\n,, x \n", Dialect{Delimiter: ',', Encoding: "utf-8"},
			[]string{"a", "b", "c"}, [][]string{{"", "", " x "}}},
		{"no final newline", "a,b\n1,2", Dialect{Delimiter: ',', Encoding: "utf-8"},
			[]string{"a", "b"}, [][]string{{"1", "2"}}},
		{"utf-16le with BOM (Excel unicode text)", utf16le, Dialect{Delimiter: '\t', Encoding: "utf-16le", BOM: true, CRLF: true},
			[]string{"Naam", "Plaats"}, [][]string{{"José", "Österreich"}}},
		{"utf-16be with BOM", utf16be, Dialect{Delimiter: '\t', Encoding: "utf-16be", BOM: true},
			[]string{"Naam", "Plaats"}, [][]string{{"José", "Österreich"}}},
		{"utf-16le without BOM", noBOMle, Dialect{Delimiter: ',', Encoding: "utf-16le"},
			[]string{"Naam", "Plaats"}, [][]string{{"José", "Österreich"}}},
		{"utf-16be without BOM", noBOMbe, Dialect{Delimiter: ',', Encoding: "utf-16be"},
			[]string{"Naam", "Plaats"}, [][]string{{"José", "Österreich"}}},
		{"windows-1252", cp1252, Dialect{Delimiter: ';', Encoding: "windows-1252", CRLF: true},
			[]string{"Name", "Straße"}, [][]string{{"Jürgen", "Königsallee 1 – 3 €"}}},
		{"excel sep line", "sep=;\r\na;b\r\n1,5;2\r\n", Dialect{Delimiter: ';', Encoding: "utf-8", CRLF: true, SepLine: true},
			[]string{"a", "b"}, [][]string{{"1,5", "2"}}},
		{"one column", "email\na@example.com\n", Dialect{Delimiter: ',', Encoding: "utf-8"},
			[]string{"email"}, [][]string{{"a@example.com"}}},
		{"stray quote kept as text", "a,b\n5\" screen,2\n", Dialect{Delimiter: ',', Encoding: "utf-8"},
			[]string{"a", "b"}, [][]string{{"5\" screen", "2"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, header, rows, _ := readAll(t, []byte(tt.in), Options{})
			if f.Format != CSV || f.Dialect != tt.dialect {
				t.Errorf("dialect %+v, want %+v", f.Dialect, tt.dialect)
			}
			if !reflect.DeepEqual(header, tt.header) {
				t.Errorf("header %q, want %q", header, tt.header)
			}
			if !reflect.DeepEqual(rows, tt.rows) {
				t.Errorf("rows %q, want %q", rows, tt.rows)
			}
		})
	}
}

func TestCSVRaggedRowsAreKeptAndReported(t *testing.T) {
	_, _, rows, st := readAll(t, []byte("a,b,c\n1,2,3\n1,2\n\n1,2,3,4\n\"multi\nline\",x,y\n9\n"), Options{})
	want := [][]string{{"1", "2", "3"}, {"1", "2"}, {"1", "2", "3", "4"}, {"multi\nline", "x", "y"}, {"9"}}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("rows %q, want %q", rows, want)
	}
	if st.Rows != 5 || st.Ragged != 3 || st.Blank != 1 || !reflect.DeepEqual(st.RaggedRows, []int{3, 5, 8}) {
		t.Errorf("stats %+v", st)
	}
}

func TestCSVStrayQuotesAreCounted(t *testing.T) {
	_, _, rows, st := readAll(t, []byte("a,b\n\"x\"y,2\n"), Options{})
	if rows[0][0] != "xy" || st.BadQuotes != 1 {
		t.Errorf("rows %q stats %+v", rows, st)
	}
}

func TestCSVLongFileCrossesBuffers(t *testing.T) {
	var b strings.Builder
	b.WriteString("id,note\r\n")
	for i := 0; i < 20000; i++ {
		b.WriteString("12345,\"a note, with \"\"quotes\"\"\r\nand two lines\"\r\n")
		b.WriteString("12346,plain\r\n")
	}
	_, _, rows, st := readAll(t, []byte(b.String()), Options{})
	if st.Rows != 40000 || st.Ragged != 0 {
		t.Fatalf("stats %+v", st)
	}
	for i, r := range rows {
		want := "plain"
		if i%2 == 0 {
			want = "a note, with \"quotes\"\r\nand two lines"
		}
		if r[1] != want {
			t.Fatalf("row %d: %q", i, r[1])
		}
	}
}

func TestCSVOverrides(t *testing.T) {
	f, _, rows, _ := readAll(t, []byte("a;b,c\n1;2,3\n"), Options{Delimiter: ',', Encoding: "iso-8859-1"})
	if f.Dialect.Delimiter != ',' || f.Dialect.Encoding != "iso-8859-1" || rows[0][1] != "3" {
		t.Errorf("dialect %+v rows %q", f.Dialect, rows)
	}
}

func TestCSVErrors(t *testing.T) {
	tests := []struct {
		name string
		in   []byte
		opts Options
		want error
		msg  string
	}{
		{"empty", nil, Options{}, ErrFormat, "empty"},
		{"only blank lines", []byte("\n\n"), Options{}, ErrFormat, "no header"},
		{"binary", []byte("PK\x05\x06\x00\x00abc\x00\x00"), Options{}, ErrFormat, "binary"},
		{"a NUL byte in text", []byte("Name,Email\nA\x00nn,a@example.com\n"), Options{}, ErrFormat, "binary"},
		{"NUL characters in UTF-16", []byte("a\x00,\x00\x00\x00b\x00\n\x00"), Options{}, ErrFormat, "binary"},
		{"never closed quote", []byte("a,b\n\"open,2\n3,4\n"), Options{}, ErrFormat, "line 2: a quoted field is never closed"},
		{"a NUL byte after the sniffed part", append([]byte("a,b\n"+strings.Repeat("x,y\n", sniffSize/4)), []byte("n\x00l,1\n")...), Options{}, ErrFormat, "NUL bytes"},
		{"a NUL byte after the sniffed part of a Windows-1252 file", append([]byte("a,caf\xe9\n"+strings.Repeat("x,y\n", sniffSize/4)), []byte("n\x00l,1\n")...), Options{}, ErrFormat, "NUL bytes"},
		{"invalid utf-8 after the sniffed part", append([]byte("a,b\n"+strings.Repeat("x,y\n", sniffSize/4)), []byte("caf\xe9,1\n")...), Options{}, ErrEncoding, "not valid UTF-8"},
		{"unknown encoding", []byte("a\n"), Options{Encoding: "ebcdic"}, nil, "unknown encoding"},
		{"record over the limit", append([]byte("a\n\""), make([]byte, 0)...), Options{}, nil, ""},
	}
	tests[len(tests)-1].in = []byte("a\n\"" + strings.Repeat("x", MaxRecord+10))
	tests[len(tests)-1].want, tests[len(tests)-1].msg = ErrLongRecord, "longer than"
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "bad.csv")
			os.WriteFile(p, tt.in, 0o600)
			err := readErr(p, tt.opts)
			if err == nil || (tt.want != nil && !errors.Is(err, tt.want)) || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("err = %v, want %v containing %q", err, tt.want, tt.msg)
			}
		})
	}
}

// TestNULPastTheSniffedPartIsRefusedByEveryReader: counting, records and
// chunks read every byte too.
func TestNULPastTheSniffedPartIsRefusedByEveryReader(t *testing.T) {
	p := filepath.Join(t.TempDir(), "nul.csv")
	os.WriteFile(p, append([]byte("a,b\n"+strings.Repeat("x,y\n", sniffSize/4)), []byte("n\x00l,1\n")...), 0o600)
	f, err := Open(p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s, _ := f.Sheet(f.Sheets()[0])
	if err := s.Count(); !errors.Is(err, ErrFormat) {
		t.Errorf("Count: %v", err)
	}
	for _, size := range []int{0, 64 << 10} {
		if _, _, err := recordsOf(t, p, 0, size, hasIndex); !errors.Is(err, ErrFormat) {
			t.Errorf("records in chunks of %d: %v", size, err)
		}
	}
}

// readErr reads a whole file and returns the first error.
func readErr(p string, opts Options) error {
	f, err := Open(p, opts)
	if err != nil {
		return err
	}
	defer f.Close()
	for _, name := range f.Sheets() {
		s, err := f.Sheet(name)
		if err != nil {
			return err
		}
		for {
			if _, err := s.Next(); err == io.EOF {
				break
			} else if err != nil {
				return err
			}
		}
	}
	return nil
}

func TestCSVCountMatchesNext(t *testing.T) {
	in := "a,b,c\r\n1,2,3\r\n\"x\r\ny\",2\r\n\r\n1,2,3,4\r\n\"q\"\"\",\"r\",s\r\n"
	p := filepath.Join(t.TempDir(), "c.csv")
	os.WriteFile(p, []byte(in), 0o600)
	_, _, _, want := readAll(t, []byte(in), Options{})
	for skip := 0; skip <= 4; skip++ {
		f, _ := Open(p, Options{})
		s, _ := f.Sheet(f.Sheets()[0])
		for i := 0; i < skip; i++ {
			s.Next()
		}
		if err := s.Count(); err != nil {
			t.Fatal(err)
		}
		if got := s.Stats(); got.Rows != want.Rows || got.Ragged != want.Ragged || got.Blank != want.Blank ||
			!reflect.DeepEqual(got.RaggedRows, want.RaggedRows) {
			t.Errorf("after %d rows: Count gives %+v, Next gives %+v", skip, got, want)
		}
		f.Close()
	}
}
