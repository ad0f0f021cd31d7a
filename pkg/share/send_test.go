package share

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"filippo.io/age"

	"github.com/lockbox-tool/lockbox/pkg/seal"
	"github.com/lockbox-tool/lockbox/pkg/strip"
)

const customers = "Order,Amount,Email\n1,9.50,ann@example.com\n2,12.00,bob@example.com\n"

// TestSendStripsIntoTheSeal runs the whole pipeline, stripped and as it
// is: the review says what goes, the file decrypts to what the strip made
// (the e-mail column gone), and the record gets the input's hash and the
// strip's counts.
func TestSendStripsIntoTheSeal(t *testing.T) {
	dir := t.TempDir()
	input := filepath.Join(dir, "customers.csv")
	os.WriteFile(input, []byte(customers), 0o600)
	wantSum, _ := FileSum(input)
	id, _ := age.GenerateX25519Identity()
	for _, tc := range []struct {
		name  string
		asIs  bool
		plain string
	}{
		{"stripped", false, "Order,Amount\n1,9.50\n2,12.00\n"},
		{"as it is", true, customers},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var s *Send
			var err error
			if tc.asIs {
				s, err = OpenAsIs(input)
			} else {
				s, err = Open(context.Background(), input, strip.Options{})
			}
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			r := s.Review()
			if r.Format != "csv" || tc.asIs != (r.Table != nil) || !tc.asIs && (len(r.Rows) != 1 || r.Rows[0] != 2) {
				t.Errorf("review: %+v", r)
			}
			out := filepath.Join(dir, tc.name+".age")
			var recorded Outcome
			saved := false
			j := Job{Output: out, To: []age.Recipient{id.Recipient()}, Seal: seal.Options{Verify: true},
				Saved: func() error { saved = true; return nil }}
			got, err := s.Run(context.Background(), j, func(o Outcome, outSum string) error {
				recorded = o
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if !saved || recorded.SourceSum != wantSum || got.SourceSum != wantSum {
				t.Errorf("saved %v, source hash %q (returned %q), want %q", saved, recorded.SourceSum, got.SourceSum, wantSum)
			}
			if tc.asIs != (recorded.Strip == nil) || !tc.asIs && recorded.Strip.Tables[0].RowsWritten != 2 {
				t.Errorf("strip summary %+v", recorded.Strip)
			}
			f, _ := os.Open(out)
			defer f.Close()
			pr, err := seal.Decrypt(context.Background(), f, []age.Identity{id})
			if err != nil {
				t.Fatal(err)
			}
			if plain, _ := io.ReadAll(pr); string(plain) != tc.plain {
				t.Errorf("decrypts to %q, want %q", plain, tc.plain)
			}
		})
	}
}

// TestSendTakesBackWhatItCannotRecord: a failed record leaves no file,
// and the strip's goroutine has ended when Run returns.
func TestSendTakesBackWhatItCannotRecord(t *testing.T) {
	dir := t.TempDir()
	input := filepath.Join(dir, "customers.csv")
	os.WriteFile(input, []byte(customers), 0o600)
	s, err := Open(context.Background(), input, strip.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	id, _ := age.GenerateX25519Identity()
	out := filepath.Join(dir, "out.age")
	_, err = s.Run(context.Background(), Job{Output: out, To: []age.Recipient{id.Recipient()}}, func(Outcome, string) error {
		return errors.New("ledger full")
	})
	var re *RecordError
	if !errors.As(err, &re) {
		t.Fatalf("got %v, want a RecordError", err)
	}
	if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the output is still there: %v", err)
	}
}
