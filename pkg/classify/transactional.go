package classify

import (
	"fmt"
	"strings"
	"time"
)

// A column is transactional only on positive evidence: a header the
// lexicon knows as transactional, or values that are plainly amounts,
// dates of actions, currency or country codes, or flags and statuses that
// take few values. Anything else is personal with the kind Unknown.

// flagWords are yes and no, and true and false, as exports write them.
var flagWords = map[string]bool{
	"yes": true, "no": true, "y": true, "n": true, "true": true, "false": true, "0": true, "1": true,
	"ja": true, "nee": true, "nein": true, "oui": true, "non": true, "si": true, "sí": true, "tak": true, "nie": true,
	"sim": true, "não": true, "nao": true, "wahr": true, "falsch": true, "waar": true, "onwaar": true, "vrai": true,
	"faux": true, "verdadero": true, "falso": true, "vero": true, "x": true, "on": true, "off": true,
}

func isFlag(v string) bool {
	if len(v) > 9 || len(v) == 0 {
		return false
	}
	var buf [16]byte
	b, ok := lowerASCII(buf[:0], v)
	if !ok {
		return flagWords[strings.ToLower(v)]
	}
	return flagWords[string(b)]
}

// currencyCodes are the ISO 4217 codes in common use.
var currencyCodes = setOf("EUR USD GBP CHF JPY CNY AUD CAD NZD SEK NOK DKK PLN CZK HUF RON BGN HRK ISK TRY RUB UAH " +
	"INR BRL MXN ARS CLP COP PEN ZAR EGP MAD NGN KES AED SAR QAR ILS HKD SGD KRW TWD THB MYR IDR PHP VND")

func isCurrencyCode(v string) bool { return len(v) == 3 && currencyCodes[v] }

// countryCodes are ISO 3166-1 alpha-2 codes, upper case as exports write
// them ("NL", not "nl", which is as often a language).
var countryCodes = setOf("AD AE AF AG AL AM AO AR AT AU AW AZ BA BB BD BE BF BG BH BI BJ BM BN BO BR BS BT BW BY BZ " +
	"CA CD CF CG CH CI CL CM CN CO CR CU CV CW CY CZ DE DJ DK DM DO DZ EC EE EG ER ES ET FI FJ FO FR GA GB GD GE GH " +
	"GI GL GM GN GR GT GW GY HK HN HR HT HU ID IE IL IN IQ IR IS IT JM JO JP KE KG KH KM KN KR KW KY KZ LA LB LC LI " +
	"LK LR LS LT LU LV LY MA MC MD ME MG MK ML MM MN MO MT MU MV MW MX MY MZ NA NE NG NI NL NO NP NZ OM PA PE PG PH " +
	"PK PL PR PS PT PY QA RO RS RU RW SA SB SC SD SE SG SI SK SL SM SN SO SR SS SV SY SZ TD TG TH TJ TL TM TN TO TR " +
	"TT TW TZ UA UG UK US UY UZ VA VC VE VN VU WS XK YE ZA ZM ZW")

func isCountryCode(v string) bool { return len(v) == 2 && countryCodes[v] }

func setOf(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// transactionalSignal is what the values say for a column whose header
// the lexicon does not know, when they show nothing personal.
func (c *column) transactionalSignal() (string, bool) {
	if c.n == 0 {
		return "", false
	}
	most := func(k int) bool { return k*10 >= c.n*9 }
	distinct := len(c.distinct)
	switch {
	case c.flags == c.n:
		return fmt.Sprintf("all %d sampled values are yes/no flags", c.n), true
	case most(c.number) && c.longInts*2 <= c.n && c.coord*2 <= c.n:
		// Whole numbers of four digits or more are as often postcodes,
		// customer numbers or years of birth, and numbers with many
		// decimals coordinates: no evidence either way.
		return fmt.Sprintf("%d/%d sampled values are amounts or quantities", c.number, c.n), true
	case most(c.date) && c.maxDate.Sub(c.minDate) <= 15*365*24*time.Hour:
		// Dates spread over more than 15 years may be birth dates, of
		// children too: no evidence either way.
		return fmt.Sprintf("%d/%d sampled values are dates within %d years, as dates of orders and sign-ups are", c.date, c.n, c.maxDate.Year()-c.minDate.Year()+1), true
	case most(c.currency):
		return fmt.Sprintf("%d/%d sampled values are currency codes", c.currency, c.n), true
	case most(c.country):
		return fmt.Sprintf("%d/%d sampled values are country codes", c.country, c.n), true
	case c.n >= 10 && distinct <= 12 && distinct*3 <= c.n && c.textLen <= 20*c.n && c.words <= 3*c.n && c.longInts*2 <= c.n:
		// Short: a status is a word or three, not a sentence repeated.
		return fmt.Sprintf("%d different short values in %d sampled, as statuses and categories have", distinct, c.n), true
	}
	return "", false
}

// isLongInt recognises a whole number of four digits or more.
func isLongInt(v string) bool {
	if len(v) < 4 {
		return false
	}
	for i := 0; i < len(v); i++ {
		if !isDigit(v[i]) {
			return false
		}
	}
	return true
}
