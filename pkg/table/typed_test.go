package table

import (
	"math"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestTyped(t *testing.T) {
	comma := Dialect{Delimiter: ','}
	semi := Dialect{Delimiter: ';'}
	tab := Dialect{Delimiter: '\t'}
	tests := []struct {
		d        Dialect
		in       string
		typ      Type
		raw, val string // raw and value of a typed cell
	}{
		{comma, "442", Number, "442", "442"},
		{comma, "-17", Number, "-17", "-17"},
		{comma, "0", Number, "0", "0"},
		{comma, "0.5", Number, "0.5", "0.5"},
		{comma, "7705.60", Number, "7705.6", "7705.60"},
		{semi, "7705,60", Number, "7705.6", "7705.60"},
		{semi, "-0,25", Number, "-0.25", "-0.25"},
		{tab, "442", Number, "442", "442"},
		{comma, "99999999999", Number, "99999999999", "99999999999"},
		{comma, "12345678901.2345", Number, "12345678901.2345", "12345678901.2345"},
		{comma, "2026-07-14", Date, "46217", "2026-07-14"},
		{comma, "2026-07", Date, "46204", "2026-07"},
		{semi, "2026-07-14 13:30", Date, "46217.5625", "2026-07-14 13:30"},
		{semi, "2026-07-14T13:30:00", Date, "46217.5625", "2026-07-14 13:30:00"},
		{comma, "1900-03-01", Date, "61", "1900-03-01"},
		{comma, "9999-12-31", Date, "2958465", "9999-12-31"},
		{comma, "TRUE", Bool, "1", "TRUE"},
		{semi, "false", Bool, "0", "FALSE"},

		// Ambiguous or not numbers: text.
		{comma, "00123", String, "", ""}, // a code with a leading zero
		{comma, "0612345678", String, "", ""},
		{comma, "+31612345678", String, "", ""},
		{comma, "123456789012", String, "", ""}, // 12 digits: an article or account number
		{comma, "4006381333931", String, "", ""},
		{comma, "1234567890123456789", String, "", ""},
		{comma, "1.234567890123456", String, "", ""}, // 16 significant digits
		{comma, "7705,60", String, "", ""},           // a comma in a comma file: grouping or decimal?
		{semi, "7705.60", String, "", ""},            // a point in a semicolon file
		{semi, "1.234", String, "", ""},
		{tab, "7705.60", String, "", ""}, // a tab file does not say its separator
		{tab, "7705,60", String, "", ""},
		{comma, "1,234.50", String, "", ""},
		{comma, "1 234", String, "", ""},
		{comma, " 42", String, "", ""},
		{comma, "42 ", String, "", ""},
		{comma, "-", String, "", ""},
		{comma, "-0", String, "", ""},
		{comma, ".5", String, "", ""},
		{comma, "5.", String, "", ""},
		{comma, "1e5", String, "", ""},
		{comma, "0x1F", String, "", ""},
		{comma, "Inf", String, "", ""},
		{comma, "NaN", String, "", ""},
		{comma, "12%", String, "", ""},
		{comma, "€ 12", String, "", ""},
		{comma, "14/07/2026", String, "", ""}, // day first or month first
		{comma, "07/14/2026", String, "", ""},
		{semi, "14-07-2026", String, "", ""},
		{comma, "2026-02-30", String, "", ""},
		{comma, "2026-13", String, "", ""},
		{comma, "1899-12-31", String, "", ""}, // before Excel's day numbers are right
		{comma, "2026-07-14Z", String, "", ""},
		{comma, "yes", String, "", ""},
		{comma, "1", Number, "1", "1"}, // a number, not a boolean
	}
	for _, tt := range tests {
		got := Typed(Cell{Type: String, Value: tt.in, Raw: tt.in}, tt.d)
		if tt.typ == String {
			tt.raw, tt.val = tt.in, tt.in
		}
		if got.Type != tt.typ || got.Raw != tt.raw || got.Value != tt.val {
			t.Errorf("Typed(%q) in a %s file = %s %q (raw %q), want %s %q (raw %q)",
				tt.in, tt.d.DelimiterName(), got.Type, got.Value, got.Raw, tt.typ, tt.val, tt.raw)
		}
	}
	if c := Typed(Cell{}, comma); c.Type != Empty {
		t.Errorf("an empty cell became %s", c.Type)
	}
}

// FuzzTyped checks that typing never changes a value: a number is the
// text's number read with the dialect's separator, a date shows back as
// the text it came from, and whatever is not typed stays as it was.
func FuzzTyped(f *testing.F) {
	for _, s := range []string{"442", "7705,60", "7705.60", "00123", "2026-07-14", "2026-07-14T13:30:00", "2026-07", "TRUE", "-0,5", "1e5"} {
		f.Add(s, byte(';'))
		f.Add(s, byte(','))
	}
	f.Fuzz(func(t *testing.T, s string, delim byte) {
		d := Dialect{Delimiter: delim}
		in := Cell{Type: String, Value: s, Raw: s}
		c := Typed(in, d)
		switch c.Type {
		case String:
			if c != in {
				t.Fatalf("%q: text changed to %q", s, c.Value)
			}
		case Number:
			want, err := strconv.ParseFloat(strings.Replace(s, string(rune(decimalSeparator(d))), ".", 1), 64)
			got, err2 := strconv.ParseFloat(c.Raw, 64)
			if err != nil || err2 != nil || got != want || !canonicalNumber(c.Raw) {
				t.Fatalf("%q: number %q, want %v", s, c.Raw, want)
			}
			if len(strings.TrimLeft(strings.NewReplacer("-", "", ".", "", ",", "").Replace(s), "0")) > 15 {
				t.Fatalf("%q: more digits than a workbook keeps", s)
			}
		case Date:
			f, _ := strconv.ParseFloat(c.Raw, 64)
			back := time.Unix(excelEpoch.Unix()+int64(math.Round(f*86400)), 0).UTC()
			shown := false // in a format the workbook writer knows
			for _, l := range dateFormats {
				shown = shown || back.Format(l.layout) == c.Value
			}
			if strings.Replace(s, "T", " ", 1) != c.Value || !shown {
				t.Fatalf("%q: date %q (serial %s) reads back as %s", s, c.Value, c.Raw, back)
			}
		case Bool:
			if !strings.EqualFold(s, c.Value) {
				t.Fatalf("%q: boolean %q", s, c.Value)
			}
		}
	})
}
