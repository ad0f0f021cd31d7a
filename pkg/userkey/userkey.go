// Package userkey keeps the per-user secret keys lockbox makes on first
// use, in the user's configuration directory (lockbox/NAME, mode 0600): the
// pseudonymisation key and the key that makes the ledger tamper-evident.
package userkey

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

// MinBytes is the shortest key Get accepts of a key it made.
const MinBytes = 32

// Path is where the key called name lives: lockbox/name in the user's
// configuration directory.
func Path(name string) (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "lockbox", name), nil
}

// Load reads a key file: its bytes, less white space at either end, are
// the key, and there must be at least least of them. what names the key
// in the error ("a pseudonymisation key").
func Load(path, what string, least int) ([]byte, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	key := bytes.TrimSpace(data)
	if len(key) < least {
		return nil, fmt.Errorf("%q holds %d bytes; %s needs at least %d", path, len(key), what, least)
	}
	return key, nil
}

// Get returns the key called name, making one (32 random bytes, written
// in hex, mode 0600) on first use. created reports a new key. Two
// processes making it at once agree on one.
func Get(name string) (key []byte, path string, created bool, err error) {
	if path, err = Path(name); err != nil {
		return nil, "", false, err
	}
	key, err = Load(path, "a key", MinBytes)
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
			key, err = Load(path, "a key", MinBytes)
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
			key, err = Load(path, "a key", MinBytes)
			return key, path, false, err
		}
		return nil, path, false, err
	}
	return []byte(hex.EncodeToString(raw)), path, true, nil
}
