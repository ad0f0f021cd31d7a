package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/urfave/cli/v2"

	"github.com/lockbox-tool/lockbox/pkg/classify"
	"github.com/lockbox-tool/lockbox/pkg/scan"
)

// scanOptions are scan's flags.
type scanOptions struct {
	json, examples, all bool
	olderThan, failOn   string
	sample              int
	set                 given
}

func scanCommand(e *env) *cli.Command {
	o := &scanOptions{}
	return &cli.Command{
		Name:      "scan",
		Usage:     "find files that hold client data without protection",
		ArgsUsage: "PATH...",
		Description: `Walks the given files and directories (not following links) and lists
every table that holds personal or sensitive data unprotected, every file
protected with age, and every file that could not be read. Tables are
recognised by their content, not their names: a CSV called .txt or a
workbook called .dat is found. A sample of each table is classified as
'lockbox inspect' does; rows are counted, or estimated for very large
files (marked ~). Cell values are never shown; --examples shows masked
ones.

The exit status is 1 when unprotected personal data is found (or only
sensitive data, with --fail-on sensitive; never, with --fail-on never), so
that a scan can run from cron or CI.

EXAMPLES:
   lockbox scan ~/Downloads /srv/shared
   lockbox scan --older-than 1y --fail-on sensitive /srv/shared
   lockbox scan --json ~/Documents | jq '.files[] | select(.status == "unprotected")'`,
		Flags: []cli.Flag{
			&cli.BoolFlag{Name: "json", Usage: "print the audit as JSON on stdout", Destination: &o.json},
			&cli.StringFlag{Name: "older-than", Usage: "mark files not changed for `AGE` (1y, 6m, 2w, 30d)", Destination: &o.olderThan},
			&cli.StringFlag{Name: "fail-on", Value: "personal", Usage: "exit 1 when unprotected `DATA` is found: personal (or sensitive), sensitive, never", Destination: &o.failOn},
			&cli.BoolFlag{Name: "examples", Usage: "show a masked example of each column found", Destination: &o.examples},
			&cli.BoolFlag{Name: "all", Usage: "list every file, also those with nothing to report", Destination: &o.all},
			&cli.IntFlag{Name: "sample", Value: scan.DefaultSample, Usage: "classify the first `N` rows of each table", Destination: &o.sample},
		},
		Action: action(&o.set, func(ctx context.Context, args []string) error { return runScan(ctx, o, e, args) }),
	}
}

// scanSummary counts what a scan found.
type scanSummary struct {
	Files      int     `json:"files"`
	Bytes      int64   `json:"bytes"`
	Sensitive  int     `json:"unprotected_sensitive"`
	Personal   int     `json:"unprotected_personal"`
	Old        int     `json:"old"`
	Protected  int     `json:"protected"`
	Weak       int     `json:"weakly_protected"` // zips with a password
	Unreadable int     `json:"unreadable"`
	Tables     int     `json:"tables"`
	Seconds    float64 `json:"seconds"`
}

func runScan(ctx context.Context, o *scanOptions, e *env, roots []string) error {
	opts, err := o.validate(roots)
	if err != nil {
		return err
	}
	// A scan makes much short-lived garbage per file and holds little:
	// collecting a quarter as often takes a third off its time (the scan
	// benchmark) for a few MB more.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	start := time.Now()
	var sum scanSummary
	var bar *progressbar.ProgressBar
	if isTerminal(os.Stderr) {
		bar = progressbar.NewOptions64(-1, progressbar.OptionSetWriter(os.Stderr), progressbar.OptionSetDescription("lockbox: scanning"),
			progressbar.OptionShowCount(), progressbar.OptionSetItsString("files"), progressbar.OptionShowIts(),
			progressbar.OptionThrottle(100*time.Millisecond), progressbar.OptionClearOnFinish())
	}
	out := &scanPrinter{w: e.stdout, json: o.json, all: o.all}
	err = scan.Walk(ctx, roots, opts, func(f scan.File) error {
		sum.add(f)
		if bar != nil {
			bar.Add(1)
		}
		return out.file(f)
	})
	if bar != nil {
		bar.Finish()
	}
	if err != nil {
		return failf("scanning: %v", pathErr(err))
	}
	sum.Seconds = time.Since(start).Seconds()
	if err := out.finish(sum, opts.OlderThan > 0, o.olderThan); err != nil {
		return failf("writing the report: %v", err)
	}
	return sum.verdict(o.failOn)
}

// validate checks the flags, and that the paths to scan exist.
func (o *scanOptions) validate(roots []string) (scan.Options, error) {
	opts := scan.Options{Examples: o.examples, Sample: o.sample}
	if len(roots) == 0 {
		return opts, usageErrorf("no path to scan").hint("lockbox scan ~/Downloads")
	}
	if opts.Sample < 1 {
		return opts, usageErrorf("--sample must be 1 or more, got %d", opts.Sample)
	}
	if s := o.olderThan; s != "" {
		d, err := scan.ParseAge(s)
		if err != nil {
			return opts, usageErrorf("--older-than: %v", err)
		}
		opts.OlderThan = d
	}
	switch failOn := o.failOn; failOn {
	case "personal", "sensitive", "never":
	default:
		return opts, usageErrorf("--fail-on takes personal, sensitive or never, got %q", failOn)
	}
	for _, r := range roots {
		if _, err := os.Lstat(r); err != nil {
			return opts, failf("cannot scan %q: %v", r, pathErr(err))
		}
	}
	return opts, nil
}

// add counts a file found.
func (sum *scanSummary) add(f scan.File) {
	sum.Files++
	sum.Bytes += f.Size
	switch f.Status {
	case scan.Protected:
		sum.Protected++
	case scan.WeaklyProtected:
		sum.Weak++
	case scan.Unreadable:
		sum.Unreadable++
	case scan.Unprotected:
		sum.Tables++
		switch f.Class {
		case classify.Sensitive:
			sum.Sensitive++
		case classify.Personal:
			sum.Personal++
		}
	}
	if f.Old && f.Status == scan.Unprotected {
		sum.Old++
	}
}

// verdict is the scan's exit: a failure when unprotected data of the
// --fail-on kind was found, or files with only a zip password.
func (sum *scanSummary) verdict(failOn string) error {
	if failOn == "never" {
		return nil
	}
	found := sum.Sensitive
	what := "sensitive"
	if failOn == "personal" {
		found += sum.Personal
		what = "personal or sensitive"
	}
	if found > 0 {
		return failf("%d %s %s data without protection", found, plural(found, "file holds", "files hold"), what).
			hint("encrypt what must be kept (lockbox encrypt FILE) and delete what is no longer needed")
	}
	if sum.Weak > 0 {
		return failf("%s only a zip password", plural(sum.Weak, "1 file has", fmt.Sprintf("%d files have", sum.Weak))).
			hint("unpack what must be kept and encrypt it with lockbox encrypt, which sends the passphrase apart from the file")
	}
	return nil
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// count says n things: "1 row", "2 rows"; "1 entry", "3 entries".
func count(n int, one string) string {
	many := one + "s"
	if strings.HasSuffix(one, "y") && !strings.HasSuffix(one, "ey") {
		many = one[:len(one)-1] + "ies"
	}
	return fmt.Sprintf("%d %s", n, plural(n, one, many))
}

// scanPrinter writes the audit as it comes: as a table of fixed columns,
// or as JSON written one file at a time, so that neither holds the files.
type scanPrinter struct {
	w         io.Writer
	json, all bool
	n         int
}

func (p *scanPrinter) file(f scan.File) error {
	if p.json {
		return p.jsonFile(f)
	}
	interesting := f.Status == scan.Protected || f.Status == scan.Unreadable || f.Status == scan.WeaklyProtected ||
		f.Status == scan.Unprotected && (f.Class != classify.Transactional || f.Old)
	if !interesting && !p.all {
		return nil
	}
	if p.n == 0 {
		fmt.Fprintf(p.w, "%-11s  %-13s  %6s  %9s  %9s  %s\n", "STATUS", "DATA", "AGE", "SIZE", "ROWS", "FILE")
	}
	p.n++
	data, rows := string(f.Class), ""
	switch f.Status {
	case scan.Protected, scan.WeaklyProtected:
		data = f.Format
	case scan.Unprotected:
		rows = fmt.Sprint(f.Rows)
		if f.RowsEstimated {
			rows = "~" + rows
		}
	case scan.Other:
		data = "not a table"
		if f.Format == "lockbox-ledger" {
			data = "lockbox ledger" // names and hashes of shares, no client data
		}
	}
	age := fmt.Sprintf("%dd", f.AgeDays)
	if f.Old {
		age += "!"
	}
	_, err := fmt.Fprintf(p.w, "%-11s  %-13s  %6s  %9s  %9s  %s\n", f.Status, data, age, humanBytes(f.Size), rows, f.Path)
	if f.Reason != "" {
		fmt.Fprintf(p.w, "             %s\n", f.Reason)
	}
	if len(f.Columns) > 0 {
		fmt.Fprintf(p.w, "             %s\n", columnList(f.Columns))
	}
	if len(f.Inside) > 0 {
		var in []string
		for _, e := range f.Inside {
			s := fmt.Sprintf("%s (%s", quote(e.Name), humanBytes(int64(e.Size)))
			if e.Encrypted {
				s += ", password"
			}
			in = append(in, s+")")
		}
		fmt.Fprintf(p.w, "             inside: %s\n", shortList(in))
	}
	return err
}

// jsonFile writes a file found as the next element of the JSON list.
func (p *scanPrinter) jsonFile(f scan.File) error {
	b, err := json.Marshal(f)
	if err != nil {
		return err
	}
	sep := ",\n    "
	if p.n == 0 {
		sep = "{\n  \"files\": [\n    "
	}
	p.n++
	_, err = fmt.Fprintf(p.w, "%s%s", sep, b)
	return err
}

// columnList names the columns found, by class, sensitive first, a few
// of each at most.
func columnList(cols []scan.Column) string {
	var groups []string
	for _, class := range []classify.Class{classify.Sensitive, classify.Personal} {
		var names []string
		for _, c := range cols {
			if c.Class != class {
				continue
			}
			s := fmt.Sprintf("%s (%s", quote(cellText(c.Name)), kindText(c.Kind))
			if c.Example != "" {
				s += ", e.g. " + c.Example
			}
			names = append(names, s+")")
		}
		if len(names) > 5 {
			names = append(names[:5], fmt.Sprintf("%d more", len(names)-5))
		}
		if len(names) > 0 {
			groups = append(groups, string(class)+": "+strings.Join(names, ", "))
		}
	}
	return strings.Join(groups, "; ")
}

func (p *scanPrinter) finish(s scanSummary, old bool, age string) error {
	if p.json {
		b, err := json.MarshalIndent(s, "  ", "  ")
		if err != nil {
			return err
		}
		if p.n == 0 {
			fmt.Fprint(p.w, "{\n  \"files\": [")
		} else {
			fmt.Fprint(p.w, "\n  ")
		}
		_, err = fmt.Fprintf(p.w, "],\n  \"summary\": %s\n}\n", b)
		return err
	}
	if p.n > 0 {
		fmt.Fprintln(p.w)
	}
	fmt.Fprintf(p.w, "scanned %d %s (%s) in %.1f s: %d %s\n", s.Files, plural(s.Files, "file", "files"), humanBytes(s.Bytes),
		s.Seconds, s.Tables, plural(s.Tables, "table", "tables"))
	fmt.Fprintf(p.w, "  unprotected with sensitive data: %d\n", s.Sensitive)
	fmt.Fprintf(p.w, "  unprotected with personal data:  %d\n", s.Personal)
	if old {
		fmt.Fprintf(p.w, "  unprotected, older than %s:      %d  (their age is marked !)\n", age, s.Old)
	}
	fmt.Fprintf(p.w, "  protected:                       %d\n", s.Protected)
	if s.Weak > 0 {
		fmt.Fprintf(p.w, "  only a zip password:             %d\n", s.Weak)
	}
	_, err := fmt.Fprintf(p.w, "  unreadable:                      %d\n", s.Unreadable)
	return err
}
