package strip

import (
	"bytes"
	"fmt"
	"os"

	"github.com/lockbox-tool/lockbox/pkg/userkey"
)

// LoadKey reads a pseudonymisation key file: its bytes, less white space
// at either end, are the key, and there must be at least MinKeyBytes.
func LoadKey(path string) ([]byte, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	key := bytes.TrimSpace(data)
	if len(key) < MinKeyBytes {
		return nil, fmt.Errorf("%q holds %d bytes; a pseudonymisation key needs at least %d", path, len(key), MinKeyBytes)
	}
	return key, nil
}

// UserKey returns the per-user pseudonymisation key, lockbox/pseudonym.key
// in the user's configuration directory, making one on first use. created
// reports a new key.
func UserKey() (key []byte, path string, created bool, err error) {
	return userkey.Get("pseudonym.key")
}
