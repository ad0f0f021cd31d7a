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
	"github.com/lockbox-tool/lockbox/pkg/seal"
	"github.com/lockbox-tool/lockbox/pkg/strip"
	"github.com/lockbox-tool/lockbox/pkg/table"
)

type output struct {
	mu     sync.Mutex
	stderr io.Writer
}

// env is what a command reaches besides the files it is given: standard
// output, the messages on stderr, the terminal that shows a passphrase card
// or asks for a passphrase, and the scrypt work factor of new files. main
// makes the real one; tests make their own, with no terminal and cheap
// scrypt. Nothing else in this package changes after start-up.
type env struct {
	*output // messages on stderr
	stdout  *stdoutWriter
	// card returns where to show a passphrase; ok is false when there is
	// no terminal.
	card func() (w io.Writer, closeFn func(), ok bool)
	// tty opens the terminal a passphrase is asked on.
	tty        func() (*os.File, error)
	workFactor int

	ttyMu      sync.Mutex
	ttyRestore func() // puts the terminal back in echo mode during a prompt

	unknownCommand string   // set by the app's CommandNotFound hook, which cannot return an error
	args           []string // the command line being run, for onUsageError
}

// newEnv is the real process's: os.Stdout, os.Stderr, /dev/tty and
// age's default scrypt work factor.
func newEnv() *env {
	return &env{
		output:     &output{stderr: os.Stderr},
		stdout:     &stdoutWriter{w: os.Stdout},
		card:       openTerminal,
		tty:        func() (*os.File, error) { return os.OpenFile("/dev/tty", os.O_RDWR, 0) },
		workFactor: seal.DefaultWorkFactor,
	}
}

// stdoutWriter is standard output that remembers its first failed write.
// Everything lockbox prints on standard output goes through it, so that
// run can report a full disk or a closed file behind it: a review or an
// export cut short must not end with exit 0, nor be blamed on the input.
type stdoutWriter struct {
	w   io.Writer
	err error
}

func (w *stdoutWriter) Write(p []byte) (int, error) {
	n, err := w.w.Write(p)
	if err != nil && w.err == nil {
		w.err = err
	}
	return n, err
}

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
func openTerminal() (w io.Writer, closeFn func(), ok bool) {
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
	pass   string
	file   string // the encrypted file it opens
	to     string // who it is for, if known
	bundle bool   // the file is a bundle: plain age gives a tar
}

// showCard prints the passphrase card on the terminal, and reports whether
// there was a terminal to print it on.
func (e *env) showCard(c card) bool {
	w, closeFn, ok := e.card()
	if !ok {
		return false
	}
	defer closeFn()
	e.mu.Lock()
	defer e.mu.Unlock()
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
	if c.to != "" {
		fmt.Fprintf(&b, "  passphrase for %s to open %q:\n\n", c.to, c.file)
	} else {
		fmt.Fprintf(&b, "  passphrase to open %q:\n\n", c.file)
	}
	fmt.Fprintf(&b, "      %s\n\n", pass)
	fmt.Fprintf(&b, "  read aloud:\n")
	for _, l := range passphrase.Phonetic(c.pass) {
		fmt.Fprintf(&b, "      %s\n", l)
	}
	fmt.Fprintf(&b, "\n  send the file by email and this passphrase by phone or SMS,\n")
	fmt.Fprintf(&b, "  never in the same message. lockbox forgives case and dashes;\n")
	fmt.Fprintf(&b, "  plain age needs the passphrase exactly as shown.\n")
	if plain, ok := strings.CutSuffix(c.file, ".age"); ok && plain != "" && c.bundle {
		fmt.Fprintf(&b, "\n  to open it: lockbox decrypt %q\n", c.file)
		fmt.Fprintf(&b, "  (or: age -d -o %q %q, then tar xf %q)\n", plain+".tar", c.file, plain+".tar")
	} else if ok && plain != "" {
		fmt.Fprintf(&b, "\n  to open it: lockbox decrypt %q  (or: age -d -o %q %q)\n", c.file, plain, c.file)
	} else if strings.HasSuffix(c.file, ".age.html") {
		fmt.Fprintf(&b, "\n  to open it: open %q in a web browser and type the passphrase\n", c.file)
		fmt.Fprintf(&b, "  (nothing to install; or: lockbox decrypt %q)\n", c.file)
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
func (e *env) printReport(path string, rep *inspect.Report) {
	colour := colorful(os.Stdout)
	var b strings.Builder
	switch rep.Format {
	case table.CSV:
		bom := ""
		if rep.BOM {
			bom = " with BOM"
		}
		fmt.Fprintf(&b, "%s: delimited text, %s-separated, %s%s, %s\n", path, rep.Delimiter, rep.Encoding, bom, humanBytes(rep.Size))
	default:
		fmt.Fprintf(&b, "%s: XLSX workbook, %s, %s: %s\n", path, humanBytes(rep.Size), count(len(rep.Sheets), "sheet"), strings.Join(rep.Sheets, ", "))
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
		fmt.Fprintf(&b, "%s (%s), %s: %d sensitive, %d personal, %d transactional\n",
			count(t.Rows, "row"), sampled, count(len(t.Columns), "column"), counts[classify.Sensitive], counts[classify.Personal], counts[classify.Transactional])
		for _, n := range reviewNotes(t) {
			fmt.Fprintf(&b, "note: %s\n", n)
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
			name := cellText(c.Name)
			if c.Beyond {
				name = fmt.Sprintf("(beyond the header, %d)", c.Index+1)
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\n", name, class, c.Kind, c.Example, c.Evidence)
		}
		tw.Flush()
	}
	io.WriteString(e.stdout, b.String())
}

// reviewNotes are what a review says of how a table was read.
func reviewNotes(t inspect.Table) []string {
	var notes []string
	note := func(format string, a ...any) { notes = append(notes, fmt.Sprintf(format, a...)) }
	if t.Hidden {
		note("Excel hides this sheet; its data goes out with the workbook all the same")
	}
	if t.AboveHeader > 0 {
		note("the header is on line %d; %d %s above it (a title or notes) %s skipped and %s not data (--header-row N reads another line as the header)",
			t.HeaderLine, t.AboveHeader, plural(t.AboveHeader, "line", "lines"), plural(t.AboveHeader, "was", "were"), plural(t.AboveHeader, "is", "are"))
	}
	if t.Ragged > 0 {
		note("%s %s more or fewer cells than the header (lines %s); cells beyond the header are listed as columns of their own and never sent",
			count(t.Ragged, "row"), plural(t.Ragged, "has", "have"), joinInts(t.RaggedRows, t.Ragged))
	}
	if t.Blank > 0 {
		note("%s %s not counted as rows", count(t.Blank, "blank line"), plural(t.Blank, "is", "are"))
	}
	if t.NoResult > 0 {
		note("%s %s no stored result (the workbook was saved without calculating) and %s as empty",
			count(t.NoResult, "formula cell"), plural(t.NoResult, "has", "have"), plural(t.NoResult, "reads", "read"))
	}
	if t.BadQuotes > 0 {
		note("%s %s stray quotes and %s read leniently", count(t.BadQuotes, "row"), plural(t.BadQuotes, "has", "have"), plural(t.BadQuotes, "was", "were"))
	}
	if len(t.Duplicates) > 0 {
		note("more than one column is headed %s; a setting that names one applies to each", quoteList(t.Duplicates))
	}
	return notes
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

// place names an output in a message: quoted, or stdout for "-".
func place(path string) string {
	if path == "-" {
		return "stdout"
	}
	return quote(path)
}

// printStripSummary says on stderr what a strip wrote, kept, changed,
// dropped and filtered, table by table. It names columns, never values.
func (e *env) printStripSummary(output string, sum *strip.Summary) {
	where := place(output)
	for _, t := range sum.Tables {
		prefix := ""
		if len(sum.Tables) > 1 {
			prefix = fmt.Sprintf("sheet %q: ", t.Name)
		}
		g := groupColumns(t.Columns)
		e.infof("%swrote %d of %s and %d of %s to %s", prefix, t.RowsWritten, count(t.RowsRead, "row"), g.sent, count(len(t.Columns), "column"), where)
		list := func(what string, xs []string) {
			if len(xs) > 0 {
				e.infof("  %s: %s", what, shortList(xs))
			}
		}
		list("kept, transactional", g.kept)
		list("kept, personal", g.personal)
		list("pseudonymised", g.pseud)
		list("generalised", g.gen)
		list("dropped", g.dropped)
		if len(g.sensitive) > 0 {
			e.warnf("%ssending sensitive data (--allow-sensitive): %s", prefix, shortList(g.sensitive))
		}
		e.printStripNotes(prefix, &t)
	}
}

// columnGroups are a table's columns named by what a strip did to them.
type columnGroups struct {
	sent                                           int
	kept, personal, sensitive, pseud, gen, dropped []string
}

func groupColumns(cols []strip.ColumnPlan) columnGroups {
	var g columnGroups
	for i, c := range cols {
		name := columnName(c.Name, i)
		if c.Sent() {
			g.sent++
		}
		switch {
		case c.Action == strip.Drop:
			g.dropped = append(g.dropped, fmt.Sprintf("%s (%s)", name, c.Reason))
		case c.Action == strip.Pseudonymize:
			g.pseud = append(g.pseud, name)
		case c.Action == strip.Generalize:
			g.gen = append(g.gen, fmt.Sprintf("%s (%s)", name, c.Rule))
		case c.Class == classify.Transactional:
			g.kept = append(g.kept, name)
		case c.Class == classify.Personal:
			g.personal = append(g.personal, fmt.Sprintf("%s (%s)", name, kindText(c.Kind)))
		}
		if c.Sent() && c.Class == classify.Sensitive {
			g.sensitive = append(g.sensitive, fmt.Sprintf("%s (%s)", name, kindText(c.Kind)))
		}
	}
	return g
}

// printStripNotes says what a strip filtered, defused, left empty or left
// out of a table, and how it was read.
func (e *env) printStripNotes(prefix string, t *strip.TableSummary) {
	if t.RowsFiltered > 0 {
		var why []string
		if t.NotOptedIn > 0 {
			s := fmt.Sprintf("%d not opted in", t.NotOptedIn)
			if t.ConsentUnclear > 0 {
				s += fmt.Sprintf(" (%d of them with a consent value that is neither yes nor no)", t.ConsentUnclear)
			}
			why = append(why, s)
		}
		if t.NotMatching > 0 {
			why = append(why, fmt.Sprintf("%d not matching --where", t.NotMatching))
		}
		e.infof("  filtered out %s: %s", count(t.RowsFiltered, "row"), strings.Join(why, ", "))
	}
	for _, u := range t.Unreadable {
		e.warnf("%s%d values of %q could not be read for %s (rows at lines %s); they were left empty",
			prefix, u.Count, u.Column, u.Rule, joinInts(u.Lines, u.Count))
	}
	if t.FormulasDefused > 0 {
		e.infof("  defused %s that a spreadsheet would run as formulas, with a leading ' (--keep-formulas leaves them)", count(t.FormulasDefused, "cell"))
	}
	if t.OverflowDropped > 0 {
		e.warnf("%sdropped %s beyond the last column of the header: %s to no column", prefix, count(t.OverflowDropped, "cell"),
			plural(t.OverflowDropped, "it belongs", "they belong"))
	}
	if t.AboveHeader > 0 {
		e.infof("  the header is on line %d; %d %s above it (a title or notes) %s left out: not data", t.HeaderLine, t.AboveHeader,
			plural(t.AboveHeader, "line", "lines"), plural(t.AboveHeader, "was", "were"))
	}
	if t.Ragged > 0 {
		e.infof("  %s %s more or fewer cells than the header; %s kept as %s", count(t.Ragged, "row"), plural(t.Ragged, "has", "have"),
			plural(t.Ragged, "it was", "they were"), plural(t.Ragged, "it is", "they are"))
	}
	if t.NoResult > 0 {
		e.warnf("%s%s had no stored result and %s written empty; open and save the workbook in Excel or LibreOffice first to keep their values",
			prefix, count(t.NoResult, "formula cell"), plural(t.NoResult, "was", "were"))
	}
	if t.BlankLines > 0 {
		e.infof("  %s %s left out; %s not rows", count(t.BlankLines, "blank line"), plural(t.BlankLines, "was", "were"), plural(t.BlankLines, "it is", "they are"))
	}
}

// columnName names a column in a message: its header, quoted, or its
// place when it has none.
func columnName(header string, i int) string {
	if strings.TrimSpace(header) == "" {
		return fmt.Sprintf("column %d (no header)", i+1)
	}
	return quote(header)
}

// shortList joins the names of columns for one line of a message. A file
// with thousands of columns would flood the terminal: after the first
// few it says how many more there are (inspect and --json list them all).
func shortList(xs []string) string {
	const most = 40
	if len(xs) <= most {
		return strings.Join(xs, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(xs[:most], ", "), len(xs)-most)
}

// warnHidden says which of the sheets being written Excel hides: the
// person sending the workbook may never have seen them.
func (e *env) warnHidden(f *table.File, sheet string) {
	for _, h := range f.Hidden() {
		if sheet == "" || sheet == h {
			e.warnf("sheet %q is hidden in Excel, and its data is written like the others'", h)
		}
	}
}

func kindText(k classify.Kind) string { return strings.ReplaceAll(string(k), "_", " ") }

// printSendReview says on stderr what send is about to send and to whom:
// the file, the columns that go and those that are removed, and the rows.
func (e *env) printSendReview(input, to string, plans []*strip.TablePlan, rows []int, pol strip.Policy) {
	e.infof("about to send %q to %s:", input, to)
	for i, t := range plans {
		prefix := "  "
		if len(plans) > 1 {
			e.infof("  sheet %q:", t.Name)
			prefix = "    "
		}
		var sent, removed []string
		for j, c := range t.Columns {
			name := columnName(c.Name, j)
			what := fmt.Sprintf("%s (%s)", name, c.Class)
			switch c.Action {
			case strip.Drop:
				removed = append(removed, fmt.Sprintf("%s (%s)", name, c.Reason))
				continue
			case strip.Pseudonymize:
				what = fmt.Sprintf("%s (%s, pseudonymised)", name, c.Class)
			case strip.Generalize:
				what = fmt.Sprintf("%s (%s, generalised to %s)", name, c.Class, c.Rule)
			}
			sent = append(sent, what)
		}
		rowText := fmt.Sprintf("%d", rows[i])
		var filters []string
		if pol.OptedIn != "" {
			filters = append(filters, fmt.Sprintf("opted in to %q", pol.OptedIn))
		}
		for _, w := range pol.Where {
			filters = append(filters, "where "+w)
		}
		if len(filters) > 0 {
			rowText = fmt.Sprintf("those of the %d that are %s", rows[i], strings.Join(filters, " and "))
		}
		e.infof("%srows: %s", prefix, rowText)
		e.infof("%scolumns sent: %s", prefix, shortList(sent))
		if len(removed) > 0 {
			e.infof("%scolumns removed: %s", prefix, shortList(removed))
		}
	}
}

// printAsIsReview says what a table sent as it is holds: every column goes.
func (e *env) printAsIsReview(rep *inspect.Report) {
	for _, t := range rep.Tables {
		prefix := "  "
		if len(rep.Tables) > 1 {
			e.infof("  sheet %q:", t.Name)
			prefix = "    "
		}
		var cols []string
		for i, c := range t.Columns {
			cols = append(cols, fmt.Sprintf("%s (%s)", columnName(c.Name, i), c.Class))
		}
		e.infof("%srows: %d", prefix, t.Rows)
		e.infof("%scolumns sent: %s", prefix, shortList(cols))
	}
}
