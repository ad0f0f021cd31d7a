package zxcvbn

import (
	"testing"

	upstream "github.com/trustelem/zxcvbn"
)

// TestSameAsUpstream: the copy with lazy dictionaries gives the library's
// own guesses.
func TestSameAsUpstream(t *testing.T) {
	for _, p := range []string{
		"", "a", "password", "Password2024!", "correct horse battery staple", "Tr0ub4dor&3",
		"qwertyuiop", "1234567890", "zxcvbn", "jan-2019", "13/05/1984", "aaaaaaaaaaaa", "abcdefgh",
		"P@ssw0rd", "drowssap", "purple giraffes juggle nine teapots", "7kqm-x2fp-9hr0-w3bn-c81v",
		"Welcome123", "lockbox", "dvorak;qjkx", "ännchen-grüße", "日本語のパスワード", "\xff\xfe",
	} {
		if got, want := Guesses(p), upstream.PasswordStrength(p, nil).Guesses; got != want {
			t.Errorf("%q: %g guesses, upstream %g", p, got, want)
		}
	}
}
