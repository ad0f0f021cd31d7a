package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestCommittedExportsAreReproducible regenerates the sample exports, and
// those in the shapes of real files, and compares them with the committed
// ones, so the labels in expected.json
// and the files cannot drift apart.
func TestCommittedExportsAreReproducible(t *testing.T) {
	dir := t.TempDir()
	if err := Generate(dir, 20261122); err != nil {
		t.Fatal(err)
	}
	sameAsCommitted(t, dir, "exports", 17)
	dir = t.TempDir()
	if err := generate(dir, 20261122, shapes()); err != nil {
		t.Fatal(err)
	}
	sameAsCommitted(t, dir, "shapes", 25)
}

func sameAsCommitted(t *testing.T, dir, name string, least int) {
	committed := filepath.Join("..", "..", "testdata", name)
	names, _ := os.ReadDir(dir)
	if len(names) < least {
		t.Fatalf("only %d files generated", len(names))
	}
	for _, n := range names {
		got, _ := os.ReadFile(filepath.Join(dir, n.Name()))
		want, err := os.ReadFile(filepath.Join(committed, n.Name()))
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s/%s differs from the committed copy (%v); run: go run ./internal/samplegen", name, n.Name(), err)
		}
	}
}
