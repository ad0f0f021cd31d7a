package seal

import (
	"errors"
	"runtime/debug"

	"filippo.io/age"

	"github.com/lockbox-tool/lockbox/pkg/passphrase"
)

// LazyPassphrase is an identity that asks for the passphrase only when the
// file turns out to be encrypted to one (it holds a scrypt stanza), as
// age's own command does: a file encrypted to keys is then refused for
// what it is, without a question nobody can answer. Each reading of what
// was typed (see PassphraseIdentities) is tried in turn, with the memory
// of each scrypt given back before the next.
type LazyPassphrase struct {
	// Ask returns the passphrase; attempt counts from 1. A prompt asks
	// again after a wrong one; a passphrase from a file is asked once.
	Ask      func(attempt int) (string, error)
	Attempts int // at least one
	// MaxWorkFactor bounds the scrypt work factor the file may ask for.
	MaxWorkFactor int

	generated bool // the last passphrase typed has the generated shape
}

// AskError is an error of LazyPassphrase.Ask (no terminal, a passphrase
// file that cannot be read), which Decrypt returns as it is.
type AskError struct{ Err error }

func (e *AskError) Error() string { return e.Err.Error() }
func (e *AskError) Unwrap() error { return e.Err }

// Unwrap implements age.Identity.
func (l *LazyPassphrase) Unwrap(stanzas []*age.Stanza) ([]byte, error) {
	hasScrypt := false
	for _, s := range stanzas {
		hasScrypt = hasScrypt || s.Type == "scrypt"
	}
	if !hasScrypt {
		return nil, age.ErrIncorrectIdentity
	}
	for attempt := 1; attempt <= max(l.Attempts, 1); attempt++ {
		typed, err := l.Ask(attempt)
		if err != nil {
			return nil, &AskError{err}
		}
		_, l.generated = passphrase.Canonical(typed)
		ids, err := PassphraseIdentities(typed, l.MaxWorkFactor)
		if err != nil {
			return nil, err
		}
		for _, id := range ids {
			debug.FreeOSMemory()
			key, err := id.Unwrap(stanzas)
			if err == nil {
				return key, nil
			}
			if !errors.Is(err, age.ErrIncorrectIdentity) {
				return nil, err // a work factor over the limit, a malformed stanza
			}
		}
	}
	return nil, age.ErrIncorrectIdentity
}
