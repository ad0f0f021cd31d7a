package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/lockbox-tool/lockbox/pkg/atomicfile"
	"github.com/lockbox-tool/lockbox/pkg/classify"
	"github.com/lockbox-tool/lockbox/pkg/strip"
	"github.com/lockbox-tool/lockbox/pkg/table"
)

// stripOptions are strip's flags.
type stripOptions struct {
	output, to               string
	force, printPolicy, json bool
	policy                   policyOptions
	set                      given
}

const stripDescription = `Writes the export that is needed and nothing more. By default it keeps
the transactional columns (orders, amounts, products, dates of actions,
city, country) and drops every personal and sensitive one, as
'lockbox inspect' labels them. The output is NAME.compact.EXT next to FILE,
in the same format: a CSV keeps its delimiter, encoding, BOM and line
endings; a workbook keeps its sheets and cell types. It is readable by you
only (mode 0600).

--format xlsx turns a CSV into a workbook whose numbers, ISO dates
(2026-07-14, 2026-07) and TRUE/FALSE are numbers, dates and booleans, so
that sums work. Numbers are read with the file's own decimal separator: a
point in a comma-separated file, a comma in a semicolon-separated one;
tab-separated files get only whole numbers typed. Codes (postcodes,
phone and account numbers, pseudonyms, codes with a leading zero), digit
strings longer than 11 digits and anything ambiguous (1.234, 05/01/2026)
stay text.

Column names are matched without regard to case; list several with commas
or repeat the flag. --keep adds columns to the transactional ones; --drop
removes any column. Sensitive columns (health, religion, ...) are never
sent without --allow-sensitive.

--pseudonymize replaces values with keyed tokens (p_3f9a1c0e7b2d4a68):
the same value gives the same token in every file under the same key, so
counts and joins still work, but nobody without the key can tell who. The
key comes from --key-file, or from a key made for you on first use
(lockbox/pseudonym.key in your configuration directory, mode 0600).

--generalize COL=RULE coarsens a column: year (a date becomes its year),
month (YYYY-MM), age-band (a birth date becomes 30-39, as of today or
--as-of), prefix:N (the first N characters: postcode 1234 AB becomes 1234).
Values that cannot be read as dates are left empty and reported.

--opted-in COL keeps only rows that say yes in the consent column (yes, y,
true, 1, x, ja, oui, sí, subscribed, ...); --where COL=VALUE keeps rows
whose column has that value (repeat for several; values of one column are
alternatives). The rows removed are counted in the summary.

In CSV output, text that a spreadsheet would run as a formula (starting
with = + - @) gets a leading ' unless --keep-formulas; numbers such as
-12.50 are left alone. A workbook always gets text as text.

--policy FILE.yaml holds the same settings (keep, drop, pseudonymize,
generalize, opted_in, where, allow_sensitive, to, date_order) for an export
you make again and again; flags add to it. --print-policy prints the
policy in effect, with every column of FILE and why it is kept or dropped.

EXAMPLES:
   lockbox strip customers.csv
   lockbox strip --keep "First Name,Last Name,Street,Postcode,City" --opted-in Newsletter customers.csv
   lockbox strip --pseudonymize "Customer ID" --generalize "Date of Birth=age-band" sales.xlsx
   lockbox strip --print-policy customers.csv > mailing.yaml
   lockbox strip --policy mailing.yaml -o for-mailing-house.csv customers.csv`

func stripCommand(e *env) *cli.Command {
	o := &stripOptions{policy: policyOptions{table: tableFlags{command: "strip"}}}
	return &cli.Command{
		Name:        "strip",
		Usage:       "write a compact export without the personal columns",
		ArgsUsage:   "FILE",
		Description: stripDescription,
		Flags: append([]cli.Flag{
			&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "write to `OUT` instead of NAME.compact.EXT (- for stdout)", Destination: &o.output},
			&cli.BoolFlag{Name: "force", Usage: "overwrite OUT, and write a workbook that expands into a table of mostly empty cells", Destination: &o.force},
			&cli.BoolFlag{Name: "print-policy", Usage: "print the policy in effect as YAML and write nothing", Destination: &o.printPolicy},
			&cli.StringFlag{Name: "format", Usage: "write `FORMAT` (csv or xlsx) instead of the input's", Destination: &o.policy.format},
			&cli.StringFlag{Name: "to", Usage: "deprecated: --format (--to names a recipient, in send)", Hidden: true, Destination: &o.to},
			&cli.BoolFlag{Name: "json", Usage: "print the summary as JSON on stdout", Destination: &o.json},
		}, o.policy.flags()...),
		Action: action(&o.set, func(ctx context.Context, args []string) error { return runStrip(ctx, o, e, args) }),
	}
}

// policyOptions are the flags that say what to strip, shared by strip and
// send (--format is bound here, and declared by each command).
type policyOptions struct {
	keep, drop, pseudonymize, generalize, where            cli.StringSlice
	keyFile, asOf, dateOrder, optedIn, file, sheet, format string
	allowSensitive, keepFormulas                           bool
	sample                                                 int
	table                                                  tableFlags
}

func (p *policyOptions) flags() []cli.Flag {
	return append([]cli.Flag{
		&cli.StringSliceFlag{Name: "keep", Usage: "also keep the columns `COL,...`", Destination: &p.keep},
		&cli.StringSliceFlag{Name: "drop", Usage: "drop the columns `COL,...`", Destination: &p.drop},
		&cli.StringSliceFlag{Name: "pseudonymize", Usage: "replace the values of `COL,...` with keyed tokens", Destination: &p.pseudonymize},
		&cli.StringFlag{Name: "key-file", Usage: "the pseudonymisation key, in `FILE` (default: your own key, made on first use)", Destination: &p.keyFile},
		&cli.StringSliceFlag{Name: "generalize", Usage: "coarsen a column: `COL=RULE` with RULE " + strip.Rules + "; repeatable", Destination: &p.generalize},
		&cli.StringFlag{Name: "as-of", Usage: "count age bands on `DATE` (YYYY-MM-DD) instead of today", Destination: &p.asOf},
		&cli.StringFlag{Name: "date-order", Usage: "read dates like 05/01/2024 as `ORDER`: dmy (5 January) or mdy (May 1), where the file does not tell", Destination: &p.dateOrder},
		&cli.StringFlag{Name: "opted-in", Usage: "keep only rows that say yes in the consent column `COL`", Destination: &p.optedIn},
		&cli.StringSliceFlag{Name: "where", Usage: "keep only rows whose column has a value: `COL=VALUE`; repeatable", Destination: &p.where},
		&cli.BoolFlag{Name: "allow-sensitive", Usage: "let --keep, --pseudonymize and --generalize (and send --as-is) send sensitive columns", Destination: &p.allowSensitive},
		&cli.StringFlag{Name: "policy", Usage: "read the settings from the policy `FILE` (YAML)", Destination: &p.file},
		&cli.BoolFlag{Name: "keep-formulas", Usage: "leave CSV text starting with = + - @ as it is", Destination: &p.keepFormulas},
		&cli.StringFlag{Name: "sheet", Usage: "only the sheet `NAME` of a workbook", Destination: &p.sheet},
		&cli.IntFlag{Name: "sample", Value: classify.DefaultSample, Usage: "classify columns on the first `N` rows of each table", Destination: &p.sample},
	}, p.table.flags()...)
}

// given reports whether any flag that says what to strip was given,
// other than those named in except.
func (p *policyOptions) given(set given, except ...string) (string, bool) {
	for _, f := range p.flags() {
		if name := f.Names()[0]; set[name] && !slices.Contains(except, name) {
			return name, true
		}
	}
	return "", false
}

// splitNames reads --keep "A,B" --keep C as A, B, C.
func splitNames(vals []string) []string {
	var out []string
	for _, v := range vals {
		for _, n := range strings.Split(v, ",") {
			if n = strings.TrimSpace(n); n != "" {
				out = append(out, n)
			}
		}
	}
	return out
}

// fromFlags is the policy the flags give.
func (o *policyOptions) fromFlags() (strip.Policy, error) {
	command := o.table.command
	p := strip.Policy{
		Keep:           splitNames(o.keep.Value()),
		Drop:           splitNames(o.drop.Value()),
		Pseudonymize:   splitNames(o.pseudonymize.Value()),
		OptedIn:        strings.TrimSpace(o.optedIn),
		Where:          o.where.Value(),
		AllowSensitive: o.allowSensitive,
		To:             strings.ToLower(o.format),
		DateOrder:      strip.DateOrder(strings.ToLower(o.dateOrder)),
	}
	for _, g := range o.generalize.Value() {
		col, rule, ok := strings.Cut(g, "=")
		if !ok || strings.TrimSpace(col) == "" {
			return p, usageErrorf("--generalize takes COL=RULE, got %q", g).
				hint(`lockbox %s --generalize "Date of Birth=age-band" FILE`, command)
		}
		if _, err := strip.ParseRule(rule); err != nil {
			return p, usageErrorf("--generalize %q: %v", g, err)
		}
		if p.Generalize == nil {
			p.Generalize = map[string]string{}
		}
		p.Generalize[strings.TrimSpace(col)] = strings.TrimSpace(rule)
	}
	for _, w := range p.Where {
		if col, _, ok := strings.Cut(w, "="); !ok || strings.TrimSpace(col) == "" {
			return p, usageErrorf("--where takes COL=VALUE, got %q", w).
				hint("lockbox %s --where Country=NL FILE", command)
		}
	}
	switch p.To {
	case "", "csv", "xlsx":
	default:
		return p, usageErrorf("--format takes csv or xlsx, got %q", o.format)
	}
	switch p.DateOrder {
	case strip.OrderUnknown, strip.DMY, strip.MDY:
	default:
		return p, usageErrorf("--date-order takes dmy or mdy, got %q", o.dateOrder)
	}
	return p, nil
}

// policy merges the policy file, if any, with the flags.
func (o *policyOptions) policy() (strip.Policy, error) {
	flags, err := o.fromFlags()
	if err != nil {
		return flags, err
	}
	name := o.file
	if name == "" {
		return flags, nil
	}
	data, err := os.ReadFile(name)
	if err != nil {
		return flags, failf("cannot read the policy %q: %v", name, pathErr(err))
	}
	file, err := strip.ParsePolicy(data)
	if err != nil {
		return flags, failf("policy %q %v", name, err).
			hint("lockbox strip --print-policy FILE writes a policy to start from")
	}
	merged, err := file.Merge(flags)
	if err != nil {
		return flags, failf("policy %q with the flags: %v", name, err)
	}
	return merged, nil
}

// options reads every strip setting from the flags, before any I/O on
// the data: the policy, the age band date. force lets a workbook expand.
func (o *policyOptions) options(set given, force bool) (strip.Options, error) {
	var opts strip.Options
	pol, err := o.policy()
	if err != nil {
		return opts, err
	}
	opts.Policy = pol
	if opts.Table, err = o.table.options(); err != nil {
		return opts, err
	}
	if s := o.asOf; s != "" {
		if opts.AsOf, err = time.Parse("2006-01-02", s); err != nil {
			return opts, usageErrorf("--as-of takes a date as YYYY-MM-DD, got %q", s)
		}
	}
	if n := o.sample; n < 1 {
		return opts, usageErrorf("--sample must be 1 or more, got %d", n)
	}
	opts.Sample = o.sample
	opts.Sheet = o.sheet
	opts.KeepFormulas = o.keepFormulas
	opts.AllowExpansion = force
	if set["key-file"] && len(pol.Pseudonymize) == 0 {
		return opts, usageErrorf("--key-file goes with --pseudonymize")
	}
	return opts, nil
}

// loadKey returns the pseudonymisation key from --key-file or the user's
// own key, made on first use.
func (e *env) loadKey(name string) ([]byte, error) {
	if name != "" {
		key, err := strip.LoadKey(name)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) || errors.Is(err, fs.ErrPermission) {
				return nil, failf("cannot read the key %q: %v", name, pathErr(err))
			}
			return nil, failf("%v", err).hint("make a key with: head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \\n' > %s", shellQuote(name))
		}
		if fi, err := os.Stat(name); err == nil && fi.Mode().Perm()&0o077 != 0 {
			e.warnf("the key %q can be read by others (mode %#o); anyone with it can test guesses against the tokens", name, fi.Mode().Perm())
		}
		return key, nil
	}
	key, path, created, err := strip.UserKey()
	if err != nil {
		return nil, failf("cannot read or make your pseudonymisation key: %v", pathErr(err)).
			hint("give one with --key-file FILE")
	}
	if created {
		e.infof("made your pseudonymisation key %q (mode 0600); tokens match across files only under the same key", path)
	}
	return key, nil
}

func runStrip(ctx context.Context, o *stripOptions, e *env, args []string) error {
	opts, done, err := e.stripSetup(o, args)
	if done || err != nil {
		return err
	}
	input := args[0]
	job, err := strip.Open(input, opts)
	if err != nil {
		return stripError(input, err)
	}
	defer job.Close()
	if job.Input().Format == table.XLSX && (o.set["encoding"] || o.set["delimiter"]) {
		e.warnf("--encoding and --delimiter apply to delimited text; %q is a workbook, so they were ignored", input)
	}
	e.warnHidden(job.Input(), opts.Sheet)
	if o.printPolicy {
		e.stdout.Write(effectivePolicy(opts.Policy, job.Plans()))
		return nil
	}
	output := o.output
	if output == "" {
		output = compactName(input, job.Format())
	}
	sum, err := e.writeStrip(ctx, job, input, output, o.force)
	if err != nil {
		return err
	}
	if o.json {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(stripJSON{Input: input, Output: output, Summary: sum})
	}
	e.printStripSummary(output, sum)
	return nil
}

// stripSetup checks the flags and arguments and makes the strip options;
// done is true when there is nothing more to do (--print-policy without a
// file prints the policy the flags make).
func (e *env) stripSetup(o *stripOptions, args []string) (opts strip.Options, done bool, err error) {
	switch {
	case len(args) == 0 && o.printPolicy:
	case len(args) == 0:
		return opts, false, usageErrorf("no file to strip").hint("lockbox strip customers.csv")
	case len(args) > 1:
		return opts, false, usageErrorf("strip takes one file, got %d", len(args)).hint("strip them one at a time")
	case args[0] == "-":
		return opts, false, usageErrorf("strip reads a file, not standard input").
			hint("save the data to a file first, then: lockbox strip FILE")
	}
	if err := e.formatFromTo(o); err != nil {
		return opts, false, err
	}
	if opts, err = o.policy.options(o.set, o.force); err != nil {
		return opts, false, err
	}
	output := o.output
	if err := formatFromName(&opts.Policy, output); err != nil {
		return opts, false, err
	}
	if o.printPolicy {
		for _, f := range []string{"output", "json", "force"} {
			if o.set[f] {
				return opts, false, usageErrorf("--print-policy writes nothing but the policy; leave out --%s", f)
			}
		}
		if len(args) == 0 {
			e.stdout.Write(opts.Policy.YAML(nil))
			return opts, true, nil
		}
	}
	if o.json && output == "-" {
		return opts, false, usageErrorf("--json and -o - would both write to stdout").hint("write the export with -o FILE")
	}
	switch {
	case len(opts.Policy.Pseudonymize) == 0:
	case o.printPolicy:
		opts.Key = make([]byte, strip.MinKeyBytes) // planning only: no token is made
	default:
		opts.Key, err = e.loadKey(o.policy.keyFile)
	}
	return opts, false, err
}

// writeStrip runs the strip into output: stdout, or a file (0600) that
// appears only once it is whole.
func (e *env) writeStrip(ctx context.Context, job *strip.Job, input, output string, force bool) (*strip.Summary, error) {
	if output == "-" {
		if job.Format() == table.XLSX && isTerminal(os.Stdout) {
			return nil, failf("refusing to write a workbook to a terminal").
				hint("lockbox strip -o %s %s", shellQuote(compactName(input, table.XLSX)), shellQuote(input))
		}
		sum, err := job.Run(ctx, e.stdout)
		if err != nil {
			return nil, stripError(input, err)
		}
		return sum, nil
	}
	if err := checkOutput(output, []string{input}, force); err != nil {
		return nil, err
	}
	out, err := atomicfile.Create(output, 0o600, force)
	if err != nil {
		return nil, outputFailure(err, output)
	}
	defer out.Abort()
	sum, err := job.Run(ctx, out)
	if err != nil {
		return nil, stripWriteError(input, output, err)
	}
	if err := out.Commit(); err != nil {
		return nil, outputFailure(err, output)
	}
	return sum, nil
}

type stripJSON struct {
	Input  string `json:"input"`
	Output string `json:"output"`
	*strip.Summary
}

// formatFromName makes an output named .xlsx a workbook and one named
// .csv, .tsv or .txt delimited text, whatever the input is, and refuses a
// name that contradicts --format: a file named
// .csv that holds a zip would not open anywhere. For send the name ends
// in .age or .age.html after the format's extension.
func formatFromName(p *strip.Policy, output string) error {
	name, rest := output, ""
	for _, s := range []string{".html", ".age"} {
		if n := len(name) - len(s); n > 0 && strings.EqualFold(name[n:], s) {
			name, rest = name[:n], name[n:]+rest
		}
	}
	ext := filepath.Ext(name)
	var named string
	switch strings.ToLower(ext) {
	case ".xlsx":
		named = "xlsx"
	case ".csv", ".tsv", ".txt":
		named = "csv"
	default:
		return nil
	}
	switch p.To {
	case "":
		p.To = named
	case named:
	default:
		return usageErrorf("--format %s, but %q is named as %s", p.To, output, map[string]string{"xlsx": "a workbook", "csv": "delimited text"}[named]).
			hint("leave out --format, or name the output %s", strings.TrimSuffix(name, ext)+"."+p.To+rest)
	}
	return nil
}

// compactName is NAME.compact.EXT beside the input.
func compactName(input string, to table.Format) string {
	return strings.TrimSuffix(input, filepath.Ext(input)) + ".compact" + outputExt(input, to)
}

// outputExt is the extension of an export of input in the format to: the
// input's own (a .tsv or .txt list stays one), unless the format changes.
func outputExt(input string, to table.Format) string {
	ext := filepath.Ext(input)
	switch lower := strings.ToLower(ext); {
	case to == table.XLSX && lower != ".xlsx":
		return ".xlsx"
	case to == table.CSV && (lower == ".xlsx" || lower == ""):
		return ".csv"
	}
	return ext
}

// effectivePolicy is the policy with every column of the file named, and
// why, for --print-policy.
func effectivePolicy(p strip.Policy, plans []*strip.TablePlan) []byte {
	out := p
	out.Keep, out.Drop = nil, nil
	why := map[string]string{}
	seen := map[string]bool{}
	for _, t := range plans {
		for _, c := range t.Columns {
			if seen[c.Name] {
				continue
			}
			seen[c.Name] = true
			why[c.Name] = c.Reason
			switch c.Action {
			case strip.Keep:
				out.Keep = append(out.Keep, c.Name)
				if c.Class != classify.Transactional {
					why[c.Name] = fmt.Sprintf("%s: %s; %s", c.Class, kindText(c.Kind), c.Reason)
				}
			case strip.Drop:
				out.Drop = append(out.Drop, c.Name)
			}
		}
	}
	return out.YAML(why)
}

// stripError explains why a strip could not be planned or run.
func stripError(input string, err error) error {
	var (
		colErr   *strip.ColumnError
		conflict *strip.ConflictError
		sens     *strip.SensitiveError
		empty    *strip.NothingLeftError
		order    *strip.DateOrderError
		multi    *strip.MultiSheetError
		expand   *strip.ExpansionError
	)
	switch {
	case errors.As(err, &colErr):
		e := usageErrorf("%v", err)
		if colErr.Suggestion != "" {
			e.hint("did you mean %q?", colErr.Suggestion)
		}
		return e.hint("the columns are: %s", quoteList(colErr.Columns))
	case errors.As(err, &conflict):
		return usageErrorf("%v", err).hint("name each column in one of keep, drop, pseudonymize and generalize")
	case errors.As(err, &sens):
		return failf("%v", err).
			hint("if the recipient may have it, add --allow-sensitive; otherwise leave it out of %s", sens.Setting)
	case errors.As(err, &empty):
		return failf("%v", err).hint("keep the columns the recipient needs with --keep COL,...")
	case errors.As(err, &order):
		return failf("%v", err).hint("say which with --date-order dmy or --date-order mdy")
	case errors.As(err, &expand):
		return failf("%q: %v; nothing was written", input, err).
			hint("a workbook stores no empty cells, and this one would become a table of mostly empty ones; if that is what you expect, add --force")
	case errors.As(err, &multi):
		return usageErrorf("%q has %d sheets, and a CSV file holds one", input, len(multi.Sheets)).
			hint("choose one with --sheet NAME (%s), or keep the workbook with --format xlsx", quoteList(multi.Sheets))
	}
	return readError(input, err)
}

// formatFromTo takes strip's old --to csv|xlsx as --format, with a word
// that it is going: --to names the recipient, in every command. Any other
// --to is someone strip would not send to.
func (e *env) formatFromTo(o *stripOptions) error {
	if !o.set["to"] {
		return nil
	}
	to := strings.TrimSpace(o.to)
	switch f := strings.ToLower(to); {
	case f != "csv" && f != "xlsx":
		return usageErrorf("strip writes the export for you and sends it to no one; --to names a recipient in lockbox send").
			hint("to send it: lockbox send --to %s FILE", shellQuote(to))
	case o.set["format"]:
		return usageErrorf("--to %s and --format both give the format; --format is the one to use", f)
	default:
		e.warnf("strip --to %s is now --format %s: --to names a recipient, as in lockbox send", f, f)
		o.policy.format = f
		return nil
	}
}

// stripWriteError explains a failure while the export was written.
func stripWriteError(input, output string, err error) error {
	if errors.Is(err, table.ErrUnwritable) {
		return failf("cannot write %q: %s; nothing was written", output, tableDetail(err)).
			hint("write CSV instead with --format csv")
	}
	if errors.Is(err, table.ErrFormat) || errors.Is(err, table.ErrEncoding) || errors.Is(err, table.ErrLimit) {
		return stripError(input, err)
	}
	return outputFailure(err, output)
}
