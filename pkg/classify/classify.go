// Package classify says, for each column of a table, whether it holds
// transactional, personal or sensitive (GDPR Art. 9 and 10) data, of which
// kind, and why. It combines two signals: the header, matched against a
// lexicon in English, Dutch, German, French and Spanish, and a sample of
// the values, run through detectors with checksums where they exist. When
// the signals disagree, the more protective class wins.
package classify

import (
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/lockbox-tool/lockbox/pkg/table"
)

// Class is how much protection a column needs.
type Class string

const (
	Transactional Class = "transactional"
	Personal      Class = "personal"
	Sensitive     Class = "sensitive"
)

func (c Class) rank() int {
	switch c {
	case Sensitive:
		return 2
	case Personal:
		return 1
	}
	return 0
}

// Kind is what a column holds.
type Kind string

const (
	None              Kind = "none"
	Email             Kind = "email"
	Phone             Kind = "phone"
	PersonName        Kind = "person_name"
	Address           Kind = "address"
	Postcode          Kind = "postcode"
	DateOfBirth       Kind = "date_of_birth"
	Age               Kind = "age"
	IBAN              Kind = "iban"
	CardNumber        Kind = "card_number"
	NationalID        Kind = "national_id"
	IPAddress         Kind = "ip_address"
	Geo               Kind = "geo"
	Identifier        Kind = "identifier"
	Gender            Kind = "gender"
	JobTitle          Kind = "job_title"
	FreeText          Kind = "free_text"
	Health            Kind = "health"
	Religion          Kind = "religion"
	Ethnicity         Kind = "ethnicity"
	Political         Kind = "political"
	TradeUnion        Kind = "trade_union"
	SexualOrientation Kind = "sexual_orientation"
	Biometric         Kind = "biometric"
	Genetic           Kind = "genetic"
	Criminal          Kind = "criminal"
	Credential        Kind = "credential"
	TaxID             Kind = "tax_id"
	Income            Kind = "income"
	MaritalStatus     Kind = "marital_status"
	DateOfDeath       Kind = "date_of_death"
	OnlineID          Kind = "online_identifier" // profile URLs, personal websites, messaging handles
	Nationality       Kind = "nationality"
	// Unknown is a column with no evidence either way: personal until a
	// person says otherwise, since a leak is the worst outcome.
	Unknown Kind = "unknown"
)

// Column is the verdict on one column.
type Column struct {
	Name     string `json:"name"`
	Index    int    `json:"index"`
	Class    Class  `json:"class"`
	Kind     Kind   `json:"kind"`
	Evidence string `json:"evidence"`
	// Example is a masked sample value for people to recognise the column
	// by; it never holds a whole value. Empty when the sample was empty.
	Example string `json:"-"`
	// Empty is set when the sample held no value in the column.
	Empty bool `json:"empty,omitempty"`
	// Beyond is set for cells past the header's last column: they have no
	// name, and are classified by their values alone.
	Beyond bool `json:"beyond_header,omitempty"`
}

// DefaultSample is how many rows Add looks at by default.
const DefaultSample = 10000

// Options adjust a Classifier.
type Options struct {
	// Now is the day ages are counted from; zero means today.
	Now time.Time
	// PhoneChecks bounds how many values of a column are run through
	// libphonenumber, the slowest detector; zero means 2,000. A scan of
	// thousands of files sets it low.
	PhoneChecks int
	// Table is the table's name (a file or sheet name), which with the
	// headers says whether the table is about patients (medical codes).
	Table string
}

// Classifier collects evidence from sampled rows of one table.
type Classifier struct {
	cols        []*column
	now         time.Time
	rows        int
	phoneChecks int
	medical     bool // the table is about patients, conditions or medication
}

// maxColumns bounds the columns a table can grow to with cells beyond its
// header (Excel's own limit).
const maxColumns = 16384

// New starts classifying a table with this header.
func New(header []string, opts Options) *Classifier {
	c := &Classifier{now: opts.Now, phoneChecks: opts.PhoneChecks}
	if c.now.IsZero() {
		c.now = time.Now()
	}
	if c.phoneChecks <= 0 {
		c.phoneChecks = maxPhoneChecks
	}
	c.medical = medicalTable(opts.Table, header)
	for _, h := range header {
		c.addColumn(h, false)
	}
	return c
}

func (c *Classifier) addColumn(name string, beyond bool) {
	col := &column{name: name, index: len(c.cols), beyond: beyond, distinct: map[string]findings{}, medical: c.medical}
	col.header, col.known = matchHeader(name)
	// Free text is read for special categories: columns the header calls
	// notes or comments, and those it does not name at all.
	col.scan, col.tx = true, true
	if col.known {
		k := col.header.rule.kind
		col.scan = k == FreeText
		col.tx = k == Email || k == Phone || k == Address
	}
	c.cols = append(c.cols, col)
}

// grow adds a column for each cell beyond the header: they are data too.
func (c *Classifier) grow(width int) {
	for len(c.cols) < min(width, maxColumns) {
		c.addColumn("", true)
	}
}

// Add looks at one sampled row. Cells beyond the header are columns of
// their own, without a name.
func (c *Classifier) Add(cells []table.Cell) {
	c.rows++
	c.grow(len(cells))
	for i, cell := range cells {
		if i < len(c.cols) {
			c.cols[i].add(cell, c.now, c.phoneChecks)
		}
	}
}

// AddRows looks at many sampled rows at once, with the columns shared out
// among the cores: each column's evidence is its own, so the verdicts are
// those of Add.
func (c *Classifier) AddRows(rows [][]table.Cell) {
	c.rows += len(rows)
	for _, r := range rows {
		c.grow(len(r))
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(c.cols)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := int(next.Add(1) - 1); i < len(c.cols); i = int(next.Add(1) - 1) {
				col := c.cols[i]
				for _, cells := range rows {
					if i < len(cells) {
						col.add(cells[i], c.now, c.phoneChecks)
					}
				}
			}
		}()
	}
	wg.Wait()
}

// Rows is how many rows were added.
func (c *Classifier) Rows() int { return c.rows }

// Columns gives the verdict on every column, in header order, then the
// columns of cells beyond the header. Each verdict rests on its own
// column's header and values: one column's verdict never changes another's.
func (c *Classifier) Columns() []Column {
	out := make([]Column, len(c.cols))
	for i, col := range c.cols {
		out[i] = col.verdict()
	}
	return out
}

// column gathers one column's sample statistics.
type column struct {
	name   string
	index  int
	beyond bool
	header headerMatch // the lexicon's verdict on the name
	known  bool        // the lexicon knows the name
	scan   bool        // read the values for special-category terms
	tx     bool        // look for evidence of transactional values (see transactionalFindings)
	// medical: the table is about patients, so medical codes are health data.
	medical bool

	n        int                 // non-empty values
	distinct map[string]findings // up to maxDistinct values, with what was found in each
	example  string

	email, phone, iban, card, ip, geoPair, coord, natID, postcode, street int
	gender, names, date, number, birthRange, textLen, words, codes        int
	flags, currency, country, medCodes, longInts                          int
	special                                                               map[Kind]int
	specialTerm                                                           map[Kind]string // the first term seen of each category
	phoneChecked                                                          int
	minDate, maxDate                                                      time.Time
	phones                                                                phoneDetector
}

const (
	maxDistinct    = 2000
	maxPhoneChecks = 2000
)

func (c *column) add(cell table.Cell, now time.Time, limit int) {
	v := strings.TrimSpace(cell.Value)
	if v == "" {
		return
	}
	c.n++
	if c.example == "" {
		c.example = strings.Clone(v)
	}
	c.textLen += utf8.RuneCountInString(v)
	c.words += wordCount(v)
	// Every detector is a function of the value alone, so a text value
	// seen before is not looked at again: most columns repeat values
	// (countries, cities, first names, yes and no), and the detectors are
	// most of the time of a plan. Typed cells (workbook dates and numbers)
	// are looked at each time: their value is only how they are shown.
	f, seen := c.distinct[v]
	if !seen || cell.Type != table.String || f.has(fromTyped) {
		f = findingsOf(v, cell)
		if c.tx {
			transactionalFindings(&f, v)
		}
		if c.scan && f.bits&(isDate|isNumber) == 0 {
			f.special, f.term, _ = specialTerm(v)
		}
		if c.medical && isMedicalCode(v) {
			f.bits |= isMedCode
		}
		switch {
		case !seen && len(c.distinct) < maxDistinct:
			seen = true
			c.distinct[strings.Clone(v)] = f // not the whole row's string
		case seen && cell.Type == table.String:
			c.distinct[v] = f // a text cell's findings, reusable, for a typed cell's
		}
	}
	if f.has(isNumber) {
		c.number++
	}
	if f.has(isDate) {
		c.date++
		if c.minDate.IsZero() || f.date.Before(c.minDate) {
			c.minDate = f.date
		}
		if f.date.After(c.maxDate) {
			c.maxDate = f.date
		}
		age := now.Sub(f.date).Hours() / 24 / 365.25
		if age >= 16 && age <= 110 {
			c.birthRange++
		}
	}
	for _, d := range counted {
		if f.has(d.bit) {
			(*d.count(c))++
		}
	}
	if f.special != "" {
		if c.special == nil {
			c.special, c.specialTerm = map[Kind]int{}, map[Kind]string{}
		}
		if c.special[f.special]++; c.specialTerm[f.special] == "" {
			c.specialTerm[f.special] = f.term
		}
	}
	// libphonenumber is the slowest detector by far; a few thousand
	// values settle the question, and a column with hardly a phone number
	// in its first hundred values is not one of phone numbers.
	if c.phoneChecked < limit && !(c.phoneChecked >= 100 && c.phone*10 < c.phoneChecked) {
		c.phoneChecked++
		if !f.has(phoneKnown) {
			if !f.has(isDate) && cell.Type != table.Number && c.phones.isPhone(v) {
				f.bits |= isPhone
			}
			f.bits |= phoneKnown
			if seen && cell.Type == table.String {
				c.distinct[v] = f
			}
		}
		if f.has(isPhone) {
			c.phone++
		}
	}
}

// findings are what the detectors make of one value.
type findings struct {
	bits    uint32
	date    time.Time // when isDate
	special Kind      // a special category a text names, with the term
	term    string
}

const (
	isDate uint32 = 1 << iota
	isNumber
	isCodeValue
	isEmailValue
	isIBANValue
	isCard
	isIPValue
	isGeo
	isCoord
	isNatID
	isPostcodeValue
	isStreet
	isGender
	isName
	isPhone
	phoneKnown // isPhone has been decided (it is decided lazily)
	fromTyped  // found in a typed cell: not for reuse by a text cell
	isFlagValue
	isCurrency
	isCountry
	isMedCode
	isLongIntValue
)

func (f findings) has(bit uint32) bool { return f.bits&bit != 0 }

// counted are the findings that are simply counted, with their counters.
var counted = []struct {
	bit   uint32
	count func(*column) *int
}{
	{isCodeValue, func(c *column) *int { return &c.codes }},
	{isEmailValue, func(c *column) *int { return &c.email }},
	{isIBANValue, func(c *column) *int { return &c.iban }},
	{isCard, func(c *column) *int { return &c.card }},
	{isIPValue, func(c *column) *int { return &c.ip }},
	{isGeo, func(c *column) *int { return &c.geoPair }},
	{isCoord, func(c *column) *int { return &c.coord }},
	{isNatID, func(c *column) *int { return &c.natID }},
	{isPostcodeValue, func(c *column) *int { return &c.postcode }},
	{isStreet, func(c *column) *int { return &c.street }},
	{isGender, func(c *column) *int { return &c.gender }},
	{isName, func(c *column) *int { return &c.names }},
	{isFlagValue, func(c *column) *int { return &c.flags }},
	{isCurrency, func(c *column) *int { return &c.currency }},
	{isCountry, func(c *column) *int { return &c.country }},
	{isMedCode, func(c *column) *int { return &c.medCodes }},
	{isLongIntValue, func(c *column) *int { return &c.longInts }},
}

// findingsOf runs every detector but the phone number's on v.
func findingsOf(v string, cell table.Cell) findings {
	var f findings
	set := func(bit uint32, ok bool) {
		if ok {
			f.bits |= bit
		}
	}
	dated := false
	switch cell.Type {
	case table.Date:
		f.date, dated = cell.Time()
		f.bits |= fromTyped
	case table.Number:
		f.bits |= isNumber | fromTyped
	case table.Bool:
		f.bits |= fromTyped
	default:
		f.date, dated = parseDate(v)
		set(isNumber, !dated && isAmount(v))
	}
	set(isDate, dated)
	set(isCodeValue, !dated && isCode(v))
	set(isEmailValue, isEmail(v))
	set(isIBANValue, isIBAN(v))
	set(isCard, isCardNumber(v))
	set(isIPValue, isIP(v))
	set(isGeo, isGeoPair(v))
	set(isCoord, isCoordinate(v))
	set(isNatID, isNationalID(v))
	set(isPostcodeValue, isPostcode(v))
	set(isStreet, isStreetAddress(v))
	set(isGender, isGenderWord(v))
	set(isName, isPersonName(v))
	return f
}

// transactionalFindings are the detectors that give a column without a
// known header positive evidence of being transactional (and a flag under
// an email or phone header); other columns do without them.
func transactionalFindings(f *findings, v string) {
	for _, d := range []struct {
		bit uint32
		ok  bool
	}{{isFlagValue, isFlag(v)}, {isCurrency, isCurrencyCode(v)}, {isCountry, isCountryCode(v)}, {isLongIntValue, isLongInt(v)}} {
		if d.ok {
			f.bits |= d.bit
		}
	}
}

// isAmount recognises a number as people write amounts: digits with
// grouping or decimal commas and points, a sign, a currency symbol.
func isAmount(v string) bool {
	digits := 0
	for _, r := range v {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '.' || r == ',' || r == ' ' || r == '-' || r == '+' || r == '€' || r == '$' || r == '£' || r == '%':
		default:
			return false
		}
	}
	return digits > 0
}

func wordCount(v string) int {
	n, in := 0, false
	for i := 0; i < len(v); i++ {
		space := v[i] == ' ' || v[i] == '\t' || v[i] == '\n'
		if !space && !in {
			n++
		}
		in = !space
	}
	return n
}

// signal is what the values say.
type signal struct {
	class    Class
	kind     Kind
	evidence string
	strong   bool // strong enough to overrule a header
}

// detectors in order of precedence, with the share of sampled values
// that must agree. National IDs need 90%: a random 9-digit number passes
// the Dutch 11-test one time in eleven.
func (c *column) valueSignal() (signal, bool) {
	type det struct {
		count *int
		share float64
		kind  Kind
		what  string
		of    int // values checked, when not all were
	}
	dets := []det{
		{&c.email, 0.6, Email, "email addresses", 0},
		{&c.iban, 0.6, IBAN, "IBANs with valid check digits", 0},
		{&c.card, 0.6, CardNumber, "payment card numbers (issuer prefix and Luhn check)", 0},
		{&c.ip, 0.6, IPAddress, "IP addresses", 0},
		{&c.geoPair, 0.6, Geo, "latitude/longitude pairs", 0},
		{&c.natID, 0.9, NationalID, "national ID numbers with valid check digits", 0},
		{&c.phone, 0.6, Phone, "phone numbers", c.phoneChecked},
		{&c.postcode, 0.6, Postcode, "Dutch or British postcodes", 0},
		{&c.street, 0.6, Address, "street addresses (a street and a house number)", 0},
		{&c.names, 0.5, PersonName, "person names (a common first name, capitalised words)", 0},
	}
	if c.n == 0 {
		return signal{}, false
	}
	var best *det
	bestShare := 0.0
	for i := range dets {
		d := &dets[i]
		if d.of == 0 {
			d.of = c.n
		}
		share := float64(*d.count) / float64(d.of)
		if share >= d.share && share > bestShare {
			best, bestShare = d, share
		}
	}
	if best != nil {
		what := "sampled values"
		if best.of < c.n {
			what = "values checked"
		}
		return signal{Personal, best.kind, fmt.Sprintf("%d/%d %s are %s", *best.count, best.of, what, best.what), true}, true
	}
	if d := len(c.distinct); c.gender == c.n && d >= 2 && d <= 12 {
		return signal{Personal, Gender, fmt.Sprintf("all %d sampled values are gender or salutation words", c.n), true}, true
	}
	return signal{}, false
}

// weakSignal is what the values suggest when the header says nothing.
func (c *column) weakSignal() (signal, bool) {
	if c.n == 0 {
		return signal{}, false
	}
	share := func(k int) float64 { return float64(k) / float64(c.n) }
	avgLen, avgWords := float64(c.textLen)/float64(c.n), float64(c.words)/float64(c.n)
	distinct := share(len(c.distinct))
	switch {
	case c.dobByRange():
		return signal{Personal, DateOfBirth, fmt.Sprintf("%d/%d sampled values are dates 16 to 110 years ago, spread over %d years, as birth dates are",
			c.birthRange, c.n, c.maxDate.Year()-c.minDate.Year()), false}, true
	case avgLen >= 30 && avgWords >= 4 && distinct >= 0.5:
		return signal{Personal, FreeText, fmt.Sprintf("long, varied text (%.0f characters on average), which routinely names people", avgLen), false}, true
	case c.n >= 20 && distinct >= 0.95 && share(c.codes) >= 0.9:
		return signal{Personal, Identifier, fmt.Sprintf("%d/%d sampled values are different codes, which can single out a person", len(c.distinct), c.n), false}, true
	}
	return signal{}, false
}

// isFreeText says the values are long, varied text.
func (c *column) isFreeText() bool {
	w, ok := c.weakSignal()
	return ok && w.kind == FreeText
}

// dobByRange says the dates look like birth dates: nearly all 16 to 110
// years ago and spread over more than 15 years. Order and sign-up dates
// are recent and close together.
func (c *column) dobByRange() bool {
	return c.n > 0 && c.date*10 >= c.n*9 && c.birthRange*10 >= c.n*9 && c.maxDate.Sub(c.minDate) > 15*365*24*time.Hour
}

// genericDate are headers that say a column holds dates but not which.
var genericDate = map[string]bool{"date": true, "datum": true, "fecha": true}

// isCode recognises reference codes: one token of five or more letters,
// digits, dashes or underscores, with no decimal point.
func isCode(v string) bool {
	if len(v) < 5 || len(v) > 64 {
		return false
	}
	for _, r := range v {
		if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

func (c *column) profile() string {
	if c.n == 0 {
		return "no values in the sample"
	}
	share := func(k int) float64 { return float64(k) / float64(c.n) }
	switch {
	case share(c.date) >= 0.9:
		return fmt.Sprintf("%d/%d sampled values are dates", c.date, c.n)
	case share(c.number) >= 0.9:
		return fmt.Sprintf("%d/%d sampled values are numbers", c.number, c.n)
	case len(c.distinct) < maxDistinct:
		return fmt.Sprintf("%d different values in %d sampled", len(c.distinct), c.n)
	}
	return fmt.Sprintf("%d sampled values", c.n)
}

func (c *column) verdict() Column {
	col := Column{Name: c.name, Index: c.index, Empty: c.n == 0, Beyond: c.beyond}
	col.Class, col.Kind, col.Evidence = c.decide()
	if c.beyond {
		col.Evidence = "a cell beyond the header's last column, classified by its values: " + col.Evidence
	}
	col.Example = mask(c.example, col.Class, col.Kind)
	return col
}

// decide weighs the header and the values. The more protective class wins
// where they disagree, and a column is transactional only on positive
// evidence.
func (c *column) decide() (Class, Kind, string) {
	h, hok := c.header, c.known
	v, vok := c.valueSignal()
	headerSays := ""
	if hok {
		headerSays = fmt.Sprintf("header %q", c.name)
		if normalize(c.name) != h.term {
			headerSays += fmt.Sprintf(" (%q)", h.term)
		}
	}
	share := func(k int) float64 { return float64(k) / float64(max(c.n, 1)) }
	switch {
	case hok && h.rule.kind == Biometric && strings.HasSuffix(h.term, "fingerprint") && c.n > 0 && share(c.codes) >= 0.9:
		return Personal, Identifier, fmt.Sprintf("%s; %d/%d sampled values are tokens, as a payment card's fingerprint is, not biometric data", headerSays, c.codes, c.n)
	case hok && h.rule.class == Sensitive:
		ev := headerSays + " names a special category of personal data"
		if vok {
			ev += "; " + v.evidence
		}
		return Sensitive, h.rule.kind, ev
	}
	if kind, ev, ok := c.specialSignal(); ok {
		if hok {
			ev = headerSays + "; " + ev
		}
		return Sensitive, kind, ev
	}
	switch {
	case c.tx && hok && c.n > 0 && c.flags == c.n:
		return Transactional, None, fmt.Sprintf("%s, but all %d sampled values are yes/no flags", headerSays, c.n)
	case vok && hok && h.rule.class == Transactional:
		return v.class, v.kind, fmt.Sprintf("%s suggests transactional data, but %s; the more protective class wins", headerSays, v.evidence)
	case vok && hok:
		return Personal, v.kind, headerSays + "; " + v.evidence
	case vok:
		return v.class, v.kind, v.evidence
	case hok && h.rule.kind == Geo && c.n > 0 && c.coord*10 >= c.n*6:
		return Personal, Geo, fmt.Sprintf("%s; %d/%d sampled values are precise coordinates", headerSays, c.coord, c.n)
	case hok && genericDate[h.term] && c.dobByRange():
		w, _ := c.weakSignal()
		return Personal, DateOfBirth, fmt.Sprintf("%s names only a date, but %s", headerSays, w.evidence)
	case c.medical && (hok && h.rule.kind == FreeText || !hok && c.isFreeText()):
		ev := "free text"
		if hok {
			ev = headerSays + " names free text"
		}
		return Sensitive, Health, ev + " in a table about patients, conditions or medication (its name or headers say so), which is health data"
	case hok:
		ev := headerSays
		if w, ok := c.weakSignal(); ok && w.kind == h.rule.kind {
			ev += "; " + w.evidence
		} else if h.rule.class == Transactional {
			ev += "; " + c.profile()
		}
		return h.rule.class, h.rule.kind, ev
	}
	if w, ok := c.weakSignal(); ok {
		return w.class, w.kind, "header not recognised; " + w.evidence
	}
	if ev, ok := c.transactionalSignal(); ok {
		return Transactional, None, "header not recognised; " + ev
	}
	what := "header not recognised"
	if c.beyond {
		what = "no header"
	}
	return Personal, Unknown, fmt.Sprintf("%s and %s: no evidence that it is not personal; keep it with --keep if it is not", what, c.profile())
}

// specialSignal is a special category found in the values: terms in free
// text, or medical codes in a table about patients.
func (c *column) specialSignal() (Kind, string, bool) {
	var kind Kind
	for k, n := range c.special {
		if kind == "" || n > c.special[kind] || n == c.special[kind] && k < kind {
			kind = k
		}
	}
	if kind != "" {
		return kind, fmt.Sprintf("%d of %d sampled values mention %s terms, e.g. %q", c.special[kind], c.n, kindWords(kind), c.specialTerm[kind]), true
	}
	if c.n > 0 && c.medCodes*10 >= c.n*6 {
		return Health, fmt.Sprintf("%d/%d sampled values are medical codes (ICD-10, ATC or SNOMED CT) in a table about patients, conditions or medication", c.medCodes, c.n), true
	}
	return "", "", false
}

func kindWords(k Kind) string { return strings.ReplaceAll(string(k), "_", " ") }
