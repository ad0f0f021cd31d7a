// Package passphrase generates passphrases that people can read over the
// phone, accepts them back however they were typed, and refuses weak
// passphrases of the user's own.
//
// A generated passphrase is 20 characters from the Crockford base32 alphabet
// (digits and lowercase letters without i, l, o and u), shown in groups of
// four joined by dashes: "7kqm-x2fp-9hrt-w3bn-c8dv". That dashed form is
// exactly the passphrase age uses, so plain `age -d` works when it is typed
// as shown.
package passphrase

import (
	"fmt"
	"io"
	"math"
	"math/big"
	"strings"

	password "github.com/sethvargo/go-password/password"
)

// Alphabet is every character a generated passphrase can contain.
const Alphabet = "0123456789abcdefghjkmnpqrstvwxyz"

const (
	// Length is the number of alphabet characters, dashes excluded.
	Length = 20
	// GroupSize is how many characters stand between dashes.
	GroupSize = 4
)

// rules are the generator's inputs. The whole alphabet is given as "lower
// letters" and no separate digits are asked for, so every position is drawn
// uniformly from all 32 characters: a fixed count of digits would cost bits.
var rules = struct {
	letters, digits  string
	length, nDigits  int
	noUpper, repeats bool
}{letters: Alphabet, digits: "0123456789", length: Length, nDigits: 0, noUpper: true, repeats: true}

// Generate returns a fresh passphrase in its dashed form, drawing randomness
// from rand (crypto/rand when nil).
func Generate(rand io.Reader) (string, error) {
	g, err := password.NewGenerator(&password.GeneratorInput{
		LowerLetters: rules.letters,
		Digits:       rules.digits,
		Reader:       rand,
	})
	if err != nil {
		return "", fmt.Errorf("setting up the passphrase generator: %w", err)
	}
	raw, err := g.Generate(rules.length, rules.nDigits, 0, rules.noUpper, rules.repeats)
	if err != nil {
		return "", fmt.Errorf("generating a passphrase: %w", err)
	}
	return group(raw), nil
}

// Entropy is the strength of a generated passphrase in bits, computed from
// the generator's rules: the choice of digit positions, then each digit and
// each letter drawn independently (repeats allowed).
func Entropy() float64 {
	n, d := rules.length, rules.nDigits
	positions := new(big.Int).Binomial(int64(n), int64(d))
	pf, _ := new(big.Float).SetInt(positions).Float64()
	return math.Log2(pf) +
		float64(d)*math.Log2(float64(len(rules.digits))) +
		float64(n-d)*math.Log2(float64(len(rules.letters)))
}

func group(raw string) string {
	var b strings.Builder
	for i, r := range raw {
		if i > 0 && i%GroupSize == 0 {
			b.WriteByte('-')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// lookalikes maps what people type by mistake onto the alphabet, as
// Crockford base32 does.
var lookalikes = map[rune]rune{'o': '0', 'i': '1', 'l': '1'}

// Canonical returns the dashed form of a passphrase that has the generated
// shape however it was typed: any case, with or without dashes or spaces,
// o for 0 and i or l for 1. ok is false when typed is not in that shape; it
// must then be used exactly as given.
func Canonical(typed string) (canonical string, ok bool) {
	var b strings.Builder
	for _, r := range strings.ToLower(typed) {
		switch {
		case r == '-' || r == ' ' || r == '\t':
			continue
		case lookalikes[r] != 0:
			r = lookalikes[r]
		case !strings.ContainsRune(Alphabet, r):
			return "", false
		}
		b.WriteRune(r)
	}
	if b.Len() != Length {
		return "", false
	}
	return group(b.String()), true
}

// Candidates lists the passphrases to try for what a person typed: the
// canonical form first when it has the generated shape, then the exact text
// if that differs. Both are needed because a passphrase of the user's own
// may happen to look like a mistyped generated one.
func Candidates(typed string) []string {
	c, ok := Canonical(typed)
	switch {
	case !ok:
		return []string{typed}
	case c == typed:
		return []string{c}
	default:
		return []string{c, typed}
	}
}

var phonetic = map[rune]string{
	'a': "alpha", 'b': "bravo", 'c': "charlie", 'd': "delta", 'e': "echo",
	'f': "foxtrot", 'g': "golf", 'h': "hotel", 'i': "india", 'j': "juliett",
	'k': "kilo", 'l': "lima", 'm': "mike", 'n': "november", 'o': "oscar",
	'p': "papa", 'q': "quebec", 'r': "romeo", 's': "sierra", 't': "tango",
	'u': "uniform", 'v': "victor", 'w': "whiskey", 'x': "x-ray", 'y': "yankee",
	'z': "zulu", '0': "zero", '1': "one", '2': "two", '3': "three",
	'4': "four", '5': "five", '6': "six", '7': "seven", '8': "eight",
	'9': "nine", '-': "dash",
}

// Phonetic spells p for reading aloud, one line per dash-separated group:
// "seven kilo quebec mike".
func Phonetic(p string) []string {
	var lines []string
	for _, grp := range strings.Split(p, "-") {
		words := make([]string, 0, len(grp))
		for _, r := range grp {
			w, ok := phonetic[r]
			if !ok {
				w = string(r)
			}
			words = append(words, w)
		}
		lines = append(lines, strings.Join(words, " "))
	}
	return lines
}
