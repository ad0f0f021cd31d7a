// Package ctxio stops reading when a context is done. Long work (strip,
// scan, seal, bundle) reads through it, so that Ctrl-C stops the work at
// its next read and the work's own clean-up runs before lockbox exits.
package ctxio

import (
	"context"
	"io"
)

// Reader reads r until ctx is done, and then returns ctx's error.
func Reader(ctx context.Context, r io.Reader) io.Reader {
	if ctx.Done() == nil { // a context that is never done
		return r
	}
	return &reader{ctx: ctx, r: r}
}

type reader struct {
	ctx context.Context
	r   io.Reader
}

func (r *reader) Read(p []byte) (int, error) {
	if err := r.ctx.Err(); err != nil {
		return 0, err
	}
	return r.r.Read(p)
}

// Blocking is Reader for a source whose Read may wait for ever (standard
// input, a pipe nobody writes to): a Read waiting on it returns ctx's
// error as soon as ctx is done. The read it waited on is left to finish on
// a goroutine of its own, into a buffer of its own, and what it brings is
// dropped: only for sources that lockbox's exit closes.
func Blocking(ctx context.Context, r io.Reader) io.Reader {
	if ctx.Done() == nil {
		return r
	}
	return &blocking{ctx: ctx, r: r, res: make(chan result, 1)}
}

type result struct {
	n   int
	err error
}

type blocking struct {
	ctx     context.Context
	r       io.Reader
	buf     []byte
	res     chan result
	pending bool // a read is under way; only once ctx is done is it left so
}

func (b *blocking) Read(p []byte) (int, error) {
	if err := b.ctx.Err(); err != nil {
		return 0, err
	}
	if !b.pending {
		if cap(b.buf) < len(p) {
			b.buf = make([]byte, len(p))
		}
		buf := b.buf[:len(p)]
		b.pending = true
		go func() {
			n, err := b.r.Read(buf)
			b.res <- result{n, err}
		}()
	}
	select {
	case r := <-b.res:
		b.pending = false
		return copy(p, b.buf[:r.n]), r.err
	case <-b.ctx.Done():
		return 0, b.ctx.Err()
	}
}
