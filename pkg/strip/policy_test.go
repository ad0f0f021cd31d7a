package strip

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestParsePolicy(t *testing.T) {
	good := `# for the mailing house
keep:
  - First Name
  - "Last Name"
drop: [Phone]
pseudonymize:
  - Customer ID
generalize:
  Date of Birth: age-band
  Postcode: "prefix:4"
opted_in: Newsletter
where:
  - Country=NL
allow_sensitive: false
to: CSV
date_order: dmy
`
	p, err := ParsePolicy([]byte(good))
	if err != nil {
		t.Fatal(err)
	}
	want := &Policy{
		Keep: []string{"First Name", "Last Name"}, Drop: []string{"Phone"}, Pseudonymize: []string{"Customer ID"},
		Generalize: map[string]string{"Date of Birth": "age-band", "Postcode": "prefix:4"},
		OptedIn:    "Newsletter", Where: []string{"Country=NL"}, To: "csv", DateOrder: DMY,
	}
	if !reflect.DeepEqual(p, want) {
		t.Errorf("got %+v\nwant %+v", p, want)
	}
	again, err := ParsePolicy(p.YAML(map[string]string{"First Name": "named in keep"}))
	if err != nil || !reflect.DeepEqual(again, p) {
		t.Errorf("the policy does not read back as written: %v\n%+v", err, again)
	}
	if p, err := ParsePolicy([]byte("# nothing\n")); err != nil || !reflect.DeepEqual(p, &Policy{}) {
		t.Errorf("an empty policy: %+v, %v", p, err)
	}
}

func TestPolicyErrorsNameTheLine(t *testing.T) {
	tests := []struct {
		yaml string
		line int
		msg  string
	}{
		{"keep:\n  - A\nkep:\n  - B\n", 3, `unknown setting "kep" (did you mean "keep"?)`},
		{"keep:\n  - A\nsecret: x\n", 3, `unknown setting "secret"; the settings are keep, drop,`},
		{"keep: First Name\n", 1, "keep is a list of column names"},
		{"generalize:\n  - Date of Birth\n", 2, "generalize maps column names to rules"},
		{"opted_in:\n  - A\n", 2, "opted_in takes one value, not a list"},
		{"allow_sensitive: yes please\n", 1, "allow_sensitive is true or false"},
		{"keep:\n  - [A, B]\n", 2, "keep holds a list where a column name or rule goes"},
		{"keep:\n  - A\nkeep:\n  - B\n", 3, `"keep" is set twice (first on line 1)`},
		{"keep: [A\n", 1, "not valid YAML"},
		{"- keep\n", 1, "a policy is a list of settings"},
		{"generalize:\n  Date of Birth: decade\n", 0, `generalize "Date of Birth": unknown rule "decade"`},
		{"where:\n  - Country\n", 0, `where "Country": a filter is COLUMN=VALUE`},
		{"to: pdf\n", 0, `to "pdf": the formats are csv and xlsx`},
		{"date_order: ymd\n", 0, `date_order "ymd"`},
	}
	for _, tt := range tests {
		_, err := ParsePolicy([]byte(tt.yaml))
		var pe *PolicyError
		if !errors.As(err, &pe) {
			t.Errorf("%q: got %v, want a PolicyError", tt.yaml, err)
			continue
		}
		if pe.Line != tt.line || !strings.Contains(pe.Msg, tt.msg) {
			t.Errorf("%q: got line %d %q, want line %d %q", tt.yaml, pe.Line, pe.Msg, tt.line, tt.msg)
		}
	}
}

func TestFlagsAddToThePolicyFile(t *testing.T) {
	file := Policy{Keep: []string{"A"}, Generalize: map[string]string{"D": "year"}, OptedIn: "News", To: "csv"}
	flags := Policy{Keep: []string{"B"}, Generalize: map[string]string{"D": "month"}, AllowSensitive: true}
	got, err := file.Merge(flags)
	if err != nil {
		t.Fatal(err)
	}
	want := Policy{Keep: []string{"A", "B"},
		Generalize: map[string]string{"D": "month"}, OptedIn: "News", To: "csv", AllowSensitive: true}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
	if len(file.Keep) != 1 {
		t.Error("Merge changed the policy it was called on")
	}
}

// TestPolicyYAMLReadsBack: every column name, however odd, is written on
// one line, so the comment after it stays a comment, and reads back the
// same. A header cell with a line break in it was written as a block
// scalar that swallowed its comment.
func TestPolicyYAMLReadsBack(t *testing.T) {
	names := []string{
		"First Name", "Date of\nBirth", "Date of\r\nBirth", "\n", "\r", "tab\there", "line\u2028sep", "next\u0085line",
		"# not a comment", "- dash", "key: value", "'single'", `"double"`, `back\slash`, " padded ", "", "true", "null", "~",
		"12", "0x1F", "Straße", "名前", "emoji 🙂", "|", ">", "&anchor", "*alias", "!tag", "%percent", "@at", "`tick`",
		"a very long column name with many words in it that goes on well beyond the eighty characters a line holds",
	}
	for _, name := range names {
		p := Policy{Keep: []string{name}, Drop: []string{"x" + name}, Generalize: map[string]string{name: "year"}, OptedIn: name}
		text := p.YAML(map[string]string{name: "why", "x" + name: "because"})
		got, err := ParsePolicy(text)
		if err != nil {
			t.Errorf("%q: the written policy does not read back: %v\n%s", name, err, text)
			continue
		}
		if !reflect.DeepEqual(got.Keep, p.Keep) || !reflect.DeepEqual(got.Drop, p.Drop) ||
			got.Generalize[name] != "year" || got.OptedIn != name {
			t.Errorf("%q: read back as %+v\n%s", name, got, text)
		}
	}
}
