package seal

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"

	"filippo.io/age"
)

// benchPlain is 64 MiB of CSV-like text.
func benchPlain(b *testing.B) []byte {
	b.Helper()
	line := []byte("C100001,Olga,Moreau,customer1@example.com,+31 6 1513 4956,Calle Mayor 30,8081 NY,Madrid,ES,1998-04-27\n")
	return bytes.Repeat(line, (64<<20)/len(line))
}

// BenchmarkEncrypt measures the stream alone (an X25519 key, no scrypt)
// into a file, with and without read-back verification.
func BenchmarkEncrypt(b *testing.B) {
	plain := benchPlain(b)
	id, _ := age.GenerateX25519Identity()
	for _, verify := range []bool{false, true} {
		name := "plain"
		if verify {
			name = "verified"
		}
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(plain)))
			b.ReportAllocs()
			path := filepath.Join(b.TempDir(), "out.age")
			for i := 0; i < b.N; i++ {
				f, _ := os.Create(path)
				if _, err := Encrypt(context.Background(), f, bytes.NewReader(plain), []age.Recipient{id.Recipient()}, Options{Verify: verify}); err != nil {
					b.Fatal(err)
				}
				f.Close()
			}
		})
	}
}

// BenchmarkAgeLibraryFloor is the same stream through age alone.
func BenchmarkAgeLibraryFloor(b *testing.B) {
	plain := benchPlain(b)
	id, _ := age.GenerateX25519Identity()
	b.SetBytes(int64(len(plain)))
	b.ReportAllocs()
	path := filepath.Join(b.TempDir(), "out.age")
	for i := 0; i < b.N; i++ {
		f, _ := os.Create(path)
		w, _ := age.Encrypt(f, id.Recipient())
		io.Copy(w, bytes.NewReader(plain))
		w.Close()
		f.Close()
	}
}

func BenchmarkDecrypt(b *testing.B) {
	plain := benchPlain(b)
	id, _ := age.GenerateX25519Identity()
	var ct bytes.Buffer
	Encrypt(context.Background(), &ct, bytes.NewReader(plain), []age.Recipient{id.Recipient()}, Options{})
	b.SetBytes(int64(len(plain)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		r, err := Decrypt(context.Background(), bytes.NewReader(ct.Bytes()), []age.Identity{id})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := io.Copy(io.Discard, r); err != nil {
			b.Fatal(err)
		}
	}
}
