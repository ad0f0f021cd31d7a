package seal

import (
	"bytes"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"runtime/debug"
	"slices"
	"strconv"

	"filippo.io/age"
)

// Scrypt and the stream at once.
//
// The scrypt that wraps the file key for a passphrase takes 0.6 s of one
// core at work factor 18, and age runs it before it writes a byte, so an
// encryption is scrypt and then the stream, one core idle throughout. But
// the payload depends only on the file key, and a scrypt stanza has the
// same length whatever its salt and wrapped key. So, when the output is a
// file it can write back into, lockbox gives age a placeholder stanza of
// that shape, runs the real scrypt on another goroutine while age writes
// the payload, and then writes the real header over the placeholder.
//
// age has no API to write a header for a file key it has already drawn,
// hence marshalHeader, by the format's spec (age-encryption.org/v1). It is
// checked on every encryption: first that it gives byte for byte the
// placeholder header age wrote, then that age reads the real header back
// with a valid MAC and exactly the stanza scrypt made.

// passphraseRecipient is age's scrypt recipient with its work factor
// known, which the placeholder stanza needs (age keeps it private).
type passphraseRecipient struct {
	*age.ScryptRecipient
	workFactor int
}

// PassphraseRecipient encrypts to a passphrase with the given scrypt work
// factor (DefaultWorkFactor unless testing).
func PassphraseRecipient(p string, workFactor int) (age.Recipient, error) {
	r, err := age.NewScryptRecipient(p)
	if err != nil {
		return nil, err
	}
	r.SetWorkFactor(workFactor)
	return &passphraseRecipient{r, workFactor}, nil
}

// rewritable is an output the header can be written back into.
type rewritable interface {
	io.WriterAt
	io.ReaderAt
}

// lateScrypt stands in for a passphrase recipient while the payload is
// written; finish then puts the real stanza in the header.
type lateScrypt struct {
	r           *passphraseRecipient
	fileKey     []byte
	placeholder []*age.Stanza
	wrapped     chan wrapResult
}

type wrapResult struct {
	stanzas []*age.Stanza
	err     error
}

// deferScrypt returns a lateScrypt when recipients is one passphrase and
// dst a file that can be written back into; nil otherwise.
func deferScrypt(dst io.Writer, recipients []age.Recipient, armored bool) (*lateScrypt, rewritable) {
	if len(recipients) != 1 || armored {
		return nil, nil
	}
	r, ok := recipients[0].(*passphraseRecipient)
	f, isFile := dst.(rewritable)
	if !ok || !isFile {
		return nil, nil
	}
	return &lateScrypt{r: r, wrapped: make(chan wrapResult, 1)}, f
}

func (l *lateScrypt) Wrap(fileKey []byte) ([]*age.Stanza, error) {
	s, _, err := l.WrapWithLabels(fileKey)
	return s, err
}

// WrapWithLabels starts scrypt and returns the placeholder at once. The
// label is random, as age's own scrypt recipient makes it, so that a
// passphrase is never mixed with other recipients.
func (l *lateScrypt) WrapWithLabels(fileKey []byte) ([]*age.Stanza, []string, error) {
	if l.fileKey != nil {
		return nil, nil, errors.New("a file key was wrapped twice")
	}
	l.fileKey = bytes.Clone(fileKey)
	go func() {
		s, err := l.r.Wrap(l.fileKey)
		debug.FreeOSMemory() // scrypt's working memory, 256 MiB at work factor 18
		l.wrapped <- wrapResult{s, err}
	}()
	l.placeholder = []*age.Stanza{{
		Type: "scrypt",
		Args: []string{b64.EncodeToString(make([]byte, 16)), strconv.Itoa(l.r.workFactor)},
		Body: make([]byte, len(fileKey)+16), // the key sealed with ChaCha20-Poly1305
	}}
	label := make([]byte, 16)
	rand.Read(label)
	return l.placeholder, []string{hex.EncodeToString(label)}, nil
}

// finish waits for scrypt and writes the real header over the placeholder
// at the start of f, once the whole payload is written.
func (l *lateScrypt) finish(f rewritable) error {
	res := <-l.wrapped
	if res.err != nil {
		return fmt.Errorf("wrapping the file key: %w", res.err)
	}
	placeholder, err := marshalHeader(l.placeholder, l.fileKey)
	if err != nil {
		return err
	}
	written := make([]byte, len(placeholder))
	if _, err := f.ReadAt(written, 0); err != nil {
		return fmt.Errorf("reading the header back: %w", err)
	}
	if !bytes.Equal(written, placeholder) {
		return errors.New("the header would not be written as age writes it")
	}
	hdr, err := marshalHeader(res.stanzas, l.fileKey)
	if err != nil {
		return err
	}
	if len(hdr) != len(placeholder) {
		return errors.New("the scrypt stanza is not the length expected")
	}
	if _, err := f.WriteAt(hdr, 0); err != nil {
		return fmt.Errorf("writing the header: %w", err)
	}
	back := make([]byte, len(hdr))
	if _, err := f.ReadAt(back, 0); err != nil {
		return fmt.Errorf("reading the header back: %w", err)
	}
	if _, err := age.DecryptHeader(back, stanzasAre{res.stanzas, l.fileKey}); err != nil {
		return &VerifyError{Err: fmt.Errorf("the header does not read back: %w", err)}
	}
	return nil
}

// stanzasAre is an identity that knows the file key and accepts a header
// only if its stanzas are exactly these; age checks the MAC with the key.
type stanzasAre struct {
	want    []*age.Stanza
	fileKey []byte
}

func (s stanzasAre) Unwrap(got []*age.Stanza) ([]byte, error) {
	if len(got) != len(s.want) {
		return nil, errors.New("the header has other stanzas")
	}
	for i, g := range got {
		w := s.want[i]
		if g.Type != w.Type || !slices.Equal(g.Args, w.Args) || !bytes.Equal(g.Body, w.Body) {
			return nil, errors.New("a stanza differs from the one written")
		}
	}
	return s.fileKey, nil
}

// b64 is the format's base64: standard alphabet, no padding.
var b64 = base64.RawStdEncoding

// bodyColumns is the width of a stanza body's lines.
const bodyColumns = 64

// marshalHeader writes an age header: the version line, each stanza (an
// "->" line of type and arguments, then its body in base64 lines of 64
// columns, the last one shorter, even empty), and the "---" line with the
// MAC, an HMAC-SHA-256 of everything before it under a key derived from
// the file key with HKDF (info "header").
func marshalHeader(stanzas []*age.Stanza, fileKey []byte) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("age-encryption.org/v1\n")
	for _, s := range stanzas {
		b.WriteString("-> " + s.Type)
		for _, a := range s.Args {
			b.WriteString(" " + a)
		}
		b.WriteByte('\n')
		body := b64.EncodeToString(s.Body)
		for len(body) >= bodyColumns {
			b.WriteString(body[:bodyColumns] + "\n")
			body = body[bodyColumns:]
		}
		b.WriteString(body + "\n")
	}
	b.WriteString("---")
	key, err := hkdf.Key(sha256.New, fileKey, nil, "header", 32)
	if err != nil {
		return nil, err
	}
	mac := hmac.New(sha256.New, key)
	mac.Write(b.Bytes())
	b.WriteString(" " + b64.EncodeToString(mac.Sum(nil)) + "\n")
	return b.Bytes(), nil
}
