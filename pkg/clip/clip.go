// Package clip puts a secret on the system clipboard and takes it off again.
//
// It wraps github.com/atotto/clipboard, which picks xclip, xsel or wl-copy
// by what is installed and hands them the text on stdin (never in argv).
// That library does not check for a display, and without one xclip fails
// with a bare "exit status 1"; this package checks first and says what is
// missing.
package clip

import (
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"fmt"
	"os"

	"github.com/atotto/clipboard"
)

// UnavailableError says why there is no clipboard to use.
type UnavailableError struct{ Reason string }

func (e *UnavailableError) Error() string { return "no clipboard: " + e.Reason }

// Available reports whether a clipboard can be used here.
func Available() error {
	switch {
	case clipboard.Unsupported:
		return &UnavailableError{"none of xclip, xsel or wl-copy is installed"}
	case os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == "":
		return &UnavailableError{"no graphical display (DISPLAY and WAYLAND_DISPLAY are unset)"}
	}
	return nil
}

// Copy puts secret on the clipboard.
func Copy(secret string) error {
	if err := Available(); err != nil {
		return err
	}
	if err := clipboard.WriteAll(secret); err != nil {
		return &UnavailableError{fmt.Sprintf("the clipboard tool failed (%v)", err)}
	}
	return nil
}

// Sum is what ClearIfUnchanged compares, so the process that clears the
// clipboard later never holds the secret itself.
func Sum(secret string) [32]byte { return sha256.Sum256([]byte(secret)) }

// ClearIfUnchanged empties the clipboard if it still holds the secret whose
// Sum is given. Something the user copied since is left alone. It reports
// whether it cleared.
func ClearIfUnchanged(sum [32]byte) (bool, error) {
	if err := Available(); err != nil {
		return false, err
	}
	cur, err := clipboard.ReadAll()
	if err != nil {
		return false, &UnavailableError{fmt.Sprintf("reading the clipboard failed (%v)", err)}
	}
	got := sha256.Sum256([]byte(cur))
	if subtle.ConstantTimeCompare(got[:], sum[:]) != 1 {
		return false, nil
	}
	if err := clipboard.WriteAll(""); err != nil {
		return false, errors.New("clearing the clipboard failed")
	}
	return true, nil
}
