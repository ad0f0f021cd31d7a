// Package seal encrypts and decrypts streams in the age format
// (filippo.io/age) and turns age's errors into ones a person can act on.
// age writes and reads every byte of the format, through age.Encrypt,
// age.Decrypt and its armor package; seal adds verification, one scrypt
// at a time, and errors with their causes as types.
//
// Encrypt can verify its output: it captures the file key while the header
// is written and, on a second goroutine, reads the ciphertext back (from the
// destination itself when it is a file), authenticates every chunk and
// compares the plaintext with the input byte for byte. Capturing the key
// means verification needs neither a second scrypt nor the recipients'
// private keys.
package seal

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"github.com/lockbox-tool/lockbox/internal/ctxio"
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

// Options control Encrypt.
type Options struct {
	Armor  bool // ASCII armor, for pasting into a message body
	Verify bool // read the output back and check it decrypts to the input
	Hash   bool // fill in Result.SHA256 (a third of a core at full speed)
}

// Result describes what Encrypt read.
type Result struct {
	Size     int64    // plaintext bytes
	SHA256   [32]byte // of the plaintext, with Options.Hash
	Verified bool
}

// VerifyError means the output did not decrypt back to the input.
type VerifyError struct{ Err error }

func (e *VerifyError) Error() string { return "verification failed: " + e.Err.Error() }
func (e *VerifyError) Unwrap() error { return e.Err }

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

// Encrypt reads src to its end and writes it to dst as an age file for the
// recipients, until ctx is done: age writes every byte of it (scrypt, when there is a
// passphrase, runs first, as in age). With opts.Verify, the output is decrypted as it is written
// and compared byte for byte with the input: a dst that is an io.ReaderAt
// (an *os.File) is read back from itself, any other dst from a copy of the
// bytes handed to it.
func Encrypt(ctx context.Context, dst io.Writer, src io.Reader, recipients []age.Recipient, opts Options) (Result, error) {
	src = ctxio.Reader(ctx, src) // Ctrl-C stops the work at its next read
	var res Result
	capture := &keyCapture{done: make(chan struct{})}
	defer capture.ready() // a verifier waiting for a key that never came gives up
	rcpts := make([]age.Recipient, len(recipients))
	for i, r := range recipients {
		rcpts[i] = capture.wrap(r)
	}

	// Reading and hashing run a few buffers ahead of encryption on their
	// own goroutine: in series, SHA-256 would cost a third of the speed.
	var tap func([]byte)
	h := sha256.New()
	if opts.Hash {
		tap = func(b []byte) { h.Write(b) }
	}
	a := newReadAhead(src, tap)
	defer a.close()

	out := dst
	var v *verifier
	if opts.Verify {
		v = startVerifier(dst, capture, opts.Armor, a.release)
		defer v.abort()
		out = v.out
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
	for {
		b, rerr := a.next()
		if len(b) > 0 {
			if v != nil {
				v.expect(b) // before writing: a pipe needs its reader running
			}
			if _, err := w.Write(b); err != nil {
				return res, err
			}
			res.Size += int64(len(b))
		}
		if v == nil || len(b) == 0 {
			a.release(b)
		}
		if rerr == io.EOF {
			if v != nil {
				v.inputDone() // before the final flush, which the verifier must read
			}
			break
		}
		if rerr != nil {
			return res, rerr
		}
	}
	if err := w.Close(); err != nil {
		return res, fmt.Errorf("finishing encryption: %w", err)
	}
	if armored != nil {
		if err := armored.Close(); err != nil {
			return res, fmt.Errorf("finishing armor: %w", err)
		}
	}
	if opts.Hash {
		copy(res.SHA256[:], h.Sum(nil))
	}
	if v != nil {
		if err := v.finish(); err != nil {
			return res, &VerifyError{Err: err}
		}
		res.Verified = true
	}
	return res, nil
}

// verifier decrypts the output as it is written and compares it with the
// input blocks it is handed, which it then gives back to the read-ahead.
// Comparing bytes is cheaper than a second SHA-256 and proves more.
type verifier struct {
	out     io.Writer // what the encryptor writes to
	follow  *follower
	tee     *io.PipeWriter
	queue   chan []byte // input blocks, in order
	release func([]byte)
	done    chan error

	queueClosed, finished bool
}

var errStopped = errors.New("encryption stopped")

func startVerifier(dst io.Writer, capture *keyCapture, armored bool, release func([]byte)) *verifier {
	v := &verifier{queue: make(chan []byte, aheadBuffers), release: release, done: make(chan error, 1)}
	var back io.Reader
	if ra, ok := dst.(io.ReaderAt); ok {
		v.follow = newFollower(dst, ra)
		v.out, back = v.follow, v.follow
	} else {
		pr, pw := io.Pipe()
		v.tee = pw
		v.out, back = io.MultiWriter(dst, pw), pr
	}
	go func() { v.done <- v.run(back, capture, armored) }()
	return v
}

// expect hands over the next input block; the verifier releases it.
func (v *verifier) expect(b []byte) { v.queue <- b }

func (v *verifier) run(back io.Reader, capture *keyCapture, armored bool) (err error) {
	raw := back
	defer func() {
		// However this ends, never leave the writer blocked: keep reading
		// what it writes (a pipe blocks until read) and give every input
		// block back, until both are closed.
		drained := make(chan struct{})
		go func() { io.Copy(io.Discard, raw); close(drained) }()
		for b := range v.queue {
			v.release(b)
		}
		<-drained
	}()
	key, err := capture.wait()
	if err != nil {
		return err
	}
	if armored {
		back = armor.NewReader(bufio.NewReaderSize(back, bufSize))
	}
	r, err := age.Decrypt(bufio.NewReaderSize(back, bufSize), age.NewInjectedFileKeyIdentity(key))
	if err != nil {
		return err
	}
	got := make([]byte, bufSize)
	for b := range v.queue {
		_, rerr := io.ReadFull(r, got[:len(b)])
		same := rerr == nil && bytes.Equal(got[:len(b)], b)
		v.release(b)
		switch {
		case rerr == io.EOF || rerr == io.ErrUnexpectedEOF:
			return errors.New("the output is shorter than the input")
		case rerr != nil:
			return rerr
		case !same:
			return errors.New("the decrypted output differs from the input")
		}
	}
	switch n, err := io.ReadFull(r, got[:1]); {
	case n > 0:
		return errors.New("the output is longer than the input")
	case err != io.EOF:
		return err
	}
	return nil
}

// inputDone says no more input blocks will come.
func (v *verifier) inputDone() {
	if !v.queueClosed {
		v.queueClosed = true
		close(v.queue)
	}
}

// finish waits for the verifier once everything is written.
func (v *verifier) finish() error {
	v.inputDone()
	v.finished = true
	if v.follow != nil {
		v.follow.close(nil)
	} else {
		v.tee.Close()
	}
	return <-v.done
}

// abort stops a verifier that will not be finished.
func (v *verifier) abort() {
	if v.finished {
		return
	}
	v.finished = true
	v.inputDone()
	if v.follow != nil {
		v.follow.close(errStopped)
	} else {
		v.tee.CloseWithError(errStopped)
	}
	<-v.done
}

// readAhead reads a stream on its own goroutine into a ring of buffers.
type readAhead struct {
	free, full chan block
	stop       chan struct{}
}

type block struct {
	b   []byte
	err error // io.EOF after the last bytes
}

// aheadBuffers is the size of the ring. The verifier holds blocks until it
// has read them back, so it needs several: the oldest block's ciphertext
// is then surely flushed, with more than a chunk written after it.
const aheadBuffers = 6

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

// next returns the next buffer; the caller gives it back with release.
func (a *readAhead) next() ([]byte, error) {
	blk := <-a.full
	return blk.b, blk.err
}

// release returns a buffer to the ring.
func (a *readAhead) release(b []byte) {
	select {
	case a.free <- block{b: b[:cap(b)]}:
	default: // the reader has stopped and the ring is full
	}
}

func (a *readAhead) close() { close(a.stop) }

// releaseScrypt hands scrypt's working memory (256 MiB at work factor 18)
// back to the system once the key is derived. Left as garbage, it would
// also let the collector's target grow to twice that for the rest of the
// stream, and age allocates a fresh buffer per chunk when decrypting.
func releaseScrypt[T any](used []T) {
	for _, u := range used {
		switch any(u).(type) {
		case *age.ScryptRecipient, *age.ScryptIdentity, limited, *LazyPassphrase:
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

// Read waits until p can be filled (or the stream ends): small reads would
// cost a wake-up and a syscall each.
func (f *follower) Read(p []byte) (int, error) {
	f.mu.Lock()
	for f.n-f.off < int64(len(p)) && !f.shut {
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
