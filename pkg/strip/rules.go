package strip

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/lockbox-tool/lockbox/pkg/table"
)

// Consent says what a consent column's value means.
type Consent int

const (
	ConsentNo Consent = iota
	ConsentYes
	ConsentUnclear // neither a yes nor a no word: the row is left out, and counted apart
)

// Consent words in English, Dutch, German, French and Spanish, as CRMs and
// hand-made lists write them. Compared after trimming and lower-casing.
var (
	yesWords = words("yes y true 1 x ✓ ✔ ☑ ja j waar wahr oui vrai sí si verdadero",
		"opted in|opted-in|opt-in|optin|subscribed|consented|granted|agreed|akkoord|aangemeld|eingewilligt|abonniert|inscrit|abonné|suscrito")
	noWords = words("no n false 0 ✗ ✘ nee onwaar nein falsch non faux falso -",
		"opted out|opted-out|opt-out|optout|unsubscribed|not subscribed|declined|refused|afgemeld|abgemeldet|désinscrit|desuscrito|cleaned|pending")
)

func words(single, multi string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(single) {
		m[w] = true
	}
	for _, w := range strings.Split(multi, "|") {
		m[w] = true
	}
	return m
}

// ParseConsent reads a consent value. An empty cell is a no.
func ParseConsent(c table.Cell) Consent {
	v := strings.ToLower(strings.TrimSpace(norm.NFC.String(c.Value)))
	switch {
	case c.Type == table.Bool:
		if c.Raw == "1" {
			return ConsentYes
		}
		return ConsentNo
	case v == "":
		return ConsentNo
	case yesWords[v]:
		return ConsentYes
	case noWords[v]:
		return ConsentNo
	}
	return ConsentUnclear
}

// sameValue is how --where compares: white space around and case do not
// matter.
func sameValue(a, b string) bool {
	return strings.EqualFold(strings.TrimSpace(a), strings.TrimSpace(b))
}

// Pseudonymizer turns values into keyed tokens: HMAC-SHA-256 under a
// secret key, never a plain hash, which anyone could recompute from a
// guessed email address. The same value under the same key always gives
// the same token, in any file, so tokens can still be counted and joined.
type Pseudonymizer struct {
	mac hash.Hash
	sum []byte
	buf []byte
}

// MinKeyBytes is the shortest key accepted.
const MinKeyBytes = 16

// NewPseudonymizer makes tokens under key.
func NewPseudonymizer(key []byte) (*Pseudonymizer, error) {
	if len(key) < MinKeyBytes {
		return nil, fmt.Errorf("a pseudonymisation key needs at least %d bytes, got %d", MinKeyBytes, len(key))
	}
	return &Pseudonymizer{mac: hmac.New(sha256.New, key)}, nil
}

// Token is the pseudonym of v: "p_" and 16 hex digits (64 bits of the
// HMAC). White space around v does not count, nor the case of an email
// address, so that the same customer gets the same token in every export.
// An empty value stays empty.
func (p *Pseudonymizer) Token(v string) string {
	v = strings.TrimSpace(v)
	if v == "" {
		return ""
	}
	v = norm.NFC.String(v)
	if strings.IndexByte(v, '@') > 0 && !strings.ContainsAny(v, " \t") {
		v = strings.ToLower(v)
	}
	p.mac.Reset()
	p.mac.Write([]byte(v))
	p.sum = p.mac.Sum(p.sum[:0])
	p.buf = append(p.buf[:0], "p_"...)
	p.buf = hex.AppendEncode(p.buf, p.sum[:8])
	return string(p.buf)
}

// Rule is a generalisation: "year", "month", "age-band" or "prefix:N".
type Rule struct {
	Name   string // year, month, age-band, prefix
	Prefix int    // N, for prefix
}

func (r Rule) String() string {
	if r.Name == "prefix" {
		return fmt.Sprintf("prefix:%d", r.Prefix)
	}
	return r.Name
}

// Rules lists the generalisation rules, for messages.
const Rules = "year, month, age-band, prefix:N"

// ParseRule reads a rule as written after COL= in --generalize.
func ParseRule(s string) (Rule, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	switch s {
	case "year", "month", "age-band":
		return Rule{Name: s}, nil
	case "ageband", "age_band", "age":
		return Rule{Name: "age-band"}, nil
	}
	if n, ok := strings.CutPrefix(s, "prefix:"); ok {
		if v, err := strconv.Atoi(n); err == nil && v > 0 {
			return Rule{Name: "prefix", Prefix: v}, nil
		}
		return Rule{}, fmt.Errorf("prefix needs a number of characters above 0, as in prefix:4")
	}
	return Rule{}, fmt.Errorf("unknown rule %q (the rules are %s)", s, Rules)
}

// needsDate says whether the rule reads dates.
func (r Rule) needsDate() bool { return r.Name != "prefix" }

// needsDay says whether the rule needs to know the day and month apart.
func (r Rule) needsDay() bool { return r.Name == "month" || r.Name == "age-band" }

// DateOrder says how to read dates like 05/01/2024.
type DateOrder string

const (
	OrderUnknown DateOrder = ""
	DMY          DateOrder = "dmy" // 5 January: Europe
	MDY          DateOrder = "mdy" // May 1: United States
)

// Apply generalises one cell. ok is false for a value that cannot be read
// (a date that is not one, or that is ambiguous); it is then left empty by
// the caller and reported, never guessed.
func (r Rule) Apply(c table.Cell, order DateOrder, asOf time.Time) (out table.Cell, ok bool) {
	if c.Type == table.Empty || strings.TrimSpace(c.Value) == "" {
		return table.Cell{}, true
	}
	if r.Name == "prefix" {
		v := strings.TrimSpace(c.Value)
		if utf8.RuneCountInString(v) > r.Prefix {
			v = string([]rune(v)[:r.Prefix])
		}
		v = strings.TrimSpace(v)
		return table.Cell{Type: table.String, Value: v, Raw: v}, true
	}
	t, ok := ParseDate(c, order)
	if !ok {
		return table.Cell{}, false
	}
	switch r.Name {
	case "year":
		y := strconv.Itoa(t.Year())
		return table.Cell{Type: table.Number, Value: y, Raw: y}, true
	case "month":
		v := t.Format("2006-01")
		return table.Cell{Type: table.String, Value: v, Raw: v}, true
	}
	age := ageOn(t, asOf)
	if age < 0 {
		return table.Cell{}, false // born after the day ages are counted on
	}
	lo := age / 10 * 10
	v := fmt.Sprintf("%d-%d", lo, lo+9)
	return table.Cell{Type: table.String, Value: v, Raw: v}, true
}

// ageOn is the age in whole years on day asOf of someone born on birth.
func ageOn(birth, asOf time.Time) int {
	age := asOf.Year() - birth.Year()
	if asOf.Month() < birth.Month() || asOf.Month() == birth.Month() && asOf.Day() < birth.Day() {
		age--
	}
	return age
}

var (
	isoDate      = regexp.MustCompile(`^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:$|[T ])`)
	numericDate  = regexp.MustCompile(`^(\d{1,2})([-/.])(\d{1,2})([-/.])(\d{4})(?:$|[T ])`)
	namedLayouts = []string{"2 Jan 2006", "2 January 2006", "Jan 2 2006", "January 2 2006", "2-Jan-2006", "2-January-2006"}
)

// ParseDate reads a date from a workbook's date cell or from text in the
// usual forms: 2024-01-05, 05-01-2024, 05.01.2024, 05/01/2024 (day and
// month in the given order; dots always mean day first), 5 Jan 2024,
// January 5, 2024. Years must have four digits: a two-digit year would be
// a guess at the century.
func ParseDate(c table.Cell, order DateOrder) (time.Time, bool) {
	if c.Type == table.Date {
		return c.Time()
	}
	v := strings.TrimSpace(c.Value)
	if m := isoDate.FindStringSubmatch(v); m != nil {
		return makeDate(m[1], m[2], m[3])
	}
	if m := numericDate.FindStringSubmatch(v); m != nil {
		a, b := m[1], m[3]
		if m[2] != m[4] {
			return time.Time{}, false
		}
		o := order
		if m[2] == "." {
			o = DMY
		}
		switch {
		case o == DMY:
			return makeDate(m[5], b, a)
		case o == MDY:
			return makeDate(m[5], a, b)
		case a == b:
			return makeDate(m[5], a, b)
		}
		return time.Time{}, false
	}
	v = strings.ReplaceAll(v, ",", "")
	for _, l := range namedLayouts {
		if t, err := time.Parse(l, v); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

func makeDate(ys, ms, ds string) (time.Time, bool) {
	y, _ := strconv.Atoi(ys)
	m, _ := strconv.Atoi(ms)
	d, _ := strconv.Atoi(ds)
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if m < 1 || m > 12 || t.Day() != d || y < 1000 {
		return time.Time{}, false
	}
	return t, true
}

// orderEvidence tells from a value like 13/01/2024 or 01/13/2024 which
// order a column's dates are in; OrderUnknown when both parts are 12 or
// less, or for other forms.
func orderEvidence(c table.Cell) DateOrder {
	if c.Type != table.String {
		return OrderUnknown
	}
	m := numericDate.FindStringSubmatch(strings.TrimSpace(c.Value))
	if m == nil || m[2] == "." {
		return OrderUnknown
	}
	a, _ := strconv.Atoi(m[1])
	b, _ := strconv.Atoi(m[3])
	switch {
	case a > 12 && b <= 12:
		return DMY
	case b > 12 && a <= 12:
		return MDY
	}
	return OrderUnknown
}

// ambiguousDate says whether a value reads differently day-first and
// month-first (05/01/2024).
func ambiguousDate(c table.Cell) bool {
	if c.Type != table.String {
		return false
	}
	m := numericDate.FindStringSubmatch(strings.TrimSpace(c.Value))
	return m != nil && m[2] != "." && m[1] != m[3] && orderEvidence(c) == OrderUnknown
}

// formulaStart is what makes a spreadsheet treat text as a formula.
const formulaStart = "=+-@\t\r"

var plainNumber = regexp.MustCompile(`^[+-]?(?:\d+(?:[.,]\d+)*|\.\d+)(?:[eE][+-]?\d+)?%?$`)

// NeedsDefusing says whether a text cell would run as a formula when a CSV
// file is opened in a spreadsheet: it starts with = + - @ tab or CR and is
// not simply a number such as -12.50.
func NeedsDefusing(v []byte) bool {
	return len(v) > 0 && startsFormula[v[0]] && !plainNumber.Match(v)
}

// startsFormula marks the bytes of formulaStart: a field is tested with
// one look-up, millions of times in a large export.
var startsFormula = func() (t [256]bool) {
	for i := range len(formulaStart) {
		t[formulaStart[i]] = true
	}
	return t
}()
