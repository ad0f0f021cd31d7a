package seal

import (
	"bytes"
	"context"
	"errors"
	"io"
	"testing"

	"filippo.io/age"
)

func FuzzDecrypt(f *testing.F) {
	var good, armored bytes.Buffer
	r, _ := PassphraseRecipient(pass, testWorkFactor)
	Encrypt(context.Background(), &good, bytes.NewReader([]byte("name,email\nAnn,a@example.com\n")), []age.Recipient{r}, Options{})
	Encrypt(context.Background(), &armored, bytes.NewReader([]byte("x")), []age.Recipient{r}, Options{Armor: true})
	f.Add(good.Bytes())
	f.Add(armored.Bytes())
	f.Add(append([]byte("Hi,\r\n\r\n"), append(armored.Bytes(), "\n-- \nAnn\n"...)...))
	f.Add([]byte("age-encryption.org/v1\n-> scrypt AAAA 30\nAAAA\n--- AAAA\n"))
	f.Add([]byte("name,email\n"))
	f.Add([]byte{})
	known := []error{ErrNotAge, ErrWrongPassphrase, ErrNeedsKey, ErrTruncated, ErrEndsBadly, ErrDamaged, ErrUnsupported}
	ids, _ := PassphraseIdentities(pass, DefaultMaxWorkFactor)
	f.Fuzz(func(t *testing.T, data []byte) {
		out, err := Decrypt(context.Background(), bytes.NewReader(data), ids)
		if err == nil {
			_, err = io.ReadAll(out)
		}
		if err == nil {
			// Only a genuine file decrypts: it must start like one, or
			// hold an armored one after some text.
			if Sniff(data) == Other && !Pasted(data) {
				t.Fatalf("non-age input decrypted")
			}
			return
		}
		var wf *WorkFactorError
		if errors.As(err, &wf) {
			return
		}
		for _, k := range known {
			if errors.Is(err, k) {
				return
			}
		}
		t.Fatalf("unclassified error: %v", err)
	})
}

func FuzzRoundTrip(f *testing.F) {
	f.Add([]byte("name,email\nAnn,a@example.com\n"), false)
	f.Add([]byte{}, true)
	f.Add(bytes.Repeat([]byte{0}, 70000), true)
	r, _ := PassphraseRecipient(pass, testWorkFactor)
	ids, _ := PassphraseIdentities(pass, DefaultMaxWorkFactor)
	f.Fuzz(func(t *testing.T, plain []byte, armor bool) {
		var buf bytes.Buffer
		res, err := Encrypt(context.Background(), &buf, bytes.NewReader(plain), []age.Recipient{r}, Options{Armor: armor, Verify: true})
		if err != nil || !res.Verified || res.Size != int64(len(plain)) {
			t.Fatalf("Encrypt: %+v, %v", res, err)
		}
		out, err := Decrypt(context.Background(), &buf, ids)
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(out)
		if err != nil || !bytes.Equal(got, plain) {
			t.Fatalf("round trip changed the data: %v", err)
		}
	})
}
