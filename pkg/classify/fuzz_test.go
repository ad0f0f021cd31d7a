package classify

import (
	"strings"
	"testing"

	"github.com/lockbox-tool/lockbox/pkg/table"
)

// FuzzColumn runs arbitrary values through every detector and the
// verdict: no panics, and neither the evidence nor the masked example
// ever holds a whole value.
func FuzzColumn(f *testing.F) {
	for _, s := range []string{"jan@example.com", "+31 6 12345678", "NL91ABNA0417164300", "4111 1111 1111 1111",
		"2024-01-05", "05/01/2024 10:00", "5 Jan 2024", "111222333", "X1234567L", "1 84 12 76 451 089 46", "52.1, 4.3",
		"Jan de Vries", "Mevr.", "---", "", "•", "\xff\xfe"} {
		f.Add("Kolom", s)
		f.Add("E-mailadres", s)
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
		if col.Example == v {
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
