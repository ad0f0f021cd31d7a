package strip

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/lockbox-tool/lockbox/pkg/classify"
	"github.com/lockbox-tool/lockbox/pkg/table"
	"github.com/xuri/excelize/v2"
)

var (
	exportsDir = filepath.Join("..", "..", "testdata", "exports")
	testKey    = []byte("a test key that is long enough")
	testNow    = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
)

// run strips path with opts and returns the output and the summary.
func run(t *testing.T, path string, opts Options) ([]byte, *Summary) {
	t.Helper()
	opts.Class.Now = testNow
	if opts.Key == nil {
		opts.Key = testKey
	}
	j, err := Open(path, opts)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	defer j.Close()
	var buf bytes.Buffer
	sum, err := j.Run(context.Background(), &buf)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return buf.Bytes(), sum
}

type sheet struct {
	name   string
	header []string
	rows   [][]table.Cell
}

// read reads every table of a file (given as bytes) in full.
func read(t *testing.T, data []byte, name string) []sheet {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return readFile(t, p)
}

func readFile(t *testing.T, p string) []sheet {
	t.Helper()
	f, err := table.Open(p, table.Options{})
	if err != nil {
		t.Fatalf("%s: %v", p, err)
	}
	defer f.Close()
	var out []sheet
	for _, name := range f.Sheets() {
		s, err := f.Sheet(name)
		if err != nil {
			t.Fatal(err)
		}
		sh := sheet{name: name, header: values(s.Header())}
		r, err := s.Next()
		for ; err == nil; r, err = s.Next() {
			sh.rows = append(sh.rows, append([]table.Cell(nil), r.Cells...))
		}
		if err != io.EOF {
			t.Fatal(err)
		}
		out = append(out, sh)
	}
	return out
}

type expectedColumn struct{ Name, Class, Kind string }

func expected(t *testing.T) map[string][][]expectedColumn {
	b, err := os.ReadFile(filepath.Join(exportsDir, "expected.json"))
	if err != nil {
		t.Fatal(err)
	}
	var raw map[string][]struct{ Columns []expectedColumn }
	if err := json.Unmarshal(b, &raw); err != nil {
		t.Fatal(err)
	}
	out := map[string][][]expectedColumn{}
	for f, tables := range raw {
		for _, tb := range tables {
			out[f] = append(out[f], tb.Columns)
		}
	}
	if len(out) < 15 {
		t.Fatalf("expected.json labels only %d files", len(out))
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func outName(file string, to table.Format) string {
	if to == table.XLSX {
		return "out.xlsx"
	}
	return "out" + filepath.Ext(file)
}

// TestCompactExportsHoldOnlyTransactionalColumns strips every labelled
// sample export with the default policy, and with a policy that keeps
// names and postal addresses (as for a mailing house): the output must
// have exactly the transactional columns, plus those, in order.
func TestCompactExportsHoldOnlyTransactionalColumns(t *testing.T) {
	exp := expected(t)
	for _, file := range sortedKeys(exp) {
		path := filepath.Join(exportsDir, file)
		var wantCompact, wantMailing [][]string
		var keep []string
		for _, cols := range exp[file] {
			var c, m []string
			for _, col := range cols {
				switch {
				case col.Class == "transactional":
					c, m = append(c, col.Name), append(m, col.Name)
				case col.Kind == "person_name" || col.Kind == "address" || col.Kind == "postcode":
					m = append(m, col.Name)
					keep = append(keep, col.Name)
				}
			}
			wantCompact, wantMailing = append(wantCompact, c), append(wantMailing, m)
		}
		out, sum := run(t, path, Options{})
		got := read(t, out, outName(file, sum.Format))
		if len(got) != len(wantCompact) {
			t.Fatalf("%s: %d tables out, want %d", file, len(got), len(wantCompact))
		}
		for i := range got {
			if !reflect.DeepEqual(got[i].header, wantCompact[i]) {
				t.Errorf("%s: compact export has columns %q, want the transactional ones %q", file, got[i].header, wantCompact[i])
			}
		}
		if len(keep) == 0 {
			continue
		}
		out, sum = run(t, path, Options{Policy: Policy{Keep: dedupe(keep)}})
		got = read(t, out, outName(file, sum.Format))
		for i := range got {
			if !reflect.DeepEqual(got[i].header, wantMailing[i]) {
				t.Errorf("%s: with names and addresses kept, columns %q, want %q", file, got[i].header, wantMailing[i])
			}
		}
	}
}

// keepAll is a policy that keeps every column of path.
func keepAll(t *testing.T, path string) Options {
	var names []string
	for _, s := range readFile(t, path) {
		names = append(names, s.header...)
	}
	return Options{Policy: Policy{Keep: dedupe(names), AllowSensitive: true}, KeepFormulas: true}
}

// TestKeepingEverythingChangesNoCell strips every sample export and a
// file of hand-made edge cases with every column kept and nothing
// filtered: every cell under the header must come back identical, rows
// and order too, and cells beyond it are counted, not sent.
func TestKeepingEverythingChangesNoCell(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(exportsDir, "*.*"))
	files = append(files, edgeFile(t))
	n := 0
	for _, path := range files {
		if strings.HasSuffix(path, ".json") {
			continue
		}
		n++
		for _, sample := range []int{1, 0} { // the byte-copying path, and cells only
			opts := keepAll(t, path)
			opts.Sample = sample
			out, sum := run(t, path, opts)
			in := readFile(t, path)
			got := read(t, out, outName(path, sum.Format))
			if len(got) != len(in) {
				t.Fatalf("%s: %d tables, want %d", path, len(got), len(in))
			}
			for i := range in {
				if !reflect.DeepEqual(got[i].header, in[i].header) {
					t.Errorf("%s: header %q, want %q", path, got[i].header, in[i].header)
				}
				if len(got[i].rows) != len(in[i].rows) {
					t.Errorf("%s: %d rows, want %d", path, len(got[i].rows), len(in[i].rows))
					continue
				}
				beyond := 0
				for r := range in[i].rows {
					// Cells past the header have no name and never go out.
					want := in[i].rows[r]
					if extra := len(want) - len(in[i].header); extra > 0 {
						want, beyond = want[:len(in[i].header)], beyond+extra
					}
					if !reflect.DeepEqual(got[i].rows[r], want) {
						t.Errorf("%s row %d:\n got %q\nwant %q", path, r+1, got[i].rows[r], want)
					}
				}
				if sum.Tables[i].OverflowDropped != beyond {
					t.Errorf("%s: %d cells beyond the header dropped, want %d", path, sum.Tables[i].OverflowDropped, beyond)
				}
				if ts := sum.Tables[i]; ts.RowsRead != len(in[i].rows) || ts.RowsWritten != ts.RowsRead || ts.RowsFiltered != 0 {
					t.Errorf("%s: summary says %d read, %d written, %d filtered, of %d rows", path, ts.RowsRead, ts.RowsWritten, ts.RowsFiltered, len(in[i].rows))
				}
			}
		}
	}
	if n < 17 {
		t.Fatalf("only %d files checked", n)
	}
}

// edgeFile is a semicolon CSV with a BOM and CRLF line ends, holding the
// values a careless strip changes, ragged rows and a formula.
func edgeFile(t *testing.T) string {
	var b bytes.Buffer
	w, _ := table.NewCSVWriter(&b, table.Dialect{Delimiter: ';', Encoding: "utf-8", BOM: true, CRLF: true})
	for _, r := range [][]string{
		{"Order", "Note", "Amount", "City"},
		{"1", `say "hi"; bye`, "-12.50", "Amsterdam"},
		{"2", "two\nlines", "", " Utrecht "},
		{"3", "crlf\r\nend", "=1+1", "Paris"},
		{"4", "", "0", ""},
		{"5", "short"},
		{"6", "long", "1", "Berlin", "extra", "cells"},
		{"7", "Müller € 日本", "1,5", "Köln"},
	} {
		w.WriteRecord(r)
	}
	w.Flush()
	p := filepath.Join(t.TempDir(), "edge.csv")
	os.WriteFile(p, b.Bytes(), 0o600)
	return p
}

func TestSampleSizeDoesNotChangeTheOutput(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(exportsDir, "*.csv"))
	files = append(files, edgeFile(t))
	for _, path := range files {
		opts := Options{Policy: Policy{Pseudonymize: nil}}
		opts.Sample = 100000
		all, _ := run(t, path, opts)
		// Classify on all rows, then write the file once more with that
		// plan spelled out, classifying one row only.
		j, err := Open(path, Options{Sample: 100000, Key: testKey, Class: classify.Options{Now: testNow}})
		if err != nil {
			t.Fatal(err)
		}
		var p Policy
		for _, c := range j.Plans()[0].Columns {
			if c.Beyond {
				continue // nameless, and never sent
			}
			if c.Sent() {
				p.Keep = append(p.Keep, c.Name)
			} else {
				p.Drop = append(p.Drop, c.Name)
			}
		}
		j.Close()
		fast, _ := run(t, path, Options{Policy: p, Sample: 1})
		if !bytes.Equal(all, fast) {
			t.Errorf("%s: a plan made on one row writes other bytes than one made on all", path)
		}
	}
}

func TestFiltersAccountForEveryRow(t *testing.T) {
	path := filepath.Join("..", "..", "testdata", "customers.csv")
	in := readFile(t, path)[0]
	col := func(name string) int {
		for i, h := range in.header {
			if h == name {
				return i
			}
		}
		t.Fatalf("no column %q", name)
		return -1
	}
	news, country := col("Newsletter"), col("Country")
	wantOpted, wantBoth := 0, 0
	for _, r := range in.rows {
		if ParseConsent(r[news]) == ConsentYes {
			wantOpted++
			if v := r[country].Value; v == "NL" || v == "DE" {
				wantBoth++
			}
		}
	}
	if wantOpted == 0 || wantOpted == len(in.rows) || wantBoth == 0 || wantBoth == wantOpted {
		t.Fatalf("the sample list does not exercise the filters (%d opted in, %d of them NL or DE)", wantOpted, wantBoth)
	}
	for _, sample := range []int{1, 0} {
		out, sum := run(t, path, Options{Sample: sample, Policy: Policy{OptedIn: "newsletter", Where: []string{"Country=nl", "country= DE"}}})
		ts := sum.Tables[0]
		got := read(t, out, "out.csv")[0]
		if ts.RowsRead != len(in.rows) || ts.RowsWritten != wantBoth || len(got.rows) != wantBoth ||
			ts.RowsRead != ts.RowsWritten+ts.RowsFiltered || ts.NotOptedIn != len(in.rows)-wantOpted || ts.NotMatching != wantOpted-wantBoth {
			t.Errorf("sample %d: %+v; want %d read, %d written, %d not opted in, %d not matching", sample, ts, len(in.rows), wantBoth, len(in.rows)-wantOpted, wantOpted-wantBoth)
		}
	}
}

func TestConsentValuesThatAreNeitherYesNorNoAreCounted(t *testing.T) {
	p := writeCSV(t, "Order,Consent\n1,yes\n2,no\n3,maybe\n4,\n5,JA\n6,unsure\n")
	out, sum := run(t, p, Options{Policy: Policy{OptedIn: "Consent"}})
	ts := sum.Tables[0]
	if ts.RowsWritten != 2 || ts.NotOptedIn != 4 || ts.ConsentUnclear != 2 || string(out) != "Order,Consent\n1,yes\n5,JA\n" {
		t.Errorf("got %+v and %q", ts, out)
	}
}

func writeCSV(t *testing.T, content string) string {
	p := filepath.Join(t.TempDir(), "list.csv")
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestPseudonymiseAndGeneralise(t *testing.T) {
	p := writeCSV(t, "Customer ID,Birth date,Postcode,Total\nC1,1984-03-15,1234 AB,10\nC2,15/03/1990,5678 CD,20\nC1,garbage,,30\nC3,,9999 ZZ,40\n")
	out, sum := run(t, p, Options{AsOf: time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC), Policy: Policy{
		Pseudonymize: []string{"customer id"},
		Generalize:   map[string]string{"Birth Date": "age-band", "postcode": "prefix:4"},
	}})
	ps, _ := NewPseudonymizer(testKey)
	c1, c2, c3 := ps.Token("C1"), ps.Token("C2"), ps.Token("C3")
	want := "Customer ID,Birth date,Postcode,Total\n" + c1 + ",40-49,1234,10\n" + c2 + ",30-39,5678,20\n" + c1 + ",,,30\n" + c3 + ",,9999,40\n"
	if string(out) != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
	ts := sum.Tables[0]
	if len(ts.Unreadable) != 1 || ts.Unreadable[0].Column != "Birth date" || ts.Unreadable[0].Count != 1 || !reflect.DeepEqual(ts.Unreadable[0].Lines, []int{4}) {
		t.Errorf("unreadable dates: %+v", ts.Unreadable)
	}
	if strings.Contains(string(out), "C1") || strings.Contains(string(out), "1984") {
		t.Error("an original value is in the output")
	}
}

func TestFormulasAreDefusedInCSVOnly(t *testing.T) {
	p := writeCSV(t, "Order,Note,Amount\n1,\"=HYPERLINK(\"\"http://x\"\")\",-12.50\n2,+31 6 1234,+5\n3,@SUM(A1),1\n4,plain,-3\n")
	out, sum := run(t, p, Options{Policy: Policy{Keep: []string{"Note"}}})
	want := "Order,Note,Amount\n1,\"'=HYPERLINK(\"\"http://x\"\")\",-12.50\n2,'+31 6 1234,+5\n3,'@SUM(A1),1\n4,plain,-3\n"
	if string(out) != want || sum.Tables[0].FormulasDefused != 3 {
		t.Errorf("got %d defused:\n%s\nwant\n%s", sum.Tables[0].FormulasDefused, out, want)
	}
	out, sum = run(t, p, Options{Policy: Policy{Keep: []string{"Note"}}, KeepFormulas: true})
	raw, _ := os.ReadFile(p)
	if !bytes.Equal(out, raw) || sum.Tables[0].FormulasDefused != 0 {
		t.Errorf("--keep-formulas changed the file:\n%s", out)
	}
	out, _ = run(t, p, Options{Policy: Policy{Keep: []string{"Note"}, To: "xlsx"}})
	got := read(t, out, "out.xlsx")[0]
	if c := got.rows[0][1]; c.Type != table.String || c.Value != `=HYPERLINK("http://x")` {
		t.Errorf("in a workbook the formula text became %s %q", c.Type, c.Value)
	}
}

func TestXLSXKeepsSheetsAndTypes(t *testing.T) {
	path := filepath.Join(exportsDir, "crm_workbook.xlsx")
	in := readFile(t, path)
	out, sum := run(t, path, Options{})
	if sum.Format != table.XLSX {
		t.Fatalf("a workbook became %s", sum.Format)
	}
	got := read(t, out, "out.xlsx")
	if len(got) != len(in) {
		t.Fatalf("%d sheets, want %d", len(got), len(in))
	}
	types := 0
	for i := range in {
		if got[i].name != in[i].name {
			t.Errorf("sheet %q became %q", in[i].name, got[i].name)
		}
		idx := map[string]int{}
		for j, h := range in[i].header {
			idx[h] = j
		}
		for r, row := range got[i].rows {
			for c, cell := range row {
				orig := in[i].rows[r][idx[got[i].header[c]]]
				if cell.Type != orig.Type || cell.Raw != orig.Raw {
					t.Errorf("sheet %q row %d %q: %s %q, was %s %q", got[i].name, r+1, got[i].header[c], cell.Type, cell.Raw, orig.Type, orig.Raw)
				}
				if cell.Type == table.Number || cell.Type == table.Date {
					types++
				}
			}
		}
	}
	if types == 0 {
		t.Error("the workbook has no numbers or dates to check")
	}
	// One sheet to CSV: the values as the workbook shows them.
	out, _ = run(t, path, Options{Sheet: in[0].name, Policy: Policy{To: "csv"}})
	csv := read(t, out, "out.csv")
	if len(csv) != 1 || len(csv[0].rows) != len(in[0].rows) {
		t.Fatalf("sheet to CSV: %d tables", len(csv))
	}
}

func TestPolicyErrors(t *testing.T) {
	path := filepath.Join("..", "..", "testdata", "customers.csv")
	therapist := filepath.Join(exportsDir, "therapist_clients.txt")
	workbook := filepath.Join(exportsDir, "crm_workbook.xlsx")
	tests := []struct {
		name string
		path string
		pol  Policy
		opts Options
		want any
	}{
		{"unknown keep", path, Policy{Keep: []string{"Emial"}}, Options{}, &ColumnError{Setting: "keep", Name: "Emial", Suggestion: "Email"}},
		{"unknown drop", path, Policy{Drop: []string{"Nothing like it"}}, Options{}, &ColumnError{Setting: "drop", Name: "Nothing like it"}},
		{"unknown opted-in", path, Policy{OptedIn: "Newsleter"}, Options{}, &ColumnError{Setting: "opted_in", Name: "Newsleter", Suggestion: "Newsletter"}},
		{"unknown where", path, Policy{Where: []string{"Land=NL"}}, Options{}, &ColumnError{Setting: "where", Name: "Land"}},
		{"keep and drop", path, Policy{Keep: []string{"email"}, Drop: []string{"Email"}}, Options{}, &ConflictError{"Email", "keep", "drop"}},
		{"sensitive", therapist, Policy{Keep: []string{"Diagnosis"}}, Options{}, &SensitiveError{}},
		{"nothing left", path, Policy{Drop: []string{"City", "Country", "Newsletter", "Last Order", "Order Total"}}, Options{}, &NothingLeftError{}},
		{"no key", path, Policy{Pseudonymize: []string{"Email"}}, Options{Key: []byte{}}, ErrNoKey},
		{"workbook to csv", workbook, Policy{To: "csv"}, Options{}, &MultiSheetError{}},
		{"no such sheet", workbook, Policy{}, Options{Sheet: "Nope"}, &table.SheetError{}},
	}
	for _, tt := range tests {
		opts := tt.opts
		opts.Policy = tt.pol
		if opts.Key != nil && len(opts.Key) == 0 {
			opts.Key = nil
		} else {
			opts.Key = testKey
		}
		j, err := Open(tt.path, opts)
		if err == nil {
			j.Close()
			t.Errorf("%s: no error", tt.name)
			continue
		}
		switch want := tt.want.(type) {
		case *ColumnError:
			var got *ColumnError
			if !errors.As(err, &got) || got.Setting != want.Setting || got.Name != want.Name || got.Suggestion != want.Suggestion || len(got.Columns) == 0 {
				t.Errorf("%s: got %#v", tt.name, err)
			}
		case *ConflictError:
			var got *ConflictError
			if !errors.As(err, &got) || *got != *want {
				t.Errorf("%s: got %v", tt.name, err)
			}
		case error:
			if !errors.Is(err, want) && reflect.TypeOf(err) != reflect.TypeOf(want) {
				t.Errorf("%s: got %T %v, want %T", tt.name, err, err, want)
			}
		}
	}
}

func TestSensitiveColumnsNeedAllowSensitive(t *testing.T) {
	path := filepath.Join(exportsDir, "therapist_clients.txt")
	j, err := Open(path, Options{Policy: Policy{Keep: []string{"Diagnosis"}, AllowSensitive: true}, Class: classify.Options{Now: testNow}})
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	for _, c := range j.Plans()[0].Columns {
		if c.Name == "Diagnosis" && (c.Class != classify.Sensitive || c.Action != Keep) {
			t.Errorf("Diagnosis: %s, %s", c.Class, c.Action)
		}
	}
}

func TestUserKeyIsMadeOnceWithMode0600(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	key, path, created, err := UserKey()
	if err != nil || !created || len(key) < MinKeyBytes {
		t.Fatalf("first use: %v, created %v, %d bytes", err, created, len(key))
	}
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v, mode %v", err, fi.Mode())
	}
	again, _, created, err := UserKey()
	if err != nil || created || !bytes.Equal(again, key) {
		t.Fatalf("second use: %v, created %v, same key %v", err, created, bytes.Equal(again, key))
	}
	os.WriteFile(path, []byte("short\n"), 0o600)
	if _, _, _, err := UserKey(); err == nil {
		t.Error("a 5-byte key file is accepted")
	}
}

// TestChunksOnEveryCoreWriteWhatOneCoreWrites strips each sample CSV with
// filters, pseudonyms, generalisation and formulas on one core, and again
// in chunks of many sizes on several: the bytes and every count must be
// the same.
func TestChunksOnEveryCoreWriteWhatOneCoreWrites(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(exportsDir, "*.csv"))
	files = append(files, edgeFile(t), filepath.Join("..", "..", "testdata", "customers.csv"), filepath.Join(exportsDir, "therapist_clients.txt"))
	for _, path := range files {
		in := readFile(t, path)[0]
		// Filter on the last column, pseudonymise the first and generalise
		// the second to a prefix, so that every row is worked on.
		opts := Options{Sample: 1, Policy: Policy{
			Pseudonymize:   []string{in.header[0]},
			Generalize:     map[string]string{in.header[1]: "prefix:1"},
			Where:          []string{in.header[len(in.header)-1] + "=" + in.rows[len(in.rows)/2][len(in.header)-1].Value},
			AllowSensitive: true,
		}}
		prev := runtime.GOMAXPROCS(1)
		one, oneSum := run(t, path, opts)
		runtime.GOMAXPROCS(max(prev, 2))
		for _, size := range []int{1, 7, 100, 4096, 1 << 20} {
			opts.chunkSize = size
			many, manySum := run(t, path, opts)
			if !bytes.Equal(one, many) {
				t.Errorf("%s in chunks of %d: other bytes than on one core", path, size)
			}
			if !reflect.DeepEqual(oneSum, manySum) {
				t.Errorf("%s in chunks of %d: summary\n%+v\nwant\n%+v", path, size, manySum.Tables[0], oneSum.Tables[0])
			}
		}
		runtime.GOMAXPROCS(prev)
	}
}

// TestWorkbookThatExpandsIsRefused: a workbook stores no empty cells, so
// a wide row and a million one-cell rows are a few MB of workbook and
// gigabytes of CSV. Written as CSV, the padding is bounded by the
// workbook's size; AllowExpansion (--force) lifts the bound.
func TestWorkbookThatExpandsIsRefused(t *testing.T) {
	const width, rows = 16384, 3000
	p := filepath.Join(t.TempDir(), "wide.xlsx")
	f := excelize.NewFile()
	sw, _ := f.NewStreamWriter("Sheet1")
	header, full := make([]any, width), make([]any, width)
	for i := range header {
		header[i], full[i] = fmt.Sprintf("Amount %d", i+1), i%10
	}
	sw.SetRow("A1", header)
	sw.SetRow("A2", full)
	for r := 3; r < rows; r++ {
		sw.SetRow(fmt.Sprintf("A%d", r), []any{r})
	}
	sw.Flush()
	if err := f.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	j, err := Open(p, Options{Policy: Policy{To: "csv"}, Class: classify.Options{Now: testNow}})
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	_, err = j.Run(context.Background(), io.Discard)
	var exp *ExpansionError
	if !errors.As(err, &exp) || !errors.Is(err, table.ErrLimit) {
		t.Fatalf("a %d-byte workbook written as %d-wide CSV rows: %v", j.Input().Size, width, err)
	}
	forced, err := Open(p, Options{Policy: Policy{To: "csv"}, AllowExpansion: true, Class: classify.Options{Now: testNow}})
	if err != nil {
		t.Fatal(err)
	}
	defer forced.Close()
	if sum, err := forced.Run(context.Background(), io.Discard); err != nil || sum.Tables[0].RowsWritten != rows-2 {
		t.Fatalf("with AllowExpansion: %v", err)
	}
}
