package table

import "strings"

// Real exports do not always start with their header: a report title and a
// blank line, a block of notes (social networks), an account preamble (bank
// statements), a workbook with a title in A1. Taking the first line as the
// header would make the whole table one column of unparsed text.
const (
	headerSearch = 50 // rows in which the header is looked for
	headerCheck  = 20 // rows after a candidate that must fit under it
)

// findHeader says which of rows, a table's first rows that are not blank,
// is its header: the first one that the rows after it fit under (as wide
// or narrower) and that reads as labels rather than values. A row other
// than the first is taken only when it is wider than every row above it,
// as a header is wider than a title or a note, and when none of its cells
// looks like a value. When no row qualifies, the first is the header.
func findHeader(rows [][]Cell) int {
	for i := 0; i < len(rows) && i < headerSearch; i++ {
		w := width(rows[i])
		if i > 0 && !above(rows[:i], w) {
			continue
		}
		after := rows[i+1 : min(len(rows), i+1+headerCheck)]
		if len(after) == 0 {
			if i == 0 {
				return 0
			}
			break
		}
		fit := 0
		for _, r := range after {
			if width(r) <= w {
				fit++
			}
		}
		if fit*5 < len(after)*4 {
			continue
		}
		if labels(rows[i], i == 0) {
			return i
		}
	}
	return 0
}

// above reports whether every row could stand above a header w cells
// wide: narrower, and with few cells filled (a title, a note, a label and
// its value), not a row of column names itself that a wider data row
// follows.
func above(rows [][]Cell, w int) bool {
	for _, r := range rows {
		if width(r) >= w || filled(r) > max(3, w/3) {
			return false
		}
	}
	return true
}

// filled is the number of cells that are not empty.
func filled(row []Cell) int {
	n := 0
	for _, c := range row {
		if strings.TrimSpace(c.Value) != "" {
			n++
		}
	}
	return n
}

// width is the number of cells up to the last one that is not empty.
func width(row []Cell) int {
	for n := len(row); n > 0; n-- {
		if strings.TrimSpace(row[n-1].Value) != "" {
			return n
		}
	}
	return 0
}

// labels reports whether a row reads as column names: mostly cells that
// are not numbers, dates or email addresses. The first row gets the
// benefit of the doubt (a header may hold a year or two); a later row must
// have two or more distinct labels and no values at all.
func labels(row []Cell, first bool) bool {
	cells, values := 0, 0 // cells with text, and those that read as values
	seen := map[string]bool{}
	for _, c := range row {
		v := strings.TrimSpace(c.Value)
		if v == "" {
			continue
		}
		cells++
		if c.Type == Number || c.Type == Date || looksLikeValue(v) {
			values++
		}
		seen[strings.ToLower(v)] = true
	}
	if first {
		return cells > 0 && values*2 <= cells
	}
	return cells >= 2 && len(seen) == cells && values == 0
}

// looksLikeValue recognises what a header cell seldom is: a number, a date
// or an amount (only digits and separators), or an email address.
func looksLikeValue(v string) bool {
	if strings.Contains(v, "@") && strings.Contains(v, ".") {
		return true
	}
	digits := 0
	for _, r := range v {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case strings.ContainsRune(" .,:/-+()€$£%", r):
		default:
			return false
		}
	}
	return digits > 0
}
