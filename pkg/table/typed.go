package table

import (
	"strconv"
	"strings"
	"time"
)

// A CSV file stores text; a workbook made from it should hold numbers,
// dates and booleans as such, or sums do not work and Excel marks every
// cell. Only what reads one way in the file's own dialect is typed: a
// wrong number is worse than a number stored as text.

// Typed is c, a cell of a delimited text file read in dialect d, as the
// number, date or boolean it unambiguously is; otherwise c unchanged.
//
//   - Numbers: an optional minus, digits without a leading zero or
//     grouping, and a fraction after the dialect's decimal separator: a
//     point in a comma-separated file, a comma in a semicolon-separated
//     one (as Excel writes them); tab- and other-separated files say
//     nothing about it, so only their whole numbers are typed. At most 15
//     significant digits (what a workbook keeps) and 11 before the
//     separator (what it shows without an exponent): longer digit strings
//     are account, card or article numbers.
//   - Dates: ISO 8601 yyyy-mm-dd, optionally with hh:mm or hh:mm:ss after
//     a space or T, and yyyy-mm, from 1900-03-01 on (where Excel's day
//     numbers are right); day-first and month-first dates are ambiguous.
//   - Booleans: TRUE and FALSE in any case.
func Typed(c Cell, d Dialect) Cell {
	if c.Type != String || c.Value == "" {
		return c
	}
	v := c.Value
	switch {
	case strings.EqualFold(v, "true"):
		return Cell{Type: Bool, Value: "TRUE", Raw: "1"}
	case strings.EqualFold(v, "false"):
		return Cell{Type: Bool, Value: "FALSE", Raw: "0"}
	}
	if n, ok := plainNumber(v, decimalSeparator(d)); ok {
		// Raw is the value; Value keeps the decimals shown (7705,60 is
		// 7705.6 shown as 7705.60), which the workbook writer turns into
		// a number format.
		f, _ := strconv.ParseFloat(n, 64)
		return Cell{Type: Number, Value: n, Raw: strconv.FormatFloat(f, 'f', -1, 64)}
	}
	if t, layout, ok := isoDate(v); ok {
		return Cell{Type: Date, Value: t.Format(layout), Raw: strconv.FormatFloat(excelSerial(t), 'f', -1, 64)}
	}
	return c
}

// decimalSeparator is the decimal separator a dialect implies, or 0 where
// it implies none.
func decimalSeparator(d Dialect) byte {
	switch d.Delimiter {
	case ',':
		return '.'
	case ';':
		return ','
	}
	return 0
}

// plainNumber reads s as a number in the form Typed accepts, giving it
// with a decimal point.
func plainNumber(s string, sep byte) (string, bool) {
	neg := strings.HasPrefix(s, "-")
	whole, frac, hasFrac := strings.TrimPrefix(s, "-"), "", false
	if sep != 0 {
		whole, frac, hasFrac = strings.Cut(whole, string(rune(sep)))
	}
	if !digits(whole) || hasFrac && !digits(frac) {
		return "", false
	}
	if len(whole) > 1 && whole[0] == '0' || len(whole) > 11 {
		return "", false // a code, or too long to show as a number
	}
	significant := strings.TrimLeft(whole+frac, "0")
	if len(significant) > 15 {
		return "", false
	}
	out := whole
	if hasFrac {
		out += "." + frac
	}
	if neg {
		if significant == "" {
			return "", false // "-0": someone's notation, not a number
		}
		out = "-" + out
	}
	return out, true
}

func digits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// isoLayouts are the ISO 8601 forms Typed reads, each with the layout that
// shows it back the same way (a T between date and time becomes a space,
// as Excel shows it).
var isoLayouts = []struct{ in, out string }{
	{"2006-01-02", "2006-01-02"},
	{"2006-01-02 15:04:05", "2006-01-02 15:04:05"},
	{"2006-01-02T15:04:05", "2006-01-02 15:04:05"},
	{"2006-01-02 15:04", "2006-01-02 15:04"},
	{"2006-01-02T15:04", "2006-01-02 15:04"},
	{"2006-01", "2006-01"},
}

var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

func isoDate(s string) (time.Time, string, bool) {
	if len(s) < 7 || len(s) > 19 || !digits(s[:4]) || s[4] != '-' {
		return time.Time{}, "", false
	}
	for _, l := range isoLayouts {
		if len(s) != len(l.in) {
			continue
		}
		t, err := time.ParseInLocation(l.in, s, time.UTC)
		// Parse takes "1:05" for 15:04 and spaces freely: only a date
		// written back the same is this form.
		if err != nil || t.Format(l.in) != s || t.Before(time.Date(1900, 3, 1, 0, 0, 0, 0, time.UTC)) {
			continue
		}
		return t, l.out, true
	}
	return time.Time{}, "", false
}

// excelSerial is t as a workbook stores it: days since 1899-12-30, the
// time of day as the fraction.
func excelSerial(t time.Time) float64 {
	// In seconds: a time.Duration spans only 292 years.
	return float64(t.Unix()-excelEpoch.Unix()) / 86400
}
