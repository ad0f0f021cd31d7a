// Package seal encrypts and decrypts streams in the age format
// (filippo.io/age) and turns age's errors into ones a person can act on.
//
// Encrypt can verify its output: it captures the file key while the header
// is written and, on a second goroutine, reads the ciphertext back (from the
// destination itself when it is a file), authenticates every chunk and
// compares the plaintext's SHA-256 with the input's. Capturing the key means
// verification needs neither a second scrypt nor the recipients' private
// keys.
package seal

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"runtime/debug"
	"sync"

	"filippo.io/age"
	"filippo.io/age/armor"
)

// DefaultWorkFactor is the scrypt work factor (log2 N) for passphrases,
// age's own default.
const DefaultWorkFactor = 18

// bufSize is the copy buffer: several of age's 64 KiB chunks per syscall.
const bufSize = 256 << 10

// PassphraseRecipient encrypts to a passphrase with the given scrypt work
// factor (DefaultWorkFactor unless testing).
func PassphraseRecipient(p string, workFactor int) (age.Recipient, error) {
	r, err := age.NewScryptRecipient(p)
	if err != nil {
		return nil, err
	}
	r.SetWorkFactor(workFactor)
	return r, nil
}

// Options control Encrypt.
type Options struct {
	Armor  bool // ASCII armor, for pasting into a message body
	Verify bool // read the output back and check it decrypts to the input
}

// Result describes what Encrypt read.
type Result struct {
	Size     int64    // plaintext bytes
	SHA256   [32]byte // of the plaintext
	Verified bool
}

// VerifyError means the output did not decrypt back to the input.
type VerifyError struct{ Err error }

func (e *VerifyError) Error() string { return "verification failed: " + e.Err.Error() }
func (e *VerifyError) Unwrap() error { return e.Err }

// Encrypt reads src to its end and writes it to dst as an age file for the
// recipients. With opts.Verify, a dst that is an io.ReaderAt (an *os.File)
// is read back from itself as it grows; any other dst is checked from a copy
// of the bytes handed to it.
func Encrypt(dst io.Writer, src io.Reader, recipients []age.Recipient, opts Options) (Result, error) {
	var res Result
	capture := &keyCapture{done: make(chan struct{})}
	defer capture.ready() // a verifier waiting for a key that never came gives up
	rcpts := make([]age.Recipient, len(recipients))
	for i, r := range recipients {
		rcpts[i] = capture.wrap(r)
	}

	out := dst
	var verified chan verifyOutcome
	var follow *follower
	var tee *io.PipeWriter
	if opts.Verify {
		var back io.Reader
		if ra, ok := dst.(io.ReaderAt); ok {
			follow = newFollower(dst, ra)
			out, back = follow, follow
		} else {
			var pr *io.PipeReader
			pr, tee = io.Pipe()
			out, back = io.MultiWriter(dst, tee), pr
		}
		verified = make(chan verifyOutcome, 1)
		defer func() {
			// Unblock the verifier however Encrypt ends.
			if follow != nil {
				follow.close(errors.New("encryption stopped"))
			}
			if tee != nil {
				tee.CloseWithError(errors.New("encryption stopped"))
			}
		}()
		go func() { verified <- verify(back, capture, opts.Armor) }()
	}

	var armored io.WriteCloser
	if opts.Armor {
		armored = armor.NewWriter(out)
		out = armored
	}
	w, err := age.Encrypt(out, rcpts...)
	if err != nil {
		return res, fmt.Errorf("starting encryption: %w", err)
	}
	releaseScrypt(recipients)
	res.Size, res.SHA256, err = hashingCopy(w, src)
	if err != nil {
		return res, err
	}
	if err := w.Close(); err != nil {
		return res, fmt.Errorf("finishing encryption: %w", err)
	}
	if armored != nil {
		if err := armored.Close(); err != nil {
			return res, fmt.Errorf("finishing armor: %w", err)
		}
	}
	if !opts.Verify {
		return res, nil
	}
	if follow != nil {
		follow.close(nil)
	} else {
		tee.Close()
	}
	v := <-verified
	switch {
	case v.err != nil:
		return res, &VerifyError{Err: v.err}
	case v.size != res.Size || v.sum != res.SHA256:
		return res, &VerifyError{Err: errors.New("decrypted output differs from the input")}
	}
	res.Verified = true
	return res, nil
}

type verifyOutcome struct {
	size int64
	sum  [32]byte
	err  error
}

func verify(back io.Reader, capture *keyCapture, armored bool) verifyOutcome {
	var v verifyOutcome
	key, err := capture.wait()
	if err != nil {
		v.err = err
		io.Copy(io.Discard, back) // let the writer finish
		return v
	}
	if armored {
		back = armor.NewReader(back)
	}
	r, err := age.Decrypt(back, age.NewInjectedFileKeyIdentity(key))
	if err != nil {
		v.err = err
		io.Copy(io.Discard, back)
		return v
	}
	v.size, v.sum, v.err = sumStream(r)
	io.Copy(io.Discard, back)
	return v
}

// hashingCopy copies src to dst and returns the SHA-256 of what it copied.
// Reading and hashing run a few buffers ahead of the writer (which
// encrypts) on their own goroutine: in series, hashing would cost about a
// third of the throughput on this path.
func hashingCopy(dst io.Writer, src io.Reader) (int64, [32]byte, error) {
	h := sha256.New()
	a := newReadAhead(src, func(b []byte) { h.Write(b) })
	defer a.close()
	var n int64
	for {
		b, err := a.next()
		if len(b) > 0 {
			if _, werr := dst.Write(b); werr != nil {
				return n, [32]byte{}, werr
			}
			n += int64(len(b))
		}
		if err == io.EOF {
			return n, [32]byte(h.Sum(nil)), nil
		}
		if err != nil {
			return n, [32]byte{}, err
		}
	}
}

// sumStream hashes what src yields. Reading src (which decrypts) runs on
// its own goroutine, so decryption and hashing use both cores.
func sumStream(src io.Reader) (int64, [32]byte, error) {
	h := sha256.New()
	a := newReadAhead(src, nil)
	defer a.close()
	var n int64
	for {
		b, err := a.next()
		h.Write(b)
		n += int64(len(b))
		if err == io.EOF {
			return n, [32]byte(h.Sum(nil)), nil
		}
		if err != nil {
			return n, [32]byte{}, err
		}
	}
}

// readAhead reads a stream on its own goroutine into a ring of buffers.
type readAhead struct {
	free, full chan block
	stop       chan struct{}
	prev       []byte
}

type block struct {
	b   []byte
	err error // io.EOF after the last bytes
}

const aheadBuffers = 4

// newReadAhead starts reading src. tap, if not nil, sees each buffer on the
// reading goroutine before it is handed over.
func newReadAhead(src io.Reader, tap func([]byte)) *readAhead {
	a := &readAhead{
		free: make(chan block, aheadBuffers),
		full: make(chan block, aheadBuffers),
		stop: make(chan struct{}),
	}
	for i := 0; i < aheadBuffers; i++ {
		a.free <- block{b: make([]byte, bufSize)}
	}
	go func() {
		for {
			var blk block
			select {
			case blk = <-a.free:
			case <-a.stop:
				return
			}
			m, err := io.ReadFull(src, blk.b[:cap(blk.b)])
			if err == io.ErrUnexpectedEOF {
				err = io.EOF
			}
			blk.b, blk.err = blk.b[:m], err
			if tap != nil && m > 0 {
				tap(blk.b)
			}
			select {
			case a.full <- blk:
			case <-a.stop:
				return
			}
			if err != nil {
				return
			}
		}
	}()
	return a
}

// next returns the next buffer, valid until the following call.
func (a *readAhead) next() ([]byte, error) {
	if a.prev != nil {
		a.free <- block{b: a.prev}
		a.prev = nil
	}
	blk := <-a.full
	if blk.err == nil {
		a.prev = blk.b
	}
	return blk.b, blk.err
}

func (a *readAhead) close() { close(a.stop) }

// releaseScrypt hands scrypt's working memory (256 MiB at work factor 18)
// back to the system once the key is derived. Left as garbage, it would
// also let the collector's target grow to twice that for the rest of the
// stream, and age allocates a fresh buffer per chunk when decrypting.
func releaseScrypt[T any](used []T) {
	for _, u := range used {
		switch any(u).(type) {
		case *age.ScryptRecipient, *age.ScryptIdentity:
			debug.FreeOSMemory()
			return
		}
	}
}

// keyCapture wraps recipients to learn the file key age generates, so the
// output can be verified without the recipients' private keys.
type keyCapture struct {
	mu   sync.Mutex
	key  []byte
	done chan struct{}
	once sync.Once
}

func (c *keyCapture) wrap(r age.Recipient) age.Recipient {
	if rl, ok := r.(age.RecipientWithLabels); ok {
		return capturingLabels{capturing{c, r}, rl}
	}
	return capturing{c, r}
}

// store keeps the file key and releases the verifier: every recipient wraps
// the same key, and age writes the header (which the verifier must read
// before the writer can go on through a pipe) only after wrapping.
func (c *keyCapture) store(fileKey []byte) {
	c.mu.Lock()
	if c.key == nil {
		c.key = append([]byte(nil), fileKey...)
	}
	c.mu.Unlock()
	c.ready()
}

// ready releases the verifier, with or without a key.
func (c *keyCapture) ready() { c.once.Do(func() { close(c.done) }) }

func (c *keyCapture) wait() ([]byte, error) {
	<-c.done
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.key == nil {
		return nil, errors.New("no file key was produced")
	}
	return c.key, nil
}

type capturing struct {
	c *keyCapture
	r age.Recipient
}

func (w capturing) Wrap(fileKey []byte) ([]*age.Stanza, error) {
	w.c.store(fileKey)
	return w.r.Wrap(fileKey)
}

// capturingLabels keeps the labels that stop age mixing a passphrase with
// other recipients.
type capturingLabels struct {
	capturing
	rl age.RecipientWithLabels
}

func (w capturingLabels) WrapWithLabels(fileKey []byte) ([]*age.Stanza, []string, error) {
	w.c.store(fileKey)
	return w.rl.WrapWithLabels(fileKey)
}

// follower passes writes through to a file and lets a reader follow the
// file's contents as they are written, reading them back from the file.
type follower struct {
	w    io.Writer
	ra   io.ReaderAt
	mu   sync.Mutex
	cond *sync.Cond
	n    int64 // bytes written so far
	off  int64 // bytes read back so far
	shut bool
	err  error
}

func newFollower(w io.Writer, ra io.ReaderAt) *follower {
	f := &follower{w: w, ra: ra}
	f.cond = sync.NewCond(&f.mu)
	return f
}

func (f *follower) Write(p []byte) (int, error) {
	n, err := f.w.Write(p)
	f.mu.Lock()
	f.n += int64(n)
	f.cond.Broadcast()
	f.mu.Unlock()
	return n, err
}

// close ends the stream: cleanly with nil, else the reader gets err.
func (f *follower) close(err error) {
	f.mu.Lock()
	if !f.shut {
		f.shut, f.err = true, err
	}
	f.cond.Broadcast()
	f.mu.Unlock()
}

func (f *follower) Read(p []byte) (int, error) {
	f.mu.Lock()
	for f.off >= f.n && !f.shut {
		f.cond.Wait()
	}
	avail, off, shut, err := f.n-f.off, f.off, f.shut, f.err
	f.mu.Unlock()
	if avail == 0 {
		if shut && err != nil {
			return 0, err
		}
		return 0, io.EOF
	}
	if int64(len(p)) > avail {
		p = p[:avail]
	}
	n, rerr := f.ra.ReadAt(p, off)
	f.mu.Lock()
	f.off += int64(n)
	f.mu.Unlock()
	if rerr == io.EOF && n == len(p) {
		rerr = nil
	}
	return n, rerr
}
