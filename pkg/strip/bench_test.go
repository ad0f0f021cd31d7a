package strip

import (
	"context"
	"io"
	"testing"

	"github.com/lockbox-tool/lockbox/internal/testenv"
)

// BenchmarkStripCSV strips LOCKBOX_BENCH_CSV (the 200 MB file from
// bench/gencsv) to the compact export, written nowhere, and reports MB/s.
func BenchmarkStripCSV(b *testing.B) {
	p := testenv.BenchCSV(b)
	for b.Loop() {
		j, err := Open(p, Options{})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := j.Run(context.Background(), io.Discard); err != nil {
			b.Fatal(err)
		}
		j.Close()
	}
}

// BenchmarkPseudonymize makes a token of a typical customer ID.
func BenchmarkPseudonymize(b *testing.B) {
	p, _ := NewPseudonymizer(testKey)
	for b.Loop() {
		p.Token("C100001")
	}
}

// BenchmarkPlanCSV opens LOCKBOX_BENCH_CSV and plans its strip: sniffing,
// reading and classifying the sample. It is the fixed cost of every strip
// and send, before the first row is written.
func BenchmarkPlanCSV(b *testing.B) {
	p := testenv.BenchCSV(b)
	for b.Loop() {
		j, err := Open(p, Options{})
		if err != nil {
			b.Fatal(err)
		}
		j.Close()
	}
}
