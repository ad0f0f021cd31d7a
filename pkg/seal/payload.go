package seal

import (
	"bufio"
	"bytes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"runtime/debug"

	"filippo.io/age"
	"golang.org/x/crypto/chacha20poly1305"
)

// lockbox reads age's payload with its own reader of the STREAM format
// (age-encryption.org/v1: HKDF-SHA-256 stream key, 64 KiB ChaCha20-Poly1305
// chunks, a big-endian chunk counter and a last-chunk flag in the nonce).
// age's reader allocates a fresh 64 KiB buffer for every chunk: in the
// verifier, beside encryption, that garbage cost 25 collections and 8% of
// the CPU per 190 MB (GODEBUG=gctrace=1), and it held decryption's peak
// memory at 37 MB. This one reuses its buffers. Everything else stays
// with age: parsing the header, matching identities, scrypt and its work
// factor limit, and the header MAC (age.DecryptHeader).

const (
	chunkSize    = 64 << 10
	encChunkSize = chunkSize + chacha20poly1305.Overhead
	streamNonce  = 16
	maxHeader    = 1 << 20
)

// readHeader returns the header of an age file: everything up to and
// including the "--- " MAC line. Recipient stanzas start with "-> " and
// their bodies are base64, so the first line starting "--- " ends it.
func readHeader(r *bufio.Reader) ([]byte, error) {
	var hdr []byte
	for len(hdr) < maxHeader {
		line, err := r.ReadSlice('\n')
		hdr = append(hdr, line...)
		if err == bufio.ErrBufferFull {
			continue // a long line: keep reading it
		}
		if err != nil {
			return nil, fmt.Errorf("reading the header: %w", err)
		}
		if bytes.HasPrefix(line, []byte("--- ")) {
			return hdr, nil
		}
	}
	return nil, errors.New("the header is too long")
}

// decryptHeader unwraps the file key with age.DecryptHeader. The scrypt
// identities, one per way the passphrase may have been typed, are tried
// one at a time, with the memory of each scrypt given back before the
// next: given together, the second would allocate while the first's 1 GiB
// (at work factor 20) was still held.
func decryptHeader(hdr []byte, ids []age.Identity) ([]byte, error) {
	var scrypts, others []age.Identity
	for _, id := range ids {
		if _, ok := id.(limited); ok {
			scrypts = append(scrypts, id)
		} else {
			others = append(others, id)
		}
	}
	if len(scrypts) == 0 {
		return age.DecryptHeader(hdr, ids...)
	}
	var err error
	for _, id := range scrypts {
		// Give back what start-up and the last scrypt left, so that each
		// scrypt's memory is about all there is.
		debug.FreeOSMemory()
		var key []byte
		if key, err = age.DecryptHeader(hdr, append(others[:len(others):len(others)], id)...); err == nil {
			return key, nil
		}
		var noMatch *age.NoIdentityMatchError
		if !errors.As(err, &noMatch) {
			return nil, err
		}
	}
	return nil, err
}

// openPayload reads the header in r, unwraps the file key with the
// identities (age checks the header's structure and MAC) and returns a
// reader of the plaintext that follows. Only a read that reaches io.EOF
// proves the whole payload genuine.
func openPayload(r *bufio.Reader, identities ...age.Identity) (io.Reader, error) {
	hdr, err := readHeader(r)
	if err != nil {
		return nil, err
	}
	fileKey, err := decryptHeader(hdr, identities)
	if err != nil {
		return nil, err
	}
	var nonce [streamNonce]byte
	if _, err := io.ReadFull(r, nonce[:]); err != nil {
		return nil, fmt.Errorf("reading the payload nonce: %w", err)
	}
	key, err := hkdf.Key(sha256.New, fileKey, nonce[:], "payload", chacha20poly1305.KeySize)
	if err != nil {
		return nil, err
	}
	aead, err := chacha20poly1305.New(key)
	if err != nil {
		return nil, err
	}
	return &payloadReader{src: r, aead: aead, in: make([]byte, encChunkSize), out: make([]byte, 0, chunkSize)}, nil
}

type payloadReader struct {
	src    *bufio.Reader
	aead   cipher.AEAD
	nonce  [chacha20poly1305.NonceSize]byte
	chunks int64
	in     []byte // one encrypted chunk, reused
	out    []byte // its plaintext, reused
	unread []byte
	done   bool
	err    error
}

func (p *payloadReader) Read(b []byte) (int, error) {
	for len(p.unread) == 0 {
		switch {
		case p.err != nil:
			return 0, p.err
		case p.done:
			return 0, io.EOF
		}
		p.err = p.readChunk()
	}
	n := copy(b, p.unread)
	p.unread = p.unread[n:]
	return n, nil
}

// readChunk decrypts the next chunk. A short chunk must be the last; a
// full one is tried as an inner chunk first and then as the last, as age
// does, so that a file cut at a chunk boundary reads as incomplete.
func (p *payloadReader) readChunk() error {
	n, err := io.ReadFull(p.src, p.in)
	last := false
	switch err {
	case nil:
	case io.ErrUnexpectedEOF:
		last = true
		if n == chacha20poly1305.Overhead && p.chunks > 0 {
			return errors.New("the last chunk is empty")
		}
	case io.EOF:
		return io.ErrUnexpectedEOF // the payload ended without a last chunk
	default:
		return err
	}
	if last {
		p.nonce[len(p.nonce)-1] = 1
	}
	out, err := p.aead.Open(p.out[:0], p.nonce[:], p.in[:n], nil)
	if err != nil && !last {
		last = true
		p.nonce[len(p.nonce)-1] = 1
		out, err = p.aead.Open(p.out[:0], p.nonce[:], p.in[:n], nil)
	}
	if err != nil && n < len(p.in) {
		// A short last chunk that does not authenticate is what a file cut
		// off in transfer ends in; one whose bytes changed can too, and
		// nothing tells the two apart, so the error says both.
		return ErrEndsBadly
	}
	if err != nil {
		return errors.New("a payload chunk did not authenticate")
	}
	if last {
		// Nothing may follow the last chunk.
		if _, perr := p.src.Peek(1); perr != io.EOF {
			return errors.New("data follows the last chunk")
		}
	}
	p.chunks++
	for i := len(p.nonce) - 2; i >= 0; i-- { // the counter: big-endian, 11 bytes
		p.nonce[i]++
		if p.nonce[i] != 0 {
			break
		}
	}
	p.unread, p.done = out, last
	return nil
}
