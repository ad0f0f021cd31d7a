package seal

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"filippo.io/age"
)

// fixedRecipient wraps to one stanza of its own making and keeps the file
// key, to compare marshalHeader with what age writes.
type fixedRecipient struct {
	s       *age.Stanza
	fileKey []byte
}

func (f *fixedRecipient) Wrap(fileKey []byte) ([]*age.Stanza, error) {
	f.fileKey = bytes.Clone(fileKey)
	return []*age.Stanza{f.s}, nil
}

func TestMarshalHeaderMatchesAge(t *testing.T) {
	// Bodies around the 48-byte line: a multiple of it ends with an empty
	// line, which is where a hand-written encoder would go wrong.
	for _, n := range []int{0, 1, 2, 3, 31, 32, 47, 48, 49, 95, 96, 97, 200} {
		for _, args := range [][]string{nil, {"one"}, {"AAAA", "18", "x-y"}} {
			r := &fixedRecipient{s: &age.Stanza{Type: "test-stanza", Args: args, Body: payload(n)}}
			var buf bytes.Buffer
			if _, err := age.Encrypt(&buf, r); err != nil {
				t.Fatal(err)
			}
			want, err := readHeader(bufio.NewReader(&buf))
			if err != nil {
				t.Fatal(err)
			}
			got, err := marshalHeader([]*age.Stanza{r.s}, r.fileKey)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("body %d, args %q:\n got %q\nwant %q", n, args, got, want)
			}
		}
	}
}

func TestDeferScryptOnlyForOnePassphraseToAFile(t *testing.T) {
	p, _ := PassphraseRecipient(pass, testWorkFactor)
	plainScrypt, _ := age.NewScryptRecipient(pass)
	id, _ := age.GenerateX25519Identity()
	f, err := os.Create(filepath.Join(t.TempDir(), "out.age"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, tc := range []struct {
		name  string
		dst   io.Writer
		rs    []age.Recipient
		armor bool
		want  bool
	}{
		{"passphrase to a file", f, []age.Recipient{p}, false, true},
		{"passphrase to a stream", &bytes.Buffer{}, []age.Recipient{p}, false, false},
		{"armored", f, []age.Recipient{p}, true, false},
		{"a key", f, []age.Recipient{id.Recipient()}, false, false},
		{"age's own scrypt recipient", f, []age.Recipient{plainScrypt}, false, false},
		{"two recipients", f, []age.Recipient{p, id.Recipient()}, false, false},
	} {
		late, _ := deferScrypt(tc.dst, tc.rs, tc.armor)
		if (late != nil) != tc.want {
			t.Errorf("%s: deferred %v, want %v", tc.name, late != nil, tc.want)
		}
	}
}

func TestPassphraseHeaderWrittenAfterPayloadDecrypts(t *testing.T) {
	for _, verify := range []bool{false, true} {
		for _, size := range []int{0, 100, 1<<20 + 3} {
			plain := payload(size)
			name := filepath.Join(t.TempDir(), "out.age")
			f, err := os.Create(name)
			if err != nil {
				t.Fatal(err)
			}
			encryptTo(t, f, plain, Options{Verify: verify})
			f.Close()
			ct, _ := os.ReadFile(name)
			if bytes.Contains(ct[:200], []byte(" AAAAAAAAAAAAAAAAAAAAAA ")) {
				t.Errorf("verify %v, size %d: the placeholder salt is still in the header", verify, size)
			}
			// age's own reader, with age's own scrypt.
			id, _ := age.NewScryptIdentity(pass)
			r, err := age.Decrypt(bytes.NewReader(ct), id)
			if err != nil {
				t.Fatalf("verify %v, size %d: %v", verify, size, err)
			}
			if got, err := io.ReadAll(r); err != nil || !bytes.Equal(got, plain) {
				t.Fatalf("verify %v, size %d: decrypts to %d bytes, %v", verify, size, len(got), err)
			}
		}
	}
}

// faultyFile is a file in memory whose rewrite of the header goes wrong.
type faultyFile struct {
	mu        sync.Mutex
	buf       []byte
	failWrite bool // WriteAt fails
	lieOnRead int  // this read of the start (1 for the first) gives other bytes
	reads     int
}

func (f *faultyFile) Write(p []byte) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.buf = append(f.buf, p...)
	return len(p), nil
}

func (f *faultyFile) WriteAt(p []byte, off int64) (int, error) {
	if f.failWrite {
		return 0, errors.New("injected write failure")
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	return copy(f.buf[off:], p), nil
}

func (f *faultyFile) ReadAt(p []byte, off int64) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := copy(p, f.buf[off:])
	if off == 0 {
		if f.reads++; f.reads == f.lieOnRead && n > 30 {
			p[30] ^= 1
		}
	}
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

func TestHeaderRewriteFailuresAreErrors(t *testing.T) {
	r, _ := PassphraseRecipient(pass, testWorkFactor)
	for _, tc := range []struct {
		name string
		f    *faultyFile
		want string
	}{
		{"write fails", &faultyFile{failWrite: true}, "injected write failure"},
		{"age wrote other bytes", &faultyFile{lieOnRead: 1}, "would not be written as age writes it"},
		{"the new header reads back wrong", &faultyFile{lieOnRead: 2}, "verification failed: the header does not read back"},
	} {
		_, err := Encrypt(tc.f, bytes.NewReader(payload(1000)), []age.Recipient{r}, Options{})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: Encrypt = %v, want %q", tc.name, err, tc.want)
		}
	}
}
