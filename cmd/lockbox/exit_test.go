package main

import (
	"io"
	"os"
	"strings"
	"testing"
)

// TestExitCodes checks the documented exit status of each kind of outcome:
// testscript's "!" only tells zero from non-zero.
func TestExitCodes(t *testing.T) {
	t.Chdir(t.TempDir())
	os.WriteFile("list.csv", []byte("a,b\n1,2\n"), 0o644)
	os.WriteFile("weak.txt", []byte("Welcome123\n"), 0o600)
	tests := []struct {
		args []string
		want int
	}{
		{[]string{"help"}, exitOK},
		{[]string{"passphrase"}, exitOK},
		{[]string{"encrypt", "--save-passphrase", "p.txt", "list.csv"}, exitOK},
		{[]string{"encrypt"}, exitUsage},
		{[]string{"encrypt", "--bogus", "list.csv"}, exitUsage},
		{[]string{"encrypt", "--clear-after", "2s", "list.csv"}, exitUsage},
		{[]string{"encrypt", "list.csv", "list.csv"}, exitUsage},
		{[]string{"frobnicate"}, exitUsage},
		{[]string{"passphrase", "extra"}, exitUsage},
		{[]string{"completion", "tcsh"}, exitUsage},
		{[]string{"decrypt"}, exitUsage},
		{[]string{"decrypt", "a.age", "b.age"}, exitUsage},
		{[]string{"inspect", "list.csv"}, exitOK},
		{[]string{"inspect", "--json", "list.csv"}, exitOK},
		{[]string{"inspect"}, exitUsage},
		{[]string{"inspect", "--sheet", "Nope", "list.csv"}, exitUsage},
		{[]string{"inspect", "--encoding", "ebcdic", "list.csv"}, exitUsage},
		{[]string{"inspect", "--sample", "-1", "list.csv"}, exitUsage},
		{[]string{"inspect", "missing.csv"}, exitFailure},
		{[]string{"inspect", "weak.txt.missing"}, exitFailure},
		{[]string{"encrypt", "missing.csv"}, exitFailure},
		{[]string{"encrypt", "--save-passphrase", "p2.txt", "list.csv"}, exitFailure}, // list.csv.age exists
		{[]string{"encrypt", "--passphrase-file", "weak.txt", "-o", "w.age", "list.csv"}, exitFailure},
		{[]string{"decrypt", "--passphrase-file", "p.txt", "list.csv"}, exitFailure}, // not age
		{[]string{"decrypt", "--passphrase-file", "weak.txt", "-o", "x.csv", "list.csv.age"}, exitFailure},
	}
	for _, tt := range tests {
		if got := testEnv(io.Discard, io.Discard).run(append([]string{"lockbox"}, tt.args...)); got != tt.want {
			t.Errorf("lockbox %s: exit %d, want %d", strings.Join(tt.args, " "), got, tt.want)
		}
	}
}
