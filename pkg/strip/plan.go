package strip

import (
	"fmt"
	"strings"

	"github.com/lockbox-tool/lockbox/internal/suggest"
	"github.com/lockbox-tool/lockbox/pkg/classify"
	"github.com/lockbox-tool/lockbox/pkg/table"
)

// Action is what happens to a column.
type Action string

const (
	Keep         Action = "keep"
	Drop         Action = "drop"
	Pseudonymize Action = "pseudonymize"
	Generalize   Action = "generalize"
)

// ColumnPlan is the decision on one column, with its classification.
type ColumnPlan struct {
	classify.Column
	Action Action `json:"action"`
	Rule   string `json:"rule,omitempty"` // the generalisation rule
	// Reason says why, in words: "transactional", "personal: email",
	// "named in keep".
	Reason string `json:"reason"`

	rule  Rule
	order DateOrder
}

// Sent reports whether the column is in the output, changed or not.
func (c ColumnPlan) Sent() bool { return c.Action != Drop }

// TablePlan is the decision on every column of one table, and its row
// filters.
type TablePlan struct {
	Name    string       `json:"name"`
	Columns []ColumnPlan `json:"columns"`

	out     []int // indexes of the columns written, in order
	optedIn []int
	where   []filter
}

type filter struct {
	col    []int // columns of that name (a header may repeat one)
	name   string
	values []string
}

// ColumnError is a column name in the policy that no table has.
type ColumnError struct {
	Setting    string // keep, drop, pseudonymize, generalize, opted_in, where
	Name       string
	Table      string   // set when the column is missing from one table of several
	Columns    []string // the columns there are
	Suggestion string   // the closest name, if one is close
}

func (e *ColumnError) Error() string {
	if e.Table != "" {
		return fmt.Sprintf("%s: sheet %q has no column named %q", e.Setting, e.Table, e.Name)
	}
	return fmt.Sprintf("%s: no column named %q", e.Setting, e.Name)
}

// ConflictError is a column named by two settings that exclude each other.
type ConflictError struct{ Name, A, B string }

func (e *ConflictError) Error() string {
	return fmt.Sprintf("column %q is named in both %s and %s", e.Name, e.A, e.B)
}

// SensitiveError is a sensitive column that would be sent without
// AllowSensitive.
type SensitiveError struct {
	Name, Setting string
	Kind          classify.Kind
}

func (e *SensitiveError) Error() string {
	return fmt.Sprintf("column %q holds sensitive data (%s); %s would send it", e.Name, kindWords(e.Kind), e.Setting)
}

// NothingLeftError is a table of which every column would be dropped.
type NothingLeftError struct{ Table string }

func (e *NothingLeftError) Error() string {
	return fmt.Sprintf("every column of %q is personal or sensitive, so nothing would be left", e.Table)
}

// DateOrderError is a column of dates like 05/01/2024 that could be read
// either way, or that holds both orders.
type DateOrderError struct {
	Name  string
	Mixed bool
}

func (e *DateOrderError) Error() string {
	if e.Mixed {
		return fmt.Sprintf("column %q has dates both day-first (31/01) and month-first (01/31)", e.Name)
	}
	return fmt.Sprintf("column %q has dates like 05/01/2024 that are 5 January in Europe and May 1 in the US", e.Name)
}

func kindWords(k classify.Kind) string { return strings.ReplaceAll(string(k), "_", " ") }

// resolved is a policy with its values parsed, and which names were used
// by some table.
type resolved struct {
	pol   Policy
	rules map[string]Rule
	where []filter // col unset: per table
	used  map[string]bool
}

func resolve(p Policy) (*resolved, error) {
	r := &resolved{pol: p, rules: map[string]Rule{}, used: map[string]bool{}}
	for col, s := range p.Generalize {
		rule, err := ParseRule(s)
		if err != nil {
			return nil, fmt.Errorf("generalize %q: %w", col, err)
		}
		r.rules[col] = rule
	}
	for _, w := range p.Where {
		col, val, _ := strings.Cut(w, "=")
		found := false
		for i := range r.where {
			if sameName(r.where[i].name, col) {
				r.where[i].values = append(r.where[i].values, val)
				found = true
			}
		}
		if !found {
			r.where = append(r.where, filter{name: strings.TrimSpace(col), values: []string{val}})
		}
	}
	return r, nil
}

func sameName(a, b string) bool { return strings.EqualFold(strings.TrimSpace(a), strings.TrimSpace(b)) }

func matches(header []string, name string) []int {
	var idx []int
	for i, h := range header {
		if sameName(h, name) {
			idx = append(idx, i)
		}
	}
	return idx
}

// planTable decides every column of one table. dates is what the sample
// showed of the order of dates in the generalised columns.
func (r *resolved) planTable(name string, header []string, cols []classify.Column, dates map[int]*dateEvidence, multi bool) (*TablePlan, error) {
	tp := &TablePlan{Name: name}
	setting := make([]string, len(header))
	mark := func(key, col string) error {
		idx := matches(header, col)
		if len(idx) > 0 {
			r.used[key+"\x00"+col] = true
		}
		for _, i := range idx {
			if setting[i] != "" && setting[i] != key {
				return &ConflictError{header[i], setting[i], key}
			}
			setting[i] = key
		}
		return nil
	}
	for _, s := range []struct {
		key  string
		cols []string
	}{{"keep", r.pol.Keep}, {"drop", r.pol.Drop}, {"pseudonymize", r.pol.Pseudonymize}} {
		for _, c := range s.cols {
			if err := mark(s.key, c); err != nil {
				return nil, err
			}
		}
	}
	for c := range r.pol.Generalize {
		if err := mark("generalize", c); err != nil {
			return nil, err
		}
	}
	for i, c := range cols {
		cp := ColumnPlan{Column: c}
		if c.Beyond {
			// Cells past the header have no name to keep them by: they
			// never go out (write.go counts them in OverflowDropped).
			cp.Action, cp.Reason = Drop, fmt.Sprintf("beyond the header: %s", c.Class)
			tp.Columns = append(tp.Columns, cp)
			continue
		}
		switch setting[i] {
		case "drop":
			cp.Action, cp.Reason = Drop, "named in drop"
		case "keep":
			cp.Action, cp.Reason = Keep, "named in keep"
		case "pseudonymize":
			cp.Action, cp.Reason = Pseudonymize, "named in pseudonymize"
		case "generalize":
			cp.Action, cp.Reason = Generalize, "named in generalize"
			for col, rule := range r.rules {
				if sameName(col, header[i]) {
					cp.rule, cp.Rule = rule, rule.String()
				}
			}
		default:
			switch {
			case c.Empty:
				cp.Action, cp.Reason = Drop, "empty"
			case c.Class == classify.Transactional:
				cp.Action, cp.Reason = Keep, "transactional"
			default:
				cp.Action, cp.Reason = Drop, fmt.Sprintf("%s: %s", c.Class, kindWords(c.Kind))
			}
		}
		if c.Class == classify.Sensitive && cp.Sent() && !r.pol.AllowSensitive {
			return nil, &SensitiveError{Name: header[i], Setting: setting[i], Kind: c.Kind}
		}
		if cp.Action == Generalize && cp.rule.needsDate() {
			o, err := dates[i].order(header[i], cp.rule, r.pol.DateOrder)
			if err != nil {
				return nil, err
			}
			cp.order = o
		}
		if cp.Sent() {
			tp.out = append(tp.out, i)
		}
		tp.Columns = append(tp.Columns, cp)
	}
	if len(tp.out) == 0 && len(header) > 0 {
		return nil, &NothingLeftError{name}
	}
	if r.pol.OptedIn != "" {
		tp.optedIn = matches(header, r.pol.OptedIn)
		if len(tp.optedIn) == 0 {
			return nil, r.missing("opted_in", r.pol.OptedIn, name, header, multi)
		}
	}
	for _, f := range r.where {
		f.col = matches(header, f.name)
		if len(f.col) == 0 {
			return nil, r.missing("where", f.name, name, header, multi)
		}
		tp.where = append(tp.where, f)
	}
	return tp, nil
}

// missing is the error for a filter column a table does not have. Rows of
// a sheet cannot be filtered on a column it lacks, so this is an error for
// each sheet, not only when no sheet has the column.
func (r *resolved) missing(setting, col, table string, header []string, multi bool) error {
	e := &ColumnError{Setting: setting, Name: col, Columns: header, Suggestion: closest(col, header)}
	if multi {
		e.Table = table
	}
	return e
}

// unused returns an error for the first column name that no table had.
func (r *resolved) unused(headers [][]string) error {
	var all []string
	for _, h := range headers {
		all = append(all, h...)
	}
	check := func(key string, cols []string) error {
		for _, c := range cols {
			if !r.used[key+"\x00"+c] {
				return &ColumnError{Setting: key, Name: c, Columns: dedupe(all), Suggestion: closest(c, all)}
			}
		}
		return nil
	}
	gen := make([]string, 0, len(r.pol.Generalize))
	for c := range r.pol.Generalize {
		gen = append(gen, c)
	}
	for _, s := range []struct {
		key  string
		cols []string
	}{{"keep", r.pol.Keep}, {"drop", r.pol.Drop}, {"pseudonymize", r.pol.Pseudonymize}, {"generalize", gen}} {
		if err := check(s.key, s.cols); err != nil {
			return err
		}
	}
	return nil
}

func dedupe(xs []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

// dateColumns makes room for the evidence of date order in each column
// that is generalised.
func (r *resolved) dateColumns(header []string) map[int]*dateEvidence {
	m := map[int]*dateEvidence{}
	for col := range r.pol.Generalize {
		for _, i := range matches(header, col) {
			m[i] = &dateEvidence{}
		}
	}
	return m
}

// dateEvidence is what a column's sample shows of the order of its dates.
type dateEvidence struct{ dmy, mdy, ambiguous bool }

func (e *dateEvidence) add(c table.Cell) {
	switch orderEvidence(c) {
	case DMY:
		e.dmy = true
	case MDY:
		e.mdy = true
	}
	e.ambiguous = e.ambiguous || ambiguousDate(c)
}

// order says whether a column's dates are day-first or month-first. The
// policy's order is used only where the sample does not tell, and never
// against it.
func (e *dateEvidence) order(name string, rule Rule, given DateOrder) (DateOrder, error) {
	switch {
	case e.dmy && e.mdy:
		return "", &DateOrderError{Name: name, Mixed: true}
	case e.dmy:
		return DMY, nil
	case e.mdy:
		return MDY, nil
	case given != OrderUnknown:
		return given, nil
	case e.ambiguous && rule.needsDay():
		return "", &DateOrderError{Name: name}
	case e.ambiguous:
		return DMY, nil // either order gives the same year
	}
	return OrderUnknown, nil
}

// closest is suggest.Closest, as the settings name columns.
func closest(name string, candidates []string) string { return suggest.Closest(name, candidates) }
