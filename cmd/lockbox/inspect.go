package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"unicode/utf8"

	"github.com/urfave/cli/v2"

	"github.com/lockbox-tool/lockbox/pkg/classify"
	"github.com/lockbox-tool/lockbox/pkg/inspect"
	"github.com/lockbox-tool/lockbox/pkg/table"
)

// inspectOptions are inspect's flags.
type inspectOptions struct {
	sheet  string
	sample int
	json   bool
	table  tableFlags
	set    given
}

func inspectCommand(e *env) *cli.Command {
	o := &inspectOptions{table: tableFlags{command: "inspect"}}
	return &cli.Command{
		Name:      "inspect",
		Usage:     "show which columns of a spreadsheet or list hold personal data",
		ArgsUsage: "FILE",
		Description: `Reviews a CSV (or TSV, or other delimited text) file or an XLSX workbook
before you share it. For every column it says whether the data is
transactional (orders, amounts, dates of actions, products, city, company),
personal (identifies or singles out a person) or sensitive (health, religion,
ethnic origin, political opinions, trade-union membership, sex life or
orientation, genetic, biometric, criminal), of which kind, and why. Examples
are masked; the JSON output holds no cell values at all.

Rows are counted in full; the first --sample rows of each table are
classified. The exit status is 0 whatever the file holds.

EXAMPLES:
   lockbox inspect customers.csv
   lockbox inspect --sheet Klanten export.xlsx
   lockbox inspect --json customers.csv | jq '.tables[0].columns[] | select(.class != "transactional")'
   lockbox inspect --encoding windows-1252 kunden.csv`,
		Flags: append([]cli.Flag{
			&cli.StringFlag{Name: "sheet", Usage: "inspect only the sheet `NAME` of a workbook", Destination: &o.sheet},
			&cli.IntFlag{Name: "sample", Value: classify.DefaultSample, Usage: "classify the first `N` rows of each table (0 for every row)", Destination: &o.sample},
			&cli.BoolFlag{Name: "json", Usage: "print the review as JSON on stdout", Destination: &o.json},
		}, o.table.flags()...),
		Action: action(&o.set, func(ctx context.Context, args []string) error { return runInspect(ctx, o, e, args) }),
	}
}

// validate checks the flags and arguments, before any I/O, and gives the
// review's options.
func (o *inspectOptions) validate(args []string) (inspect.Options, error) {
	switch {
	case len(args) == 0:
		return inspect.Options{}, usageErrorf("no file to inspect").hint("lockbox inspect customers.csv")
	case len(args) > 1:
		return inspect.Options{}, usageErrorf("inspect takes one file, got %d", len(args)).hint("inspect them one at a time")
	}
	if args[0] == "-" {
		return inspect.Options{}, usageErrorf("inspect reads a file, not standard input").
			hint("save the data to a file first, then: lockbox inspect FILE")
	}
	opts, err := o.table.options()
	if err != nil {
		return inspect.Options{}, err
	}
	sample := o.sample
	switch {
	case sample < 0:
		return inspect.Options{}, usageErrorf("--sample must be 0 (every row) or more, got %d", sample)
	case sample == 0:
		sample = -1
	}
	return inspect.Options{Sheet: o.sheet, Sample: sample, Table: opts}, nil
}

func runInspect(_ context.Context, o *inspectOptions, e *env, args []string) error {
	opts, err := o.validate(args)
	if err != nil {
		return err
	}
	path := args[0]
	rep, err := inspect.File(path, opts)
	if err != nil {
		return readError(path, err)
	}
	if rep.Format == table.XLSX && (o.set["encoding"] || o.set["delimiter"]) {
		e.warnf("--encoding and --delimiter apply to delimited text; %q is a workbook, so they were ignored", path)
	}
	if o.json {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	e.printReport(path, rep)
	return nil
}

// tableFlags are the flags that say how to read a table file.
type tableFlags struct {
	command             string // for the hints
	encoding, delimiter string
	headerRow           int
}

func (o *tableFlags) flags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "encoding", Usage: "read text as `ENC` (" + strings.Join(table.EncodingNames(), ", ") + ") instead of detecting it", Destination: &o.encoding},
		&cli.StringFlag{Name: "delimiter", Usage: "split text on `D` (one ASCII character, or \"tab\") instead of sniffing it", Destination: &o.delimiter},
		&cli.IntFlag{Name: "header-row", Usage: "read line or row `N` as the header", DefaultText: "found among the first 50 lines", Destination: &o.headerRow},
	}
}

// options checks the flags and gives the table.Options they say.
func (o *tableFlags) options() (table.Options, error) {
	opts := table.Options{Encoding: strings.ToLower(o.encoding), HeaderRow: o.headerRow}
	if opts.HeaderRow < 0 {
		return opts, usageErrorf("--header-row takes a line number from 1, got %d", opts.HeaderRow).
			hint("lockbox %s --header-row 3 FILE", o.command)
	}
	if opts.Encoding != "" {
		known := false
		for _, e := range table.EncodingNames() {
			known = known || e == opts.Encoding
		}
		if !known {
			return opts, usageErrorf("unknown encoding %q", o.encoding).
				hint("use one of: %s", strings.Join(table.EncodingNames(), ", "))
		}
	}
	switch d := o.delimiter; {
	case d == "":
	case d == "tab" || d == `\t` || d == "\t":
		opts.Delimiter = '\t'
	case len(d) == 1 && d[0] < utf8.RuneSelf && d != `"` && d != "\n" && d != "\r":
		opts.Delimiter = d[0]
	default:
		// Records are split on one byte; "§" is two in UTF-8.
		return opts, usageErrorf("--delimiter must be one ASCII character or \"tab\", got %q", d).
			hint("lockbox %s --delimiter ';' FILE", o.command)
	}
	return opts, nil
}

// tableDetail is what a table error says beyond its kind, which the
// message and hint around it give in words of their own.
func tableDetail(err error) string {
	var te *table.Error
	if errors.As(err, &te) {
		return te.Detail
	}
	return err.Error()
}

// readError explains why a table file could not be read.
func readError(path string, err error) error {
	var sheetErr *table.SheetError
	switch {
	case errors.As(err, &sheetErr):
		return usageErrorf("%q has no sheet named %q", path, sheetErr.Name).
			hint("its sheets are: %s", quoteList(sheetErr.Sheets))
	case errors.Is(err, fs.ErrNotExist):
		return failf("%q does not exist", path)
	case errors.Is(err, fs.ErrPermission):
		return failf("cannot read %q: permission denied", path)
	case errors.Is(err, table.ErrPassword):
		return failf("cannot read %q: %s", path, tableDetail(err)).
			hint("open it in Excel, remove the password (File > Info > Protect Workbook), save a copy and use that;").
			hint("lockbox encrypt protects the file you send far better than an Office password")
	case errors.Is(err, table.ErrEncoding):
		return failf("cannot read %q: %s", path, tableDetail(err)).
			hint("if it was saved by Excel on Windows, try: lockbox inspect --encoding windows-1252 %s", shellQuote(path))
	case errors.Is(err, table.ErrLongRecord):
		return failf("refusing %q: %s", path, tableDetail(err)).
			hint("lockbox reads records of up to %d MiB, to keep its memory small; a spreadsheet cell holds", table.MaxRecord>>20).
			hint("at most 32,767 characters, so look for a quote that is opened and never closed on that line")
	case errors.Is(err, table.ErrLimit):
		return failf("refusing %q: %s", path, tableDetail(err)).
			hint("a spreadsheet that large or that compressed is almost certainly not a customer list")
	case errors.Is(err, table.ErrFormat):
		return failf("cannot read %q: %s", path, tableDetail(err)).
			hint("lockbox reads CSV, TSV and other delimited text, and XLSX workbooks")
	}
	return failf("cannot read %q: %v", path, pathErr(err))
}

func quoteList(xs []string) string {
	q := make([]string, len(xs))
	for i, x := range xs {
		q[i] = fmt.Sprintf("%q", x)
	}
	return strings.Join(q, ", ")
}

// shellQuote quotes a path for a command the user can paste.
func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
