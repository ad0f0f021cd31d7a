package strip

import (
	"bytes"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"gopkg.in/yaml.v3"
)

// Policy is what to keep, drop, pseudonymise, generalise and filter. The
// zero Policy is the compact export: transactional columns only. Column
// names are matched without regard to case or surrounding spaces.
type Policy struct {
	// Keep adds columns to the transactional ones that are kept anyway.
	Keep []string `yaml:"keep,omitempty" json:"keep,omitempty"`
	// Drop removes columns, whatever their class.
	Drop         []string `yaml:"drop,omitempty" json:"drop,omitempty"`
	Pseudonymize []string `yaml:"pseudonymize,omitempty" json:"pseudonymize,omitempty"`
	// Generalize maps a column to a rule: year, month, age-band, prefix:N.
	Generalize map[string]string `yaml:"generalize,omitempty" json:"generalize,omitempty"`
	// OptedIn names a consent column: only rows that say yes in it are kept.
	OptedIn string `yaml:"opted_in,omitempty" json:"opted_in,omitempty"`
	// Where holds COL=VALUE row filters. Rows must match every column
	// named; several values for one column are alternatives.
	Where          []string `yaml:"where,omitempty" json:"where,omitempty"`
	AllowSensitive bool     `yaml:"allow_sensitive,omitempty" json:"allow_sensitive,omitempty"`
	// To converts: "csv" or "xlsx". Empty keeps the input's format.
	To string `yaml:"to,omitempty" json:"to,omitempty"`
	// DateOrder says how to read dates like 05/01/2024 where the file does
	// not tell: "dmy" or "mdy".
	DateOrder DateOrder `yaml:"date_order,omitempty" json:"date_order,omitempty"`
}

// policyKeys are the settings a policy file may hold, in the order they
// are written.
var policyKeys = []string{"keep", "drop", "pseudonymize", "generalize", "opted_in", "where", "allow_sensitive", "to", "date_order"}

// PolicyError is a policy file that cannot be used. Line is 0 when the
// error is not about one line.
type PolicyError struct {
	Line int
	Msg  string
}

func (e *PolicyError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("line %d: %s", e.Line, e.Msg)
	}
	return e.Msg
}

// ParsePolicy reads a policy file's YAML. An unknown setting is an error
// that names its line, and the known setting it is closest to.
func ParsePolicy(data []byte) (*Policy, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, yamlError(err)
	}
	p := &Policy{}
	if len(doc.Content) == 0 {
		return p, nil // an empty file: the compact export
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, &PolicyError{root.Line, "a policy is a list of settings (keep:, drop:, ...), not a " + nodeKind(root)}
	}
	seen := map[string]int{}
	for i := 0; i < len(root.Content); i += 2 {
		k := root.Content[i]
		known := false
		for _, name := range policyKeys {
			known = known || k.Value == name
		}
		if !known {
			msg := fmt.Sprintf("unknown setting %q", k.Value)
			if s := closest(k.Value, policyKeys); s != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", s)
			}
			return nil, &PolicyError{k.Line, msg + "; the settings are " + strings.Join(policyKeys, ", ")}
		}
		if first, dup := seen[k.Value]; dup {
			return nil, &PolicyError{k.Line, fmt.Sprintf("%q is set twice (first on line %d)", k.Value, first)}
		}
		seen[k.Value] = k.Line
		v := root.Content[i+1]
		if err := checkShape(k.Value, v); err != nil {
			return nil, err
		}
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(p); err != nil {
		return nil, yamlError(err)
	}
	return p, p.check()
}

// checkShape gives a plain message for a setting of the wrong shape,
// where yaml.v3 would speak of Go types.
func checkShape(key string, v *yaml.Node) error {
	want := map[string]yaml.Kind{
		"keep": yaml.SequenceNode, "drop": yaml.SequenceNode, "pseudonymize": yaml.SequenceNode, "where": yaml.SequenceNode,
		"generalize": yaml.MappingNode,
	}[key]
	switch {
	case v.Kind == yaml.ScalarNode && v.Tag == "!!null":
		return nil
	case want == yaml.SequenceNode && v.Kind != yaml.SequenceNode:
		return &PolicyError{v.Line, fmt.Sprintf("%s is a list of column names, one per line starting with \"- \"", key)}
	case want == yaml.MappingNode && v.Kind != yaml.MappingNode:
		return &PolicyError{v.Line, fmt.Sprintf("%s maps column names to rules, as in \"Date of Birth: age-band\"", key)}
	case want == 0 && v.Kind != yaml.ScalarNode:
		return &PolicyError{v.Line, fmt.Sprintf("%s takes one value, not a %s", key, nodeKind(v))}
	case key == "allow_sensitive" && v.Tag != "!!bool":
		return &PolicyError{v.Line, "allow_sensitive is true or false"}
	}
	for _, item := range v.Content {
		if item.Kind != yaml.ScalarNode {
			return &PolicyError{item.Line, fmt.Sprintf("%s holds a %s where a column name or rule goes", key, nodeKind(item))}
		}
	}
	return nil
}

func nodeKind(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "list"
	case yaml.MappingNode:
		return "mapping"
	}
	return "single value"
}

func yamlError(err error) error {
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		err = errors.New(te.Errors[0])
	}
	// yaml.v3 gives a syntax error's line only in its message, with no
	// error type to match: it is read from there.
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	var line int
	if n, _ := fmt.Sscanf(msg, "line %d:", &line); n == 1 {
		_, msg, _ = strings.Cut(msg, ": ")
		return &PolicyError{line, "not valid YAML: " + msg}
	}
	return &PolicyError{0, "not valid YAML: " + msg}
}

// check validates the values that need no table to check: rules, filters,
// the output format and the date order.
func (p *Policy) check() error {
	for col, r := range p.Generalize {
		if _, err := ParseRule(r); err != nil {
			return &PolicyError{0, fmt.Sprintf("generalize %q: %v", col, err)}
		}
	}
	for _, w := range p.Where {
		if col, _, ok := strings.Cut(w, "="); !ok || strings.TrimSpace(col) == "" {
			return &PolicyError{0, fmt.Sprintf("where %q: a filter is COLUMN=VALUE", w)}
		}
	}
	switch strings.ToLower(p.To) {
	case "", "csv", "xlsx":
		p.To = strings.ToLower(p.To)
	default:
		return &PolicyError{0, fmt.Sprintf("to %q: the formats are csv and xlsx", p.To)}
	}
	switch p.DateOrder {
	case OrderUnknown, DMY, MDY:
	default:
		return &PolicyError{0, fmt.Sprintf("date_order %q: it is dmy (05/01 is 5 January) or mdy (May 1)", p.DateOrder)}
	}
	return nil
}

// Merge adds the settings of q (from flags) to p (from a file): lists are
// joined, and what q sets replaces p's single values.
func (p Policy) Merge(q Policy) (Policy, error) {
	out := p
	out.Keep = append(append([]string(nil), p.Keep...), q.Keep...)
	out.Drop = append(append([]string(nil), p.Drop...), q.Drop...)
	out.Pseudonymize = append(append([]string(nil), p.Pseudonymize...), q.Pseudonymize...)
	out.Where = append(append([]string(nil), p.Where...), q.Where...)
	if len(p.Generalize)+len(q.Generalize) > 0 {
		out.Generalize = map[string]string{}
		for k, v := range p.Generalize {
			out.Generalize[k] = v
		}
		for k, v := range q.Generalize {
			out.Generalize[k] = v
		}
	}
	if q.OptedIn != "" {
		out.OptedIn = q.OptedIn
	}
	if q.To != "" {
		out.To = q.To
	}
	if q.DateOrder != "" {
		out.DateOrder = q.DateOrder
	}
	out.AllowSensitive = p.AllowSensitive || q.AllowSensitive
	return out, out.check()
}

// YAML writes the policy as a policy file, with a comment after each
// column named in comments (the reason it is kept or dropped).
func (p Policy) YAML(comments map[string]string) []byte {
	var b bytes.Buffer
	b.WriteString("# lockbox strip policy: lockbox strip --policy FILE.yaml DATA\n")
	list := func(key string, xs []string) {
		if len(xs) == 0 {
			return
		}
		b.WriteString(key + ":\n")
		for _, x := range xs {
			b.WriteString("  - " + yamlString(x))
			if c := comments[x]; c != "" {
				b.WriteString("  # " + c)
			}
			b.WriteString("\n")
		}
	}
	list("keep", p.Keep)
	list("drop", p.Drop)
	list("pseudonymize", p.Pseudonymize)
	if len(p.Generalize) > 0 {
		b.WriteString("generalize:\n")
		keys := make([]string, 0, len(p.Generalize))
		for k := range p.Generalize {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			b.WriteString("  " + yamlString(k) + ": " + yamlString(p.Generalize[k]) + "\n")
		}
	}
	if p.OptedIn != "" {
		b.WriteString("opted_in: " + yamlString(p.OptedIn) + "\n")
	}
	list("where", p.Where)
	if p.AllowSensitive {
		b.WriteString("allow_sensitive: true\n")
	}
	if p.To != "" {
		b.WriteString("to: " + p.To + "\n")
	}
	if p.DateOrder != "" {
		b.WriteString("date_order: " + string(p.DateOrder) + "\n")
	}
	return b.Bytes()
}

// yamlString writes s as a YAML scalar on one line that reads back as the
// same string. yaml.Marshal writes a value with a line break (a header
// cell with Alt+Enter in it) as a block scalar, which cannot sit in a
// list item with a comment after it; such a value, and one with any other
// character that is not printable, is double-quoted instead. Go's escapes
// (\n, \t, \xNN, \uNNNN, \UNNNNNNNN) are all YAML's too, and mean the
// same for valid UTF-8, which a column name is.
func yamlString(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return !unicode.IsPrint(r) }) {
		out, err := yaml.Marshal(s)
		one := strings.TrimSuffix(string(out), "\n")
		if err == nil && one != "" && !strings.Contains(one, "\n") && one[0] != '|' && one[0] != '>' {
			return one
		}
	}
	return strconv.Quote(s)
}
