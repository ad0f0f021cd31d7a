package identity

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"filippo.io/age"

	"github.com/lockbox-tool/lockbox/pkg/atomicfile"
)

func TestGenerateWritesAKeyFileAndNeverReplacesIt(t *testing.T) {
	path := filepath.Join(t.TempDir(), "identity.txt")
	id, err := Generate(path)
	if err != nil {
		t.Fatal(err)
	}
	fi, _ := os.Stat(path)
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %#o", fi.Mode().Perm())
	}
	got, err := Load(path)
	if err != nil || got.String() != id.String() {
		t.Fatalf("Load: %v", err)
	}
	data, _ := os.ReadFile(path)
	if !strings.Contains(string(data), "# public key: "+id.Recipient().String()+"\n") {
		t.Errorf("no public key comment:\n%s", data)
	}
	var exists *atomicfile.ExistsError
	if _, err := Generate(path); !errors.As(err, &exists) {
		t.Errorf("a second Generate: %v", err)
	}
	if again, _ := os.ReadFile(path); !bytes.Equal(again, data) {
		t.Error("the key file changed")
	}
}

func TestLoad(t *testing.T) {
	x, _ := age.GenerateX25519Identity()
	pq, _ := age.GenerateHybridIdentity()
	var keyFile bytes.Buffer
	Write(&keyFile, x, time.Unix(0, 0))
	for _, tc := range []struct {
		name, content string
		want          error // nil: loads x
		fails         bool
	}{
		{"age-keygen file", keyFile.String(), nil, false},
		{"bare key", x.String() + "\n", nil, false},
		{"post-quantum first", pq.String() + "\n" + x.String() + "\n", nil, false},
		{"post-quantum only", pq.String() + "\n", ErrNotX25519, true},
		{"not a key", "hello\n", nil, true},
		{"empty", "", nil, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "k")
			os.WriteFile(path, []byte(tc.content), 0o600)
			got, err := Load(path)
			switch {
			case tc.fails && err == nil:
				t.Fatal("loaded")
			case tc.fails && tc.want != nil && !errors.Is(err, tc.want):
				t.Fatalf("err %v, want %v", err, tc.want)
			case !tc.fails && (err != nil || got.String() != x.String()):
				t.Fatalf("err %v", err)
			}
		})
	}
}

type marker string

func (m marker) Wrap([]byte) ([]*age.Stanza, error) {
	return []*age.Stanza{{Type: MarkerType, Args: []string{string(m)}, Body: []byte{}}}, nil
}

func TestMarkedNotesTheRequestAndAgeSkipsIt(t *testing.T) {
	id, _ := age.GenerateX25519Identity()
	good, _ := NewRequestID()
	for _, tc := range []struct{ name, marker, want string }{
		{"request ID", good, good},
		{"upper case", strings.ToUpper(good), ""},
		{"too short", good[:8], ""},
		{"not hex", strings.Repeat("z", 16), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var file bytes.Buffer
			w, err := age.Encrypt(&file, id.Recipient(), marker(tc.marker))
			if err != nil {
				t.Fatal(err)
			}
			w.Write([]byte("data"))
			w.Close()
			// age alone opens it: the marker wraps no key.
			if _, err := age.Decrypt(bytes.NewReader(file.Bytes()), id); err != nil {
				t.Fatalf("age.Decrypt: %v", err)
			}
			m := &Marked{Identity: id}
			if _, err := age.Decrypt(bytes.NewReader(file.Bytes()), m); err != nil {
				t.Fatal(err)
			}
			if m.Request != tc.want {
				t.Errorf("Request %q, want %q", m.Request, tc.want)
			}
			// A key that does not open the file notes nothing.
			other, _ := age.GenerateX25519Identity()
			o := &Marked{Identity: other}
			age.Decrypt(bytes.NewReader(file.Bytes()), o, m)
			if o.Request != "" {
				t.Errorf("a key that did not open the file noted %q", o.Request)
			}
		})
	}
}
