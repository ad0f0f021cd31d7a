package scan

import (
	"context"
	"os"
	"testing"
)

// BenchmarkScanTree scans LOCKBOX_BENCH_TREE (for example the 10,000-file
// tree from bench/gencsv -tree) and reports MB/s.
func BenchmarkScanTree(b *testing.B) {
	dir := os.Getenv("LOCKBOX_BENCH_TREE")
	if dir == "" {
		b.Skip("set LOCKBOX_BENCH_TREE to a directory")
	}
	for b.Loop() {
		var size int64
		if err := Walk(context.Background(), []string{dir}, Options{}, func(f File) error { size += f.Size; return nil }); err != nil {
			b.Fatal(err)
		}
		b.SetBytes(size)
	}
}
