package classify

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/lockbox-tool/lockbox/pkg/table"
)

// sniffComma is the delimiter of a sample export: a semicolon if its first
// line has one, else a comma.
func sniffComma(name string) rune {
	data, _ := os.ReadFile(name)
	if line, _, _ := strings.Cut(string(data), "\n"); strings.Contains(line, ";") {
		return ';'
	}
	return ','
}

// FuzzColumn runs arbitrary values through every detector and the
// verdict: no panics, and neither the evidence nor the masked example
// ever holds a whole value.
func FuzzColumn(f *testing.F) {
	for _, s := range []string{"jan@example.com", "+31 6 12345678", "NL91ABNA0417164300", "4111 1111 1111 1111",
		"2024-01-05", "05/01/2024 10:00", "5 Jan 2024", "111222333", "X1234567L", "1 84 12 76 451 089 46", "52.1, 4.3",
		"Jan de Vries", "Mevr.", "---", "", "•", "\xff\xfe", "+34 631////////", "+31 6 12", "a•••@example.com", "•••"} {
		f.Add("Kolom", s)
		f.Add("E-mailadres", s)
		f.Add("Teléfono", s)
	}
	// Every header of the sample exports with its first value.
	files, _ := filepath.Glob("../../testdata/exports/*.csv")
	for _, name := range files {
		fh, err := os.Open(name)
		if err != nil {
			f.Fatal(err)
		}
		r := csv.NewReader(fh)
		r.Comma, r.FieldsPerRecord, r.LazyQuotes = sniffComma(name), -1, true
		header, _ := r.Read()
		first, _ := r.Read()
		fh.Close()
		for i := range min(len(header), len(first)) {
			f.Add(header[i], first[i])
		}
	}
	f.Fuzz(func(t *testing.T, header, v string) {
		parseDate(v)
		c := New([]string{header}, Options{Now: today})
		for i := 0; i < 3; i++ {
			c.Add([]table.Cell{{Type: table.String, Value: v, Raw: v}})
		}
		col := c.Columns()[0]
		v = strings.TrimSpace(v)
		if v == "" {
			return
		}
		// A value of mask dots alone shows as "•••" and tells nothing.
		if col.Example == v && strings.Trim(v, "•") != "" {
			t.Fatalf("example %q is the whole value", col.Example)
		}
		// The evidence's own words are lower-case ASCII, digits and a little
		// punctuation; a value with anything else in it must not appear
		// outside the quoted header.
		own := strings.ReplaceAll(col.Evidence, header, "")
		if len(v) >= 4 && strings.IndexFunc(v, notEvidenceVocabulary) >= 0 && strings.Contains(own, v) {
			t.Fatalf("evidence %q holds the value %q", col.Evidence, v)
		}
	})
}

func notEvidenceVocabulary(r rune) bool {
	return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || strings.ContainsRune(" /\"();,.-_", r))
}

// emailPattern is what isEmail is written out from.
var emailPattern = regexp.MustCompile(`^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[A-Za-z]{2,}$`)

// FuzzEmail: isEmail must agree with the pattern it was written from.
func FuzzEmail(f *testing.F) {
	for _, s := range []string{"a@b.co", "a@b.c", "@b.com", "a@.com", "a@b.c1m", "a b@c.de", "a@b@c.de", "é@ü.com", "a@b.c.de", "a@b..de", "a@b.DE", "\xff@b.de", "a@b.d\xe9"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		want := len(v) <= 254 && emailPattern.MatchString(v)
		if got := isEmail(v); got != want {
			t.Fatalf("isEmail(%q) = %v, the pattern says %v", v, got, want)
		}
	})
}
