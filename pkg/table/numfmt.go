package table

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

// A workbook read by streaming gives each number and date its value and
// its text as shown, but not its number format. To write numbers and dates
// back the way they looked, the format is recognised from the shown text
// among the usual ones; where none matches, a date gets yyyy-mm-dd and a
// number Excel's General format. The value itself never depends on this.

// numFormat is an Excel number format: a built-in one by number, or a
// custom format code. The zero value is General.
type numFormat struct {
	builtin int
	custom  string
}

type dateFormat struct {
	numFormat
	layout string // the same in Go's time layout
}

// dateFormats are Excel's built-in date and time formats as excelize shows
// them, then the custom ones that European and US exports use.
var dateFormats = []dateFormat{
	{numFormat{builtin: 14}, "01-02-06"},
	{numFormat{builtin: 15}, "2-Jan-06"},
	{numFormat{builtin: 16}, "2-Jan"},
	{numFormat{builtin: 17}, "Jan-06"},
	{numFormat{builtin: 18}, "3:04 PM"},
	{numFormat{builtin: 19}, "3:04:05 PM"},
	{numFormat{builtin: 20}, "15:04"},
	{numFormat{builtin: 21}, "15:04:05"},
	{numFormat{builtin: 22}, "1/2/06 15:04"},
	{numFormat{custom: "yyyy-mm-dd"}, "2006-01-02"},
	{numFormat{custom: "yyyy-mm-dd hh:mm:ss"}, "2006-01-02 15:04:05"},
	{numFormat{custom: "yyyy-mm-dd hh:mm"}, "2006-01-02 15:04"},
	{numFormat{custom: "yyyy-mm"}, "2006-01"},
	{numFormat{custom: "dd/mm/yyyy"}, "02/01/2006"},
	{numFormat{custom: "d/m/yyyy"}, "2/1/2006"},
	{numFormat{custom: "mm/dd/yyyy"}, "01/02/2006"},
	{numFormat{custom: "m/d/yyyy"}, "1/2/2006"},
	{numFormat{custom: "dd.mm.yyyy"}, "02.01.2006"},
	{numFormat{custom: "d.m.yyyy"}, "2.1.2006"},
	{numFormat{custom: "dd-mm-yyyy"}, "02-01-2006"},
	{numFormat{custom: "dd/mm/yyyy hh:mm"}, "02/01/2006 15:04"},
	{numFormat{custom: "m/d/yyyy h:mm"}, "1/2/2006 15:04"},
	{numFormat{custom: "dd.mm.yyyy hh:mm"}, "02.01.2006 15:04"},
	{numFormat{custom: "d-mmm-yyyy"}, "2-Jan-2006"},
	{numFormat{custom: "dd-mmm-yyyy"}, "02-Jan-2006"},
	{numFormat{custom: "d mmmm yyyy"}, "2 January 2006"},
	{numFormat{custom: "mmmm d, yyyy"}, "January 2, 2006"},
}

var dateFallback = [2]numFormat{{custom: "yyyy-mm-dd"}, {custom: "yyyy-mm-dd hh:mm:ss"}}

// numberFormats are the built-in number formats, as a format function.
var numberFormats = []struct {
	numFormat
	show func(float64) string
}{
	{numFormat{builtin: 2}, func(f float64) string { return strconv.FormatFloat(f, 'f', 2, 64) }},
	{numFormat{builtin: 4}, func(f float64) string { return group(strconv.FormatFloat(f, 'f', 2, 64)) }},
	{numFormat{builtin: 3}, func(f float64) string { return group(strconv.FormatFloat(math.Round(f), 'f', 0, 64)) }},
	{numFormat{builtin: 1}, func(f float64) string { return strconv.FormatFloat(math.Round(f), 'f', 0, 64) }},
	{numFormat{builtin: 9}, func(f float64) string { return strconv.FormatFloat(math.Round(f*100), 'f', 0, 64) + "%" }},
	{numFormat{builtin: 10}, func(f float64) string { return strconv.FormatFloat(f*100, 'f', 2, 64) + "%" }},
}

// group puts thousands separators into a formatted number: -1234.50 to
// -1,234.50.
func group(s string) string {
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	whole, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	for i, d := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(d)
	}
	if hasFrac {
		return sign + b.String() + "." + frac
	}
	return sign + b.String()
}

// matchFormat finds the number format that shows c's value as c.Value,
// trying last (the column's previous match) first.
func matchFormat(c Cell, f float64, last numFormat) numFormat {
	if c.Type == Date {
		t, err := excelize.ExcelDateToTime(f, false)
		if err != nil {
			return dateFallback[0]
		}
		t = t.Round(time.Second)
		for _, d := range dateFormats {
			if d.numFormat == last && t.Format(d.layout) == c.Value {
				return last
			}
		}
		for _, d := range dateFormats {
			if t.Format(d.layout) == c.Value {
				return d.numFormat
			}
		}
		if f != math.Trunc(f) {
			return dateFallback[1]
		}
		return dateFallback[0]
	}
	if c.Value == c.Raw {
		return numFormat{}
	}
	for _, n := range numberFormats {
		if n.numFormat == last && n.show(f) == c.Value {
			return last
		}
	}
	for _, n := range numberFormats {
		if n.show(f) == c.Value {
			return n.numFormat
		}
	}
	return numFormat{}
}
