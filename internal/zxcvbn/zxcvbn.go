// Package zxcvbn estimates how many guesses a password takes to find:
// trustelem/zxcvbn's PasswordStrength over a copy of its matching package
// that builds its dictionaries on first use (see README.md).
package zxcvbn

import (
	"unicode/utf8"

	"github.com/trustelem/zxcvbn/scoring"

	"github.com/lockbox-tool/lockbox/internal/zxcvbn/matching"
)

// Guesses is the estimated number of guesses to find password; 0 for a
// password that is not UTF-8, which upstream does not judge either.
func Guesses(password string) float64 {
	if !utf8.ValidString(password) {
		return 0
	}
	matches := matching.Omnimatch(password, nil)
	return scoring.MostGuessableMatchSequence(password, matches, false).Guesses
}
