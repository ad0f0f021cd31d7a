package strip

import "github.com/lockbox-tool/lockbox/pkg/userkey"

// LoadKey reads a pseudonymisation key file: its bytes, less white space
// at either end, are the key, and there must be at least MinKeyBytes.
func LoadKey(path string) ([]byte, error) {
	return userkey.Load(path, "a pseudonymisation key", MinKeyBytes)
}

// UserKey returns the per-user pseudonymisation key, lockbox/pseudonym.key
// in the user's configuration directory, making one on first use. created
// reports a new key.
func UserKey() (key []byte, path string, created bool, err error) {
	return userkey.Get("pseudonym.key")
}
