package passphrase

import (
	"strings"
	"testing"
)

func FuzzCanonical(f *testing.F) {
	for _, s := range []string{"7kqm-x2fp-9hr0-w3bn-c81v", "7KQMX2FP9HR0W3BNC81V", "7kqm x2fp 9hro w3bn c8lv", "Welcome123", "", "ïïïï-ïïïï", "----"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, typed string) {
		c, ok := Canonical(typed)
		if !ok {
			if c != "" {
				t.Fatalf("Canonical(%q) = %q with ok=false", typed, c)
			}
			if got := Candidates(typed); len(got) != 1 || got[0] != typed {
				t.Fatalf("Candidates(%q) = %q, want the exact text only", typed, got)
			}
			return
		}
		// A canonical passphrase has the generated shape, maps to itself, and
		// is always tried first.
		if len(c) != Length+Length/GroupSize-1 {
			t.Fatalf("Canonical(%q) = %q: wrong length", typed, c)
		}
		for i, r := range c {
			if (i+1)%(GroupSize+1) == 0 {
				if r != '-' {
					t.Fatalf("Canonical(%q) = %q: no dash at %d", typed, c, i)
				}
			} else if !strings.ContainsRune(Alphabet, r) {
				t.Fatalf("Canonical(%q) = %q: %q not in the alphabet", typed, c, r)
			}
		}
		if again, ok := Canonical(c); !ok || again != c {
			t.Fatalf("Canonical is not idempotent on %q: %q", c, again)
		}
		if got := Candidates(typed); got[0] != c {
			t.Fatalf("Candidates(%q)[0] = %q, want %q", typed, got[0], c)
		}
	})
}
