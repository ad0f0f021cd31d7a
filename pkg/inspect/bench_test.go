package inspect

import (
	"testing"

	"github.com/lockbox-tool/lockbox/internal/testenv"
)

// BenchmarkInspect reviews LOCKBOX_BENCH_CSV (the 1,000,000-row file from
// bench/gencsv; make bench makes it) with the default sample.
func BenchmarkInspect(b *testing.B) {
	p := testenv.BenchCSV(b)
	for b.Loop() {
		if _, err := File(p, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
