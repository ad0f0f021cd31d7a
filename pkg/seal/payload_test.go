package seal

import (
	"bufio"
	"bytes"
	"io"
	"testing"

	"filippo.io/age"
)

// TestPayloadReaderMatchesAge decrypts files made by age with lockbox's
// payload reader: every size around chunk boundaries gives the same
// bytes as age's own reader, and every damage is refused.
func TestPayloadReaderMatchesAge(t *testing.T) {
	id, _ := age.GenerateX25519Identity()
	for _, size := range []int{0, 1, chunkSize - 1, chunkSize, chunkSize + 1, 2 * chunkSize, 3*chunkSize + 7} {
		plain := payload(size)
		capture := &keyCapture{done: make(chan struct{})}
		var ct bytes.Buffer
		w, err := age.Encrypt(&ct, capture.wrap(id.Recipient()))
		if err != nil {
			t.Fatal(err)
		}
		w.Write(plain)
		w.Close()
		key, _ := capture.wait()

		read := func(data []byte) ([]byte, error) {
			r, err := openPayload(bufio.NewReader(bytes.NewReader(data)), age.NewInjectedFileKeyIdentity(key))
			if err != nil {
				return nil, err
			}
			return io.ReadAll(r)
		}
		got, err := read(ct.Bytes())
		if err != nil || !bytes.Equal(got, plain) {
			t.Fatalf("size %d: %v, equal %v", size, err, bytes.Equal(got, plain))
		}
		payloadStart := ct.Len() - size - 16*((size+chunkSize-1)/chunkSize) - 16
		if size == 0 {
			payloadStart = ct.Len() - 16 - 16
		}
		damaged := map[string][]byte{
			"cut at the last byte":   ct.Bytes()[:ct.Len()-1],
			"cut after the nonce":    ct.Bytes()[:payloadStart+16],
			"bit flipped at the end": flipAt(ct.Bytes(), ct.Len()-1),
			"bit flipped in the MAC": flipAt(ct.Bytes(), payloadStart-3),
			"extra byte":             append(bytes.Clone(ct.Bytes()), 'x'),
		}
		if size > chunkSize {
			damaged["cut at a chunk boundary"] = ct.Bytes()[:payloadStart+16+encChunkSize]
		}
		for name, d := range damaged {
			if got, err := read(d); err == nil {
				t.Errorf("size %d, %s: accepted (%d bytes)", size, name, len(got))
			}
		}
	}
}

func flipAt(b []byte, i int) []byte {
	c := bytes.Clone(b)
	c[i] ^= 1
	return c
}
