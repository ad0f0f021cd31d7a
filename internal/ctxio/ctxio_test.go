package ctxio

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"
)

func TestReaderStopsWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	r := Reader(ctx, strings.NewReader("abcdef"))
	buf := make([]byte, 3)
	if n, err := r.Read(buf); n != 3 || err != nil {
		t.Fatalf("first read: %d, %v", n, err)
	}
	cancel()
	if n, err := r.Read(buf); n != 0 || !errors.Is(err, context.Canceled) {
		t.Fatalf("read after cancel: %d, %v; want 0, context.Canceled", n, err)
	}
}

func TestReaderWithoutCancelIsTheReader(t *testing.T) {
	src := strings.NewReader("abc")
	if r := Reader(context.Background(), src); r != io.Reader(src) {
		t.Fatalf("a context that is never done wrapped the reader")
	}
}

func TestBlockingReturnsWhileTheReadWaits(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	defer pw.Close()
	r := Blocking(ctx, pr)
	go pw.Write([]byte("abc"))
	buf := make([]byte, 8)
	if n, err := r.Read(buf); n != 3 || err != nil || string(buf[:n]) != "abc" {
		t.Fatalf("first read: %q, %v", buf[:n], err)
	}
	done := make(chan error)
	go func() {
		_, err := r.Read(buf) // nobody writes: it waits until cancel
		done <- err
	}()
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("read after cancel: %v; want context.Canceled", err)
	}
}

func TestBlockingReadsEverything(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	want := strings.Repeat("0123456789", 10000)
	got, err := io.ReadAll(Blocking(ctx, strings.NewReader(want)))
	if err != nil || string(got) != want {
		t.Fatalf("read %d bytes, %v; want %d", len(got), err, len(want))
	}
}
