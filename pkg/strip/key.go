package strip

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/lockbox-tool/lockbox/pkg/atomicfile"
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

// UserKeyPath is where the per-user key lives: lockbox/pseudonym.key in
// the user's configuration directory.
func UserKeyPath() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "lockbox", "pseudonym.key"), nil
}

// UserKey returns the per-user key, making one (32 random bytes, written
// in hex, mode 0600) on first use. created reports a new key.
func UserKey() (key []byte, path string, created bool, err error) {
	if path, err = UserKeyPath(); err != nil {
		return nil, "", false, err
	}
	key, err = LoadKey(path)
	if !errors.Is(err, os.ErrNotExist) {
		return key, path, false, err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, path, false, err
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return nil, path, false, err
	}
	f, err := atomicfile.Create(path, 0o600, false)
	if err != nil {
		var exists *atomicfile.ExistsError
		if errors.As(err, &exists) { // made by another lockbox just now
			key, err = LoadKey(path)
			return key, path, false, err
		}
		return nil, path, false, err
	}
	defer f.Abort()
	if _, err := f.Write([]byte(hex.EncodeToString(raw) + "\n")); err != nil {
		return nil, path, false, err
	}
	if err := f.Commit(); err != nil {
		var exists *atomicfile.ExistsError
		if errors.As(err, &exists) {
			key, err = LoadKey(path)
			return key, path, false, err
		}
		return nil, path, false, err
	}
	return []byte(hex.EncodeToString(raw)), path, true, nil
}
