package table

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestSplit(t *testing.T) {
	for _, tc := range []struct {
		in     string
		eof    bool
		n      int
		fields []string
		quoted []bool
		res    splitResult
		lines  int
		high   bool
	}{
		{in: "a,b,c\nnext", n: 6, fields: []string{"a", "b", "c"}, quoted: []bool{false, false, false}},
		{in: "a,,\r\n", n: 5, fields: []string{"a", "", ""}, quoted: []bool{false, false, false}},
		{in: "\n", n: 1, fields: []string{""}, quoted: []bool{false}},
		{in: "\"a,b\",\"x\ny\"\r\n", n: 13, fields: []string{"a,b", "x\ny"}, quoted: []bool{true, true}, lines: 1},
		{in: "\"\"\n", n: 3, fields: []string{""}, quoted: []bool{true}},
		{in: "Zoë,1234567890abcdef,x\n", n: 24, fields: []string{"Zoë", "1234567890abcdef", "x"}, quoted: []bool{false, false, false}, high: true},
		{in: "a,b\rc\n", n: 6, fields: []string{"a", "b\rc"}, quoted: []bool{false, false}},
		{in: "last,row", eof: true, n: 8, fields: []string{"last", "row"}, quoted: []bool{false, false}},
		{in: "last,\"row\"", eof: true, n: 10, fields: []string{"last", "row"}, quoted: []bool{false, true}},
		{in: "a,\r", eof: true, n: 3, fields: []string{"a", ""}, quoted: []bool{false, false}},
		{in: "a,b", res: splitMore},
		{in: "a,\"b", res: splitMore},
		{in: "a,\"b\"", res: splitMore},   // the first of two quotes?
		{in: "a,\"b\"\r", res: splitMore}, // CR LF?
		{in: "a,\"b", eof: true, res: splitCareful},
		{in: "a,\"say \"\"hi\"\"\"\n", n: 15, fields: []string{"a", `say "hi"`}, quoted: []bool{false, true}},
		{in: "\"\"\"\"\"\",\"a\"\"\"", eof: true, n: 12, fields: []string{`""`, `a"`}, quoted: []bool{true, true}},
		{in: "\"a\"\"", res: splitMore},
		{in: "a,5\" pipe\n", res: splitCareful},
		{in: "\"x\"y,z\n", res: splitCareful},
		{in: "\"x\"\ry\n", res: splitCareful},
	} {
		var r Record
		n, lines, high, res := r.split([]byte(tc.in), ',', tc.eof)
		if res != tc.res {
			t.Errorf("split(%q) = result %d, want %d", tc.in, res, tc.res)
			continue
		}
		if res != splitDone {
			continue
		}
		var fields []string
		var quoted []bool
		for i := 0; i < r.Len(); i++ {
			fields = append(fields, string(r.Field(i)))
			quoted = append(quoted, r.quoted(i))
		}
		if n != tc.n || lines != tc.lines || high != tc.high || !reflect.DeepEqual(fields, tc.fields) || !reflect.DeepEqual(quoted, tc.quoted) {
			t.Errorf("split(%q) = %d %d %v %q %v, want %d %d %v %q %v", tc.in, n, lines, high, fields, quoted, tc.n, tc.lines, tc.high, tc.fields, tc.quoted)
		}
		if want := strings.TrimRight(tc.in[:n], "\r\n"); string(r.span(0, r.Len()-1)) != want && tc.in != "a,\r" {
			t.Errorf("split(%q): span %q, want %q", tc.in, r.span(0, r.Len()-1), want)
		}
	}
}

// A record longer than the careful parser's threshold is read whole, its
// field split over many reads of the buffer.
func TestNextRecordLongField(t *testing.T) {
	long := strings.Repeat("x", 3*carefulFrom)
	p := filepath.Join(t.TempDir(), "long.csv")
	os.WriteFile(p, []byte("a,b\n1,\""+long+"\"\n2,"+long+"\n3,3\n"), 0o600)
	recs, _, err := recordsOf(t, p, 0, 0, hasIndex)
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 3 || recs[0].Fields[1] != long || recs[1].Fields[1] != long || recs[2].Line != 4 {
		t.Fatalf("got %d records", len(recs))
	}
}
