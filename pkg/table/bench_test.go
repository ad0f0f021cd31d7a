package table

import (
	"io"
	"os"
	"testing"
)

// BenchmarkReadCSV reads every row of LOCKBOX_BENCH_CSV (for example the
// 200 MB file from bench/gencsv) and reports MB/s.
func BenchmarkReadCSV(b *testing.B) {
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
		f, err := Open(p, Options{})
		if err != nil {
			b.Fatal(err)
		}
		s, _ := f.Sheet(f.Sheets()[0])
		for {
			if _, err := s.Next(); err == io.EOF {
				break
			} else if err != nil {
				b.Fatal(err)
			}
		}
		f.Close()
	}
}
