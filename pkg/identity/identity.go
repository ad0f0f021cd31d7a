// Package identity keeps your own age key, the one clients encrypt files
// to with a request page (lockbox request): an X25519 identity in an age
// key file, in your configuration directory (lockbox/identity.txt, mode
// 0600), in the format age-keygen writes, so that age -d -i opens the
// same files.
//
// It also reads the request marker: a page made by lockbox request adds
// to each file a stanza naming the request it answers, which no age
// identity opens (so age ignores it) and which lockbox reads to record
// what was received from whom.
package identity

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"filippo.io/age"

	"github.com/lockbox-tool/lockbox/pkg/atomicfile"
	"github.com/lockbox-tool/lockbox/pkg/userkey"
)

// FileName is the name of your key file in lockbox's configuration
// directory.
const FileName = "identity.txt"

// DefaultPath is where your key lives unless you name another.
func DefaultPath() (string, error) {
	return userkey.Path(FileName)
}

// Generate makes a new identity and writes it to path, mode 0600. It
// never replaces a file: a lost key is every file sent to it lost, so an
// existing file is an *atomicfile.ExistsError. The directory must exist.
func Generate(path string) (*age.X25519Identity, error) {
	id, err := age.GenerateX25519Identity()
	if err != nil {
		return nil, err
	}
	f, err := atomicfile.Create(path, 0o600, false)
	if err != nil {
		return nil, err
	}
	defer f.Abort()
	if err := Write(f, id, time.Now()); err != nil {
		return nil, err
	}
	return id, f.Commit()
}

// Write writes id as age-keygen does: two comment lines (when it was
// made, and its public key), then the key.
func Write(w io.Writer, id *age.X25519Identity, made time.Time) error {
	_, err := fmt.Fprintf(w, "# created: %s\n# public key: %s\n%s\n",
		made.Format(time.RFC3339), id.Recipient(), id)
	return err
}

// ErrNotX25519 is returned by Load for a key file whose first key is not
// an X25519 age key (a post-quantum key, say): a request page encrypts to
// X25519 keys only.
var ErrNotX25519 = errors.New("the key file holds no X25519 age key (AGE-SECRET-KEY-1...)")

// maxKeyFile bounds a key file: it is a few lines.
const maxKeyFile = 64 << 10

// Load reads the first X25519 identity of the age key file at path.
func Load(path string) (*age.X25519Identity, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	ids, err := age.ParseIdentities(io.LimitReader(f, maxKeyFile))
	if err != nil {
		return nil, err
	}
	for _, id := range ids {
		if x, ok := id.(*age.X25519Identity); ok {
			return x, nil
		}
	}
	return nil, ErrNotX25519
}

// MarkerType is the stanza type of a request marker: "-> lockbox-request
// ID", with an empty body. It wraps no file key: it only says which
// request a file answers, and any age implementation skips it.
const MarkerType = "lockbox-request"

// Marked is an identity that also notes the request marker of the file it
// opens. Use it where the identity it wraps would be used.
type Marked struct {
	age.Identity
	// Request is the marker's request ID once this identity opened a
	// file that has one, or "".
	Request string
}

// Unwrap implements age.Identity: the identity it wraps unwraps the file
// key, and if it did, the marker is noted.
func (m *Marked) Unwrap(stanzas []*age.Stanza) ([]byte, error) {
	key, err := m.Identity.Unwrap(stanzas)
	if err != nil {
		return nil, err
	}
	for _, s := range stanzas {
		if s.Type == MarkerType && len(s.Args) == 1 && validID(s.Args[0]) {
			m.Request = s.Args[0]
		}
	}
	return key, nil
}

// validID says whether s has the shape of the request IDs NewRequestID
// makes; anything else in a marker is ignored rather than recorded.
func validID(s string) bool {
	if len(s) != requestIDLen {
		return false
	}
	for _, c := range s {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// requestIDLen is the length of a request ID: 16 hex digits.
const requestIDLen = 16

// NewRequestID makes a random request ID. It names a request in the
// ledger and in the files that answer it; it says nothing about whom.
func NewRequestID() (string, error) {
	b := make([]byte, requestIDLen/2)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return hex.EncodeToString(b), nil
}
