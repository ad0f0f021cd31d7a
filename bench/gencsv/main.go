// Command gencsv writes a deterministic customer CSV for benchmarks: 18
// typical columns (names, email, phone, address, postcode, birth date,
// IBAN, order figures, consent, free-text notes with quotes and newlines).
// The same -rows and -seed always give the same bytes. With -tree DIR it
// writes -files files instead, the rows shared among them, in directories
// of 100 (every seventh file named .txt), for lockbox scan. With -xlsx CSV
// it writes the first -rows rows of that CSV as a workbook.
package main

import (
	"bufio"
	"encoding/csv"
	"flag"
	"fmt"
	"log"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
)

var (
	first   = []string{"Ann", "Bernd", "Chloé", "Daan", "Emma", "Farid", "Greta", "Hugo", "Inés", "Jan", "Katrin", "Lucas", "Marta", "Noah", "Olga", "Pieter", "Rosa", "Sven", "Tess", "Willem"}
	last    = []string{"de Vries", "Müller", "Dubois", "Jansen", "García", "Bakker", "Schmidt", "Martin", "López", "Visser", "Fischer", "Bernard", "Smit", "Weber", "Moreau", "Meijer"}
	streets = []string{"Keizersgracht", "Hauptstraße", "Rue de Rivoli", "Calle Mayor", "Oudegracht", "Main Street"}
	cities  = []string{"Amsterdam", "Berlin", "Paris", "Madrid", "Utrecht", "London"}
	country = []string{"NL", "DE", "FR", "ES", "NL", "GB"}
	product = []string{"Desk lamp", "Office chair", "Notebook A5", "Printer paper", "Monitor arm", "Headset"}
	notes   = []string{"", "", "", "prefers phone calls", `said "call after 5pm", not before`, "moved in March\nnew address confirmed", "VIP; invoice by post", ""}
)

func main() {
	rows := flag.Int("rows", 1_000_000, "data rows to write")
	seed := flag.Uint64("seed", 1, "random seed")
	out := flag.String("o", "-", "output file")
	tree := flag.String("tree", "", "write a tree of files into `DIR` instead")
	files := flag.Int("files", 10000, "with -tree, how many files")
	xlsx := flag.String("xlsx", "", "write the first -rows rows of the CSV `FILE` as a workbook to -o instead")
	flag.Parse()
	if *xlsx != "" {
		if err := writeXLSX(*xlsx, *out, *rows); err != nil {
			log.Fatal(err)
		}
		return
	}
	r := rand.New(rand.NewPCG(*seed, 42))
	if *tree != "" {
		per := max(*rows / *files, 1)
		for i := 0; i < *files; i++ {
			ext := ".csv"
			if i%7 == 6 {
				ext = ".txt" // a list saved under another name
			}
			p := filepath.Join(*tree, fmt.Sprintf("d%03d", i/100), fmt.Sprintf("export-%05d%s", i, ext))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				log.Fatal(err)
			}
			f, err := os.Create(p)
			if err != nil {
				log.Fatal(err)
			}
			write(f, per, i*per, r)
		}
		return
	}
	f := os.Stdout
	if *out != "-" {
		var err error
		if f, err = os.Create(*out); err != nil {
			log.Fatal(err)
		}
	}
	write(f, *rows, 0, r)
}

// write writes a header and n rows, numbered from start, and closes f.
func write(f *os.File, n, start int, r *rand.Rand) {
	bw := bufio.NewWriterSize(f, 1<<20)
	w := csv.NewWriter(bw)
	w.Write([]string{"Customer ID", "First Name", "Last Name", "Email", "Phone", "Street", "Postcode", "City", "Country",
		"Date of Birth", "IBAN", "Order ID", "Order Date", "Order Total", "Quantity", "Product", "Newsletter", "Notes"})
	rec := make([]string, 18)
	for j := 0; j < n; j++ {
		i := start + j
		c := r.IntN(len(cities))
		fn, ln := first[r.IntN(len(first))], last[r.IntN(len(last))]
		rec[0] = "C" + strconv.Itoa(100000+i)
		rec[1], rec[2] = fn, ln
		rec[3] = fmt.Sprintf("customer%d@example.com", i)
		rec[4] = fmt.Sprintf("+31 6 %04d %04d", r.IntN(10000), r.IntN(10000))
		rec[5] = fmt.Sprintf("%s %d", streets[c], 1+r.IntN(200))
		rec[6] = fmt.Sprintf("%04d %c%c", 1000+r.IntN(9000), 'A'+r.IntN(26), 'A'+r.IntN(26))
		rec[7], rec[8] = cities[c], country[c]
		rec[9] = fmt.Sprintf("%d-%02d-%02d", 1940+r.IntN(65), 1+r.IntN(12), 1+r.IntN(28))
		rec[10] = fmt.Sprintf("NL%02dINGB%010d", r.IntN(100), r.Int64N(1e10))
		rec[11] = strconv.Itoa(500000000 + i)
		rec[12] = fmt.Sprintf("2026-%02d-%02d", 1+r.IntN(10), 1+r.IntN(28))
		rec[13] = fmt.Sprintf("%d.%02d", r.IntN(2000), r.IntN(100))
		rec[14] = strconv.Itoa(1 + r.IntN(9))
		rec[15] = product[r.IntN(len(product))]
		rec[16] = []string{"yes", "no"}[r.IntN(2)]
		rec[17] = notes[r.IntN(len(notes))]
		w.Write(rec)
	}
	w.Flush()
	if err := w.Error(); err != nil {
		log.Fatal(err)
	}
	if err := bw.Flush(); err != nil {
		log.Fatal(err)
	}
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
}
