package seal

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"filippo.io/age"
	"filippo.io/age/agessh"
	"golang.org/x/crypto/ssh"
)

// ParseRecipient parses a public key: age X25519 (age1...), age
// post-quantum (age1pq1...), ssh-ed25519 or ssh-rsa.
func ParseRecipient(s string) (age.Recipient, error) {
	s = strings.TrimSpace(s)
	switch {
	case strings.HasPrefix(s, "age1pq1"):
		return age.ParseHybridRecipient(s)
	case strings.HasPrefix(s, "age1"):
		return age.ParseX25519Recipient(s)
	case strings.HasPrefix(s, "ssh-"):
		return agessh.ParseRecipient(s)
	case strings.HasPrefix(s, "AGE-SECRET-KEY-"):
		// Do not repeat a private key in an error message.
		return nil, errors.New("this is a private key, not a public one")
	}
	return nil, errors.New("unknown key type (want age1..., ssh-ed25519 or ssh-rsa)")
}

// maxKeyFile bounds recipient and identity files: they are small.
const maxKeyFile = 1 << 20

// ParseRecipients reads one public key per line; blank lines and lines
// starting with # are ignored. Errors name the line number.
func ParseRecipients(r io.Reader) ([]age.Recipient, error) {
	var rs []age.Recipient
	sc := bufio.NewScanner(io.LimitReader(r, maxKeyFile))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		rc, err := ParseRecipient(line)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
		rs = append(rs, rc)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(rs) == 0 {
		return nil, errors.New("no keys found")
	}
	return rs, nil
}

// ParseIdentities reads an age identity file or an unencrypted SSH private
// key (ed25519 or RSA).
func ParseIdentities(r io.Reader) ([]age.Identity, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxKeyFile))
	if err != nil {
		return nil, err
	}
	if bytes.Contains(data, []byte("PRIVATE KEY-----")) {
		id, err := agessh.ParseIdentity(data)
		if err != nil {
			var missing *ssh.PassphraseMissingError
			if errors.As(err, &missing) {
				return nil, errors.New("the SSH key is protected by a passphrase; use an unprotected copy or an age key")
			}
			return nil, fmt.Errorf("reading the SSH key: %w", err)
		}
		return []age.Identity{id}, nil
	}
	ids, err := age.ParseIdentities(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	return ids, nil
}
