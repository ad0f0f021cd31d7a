package classify

import (
	"strings"
	"unicode"
)

const dot = '•'

// mask shows enough of a value to recognise the column and never the
// whole value: sensitive, free-text and gender values not at all, an
// email address its first letter and domain, a phone number its country
// code, first digit and last two digits, anything else its first character.
// Whatever the value, if that would hide nothing, it shows "•••".
func mask(v string, class Class, kind Kind) string {
	if v == "" {
		return ""
	}
	if m := maskShape(v, class, kind); m != v {
		return m
	}
	return "•••" // nothing was hidden: punctuation only, or dots already
}

func maskShape(v string, class Class, kind Kind) string {
	if class == Sensitive || kind == FreeText || kind == Gender {
		return "•••"
	}
	r := []rune(v)
	switch kind {
	case Email:
		if at := strings.LastIndexByte(v, '@'); at > 0 {
			return string(r[0]) + "•••" + v[at:]
		}
	case Phone:
		if m, ok := maskPhone(r); ok {
			return m
		}
	}
	if len(r) > 24 {
		r = append(r[:24], '…')
	}
	out := make([]rune, len(r))
	for i, c := range r {
		if i > 0 && (unicode.IsLetter(c) || unicode.IsDigit(c)) || len(r) < 3 && c != '…' {
			c = dot
		}
		out[i] = c
	}
	return string(out)
}

// maskPhone keeps the country code, the first digit and the last two. It
// declines (false) when that would show half the digits or more, as for a
// short or partial number: "+31 6 12" would be shown whole.
func maskPhone(r []rune) (string, bool) {
	if len(r) < 6 {
		return "•••", true
	}
	digits := 0
	for _, c := range r {
		if unicode.IsDigit(c) {
			digits++
		}
	}
	keepHead := 0
	if r[0] == '+' {
		keepHead = 3 // "+31 6"
	}
	out := make([]rune, len(r))
	seen, hidden := 0, 0
	for i, c := range r {
		if unicode.IsDigit(c) {
			seen++
			if seen > keepHead && seen <= digits-2 {
				c = dot
				hidden++
			}
		}
		out[i] = c
	}
	if 2*hidden < digits {
		return "", false
	}
	return string(out), true
}
