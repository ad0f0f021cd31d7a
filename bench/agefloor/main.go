// Command agefloor streams a file through the age library directly, with
// nothing else: the floor that lockbox encrypt and decrypt are measured
// against. Usage: agefloor enc|dec[+fsync] PASSFILE IN OUT
//
// With +fsync the output is synced before exit, as lockbox must do.
package main

import (
	"bufio"
	"io"
	"log"
	"os"
	"strings"

	"filippo.io/age"
)

func main() {
	if len(os.Args) != 5 {
		log.Fatal("usage: agefloor enc|dec[+fsync] PASSFILE IN OUT")
	}
	mode, fsync := strings.CutSuffix(os.Args[1], "+fsync")
	raw, err := os.ReadFile(os.Args[2])
	if err != nil {
		log.Fatal(err)
	}
	pass := strings.TrimSpace(string(raw))
	in, err := os.Open(os.Args[3])
	if err != nil {
		log.Fatal(err)
	}
	out, err := os.Create(os.Args[4])
	if err != nil {
		log.Fatal(err)
	}
	bw := bufio.NewWriterSize(out, 1<<20)
	switch mode {
	case "enc":
		r, err := age.NewScryptRecipient(pass)
		if err != nil {
			log.Fatal(err)
		}
		w, err := age.Encrypt(bw, r)
		if err != nil {
			log.Fatal(err)
		}
		if _, err := io.Copy(w, in); err != nil {
			log.Fatal(err)
		}
		if err := w.Close(); err != nil {
			log.Fatal(err)
		}
	case "dec":
		id, err := age.NewScryptIdentity(pass)
		if err != nil {
			log.Fatal(err)
		}
		r, err := age.Decrypt(bufio.NewReaderSize(in, 1<<20), id)
		if err != nil {
			log.Fatal(err)
		}
		if _, err := io.Copy(bw, r); err != nil {
			log.Fatal(err)
		}
	default:
		log.Fatal("usage: agefloor enc|dec[+fsync] PASSFILE IN OUT")
	}
	if err := bw.Flush(); err != nil {
		log.Fatal(err)
	}
	if fsync {
		if err := out.Sync(); err != nil {
			log.Fatal(err)
		}
	}
	if err := out.Close(); err != nil {
		log.Fatal(err)
	}
}
