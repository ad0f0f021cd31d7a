package strip

import (
	"errors"
	"reflect"
	"testing"
)

// FuzzParsePolicy reads arbitrary bytes as a policy file. It must not
// panic; every failure is a PolicyError; and a policy it accepts, written
// back with YAML, reads back the same.
func FuzzParsePolicy(f *testing.F) {
	for _, s := range []string{
		"keep:\n  - First Name\ndrop: [Phone]\n", "generalize:\n  Date of Birth: age-band\n  Postcode: prefix:4\n",
		"opted_in: Newsletter\nwhere:\n  - Country=NL\nallow_sensitive: true\nto: xlsx\ndate_order: mdy\n",
		"kep: x\n", "keep: [A\n", "- keep\n", "keep:\n  - \"quoted: name\"\n  - '#hash'\n", "",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := ParsePolicy(data)
		if err != nil {
			var pe *PolicyError
			if !errors.As(err, &pe) {
				t.Fatalf("%T %v is not a PolicyError", err, err)
			}
			return
		}
		again, err := ParsePolicy(p.YAML(nil))
		if err != nil {
			t.Fatalf("the written policy does not read back: %v\n%s", err, p.YAML(nil))
		}
		if !reflect.DeepEqual(normal(again), normal(p)) {
			t.Fatalf("round trip changed the policy:\n%+v\n%+v\n%s", p, again, p.YAML(nil))
		}
	})
}

// normal treats empty lists and maps as absent, as YAML writes them.
func normal(p *Policy) Policy {
	q := *p
	if len(q.Keep) == 0 {
		q.Keep = nil
	}
	if len(q.Drop) == 0 {
		q.Drop = nil
	}
	if len(q.Pseudonymize) == 0 {
		q.Pseudonymize = nil
	}
	if len(q.Where) == 0 {
		q.Where = nil
	}
	if len(q.Generalize) == 0 {
		q.Generalize = nil
	}
	return q
}
