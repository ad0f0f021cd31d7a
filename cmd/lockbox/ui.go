package main

// Everything lockbox shows a person goes through this file. The rules:
//
//   - stdout carries only what was asked for: file contents with "-o -",
//     JSON with --json, a passphrase from "lockbox passphrase", the review
//     from "lockbox inspect". Nothing else, so it can be piped.
//   - Everything else goes to stderr as "lockbox: ..." lines, lowercase,
//     no trailing period, paths quoted. Errors are "lockbox: error: ..."
//     followed by "lockbox: hint: ..." lines that say what would work.
//   - A generated passphrase goes only to a terminal: stderr if it is one,
//     else /dev/tty. Never to a pipe or a log file, never into an error.
//   - Messages never contain cell values or file contents.
//   - Colour only on a terminal, and never when NO_COLOR is set.

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"text/tabwriter"

	"golang.org/x/term"

	"github.com/lockbox-tool/lockbox/pkg/classify"
	"github.com/lockbox-tool/lockbox/pkg/inspect"
	"github.com/lockbox-tool/lockbox/pkg/passphrase"
	"github.com/lockbox-tool/lockbox/pkg/table"
)

type output struct {
	mu     sync.Mutex
	stderr io.Writer
}

var ui = &output{stderr: os.Stderr}

func (o *output) line(prefix, format string, a ...any) {
	o.mu.Lock()
	defer o.mu.Unlock()
	fmt.Fprintf(o.stderr, "lockbox: %s%s\n", prefix, fmt.Sprintf(format, a...))
}

func (o *output) infof(format string, a ...any) { o.line("", format, a...) }
func (o *output) warnf(format string, a ...any) { o.line(o.paint("warning: ", yellow), format, a...) }
func (o *output) errorf(format string, a ...any) {
	o.line(o.paint("error: ", red), format, a...)
}
func (o *output) hintf(format string, a ...any) { o.line("hint: ", format, a...) }

const (
	red    = "31"
	yellow = "33"
	bold   = "1"
)

func (o *output) paint(s, code string) string {
	if !colorful(os.Stderr) {
		return s
	}
	return "\x1b[" + code + "m" + s + "\x1b[0m"
}

func isTerminal(f *os.File) bool { return term.IsTerminal(int(f.Fd())) }

func colorful(f *os.File) bool {
	_, noColor := os.LookupEnv("NO_COLOR")
	return !noColor && isTerminal(f)
}

// openTerminal returns where to show a passphrase: stderr when it is a
// terminal, else the controlling terminal. ok is false when there is none.
// Tests replace it.
var openTerminal = func() (w io.Writer, closeFn func(), ok bool) {
	if isTerminal(os.Stderr) {
		return os.Stderr, func() {}, true
	}
	tty, err := os.OpenFile("/dev/tty", os.O_WRONLY, 0)
	if err != nil {
		return nil, nil, false
	}
	return tty, func() { tty.Close() }, true
}

// card describes how a passphrase is handed over.
type card struct {
	pass string
	file string // the encrypted file it opens
}

// show prints the passphrase card on the terminal, and reports whether
// there was a terminal to print it on.
func (c card) show() bool {
	w, closeFn, ok := openTerminal()
	if !ok {
		return false
	}
	defer closeFn()
	ui.mu.Lock()
	defer ui.mu.Unlock()
	colour := false
	if f, isFile := w.(*os.File); isFile {
		colour = colorful(f)
	}
	pass := c.pass
	if colour {
		pass = "\x1b[" + bold + "m" + pass + "\x1b[0m"
	}
	var b strings.Builder
	rule := strings.Repeat("-", 64)
	fmt.Fprintf(&b, "\n%s\n", rule)
	fmt.Fprintf(&b, "  passphrase to open %q:\n\n", c.file)
	fmt.Fprintf(&b, "      %s\n\n", pass)
	fmt.Fprintf(&b, "  read aloud:\n")
	for _, l := range passphrase.Phonetic(c.pass) {
		fmt.Fprintf(&b, "      %s\n", l)
	}
	fmt.Fprintf(&b, "\n  send the file by email and this passphrase by phone or SMS,\n")
	fmt.Fprintf(&b, "  never in the same message. lockbox forgives case and dashes;\n")
	fmt.Fprintf(&b, "  plain age needs the passphrase exactly as shown.\n")
	if plain, ok := strings.CutSuffix(c.file, ".age"); ok && plain != "" {
		fmt.Fprintf(&b, "\n  to open it: lockbox decrypt %q  (or: age -d -o %q %q)\n", c.file, plain, c.file)
	}
	fmt.Fprintf(&b, "%s\n\n", rule)
	io.WriteString(w, b.String())
	return true
}

// humanBytes formats a size for messages: 1.2 MB.
func humanBytes(n int64) string {
	const unit = 1000
	if n < unit {
		return fmt.Sprintf("%d bytes", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %cB", float64(n)/float64(div), "kMGTPE"[exp])
}

// printReport writes an inspect review on stdout: the file's facts, then
// one table of columns per sheet. Examples are masked by package classify.
func printReport(path string, rep *inspect.Report) {
	out := os.Stdout
	colour := colorful(out)
	var b strings.Builder
	switch rep.Format {
	case table.CSV:
		bom := ""
		if rep.BOM {
			bom = " with BOM"
		}
		fmt.Fprintf(&b, "%s: delimited text, %s-separated, %s%s, %s\n", path, rep.Delimiter, rep.Encoding, bom, humanBytes(rep.Size))
	default:
		fmt.Fprintf(&b, "%s: XLSX workbook, %s, %d sheets: %s\n", path, humanBytes(rep.Size), len(rep.Sheets), strings.Join(rep.Sheets, ", "))
	}
	for _, t := range rep.Tables {
		counts := map[classify.Class]int{}
		for _, c := range t.Columns {
			counts[c.Class]++
		}
		sampled := fmt.Sprintf("%d sampled", t.Sampled)
		if t.Sampled == t.Rows {
			sampled = "all classified"
		}
		fmt.Fprintf(&b, "\n")
		if rep.Format == table.XLSX {
			fmt.Fprintf(&b, "sheet %q: ", t.Name)
		}
		fmt.Fprintf(&b, "%d rows (%s), %d columns: %d sensitive, %d personal, %d transactional\n",
			t.Rows, sampled, len(t.Columns), counts[classify.Sensitive], counts[classify.Personal], counts[classify.Transactional])
		if t.Ragged > 0 {
			fmt.Fprintf(&b, "note: %d rows have more or fewer cells than the header (lines %s); they are kept as they are\n",
				t.Ragged, joinInts(t.RaggedRows, t.Ragged))
		}
		if t.Blank > 0 {
			fmt.Fprintf(&b, "note: %d blank lines are not counted as rows\n", t.Blank)
		}
		if t.BadQuotes > 0 {
			fmt.Fprintf(&b, "note: %d rows have stray quotes and were read leniently\n", t.BadQuotes)
		}
		if len(t.Columns) == 0 {
			continue
		}
		tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
		fmt.Fprintf(tw, "\n  COLUMN\tCLASS\tKIND\tEXAMPLE\tEVIDENCE\n")
		for _, c := range t.Columns {
			class := string(c.Class)
			if colour {
				// Same-length escape codes on every row keep the columns aligned.
				code := map[classify.Class]string{classify.Sensitive: red, classify.Personal: yellow, classify.Transactional: "32"}[c.Class]
				class = "\x1b[" + code + "m" + class + "\x1b[0m"
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\n", cellText(c.Name), class, c.Kind, c.Example, c.Evidence)
		}
		tw.Flush()
	}
	io.WriteString(out, b.String())
}

// cellText keeps a header on one line of the table.
func cellText(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if s == "" {
		return "(no header)"
	}
	if r := []rune(s); len(r) > 40 {
		return string(r[:39]) + "…"
	}
	return s
}

func joinInts(xs []int, total int) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = fmt.Sprint(x)
	}
	if total > len(xs) {
		s = append(s, "…")
	}
	return strings.Join(s, ", ")
}
