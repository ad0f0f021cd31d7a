package passphrase

import (
	"fmt"

	"github.com/ccojocar/zxcvbn-go"
)

// MinBits is the least estimated strength accepted for a passphrase of the
// user's own. A generated one has 100.
const MinBits = 60

// WeakError says a passphrase is too easy to guess. It never holds the
// passphrase itself, so it is safe to print.
type WeakError struct {
	Bits float64
}

func (e *WeakError) Error() string {
	return fmt.Sprintf("passphrase is too weak (about %.0f bits, at least %d needed)", e.Bits, MinBits)
}

// CheckStrength estimates how hard p is to guess with zxcvbn, which knows
// common passwords, words, dates, keyboard patterns and substitutions, and
// returns a *WeakError under MinBits.
func CheckStrength(p string) error {
	if bits := zxcvbn.PasswordStrength(p, nil).Entropy; bits < MinBits {
		return &WeakError{Bits: bits}
	}
	return nil
}
