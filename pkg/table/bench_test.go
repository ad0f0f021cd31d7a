package table

import (
	"archive/zip"
	"bufio"
	"encoding/csv"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/lockbox-tool/lockbox/internal/testenv"
)

// BenchmarkReadCSV reads every row of LOCKBOX_BENCH_CSV (for example the
// 200 MB file from bench/gencsv) and reports MB/s.
func BenchmarkReadCSV(b *testing.B) {
	p := testenv.BenchCSV(b)
	for b.Loop() {
		readEveryRow(b, p, false)
	}
}

// BenchmarkReadCSVStdlib reads the same file with encoding/csv, one string
// per field, for comparison with BenchmarkReadCSV.
func BenchmarkReadCSVStdlib(b *testing.B) {
	p := testenv.BenchCSV(b)
	for b.Loop() {
		fh, err := os.Open(p)
		if err != nil {
			b.Fatal(err)
		}
		r := csv.NewReader(bufio.NewReaderSize(fh, 256<<10))
		r.ReuseRecord, r.FieldsPerRecord = true, -1
		for {
			if _, err := r.Read(); err == io.EOF {
				break
			} else if err != nil {
				b.Fatal(err)
			}
		}
		fh.Close()
	}
}

// BenchmarkSplitChunks cuts LOCKBOX_BENCH_CSV into chunks and splits
// their records on one goroutine, as a strip's goroutines do between them:
// "index" with the structural index (AVX2), "bytes" eight bytes at a time.
func BenchmarkSplitChunks(b *testing.B) {
	p := testenv.BenchCSV(b)
	fi, _ := os.Stat(p)
	for _, indexed := range []bool{true, false} {
		name := map[bool]string{true: "index", false: "bytes"}[indexed]
		b.Run(name, func(b *testing.B) {
			b.SetBytes(fi.Size())
			for b.Loop() {
				f, err := Open(p, Options{})
				if err != nil {
					b.Fatal(err)
				}
				s, _ := f.Sheet(f.Sheets()[0])
				sp := s.(RecordReader).Split(512 << 10)
				sp.indexed = indexed
				for {
					c, err := sp.Next()
					if err == io.EOF {
						break
					} else if err != nil {
						b.Fatal(err)
					}
					if _, err := c.Records(func(*Record) error { return nil }); err != nil {
						b.Fatal(err)
					}
					c.Release()
				}
				f.Close()
			}
		})
	}
}

// BenchmarkCountCSV counts the rows of LOCKBOX_BENCH_CSV without making
// strings, as inspect does past its sample.
func BenchmarkCountCSV(b *testing.B) {
	p := testenv.BenchCSV(b)
	for b.Loop() {
		f, err := Open(p, Options{})
		if err != nil {
			b.Fatal(err)
		}
		s, _ := f.Sheet(f.Sheets()[0])
		if err := s.Count(); err != nil {
			b.Fatal(err)
		}
		f.Close()
	}
}

// BenchmarkReadXLSX reads every row of LOCKBOX_BENCH_XLSX (the 100,000-row
// workbook make bench writes) with the fast reader; BenchmarkReadXLSXExcelize
// with excelize's row iterator, as before.
func BenchmarkReadXLSX(b *testing.B)         { readXLSX(b, false) }
func BenchmarkReadXLSXExcelize(b *testing.B) { readXLSX(b, true) }

func readXLSX(b *testing.B, excelizeReader bool) {
	p := testenv.BenchXLSX(b)
	for b.Loop() {
		readEveryRow(b, p, excelizeReader)
	}
}

func readEveryRow(b *testing.B, p string, excelizeReader bool) {
	f, err := Open(p, Options{excelize: excelizeReader})
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	s, _ := f.Sheet(f.Sheets()[0])
	for {
		if _, err := s.Next(); err == io.EOF {
			return
		} else if err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRefuseZipBomb opens an "XLSX" whose worksheet unpacks to 1 GiB
// from about 1 MB: the unzip limit refuses it from the sizes the zip
// declares, before anything is inflated. docs/robustness.md quotes it.
func BenchmarkRefuseZipBomb(b *testing.B) {
	p := filepath.Join(b.TempDir(), "bomb.xlsx")
	fh, _ := os.Create(p)
	zw := zip.NewWriter(fh)
	w, _ := zw.Create("xl/workbook.xml")
	w.Write([]byte("<workbook/>"))
	w, _ = zw.Create("xl/worksheets/sheet1.xml")
	zeros := make([]byte, 1<<20)
	for i := 0; i < 1024; i++ {
		w.Write(zeros)
	}
	zw.Close()
	fh.Close()
	for b.Loop() {
		if _, err := Open(p, Options{}); !errors.Is(err, ErrLimit) {
			b.Fatalf("err = %v, want ErrLimit", err)
		}
	}
}
