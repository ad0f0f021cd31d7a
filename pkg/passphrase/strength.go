package passphrase

import (
	"fmt"
	"math"
	"strings"

	"github.com/lockbox-tool/lockbox/internal/zxcvbn"
)

// MinBits is the least estimated strength accepted for a passphrase of the
// user's own. A generated one has 100.
const MinBits = 60

// judged is how many characters of a passphrase are estimated.
const judged = 100

// WeakError says a passphrase is too easy to guess. It never holds the
// passphrase itself, so it is safe to print.
type WeakError struct {
	Bits float64
}

func (e *WeakError) Error() string {
	return fmt.Sprintf("passphrase is too weak (about %.0f bits, at least %d needed)", e.Bits, MinBits)
}

// CheckStrength estimates how hard p is to guess with zxcvbn, which knows
// common passwords, words, names, dates, keyboard patterns and
// substitutions, and returns a *WeakError under MinBits: trustelem's port
// of zxcvbn 4.4.2, the current release, in a copy that builds its
// dictionaries (19 ms, 10 MB) on the first check instead of when any
// lockbox command starts (internal/zxcvbn).
func CheckStrength(p string) error {
	// The estimator gives up (0 guesses) on bytes that are not UTF-8, as a
	// passphrase saved in Latin-1 would be: judge it with those replaced.
	p = strings.ToValidUTF8(p, "\ufffd")
	// Its matching grows faster than the square of the length: 100
	// characters take 35 ms, 500 a second, 1,000 nine. The first ones are
	// judged, which are no harder to guess than the whole.
	if i := runeOffset(p, judged); i < len(p) {
		p = p[:i]
	}
	guesses := zxcvbn.Guesses(p)
	if bits := math.Log2(max(guesses, 1)); bits < MinBits {
		return &WeakError{Bits: bits}
	}
	return nil
}

// runeOffset is the byte offset of rune n of s, or len(s).
func runeOffset(s string, n int) int {
	for i := range s {
		if n == 0 {
			return i
		}
		n--
	}
	return len(s)
}
