package inspect

import (
	"os"
	"testing"
)

// BenchmarkInspect reviews LOCKBOX_BENCH_CSV (the 1,000,000-row file from
// bench/gencsv; make bench makes it) with the default sample.
func BenchmarkInspect(b *testing.B) {
	p := os.Getenv("LOCKBOX_BENCH_CSV")
	if p == "" {
		b.Skip("set LOCKBOX_BENCH_CSV to a CSV file")
	}
	fi, err := os.Stat(p)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(fi.Size())
	for b.Loop() {
		if _, err := File(p, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
