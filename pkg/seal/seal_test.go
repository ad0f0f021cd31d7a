package seal

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"filippo.io/age"
)

// testWorkFactor keeps scrypt cheap in tests.
const testWorkFactor = 10

const pass = "7kqm-x2fp-9hr0-w3bn-c81v"

func payload(n int) []byte {
	b := make([]byte, n)
	rand.NewChaCha8([32]byte{1}).Read(b)
	return b
}

func encryptTo(t *testing.T, dst io.Writer, plain []byte, opts Options, rs ...age.Recipient) Result {
	t.Helper()
	if len(rs) == 0 {
		r, err := PassphraseRecipient(pass, testWorkFactor)
		if err != nil {
			t.Fatal(err)
		}
		rs = []age.Recipient{r}
	}
	res, err := Encrypt(context.Background(), dst, bytes.NewReader(plain), rs, opts)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func decryptAll(ct []byte, ids []age.Identity) ([]byte, error) {
	r, err := Decrypt(context.Background(), bytes.NewReader(ct), ids)
	if err != nil {
		return nil, err
	}
	return io.ReadAll(r)
}

func passIDs(t *testing.T, typed string) []age.Identity {
	t.Helper()
	ids, err := PassphraseIdentities(typed, DefaultMaxWorkFactor)
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

func TestRoundTripVerified(t *testing.T) {
	for _, size := range []int{0, 1, 64 << 10, 64<<10 + 1, 1<<20 + 17} {
		for _, armored := range []bool{false, true} {
			for _, toFile := range []bool{false, true} {
				plain := payload(size)
				var ct []byte
				var res Result
				if toFile {
					f, err := os.Create(filepath.Join(t.TempDir(), "out.age"))
					if err != nil {
						t.Fatal(err)
					}
					res = encryptTo(t, f, plain, Options{Armor: armored, Verify: true})
					f.Close()
					ct, _ = os.ReadFile(f.Name())
				} else {
					var buf bytes.Buffer
					res = encryptTo(t, &buf, plain, Options{Armor: armored, Verify: true})
					ct = buf.Bytes()
				}
				if !res.Verified || res.Size != int64(size) {
					t.Errorf("size %d armor %v file %v: Result %+v", size, armored, toFile, res)
				}
				if armored != (Sniff(ct) == Armored) || (!armored && Sniff(ct) != Binary) {
					t.Errorf("Sniff = %v, armored %v", Sniff(ct), armored)
				}
				got, err := decryptAll(ct, passIDs(t, pass))
				if err != nil || !bytes.Equal(got, plain) {
					t.Fatalf("size %d armor %v file %v: round trip failed: %v", size, armored, toFile, err)
				}
			}
		}
	}
}

// corruptingFile reads back something other than what was written. Like an
// *os.File, it may be written and read at once.
type corruptingFile struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (c *corruptingFile) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.buf.Write(p)
}

func (c *corruptingFile) ReadAt(p []byte, off int64) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := copy(p, c.buf.Bytes()[off:])
	if off+int64(n) > 200 && off <= 200 {
		p[200-off] ^= 1
	}
	return n, nil
}

func TestVerifyDetectsWhatWasNotWrittenFaithfully(t *testing.T) {
	r, _ := PassphraseRecipient(pass, testWorkFactor)
	_, err := Encrypt(context.Background(), &corruptingFile{}, bytes.NewReader(payload(100000)), []age.Recipient{r}, Options{Verify: true})
	var ve *VerifyError
	if !errors.As(err, &ve) {
		t.Fatalf("Encrypt = %v, want a VerifyError", err)
	}
}

func TestVerifyNeedsNoPrivateKey(t *testing.T) {
	id, _ := age.GenerateX25519Identity()
	var buf bytes.Buffer
	res := encryptTo(t, &buf, payload(5000), Options{Verify: true}, id.Recipient())
	if !res.Verified {
		t.Fatal("not verified")
	}
	if got, err := decryptAll(buf.Bytes(), []age.Identity{id}); err != nil || !bytes.Equal(got, payload(5000)) {
		t.Fatalf("decrypt with key: %v", err)
	}
}

func TestDecryptForgivesTyping(t *testing.T) {
	var buf bytes.Buffer
	encryptTo(t, &buf, []byte("a,b\n1,2\n"), Options{})
	for _, typed := range []string{pass, "7KQMX2FP9HR0W3BNC81V", "7kqm x2fp 9hro w3bn c8lv"} {
		if _, err := decryptAll(buf.Bytes(), passIDs(t, typed)); err != nil {
			t.Errorf("typed %q: %v", typed, err)
		}
	}
}

// An armored file saved with the email around it decrypts: the text
// before its header and after its footer is dropped, never decrypted.
func TestDecryptArmorPastedIntoText(t *testing.T) {
	plain := payload(100 << 10)
	var buf bytes.Buffer
	encryptTo(t, &buf, plain, Options{Armor: true})
	block := buf.String()
	long := strings.Repeat("<div>quoted html</div>", 2000) // 44 KB in one line
	for name, text := range map[string]string{
		"greeting and signature": "Hi Jan,\r\n\r\nhere is the list.\r\n\r\n" + block + "\r\n-- \r\nAnn\r\n",
		"signature only":         block + "\nRegards, Ann\n",
		"indented and CRLF":      "Hi,\r\n  " + strings.ReplaceAll(block, "\n", "\r\n") + "\r\nbye",
		"a long line before":     long + "\n" + block,
	} {
		got, err := decryptAll([]byte(text), passIDs(t, pass))
		if err != nil || !bytes.Equal(got, plain) {
			t.Errorf("%s: %v", name, err)
		}
	}
	for name, text := range map[string]string{
		"the block cut short":   "Hi,\n" + block[:len(block)/2],
		"a header and no block": "Hi,\n-----BEGIN AGE ENCRYPTED FILE-----\nbye\n",
	} {
		if _, err := decryptAll([]byte(text), passIDs(t, pass)); !errors.Is(err, ErrDamaged) && !errors.Is(err, ErrTruncated) {
			t.Errorf("%s: %v, want damaged or truncated", name, err)
		}
	}
	// Only the first 64 KiB are searched for the block.
	far := strings.Repeat(long+"\n", 2) + block
	if _, err := decryptAll([]byte(far), passIDs(t, pass)); !errors.Is(err, ErrNotAge) {
		t.Errorf("a block after %d bytes of text: %v, want ErrNotAge", len(far)-len(block), err)
	}
}

// unknownStanza turns the passphrase stanza of ct into one of a type no
// age version here knows; the header MAC no longer matches, but age looks
// for an identity first.
func unknownStanza(t *testing.T, ct []byte) []byte {
	out := bytes.Replace(ct, []byte("-> scrypt "), []byte("-> future-kem "), 1)
	if bytes.Equal(out, ct) {
		t.Fatal("no scrypt stanza")
	}
	return out
}

func TestOwnPassphraseIsUsedExactly(t *testing.T) {
	own := "Correct Horse Battery Staple"
	r, _ := PassphraseRecipient(own, testWorkFactor)
	var buf bytes.Buffer
	encryptTo(t, &buf, []byte("x"), Options{}, r)
	if _, err := decryptAll(buf.Bytes(), passIDs(t, own)); err != nil {
		t.Errorf("exact: %v", err)
	}
	if _, err := decryptAll(buf.Bytes(), passIDs(t, strings.ToLower(own))); !errors.Is(err, ErrWrongPassphrase) {
		t.Errorf("lowercased own passphrase: %v, want ErrWrongPassphrase", err)
	}
}

func TestDecryptErrors(t *testing.T) {
	plain := payload(3*64<<10 + 100) // three full chunks and a short one
	var buf bytes.Buffer
	encryptTo(t, &buf, plain, Options{})
	ct := buf.Bytes()
	hdrEnd := bytes.Index(ct, []byte("\n---")) + 1
	hdrEnd += bytes.IndexByte(ct[hdrEnd:], '\n') + 1
	payloadStart := hdrEnd + 16 // the stream nonce
	const chunk = 64<<10 + 16

	var armored bytes.Buffer
	encryptTo(t, &armored, plain, Options{Armor: true})

	id, _ := age.GenerateX25519Identity()
	var keyFile bytes.Buffer
	encryptTo(t, &keyFile, plain, Options{}, id.Recipient())
	other, _ := age.GenerateX25519Identity()

	flip := func(i int) []byte {
		c := bytes.Clone(ct)
		c[i] ^= 0x01
		return c
	}
	highWork := bytes.Replace(ct, []byte(" 10\n"), []byte(" 30\n"), 1)

	tests := []struct {
		name string
		ct   []byte
		ids  []age.Identity
		want error
	}{
		{"wrong passphrase", ct, passIDs(t, "zzzz-zzzz-zzzz-zzzz-zzzz"), ErrWrongPassphrase},
		{"empty file", nil, passIDs(t, pass), ErrNotAge},
		{"plaintext csv", []byte("name,email\nAnn,a@example.com\n"), passIDs(t, pass), ErrNotAge},
		{"newer age version", []byte("age-encryption.org/v2\n-> x\n"), passIDs(t, pass), ErrUnsupported},
		{"unknown stanza, passphrase", unknownStanza(t, ct), passIDs(t, pass), ErrUnsupported},
		{"unknown stanza, key", unknownStanza(t, ct), []age.Identity{id}, ErrUnsupported},
		{"cut in the header", ct[:hdrEnd/2], passIDs(t, pass), ErrTruncated},
		{"cut at a chunk boundary", ct[:payloadStart+chunk], passIDs(t, pass), ErrTruncated},
		{"cut mid-chunk", ct[:payloadStart+chunk+500], passIDs(t, pass), ErrEndsBadly},
		{"cut mid-armor", armored.Bytes()[:armored.Len()/2], passIDs(t, pass), ErrDamaged},
		{"bit flipped in header MAC", flip(hdrEnd - 5), passIDs(t, pass), ErrDamaged},
		{"bit flipped in first chunk", flip(payloadStart + 10), passIDs(t, pass), ErrDamaged},
		{"bit flipped in last chunk", flip(len(ct) - 3), passIDs(t, pass), ErrEndsBadly},
		{"key file given a passphrase", keyFile.Bytes(), passIDs(t, pass), ErrNeedsKey},
		{"passphrase file given a key", ct, []age.Identity{id}, ErrNeedsPassphrase},
		{"key file given another key", keyFile.Bytes(), []age.Identity{other}, ErrNoMatchingKey},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := decryptAll(tt.ct, tt.ids)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if bytes.Equal(got, plain) {
				t.Fatal("damaged file decrypted in full")
			}
		})
	}

	_, err := decryptAll(highWork, passIDs(t, pass))
	var wf *WorkFactorError
	if !errors.As(err, &wf) || wf.LogN != 30 || wf.Limit != DefaultMaxWorkFactor {
		t.Errorf("work factor 30: %v, want WorkFactorError{30, %d}", err, DefaultMaxWorkFactor)
	}
	ids, _ := PassphraseIdentities(pass, 25)
	if _, err := decryptAll(highWork, ids); !errors.As(err, &wf) || wf.Limit != 25 {
		t.Errorf("work factor 30 under a limit of 25: %v", err)
	}
}

func TestParseRecipients(t *testing.T) {
	id, _ := age.GenerateX25519Identity()
	file := "# team\n\n" + id.Recipient().String() + "\nssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKqrmNk3iQ7TW2mVTEFf3aq2LJZn37Vsg1QNcH8pCx0c ann@laptop\n"
	rs, err := ParseRecipients(strings.NewReader(file))
	if err != nil || len(rs) != 2 {
		t.Fatalf("ParseRecipients = %d, %v", len(rs), err)
	}
	_, err = ParseRecipients(strings.NewReader("# only a comment\n"))
	if err == nil {
		t.Error("empty recipients file accepted")
	}
	_, err = ParseRecipients(strings.NewReader(id.Recipient().String() + "\n" + id.String() + "\n"))
	if err == nil || !strings.Contains(err.Error(), "line 2") || strings.Contains(err.Error(), id.String()) {
		t.Errorf("private key in recipients file: %v", err)
	}
}

// failingPipeWriter accepts the first bytes and then fails, like a full
// disk behind stdout.
type failingPipeWriter struct{ n int }

func (w *failingPipeWriter) Write(p []byte) (int, error) {
	if w.n += len(p); w.n > 300000 {
		return 0, errors.New("no space left on device")
	}
	return len(p), nil
}

func TestEncryptFailingMidStreamNeverHangs(t *testing.T) {
	r, _ := PassphraseRecipient(pass, testWorkFactor)
	for _, armored := range []bool{false, true} {
		done := make(chan error, 1)
		go func() {
			_, err := Encrypt(context.Background(), &failingPipeWriter{}, bytes.NewReader(payload(4<<20)), []age.Recipient{r}, Options{Verify: true, Armor: armored})
			done <- err
		}()
		select {
		case err := <-done:
			if err == nil {
				t.Fatal("a failing writer did not fail Encrypt")
			}
		case <-time.After(20 * time.Second):
			t.Fatal("Encrypt hung after its writer failed")
		}
	}
}

// TestWrongPassphraseBesideAKey: a wrong passphrase is a wrong passphrase
// when a key was tried beside it (decrypt adds your own key), not a file
// "encrypted to a passphrase, not to keys".
func TestWrongPassphraseBesideAKey(t *testing.T) {
	r, _ := PassphraseRecipient(pass, testWorkFactor)
	var file bytes.Buffer
	if _, err := Encrypt(context.Background(), &file, strings.NewReader("data"), []age.Recipient{r}, Options{}); err != nil {
		t.Fatal(err)
	}
	own, _ := age.GenerateX25519Identity()
	lazy := &LazyPassphrase{Attempts: 1, MaxWorkFactor: DefaultMaxWorkFactor, Ask: func(int) (string, error) { return "zzzz-zzzz-zzzz-zzzz-zzzz", nil }}
	_, err := Decrypt(context.Background(), bytes.NewReader(file.Bytes()), []age.Identity{own, lazy})
	if !errors.Is(err, ErrWrongPassphrase) {
		t.Fatalf("err %v, want a wrong passphrase", err)
	}
	// The file for a key that is not given is still said as such.
	other, _ := age.GenerateX25519Identity()
	file.Reset()
	Encrypt(context.Background(), &file, strings.NewReader("data"), []age.Recipient{other.Recipient()}, Options{})
	if _, err := Decrypt(context.Background(), bytes.NewReader(file.Bytes()), []age.Identity{own, lazy}); !errors.Is(err, ErrNoMatchingKey) {
		t.Fatalf("err %v, want no matching key", err)
	}
}

// TestHashOnlyWhenAsked: Result.SHA256 is the plaintext's with Hash, and
// left zero without it (the work is skipped).
func TestHashOnlyWhenAsked(t *testing.T) {
	id, _ := age.GenerateX25519Identity()
	for _, hash := range []bool{false, true} {
		res, err := Encrypt(context.Background(), io.Discard, strings.NewReader("data"), []age.Recipient{id.Recipient()}, Options{Hash: hash})
		if err != nil {
			t.Fatal(err)
		}
		want := [32]byte{}
		if hash {
			want = sha256.Sum256([]byte("data"))
		}
		if res.SHA256 != want {
			t.Errorf("Hash %v: SHA256 %x, want %x", hash, res.SHA256, want)
		}
	}
}
