package classify

import (
	"math/big"
	"net/netip"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/nyaruka/phonenumbers"

	"github.com/lockbox-tool/lockbox/internal/checkdigit"
)

// The value detectors. Each says whether one value is of its kind; a
// column takes a kind when enough of its sampled values are.

// isEmail accepts what the pattern ^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[A-Za-z]{2,}$
// matches, up to 254 bytes. Written out, because the regexp was a tenth of
// the time of classifying a sample (FuzzEmail checks the two agree): the
// top-level domain's dot is the last one, since only letters follow it.
func isEmail(v string) bool {
	at := strings.IndexByte(v, '@')
	if len(v) > 254 || at <= 0 {
		return false
	}
	local, domain := v[:at], v[at+1:]
	dot := strings.LastIndexByte(domain, '.')
	if dot < 1 || len(domain)-dot-1 < 2 {
		return false
	}
	for i := dot + 1; i < len(domain); i++ {
		if c := domain[i] | 0x20; c < 'a' || c > 'z' {
			return false
		}
	}
	return emailText(local) && emailText(domain[:dot])
}

// emailText reports whether s has none of the bytes the pattern's
// [^\s@<>(),;:"] excludes.
func emailText(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ' ', '\t', '\n', '\f', '\r', '@', '<', '>', '(', ')', ',', ';', ':', '"':
			return false
		}
	}
	return true
}

// phoneRegions are tried in turn for numbers written without a country
// code.
var phoneRegions = []string{"NL", "BE", "DE", "FR", "ES", "GB", "US"}

// phoneDetector remembers the region that last worked, so a column of
// national numbers costs one parse per value.
type phoneDetector struct{ last string }

// isPhone accepts a number only if it is written as people write phone
// numbers: with a + or 00 country code, a leading trunk 0, or separators.
// Bare digits ("500012345", an order number) are never taken for a phone
// number, however valid they would be.
func (p *phoneDetector) isPhone(v string) bool {
	digits, plus, seps := 0, false, false
	for i, r := range v {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '+' && i == 0:
			plus = true
		case r == ' ' || r == '-' || r == '(' || r == ')' || r == '.' || r == '/':
			seps = true
		default:
			return false
		}
	}
	if digits < 8 || digits > 15 {
		return false
	}
	if strings.Contains(v, ".") && isFloat(v) {
		return false // a decimal number such as a coordinate
	}
	lead := strings.TrimLeft(v, "(")
	if !plus && !seps && lead[0] != '0' || dateLike.MatchString(v) {
		return false
	}
	if plus || strings.HasPrefix(lead, "00") {
		intl := v
		if !plus {
			intl = strings.Replace(v, "00", "+", 1) // the international prefix; a + number keeps its own 00s
		}
		num, err := phonenumbers.Parse(intl, "NL")
		return err == nil && phonenumbers.IsValidNumber(num)
	}
	if p.last != "" && validIn(v, p.last) {
		return true
	}
	for _, region := range phoneRegions {
		if region != p.last && validIn(v, region) {
			p.last = region
			return true
		}
	}
	return false
}

func isFloat(v string) bool {
	_, err := strconv.ParseFloat(v, 64)
	return err == nil
}

func validIn(v, region string) bool {
	num, err := phonenumbers.Parse(v, region)
	return err == nil && phonenumbers.IsValidNumberForRegion(num, region)
}

var dateLike = regexp.MustCompile(`^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}$`)

// ibanLengths are the IBAN lengths of the countries lockbox users meet
// most; other countries are checked by mod-97 and the general 15-34 range.
var ibanLengths = map[string]int{"NL": 18, "BE": 16, "DE": 22, "FR": 27, "ES": 24, "GB": 22, "IT": 27, "AT": 20,
	"CH": 21, "LU": 20, "IE": 22, "PT": 25, "DK": 18, "SE": 24, "NO": 15, "FI": 18, "PL": 28}

// isIBAN checks the ISO 13616 structure and the mod-97 check digits.
func isIBAN(v string) bool {
	if len(v) < 15 || len(v) > 42 || !unicode.IsLetter(rune(v[0])) || !unicode.IsLetter(rune(v[1])) {
		return false
	}
	s := strings.ToUpper(strings.ReplaceAll(v, " ", ""))
	if len(s) < 15 || len(s) > 34 || !isUpper(s[0]) || !isUpper(s[1]) || !isDigit(s[2]) || !isDigit(s[3]) {
		return false
	}
	if n, ok := ibanLengths[s[:2]]; ok && n != len(s) {
		return false
	}
	var rem int
	for _, c := range s[4:] + s[:4] {
		switch {
		case c >= '0' && c <= '9':
			rem = (rem*10 + int(c-'0')) % 97
		case c >= 'A' && c <= 'Z':
			rem = (rem*100 + int(c-'A'+10)) % 97
		default:
			return false
		}
	}
	return rem == 1
}

// hasDigit is strings.ContainsAny(v, "0123456789") without building a
// character set on every call; it runs on every sampled value.
func hasDigit(v string) bool {
	for i := 0; i < len(v); i++ {
		if isDigit(v[i]) {
			return true
		}
	}
	return false
}

// hasLetter says whether v has a letter: an ASCII one, or any non-ASCII
// character, which a street name's "ß" or "é" may be.
func hasLetter(v string) bool {
	for i := 0; i < len(v); i++ {
		if isLetter(v[i]) || v[i] >= 0x80 {
			return true
		}
	}
	return false
}

func isUpper(c byte) bool { return c >= 'A' && c <= 'Z' }
func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// digitsOf returns the digits of v if v has only digits and the given
// separators.
func digitsOf(v, seps string) (string, bool) {
	// Byte by byte into a buffer on the stack: every value of a sample goes
	// through here several times, and the separators are ASCII.
	var buf [32]byte
	d := buf[:0]
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case isDigit(c):
			d = append(d, c)
		case strings.IndexByte(seps, c) >= 0:
		default:
			return "", false
		}
	}
	return string(d), len(d) > 0
}

// isCardNumber checks length, issuer prefix and the Luhn digit.
func isCardNumber(v string) bool {
	if len(v) < 13 || len(v) > 23 || !isDigit(v[0]) {
		return false
	}
	d, ok := digitsOf(v, " -")
	if !ok || len(d) < 13 || len(d) > 19 || !cardIssuer(d) {
		return false
	}
	return luhn(d)
}

func luhn(d string) bool {
	sum := 0
	for i := 0; i < len(d); i++ {
		n := int(d[len(d)-1-i] - '0')
		if i%2 == 1 {
			if n *= 2; n > 9 {
				n -= 9
			}
		}
		sum += n
	}
	return sum%10 == 0
}

// cardIssuer recognises the prefixes of Visa, Mastercard, American
// Express, Discover, Diners, JCB, Maestro and UnionPay.
func cardIssuer(d string) bool {
	p2, _ := strconv.Atoi(d[:2])
	p4, _ := strconv.Atoi(d[:4])
	switch {
	case d[0] == '4': // Visa
		return true
	case p2 >= 51 && p2 <= 55, p4 >= 2221 && p4 <= 2720: // Mastercard
		return len(d) == 16
	case p2 == 34 || p2 == 37: // American Express
		return len(d) == 15
	case p2 == 36 || p2 == 38 || p2 == 30: // Diners
		return len(d) >= 14
	case p4 == 6011 || p2 == 65 || p4 >= 6440 && p4 <= 6499: // Discover
		return true
	case p4 >= 3528 && p4 <= 3589: // JCB
		return true
	case p2 == 50 || p2 >= 56 && p2 <= 69: // Maestro, UnionPay (62)
		return true
	}
	return false
}

func isIP(v string) bool {
	if len(v) > 45 || strings.IndexByte(v, '.') < 0 && strings.IndexByte(v, ':') < 0 {
		return false
	}
	if strings.IndexByte(v, ':') < 0 && (strings.Count(v, ".") != 3 || strings.IndexFunc(v, notDigitOrDot) >= 0) {
		return false // not IPv4 (an amount, an email), turned away before the parser, whose errors allocate
	}
	a, err := netip.ParseAddr(v)
	return err == nil && (a.Is6() || strings.Count(v, ".") == 3)
}

func notDigitOrDot(r rune) bool { return r != '.' && (r < '0' || r > '9') }

var geoPairRe = regexp.MustCompile(`^\(?\s*(-?\d{1,2}\.\d{3,})\s*[,;]\s*(-?\d{1,3}\.\d{3,})\s*\)?$`)

// isGeoPair accepts "52.3676, 4.9041": a latitude and longitude with at
// least three decimals (about 100 m).
func isGeoPair(v string) bool {
	if len(v) > 40 || strings.IndexByte(v, ',') < 0 && strings.IndexByte(v, ';') < 0 {
		return false
	}
	m := geoPairRe.FindStringSubmatch(v)
	if m == nil {
		return false
	}
	lat, _ := strconv.ParseFloat(m[1], 64)
	lon, _ := strconv.ParseFloat(m[2], 64)
	return lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180
}

// isCoordinate accepts one decimal degree with at least three decimals,
// for columns whose header already says latitude or longitude.
func isCoordinate(v string) bool {
	// The shape first: a failed ParseFloat allocates its error.
	i := strings.IndexByte(v, '.')
	if i < 0 || len(v)-i-1 < 3 || len(v) > 24 || !isDigit(v[0]) && v[0] != '-' && v[0] != '+' && v[0] != '.' {
		return false
	}
	f, err := strconv.ParseFloat(v, 64)
	return err == nil && f >= -180 && f <= 180
}

// National identity numbers with a check digit.

// isBSN applies the Dutch "11-proef" to 9 digits (8 with a leading zero
// dropped by a spreadsheet).
func isBSN(v string) bool {
	d, ok := digitsOf(v, " .-")
	if !ok || len(d) < 8 || len(d) > 9 {
		return false
	}
	if len(d) == 8 {
		d = "0" + d
	}
	sum := 0
	for i := 0; i < 8; i++ {
		sum += int(d[i]-'0') * (9 - i)
	}
	sum -= int(d[8] - '0')
	return sum%11 == 0 && sum != 0
}

// isBelgianNN checks the Belgian national register number (11 digits,
// mod 97, with the rule for people born from 2000).
func isBelgianNN(v string) bool {
	d, ok := digitsOf(v, " .-")
	if !ok || len(d) != 11 {
		return false
	}
	base, _ := strconv.ParseInt(d[:9], 10, 64)
	check, _ := strconv.ParseInt(d[9:], 10, 64)
	return 97-base%97 == check || 97-(2_000_000_000+base)%97 == check
}

// isFrenchNIR checks the French social security number: 13 digits (Corsica
// 2A/2B allowed) and a two-digit key of 97 minus the number mod 97.
func isFrenchNIR(v string) bool {
	s := strings.ToUpper(strings.ReplaceAll(v, " ", ""))
	if len(s) != 15 || (s[0] != '1' && s[0] != '2') {
		return false
	}
	body := s[:13]
	body = strings.Replace(strings.Replace(body, "2A", "19", 1), "2B", "18", 1)
	if _, ok := digitsOf(body+s[13:], ""); !ok {
		return false
	}
	n, ok := new(big.Int).SetString(body, 10)
	if !ok {
		return false
	}
	key, _ := strconv.Atoi(s[13:])
	return int64(97)-new(big.Int).Mod(n, big.NewInt(97)).Int64() == int64(key)
}

const dniLetters = "TRWAGMYFPDXBNJZSQVHLCKE"

// isSpanishID checks a DNI (8 digits and a letter) or NIE (X, Y or Z, 7
// digits and a letter): the letter is the number mod 23.
func isSpanishID(v string) bool {
	s := strings.ToUpper(strings.ReplaceAll(strings.ReplaceAll(v, "-", ""), " ", ""))
	if len(s) != 9 {
		return false
	}
	switch s[0] {
	case 'X':
		s = "0" + s[1:]
	case 'Y':
		s = "1" + s[1:]
	case 'Z':
		s = "2" + s[1:]
	}
	n, err := strconv.Atoi(s[:8])
	return err == nil && s[8] == dniLetters[n%23]
}

// isGermanTaxID checks the 11-digit Steuer-ID: no leading zero and the
// ISO 7064 MOD 11,10 check digit.
func isGermanTaxID(v string) bool {
	d, ok := digitsOf(v, " /")
	if !ok || len(d) != 11 || d[0] == '0' {
		return false
	}
	return checkdigit.Mod1110(d[:10]) == int(d[10]-'0')
}

func isNationalID(v string) bool {
	if len(v) < 8 || len(v) > 24 || !isDigit(v[0]) && v[0] != 'X' && v[0] != 'Y' && v[0] != 'Z' {
		return false
	}
	return isBSN(v) || isBelgianNN(v) || isFrenchNIR(v) || isSpanishID(v) || isGermanTaxID(v)
}

var (
	nlPostcode = regexp.MustCompile(`^[1-9][0-9]{3} ?[A-Za-z]{2}$`)
	ukPostcode = regexp.MustCompile(`^[A-Za-z]{1,2}[0-9][A-Za-z0-9]? ?[0-9][A-Za-z]{2}$`)
)

// isPostcode recognises Dutch and British postcodes, which are distinctive
// alone; plain 4- and 5-digit codes need a header that says postcode.
func isPostcode(v string) bool {
	if len(v) < 5 || len(v) > 8 || !hasDigit(v) {
		return false
	}
	if isDigit(v[0]) {
		return nlPostcode.MatchString(v)
	}
	return ukPostcode.MatchString(v)
}

// streetWords are what street names end in (Dutch and German compounds:
// "Keizersgracht", "Hauptstraße") or are written with ("rue", "Calle",
// "Main Street"), and words for the rest of an address line.
var (
	streetSuffixes = []string{"straat", "weg", "laan", "gracht", "plein", "kade", "singel", "dijk", "steeg", "markt",
		"strasse", "straße", "str.", "allee", "platz", "gasse", "damm", "ufer"}
	streetWords = toSet(`rue avenue av boulevard bd chemin place impasse allee quai calle avenida av. plaza paseo carrer
		camino ronda street st st. road rd rd. lane ln drive dr way court ct blvd ave ave. terrace close square crescent
		apt apt. suite unit flat postbus box`)
)

// isStreetAddress accepts an address line: a street word and a house
// number ("Keizersgracht 12", "12 rue de Rivoli", "Apt 4").
func isStreetAddress(v string) bool {
	if len(v) < 5 || len(v) > 120 || !hasDigit(v) || !hasLetter(v) || strings.IndexByte(v, ' ') < 0 || strings.IndexByte(v, '@') >= 0 {
		return false
	}
	if !isASCII(v) {
		return streetWordsIn(strings.Fields(strings.ToLower(v)))
	}
	// ASCII, the usual case: split as strings.Fields would, into an array
	// on the stack, since every value of a sample comes through here.
	lower := strings.ToLower(v)
	var words [60]string // 120 bytes hold at most 60 words
	n := 0
	for i := 0; i < len(lower); {
		for i < len(lower) && asciiSpace(lower[i]) {
			i++
		}
		j := i
		for j < len(lower) && !asciiSpace(lower[j]) {
			j++
		}
		if j > i {
			words[n] = lower[i:j]
			n++
		}
		i = j
	}
	return streetWordsIn(words[:n])
}

func asciiSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}

// streetWordsIn says whether the lower-cased words of an address line have
// a house number and a street word.
func streetWordsIn(words []string) bool {
	number, street := false, false
	for _, w := range words {
		w = strings.Trim(w, ",")
		if n := strings.TrimRightFunc(w, func(r rune) bool { return r >= 'a' && r <= 'z' || r == '-' || r == '/' }); n != "" && len(n) <= 9 && isDigit(n[0]) &&
			strings.IndexFunc(n, func(r rune) bool { return !(r >= '0' && r <= '9' || r == '-' || r == '/') }) < 0 {
			number = true
			continue
		}
		if streetWords[w] {
			street = true
			continue
		}
		for _, s := range streetSuffixes {
			street = street || strings.HasSuffix(w, s) && len(w) > len(s)+2
		}
	}
	return number && street
}

// genderWords are the values of gender and salutation columns.
var genderWords = map[string]bool{
	"m": true, "f": true, "v": true, "x": true, "male": true, "female": true, "man": true, "woman": true,
	"vrouw": true, "mann": true, "frau": true, "homme": true, "femme": true, "hombre": true, "mujer": true,
	"mr": true, "mrs": true, "ms": true, "miss": true, "mx": true, "dr": true, "prof": true, "dhr": true,
	"mevr": true, "mevrouw": true, "de heer": true, "heer": true, "herr": true, "mme": true, "mlle": true,
	"monsieur": true, "madame": true, "sr": true, "sra": true, "srta": true, "senor": true, "senora": true,
	"don": true, "dona": true, "non-binary": true, "nonbinary": true, "non binary": true, "divers": true,
	"other": true, "anders": true, "autre": true, "otro": true, "unknown": true, "onbekend": true, "d": true,
	"männlich": true, "weiblich": true, "masculin": true, "féminin": true, "masculino": true, "femenino": true,
	"señor": true, "señora": true, "doña": true, "mevr.": true, "dhr.": true,
}

func isGenderWord(v string) bool {
	v = strings.TrimSpace(v)
	if len(v) > maxGenderWord+1 { // +1 for a final "."
		return false
	}
	v = strings.TrimSuffix(v, ".")
	var buf [16]byte
	if b, ok := lowerASCII(buf[:], v); ok {
		return genderWords[string(b)]
	}
	return genderWords[strings.ToLower(v)]
}

// lowerASCII lower-cases s into buf, for a map lookup with string(b),
// which makes no string: every value of a sample is looked up. ok is false
// when s is not ASCII or does not fit.
func lowerASCII(buf []byte, s string) (b []byte, ok bool) {
	if len(s) > len(buf) {
		return nil, false
	}
	b = buf[:len(s)]
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 {
			return nil, false
		}
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		b[i] = c
	}
	return b, true
}

// maxGenderWord is the length of the longest gender word, in bytes.
var maxGenderWord = func() int {
	n := 0
	for w := range genderWords {
		n = max(n, len(w))
	}
	return n
}()

// Dates.

// namedLayouts are the date forms with month names, for time.Parse.
var namedLayouts = []string{"2 Jan 2006", "2 January 2006", "Jan 2, 2006", "January 2, 2006", "02-Jan-2006",
	"2-Jan-06", "02-Jan-06", "Mon, 2 Jan 2006", "2 Jan 2006 15:04"}

// hasMonthName looks for a word starting with an English month's first
// three letters, before trying time.Parse.
func hasMonthName(v string) bool {
	for i := 0; i+3 <= len(v); i++ {
		if i > 0 && isLetter(v[i-1]) || !isLetter(v[i]) {
			continue
		}
		// Lower-cased by setting bit 5: only letters become letters.
		switch string([]byte{v[i] | 0x20, v[i+1] | 0x20, v[i+2] | 0x20}) {
		case "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec":
			return true
		}
	}
	return false
}

func isLetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// parseDate reads the usual ISO, European (day first) and US (month first,
// when the day gives it away) numeric dates, with an optional time, and
// dates with English month names. It returns false rather than guess.
// Numeric dates are parsed by hand: trying time.Parse layout by layout
// cost a second per million values in failed-parse allocations.
func parseDate(v string) (time.Time, bool) {
	v = strings.TrimSpace(v)
	if len(v) < 6 || len(v) > 30 {
		return time.Time{}, false
	}
	if !isDigit(v[0]) {
		return namedDate(v)
	}
	var nums, lens [3]int
	var sep byte
	i := 0
	for g := 0; g < 3; g++ {
		start := i
		for i < len(v) && isDigit(v[i]) && i-start < 5 {
			nums[g] = nums[g]*10 + int(v[i]-'0')
			i++
		}
		lens[g] = i - start
		if lens[g] == 0 || lens[g] > 4 {
			return namedDate(v)
		}
		if g == 2 {
			break
		}
		if i >= len(v) || v[i] != '-' && v[i] != '/' && v[i] != '.' || sep != 0 && v[i] != sep {
			return namedDate(v)
		}
		sep = v[i]
		i++
	}
	if rest := v[i:]; rest != "" && !(len(rest) >= 6 && (rest[0] == ' ' || rest[0] == 'T') &&
		isDigit(rest[1]) && isDigit(rest[2]) && rest[3] == ':' && isDigit(rest[4]) && isDigit(rest[5])) {
		return time.Time{}, false
	}
	var y, m, d int
	switch {
	case lens[0] == 4 && lens[1] <= 2 && lens[2] <= 2:
		y, m, d = nums[0], nums[1], nums[2]
	case lens[0] <= 2 && lens[1] <= 2 && (lens[2] == 4 || lens[2] == 2):
		y, d, m = nums[2], nums[0], nums[1]
		if lens[2] == 2 {
			y += 1900
			if y < 1969 {
				y += 100
			}
		}
		if m > 12 && d <= 12 {
			d, m = m, d
		}
	default:
		return time.Time{}, false
	}
	if m < 1 || m > 12 || d < 1 || d > time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day() {
		return time.Time{}, false
	}
	return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC), true
}

func namedDate(v string) (time.Time, bool) {
	if len(v) > 26 || !hasDigit(v) || !hasMonthName(v) {
		return time.Time{}, false
	}
	for _, l := range namedLayouts {
		if t, err := time.Parse(l, v); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}
