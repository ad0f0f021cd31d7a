package share

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"filippo.io/age"

	"github.com/lockbox-tool/lockbox/pkg/atomicfile"
	"github.com/lockbox-tool/lockbox/pkg/seal"
)

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("disk on fire") }

// TestRunLosesNothing: whichever step fails, nothing is left at the
// output but what was there before, and the passphrase file is taken back.
func TestRunLosesNothing(t *testing.T) {
	id, _ := age.GenerateX25519Identity()
	errRecord := errors.New("ledger full")
	for _, tc := range []struct {
		name       string
		before     string // at the output beforehand, "" for nothing
		replace    bool
		src        io.Reader
		saved      error
		record     error
		wantErr    any // a pointer to the error type wanted, nil for success
		wantOutput string
		restored   bool
		unsaved    bool
	}{
		{name: "success", src: strings.NewReader("data"), wantOutput: "data"},
		{name: "success over a file", before: "old", replace: true, src: strings.NewReader("data"), wantOutput: "data"},
		{name: "output exists", before: "old", src: strings.NewReader("data"), wantErr: new(*atomicfile.ExistsError), wantOutput: "old"},
		{name: "input fails", src: failingReader{}, wantErr: new(*SealError)},
		{name: "saving fails", src: strings.NewReader("data"), saved: errors.New("no space")},
		{name: "record fails", src: strings.NewReader("data"), record: errRecord, wantErr: new(*RecordError), unsaved: true},
		{name: "record fails over a file", before: "old", replace: true, src: strings.NewReader("data"), record: errRecord,
			wantErr: new(*RecordError), wantOutput: "old", restored: true, unsaved: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			out := filepath.Join(dir, "out.age")
			if tc.before != "" {
				os.WriteFile(out, []byte(tc.before), 0o600)
			}
			var recordedSum string
			unsaved := false
			j := Job{Output: out, Replace: tc.replace, To: []age.Recipient{id.Recipient()}, Seal: seal.Options{Verify: true},
				Saved:  func() error { return tc.saved },
				Unsave: func() { unsaved = true },
				Record: func(_ seal.Result, sum string) error { recordedSum = sum; return tc.record },
			}
			_, err := Run(context.Background(), j, tc.src)
			switch want := tc.wantErr.(type) {
			case nil:
				if (err != nil) != (tc.saved != nil) {
					t.Fatalf("err %v", err)
				}
			case **atomicfile.ExistsError:
				if !errors.As(err, want) {
					t.Fatalf("err %v, want an ExistsError", err)
				}
			case **SealError:
				if !errors.As(err, want) {
					t.Fatalf("err %v, want a SealError", err)
				}
			case **RecordError:
				if !errors.As(err, want) || !errors.Is(err, errRecord) || (*want).Restored != tc.restored {
					t.Fatalf("err %v, want a RecordError (restored %v)", err, tc.restored)
				}
			}
			if unsaved != tc.unsaved {
				t.Errorf("passphrase file taken back: %v, want %v", unsaved, tc.unsaved)
			}
			got, readErr := os.ReadFile(out)
			switch {
			case tc.wantOutput == "" && readErr == nil:
				t.Errorf("an output was left: %q", got)
			case tc.wantOutput == "data":
				r, err := age.Decrypt(bytes.NewReader(got), id)
				if err != nil {
					t.Fatal(err)
				}
				plain, _ := io.ReadAll(r)
				if string(plain) != "data" || len(recordedSum) != 64 {
					t.Errorf("decrypts to %q; recorded sum %q", plain, recordedSum)
				}
			case tc.wantOutput != "" && string(got) != tc.wantOutput:
				t.Errorf("the output holds %q, want %q", got, tc.wantOutput)
			}
			entries, _ := os.ReadDir(dir)
			for _, e := range entries {
				if e.Name() != "out.age" {
					t.Errorf("left behind: %s", e.Name())
				}
			}
		})
	}
}
