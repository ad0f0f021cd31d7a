package passphrase

import (
	"errors"
	"math"
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
)

var shape = regexp.MustCompile(`^[0-9a-hjkmnp-tv-z]{4}(-[0-9a-hjkmnp-tv-z]{4}){4}$`)

func TestGenerateHasTheDocumentedShape(t *testing.T) {
	seen := map[rune]int{}
	for i := 0; i < 2000; i++ {
		p, err := Generate(nil)
		if err != nil {
			t.Fatal(err)
		}
		if !shape.MatchString(p) {
			t.Fatalf("passphrase %q does not have the shape xxxx-xxxx-xxxx-xxxx-xxxx", p)
		}
		for _, r := range strings.ReplaceAll(p, "-", "") {
			seen[r]++
		}
	}
	for _, bad := range "iloU" {
		if seen[bad] > 0 {
			t.Errorf("look-alike %q was generated", bad)
		}
	}
	// 40,000 draws over 32 characters: every one must turn up.
	for _, r := range Alphabet {
		if seen[r] == 0 {
			t.Errorf("character %q never generated: the alphabet is not used in full", r)
		}
	}
	if len(seen) != len(Alphabet) {
		t.Errorf("generated %d distinct characters, want %d", len(seen), len(Alphabet))
	}
}

func TestGenerateUsesTheGivenRandomness(t *testing.T) {
	seed := [32]byte{7}
	a, err := Generate(rand.NewChaCha8(seed))
	if err != nil {
		t.Fatal(err)
	}
	b, err := Generate(rand.NewChaCha8(seed))
	if err != nil {
		t.Fatal(err)
	}
	if a != b {
		t.Errorf("same randomness gave %q and %q", a, b)
	}
}

func TestEntropyIsAtLeast100Bits(t *testing.T) {
	got := Entropy()
	if got < 100 {
		t.Errorf("Entropy() = %.2f bits, want >= 100", got)
	}
	// Every position uniform over 32 characters: exactly 5 bits each.
	if want := float64(Length) * 5; math.Abs(got-want) > 1e-9 {
		t.Errorf("Entropy() = %.4f, want %.4f from the generator's rules", got, want)
	}
}

func TestCanonicalForgivesHowItWasTyped(t *testing.T) {
	const p = "7kqm-x2fp-9hr0-w3bn-c81v"
	tests := []struct {
		typed string
		want  string
		ok    bool
	}{
		{p, p, true},
		{"7KQM-X2FP-9HR0-W3BN-C81V", p, true},
		{"7kqmx2fp9hr0w3bnc81v", p, true},
		{"7kqm x2fp 9hr0 w3bn c81v", p, true},
		{" 7kqm - x2fp-9hrO-w3bn-c8lv ", p, true}, // O for 0, l for 1
		{"7kqm-x2fp-9hro-w3bn-c8iv", p, true},     // o for 0, i for 1
		{"7Kqm\tX2fp9hr0-W3bnC81v", p, true},
		{"7kqm-x2fp-9hr0-w3bn-c81", "", false},   // too short
		{"7kqm-x2fp-9hr0-w3bn-c81vv", "", false}, // too long
		{"7kqm-x2fp-9hr0-w3bn-c8uv", "", false},  // u is not in the alphabet
		{"Welcome123", "", false},
		{"correct horse battery staple", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		got, ok := Canonical(tt.typed)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Canonical(%q) = %q, %v; want %q, %v", tt.typed, got, ok, tt.want, tt.ok)
		}
	}
}

func TestCandidatesTriesCanonicalThenExact(t *testing.T) {
	tests := []struct {
		typed string
		want  []string
	}{
		{"7kqm-x2fp-9hr0-w3bn-c81v", []string{"7kqm-x2fp-9hr0-w3bn-c81v"}},
		{"7KQMX2FP9HR0W3BNC81V", []string{"7kqm-x2fp-9hr0-w3bn-c81v", "7KQMX2FP9HR0W3BNC81V"}},
		{"my own long passphrase!", []string{"my own long passphrase!"}},
	}
	for _, tt := range tests {
		got := Candidates(tt.typed)
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("Candidates(%q) = %q, want %q", tt.typed, got, tt.want)
		}
	}
}

func TestPhoneticSpellsEachGroup(t *testing.T) {
	got := Phonetic("7kqm-x2fp")
	want := []string{"seven kilo quebec mike", "x-ray two foxtrot papa"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("Phonetic = %q, want %q", got, want)
	}
	for _, r := range Alphabet {
		if _, ok := phonetic[r]; !ok {
			t.Errorf("no phonetic word for %q", r)
		}
	}
}

func TestCheckStrengthRefusesWeakPassphrases(t *testing.T) {
	for _, weak := range []string{"Welcome123", "12345678", "Password1!", "summer2024", "qwertyuiop", "Welcome123!Welcome123!", "aaaaaaaaaaaa"} {
		err := CheckStrength(weak)
		var we *WeakError
		if !errors.As(err, &we) {
			t.Errorf("CheckStrength(%q) = %v, want a WeakError", weak, err)
			continue
		}
		if strings.Contains(err.Error(), weak) {
			t.Errorf("error message %q repeats the passphrase", err)
		}
	}
	generated, _ := Generate(nil)
	latin1 := "gr\xfcne \xe4pfel fallen nie weit vom stamm 1987" // not UTF-8
	// As long as a passphrase file may be: the estimator alone would take
	// minutes over it.
	long := strings.Repeat("Zoë's kettle hums beside 7 violet lanterns; ", 100)[:4096]
	for _, strong := range []string{"correct horse battery staple", "my dog ate the blue canoe in 1987", generated, latin1, long} {
		if err := CheckStrength(strong); err != nil {
			t.Errorf("CheckStrength(%q) = %v, want nil", strong, err)
		}
	}
}
