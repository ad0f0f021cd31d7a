package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode"

	"github.com/urfave/cli/v2"
	"golang.org/x/term"

	"github.com/lockbox-tool/lockbox/pkg/classify"
	"github.com/lockbox-tool/lockbox/pkg/htmlpage"
	"github.com/lockbox-tool/lockbox/pkg/inspect"
	"github.com/lockbox-tool/lockbox/pkg/ledger"
	"github.com/lockbox-tool/lockbox/pkg/seal"
	"github.com/lockbox-tool/lockbox/pkg/share"
	"github.com/lockbox-tool/lockbox/pkg/strip"
	"github.com/lockbox-tool/lockbox/pkg/table"
)

// sendOptions are send's flags.
type sendOptions struct {
	to, output, ledger            string
	yes, asIs, force, armor, html bool
	keys                          keyOptions
	policy                        policyOptions
	set                           given
}

func sendCommand(e *env) *cli.Command {
	o := &sendOptions{policy: policyOptions{table: tableFlags{command: "send"}}}
	return &cli.Command{
		Name:      "send",
		Usage:     "review, strip, encrypt and record a file for one recipient",
		ArgsUsage: "FILE",
		Description: `Does the whole safe routine in one step: shows what will go out (the
columns sent and removed, the rows) and asks you to confirm; strips the
file as 'lockbox strip' does (compact by default, or as --keep, --policy
and the other strip flags say); encrypts the result under a generated
passphrase (or -r/-R keys) and checks it; shows the passphrase card for the
recipient; and records the share in your ledger ('lockbox log').

The stripped data goes straight into the encryption: no plaintext copy is
written to disk. The output is NAME-for-RECIPIENT-DATE.EXT.age in the
current directory, unless -o. --as-is sends the file unchanged, after the
review; a table with sensitive columns then needs --allow-sensitive, as a
strip that keeps them does. Without a terminal to confirm on, --yes is
needed.

The ledger holds names, hashes, counts, column names and key fingerprints,
never data or passphrases: $XDG_DATA_HOME/lockbox/ledger.jsonl, or --ledger
FILE, or LOCKBOX_LEDGER.

EXAMPLES:
   lockbox send --to "Mailhouse BV" --policy mailing.yaml customers.csv
   lockbox send --to Finance sales-q3.xlsx
   lockbox send --to "Dr. Jansen" --as-is --yes -r age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p report.pdf`,
		Flags: append(append([]cli.Flag{
			&cli.StringFlag{Name: "to", Usage: "who receives the file: `NAME`, as it goes into the ledger (required)", Destination: &o.to},
			&cli.BoolFlag{Name: "yes", Aliases: []string{"y"}, Usage: "send without asking for confirmation", Destination: &o.yes},
			&cli.BoolFlag{Name: "as-is", Usage: "send the file unchanged, without stripping", Destination: &o.asIs},
			&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "write to `OUT` instead of NAME-for-RECIPIENT-DATE.EXT.age", Destination: &o.output},
			&cli.BoolFlag{Name: "force", Usage: "overwrite OUT, and write a workbook that expands into a table of mostly empty cells", Destination: &o.force},
			&cli.StringFlag{Name: "format", Usage: "send `FORMAT` (csv or xlsx) instead of the input's", Destination: &o.policy.format},
			&cli.StringFlag{Name: "ledger", Usage: "record the share in the ledger `FILE` (default: $LOCKBOX_LEDGER, or your data directory)", Destination: &o.ledger},
			&cli.BoolFlag{Name: "armor", Aliases: []string{"a"}, Usage: "write ASCII text that can be pasted into a message", Destination: &o.armor},
			&cli.BoolFlag{Name: "html", Usage: "write a page that decrypts in the recipient's web browser, offline (NAME...EXT.age.html)", Destination: &o.html},
		}, o.keys.flags()...), o.policy.flags()...),
		Action: action(&o.set, func(ctx context.Context, args []string) error { return runSend(ctx, o, e, args) }),
	}
}

const envLedger = "LOCKBOX_LEDGER"

// ledgerPath is --ledger, else LOCKBOX_LEDGER, else the data directory.
func ledgerPath(flag string) (string, error) {
	if flag != "" {
		return flag, nil
	}
	if p := os.Getenv(envLedger); p != "" {
		return p, nil
	}
	p, err := ledger.DefaultPath()
	if err != nil {
		return "", failf("cannot find your data directory for the ledger: %v", err).hint("name one with --ledger FILE")
	}
	return p, nil
}

// slug makes a recipient's name fit a file name: "Mailhouse B.V." gives
// "mailhouse-b-v".
func slug(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			dash = true
			continue
		}
		if dash && b.Len() > 0 {
			b.WriteByte('-')
		}
		b.WriteRune(r)
		dash = false
	}
	if b.Len() == 0 {
		return "recipient"
	}
	return b.String()
}

// sendName is the n-th default name of a send, NAME-for-RECIPIENT-DATE.EXT.age
// in the current directory: a second send of the same file to the same
// recipient on the same day gets "-2" after the date.
func sendName(input, to string, format table.Format, asIs bool, now time.Time, n int) string {
	base := filepath.Base(input)
	ext := filepath.Ext(base)
	if !asIs {
		ext = outputExt(base, format)
	}
	day := now.Format("2006-01-02")
	if n > 1 {
		day += fmt.Sprintf("-%d", n)
	}
	return fmt.Sprintf("%s-for-%s-%s%s.age", strings.TrimSuffix(base, filepath.Ext(base)), slug(to), day, ext)
}

func runSend(ctx context.Context, o *sendOptions, e *env, args []string) error {
	s := &sendRun{o: o, e: e, save: o.keys.save}
	err := s.validate(args)
	if err == nil {
		err = s.open(ctx)
	}
	if s.send != nil {
		defer s.send.Close()
	}
	if err != nil {
		return err
	}
	for _, step := range []func() error{s.review, s.confirm, s.prepare} {
		if err := step(); err != nil {
			return err
		}
	}
	if err := s.deliver(ctx); err != nil {
		return err
	}
	s.report()
	return nil
}

// sendRun is one send command: what its flags and arguments say, and what
// each step found.
type sendRun struct {
	o                  *sendOptions
	e                  *env
	input, to, output  string
	save, source, book string
	asIs               bool
	opts               strip.Options
	send               *share.Send
	page               *share.Page
	k                  *sealKeys
	out                share.Outcome
	entry              *ledger.Entry
}

// validate checks the flags and arguments, before any I/O.
func (s *sendRun) validate(args []string) error {
	o := s.o
	s.to = strings.TrimSpace(o.to)
	switch {
	case len(args) == 0:
		return usageErrorf("no file to send").hint(`lockbox send --to "Mailhouse BV" customers.csv`)
	case len(args) > 1:
		return usageErrorf("send takes one file, got %d", len(args)).hint("send them one at a time, or bundle them with lockbox encrypt -o")
	case args[0] == "-":
		return usageErrorf("send reads a file, not standard input").hint("save the data to a file first")
	case s.to == "":
		return usageErrorf("send needs the recipient's name, for the card and the ledger").
			hint(`lockbox send --to "Mailhouse BV" %s`, shellQuote(args[0]))
	case strings.EqualFold(s.to, "csv") || strings.EqualFold(s.to, "xlsx"):
		// strip's --to once meant the format: "send --to xlsx" would record
		// a recipient called xlsx.
		return usageErrorf("--to names who receives the file, not its format; %q would go into the ledger as the recipient", s.to).
			hint(`lockbox send --to "Mailhouse BV" --format %s %s`, strings.ToLower(s.to), shellQuote(args[0]))
	}
	s.input, s.asIs = args[0], o.asIs
	if name, set := o.policy.given(o.set, "allow-sensitive"); s.asIs && (set || o.set["format"]) {
		if !set {
			name = "format"
		}
		return usageErrorf("--as-is sends the file unchanged, so --%s does not apply", name)
	}
	var err error
	if s.source, err = o.keys.source(o.set); err != nil {
		return err
	}
	if err := o.keys.check(o.set, s.source, o.html); err != nil {
		return err
	}
	if !s.asIs {
		if s.opts, err = o.policy.options(o.set, o.force); err != nil {
			return err
		}
		if err := formatFromName(&s.opts.Policy, o.output); err != nil {
			return err
		}
	}
	s.book, err = ledgerPath(o.ledger)
	return err
}

// open opens the input, plans the strip and counts the rows: what the
// review shows (as it is, a table is inspected).
func (s *sendRun) open(ctx context.Context) error {
	if _, err := os.Stat(s.input); err != nil {
		return failf("cannot read %q: %v", s.input, pathErr(err))
	}
	var err error
	if s.asIs {
		if s.send, err = share.OpenAsIs(s.input); err != nil {
			return failf("cannot read %q: %v", s.input, pathErr(err))
		}
		return nil
	}
	if len(s.opts.Policy.Pseudonymize) > 0 {
		if s.opts.Key, err = s.e.loadKey(s.o.policy.keyFile); err != nil {
			return err
		}
	}
	if s.send, err = share.Open(ctx, s.input, s.opts); err != nil {
		return stripError(s.input, err)
	}
	return nil
}

// review shows what goes out: the columns kept and removed, or, as it is,
// what the file holds; a sensitive column needs --allow-sensitive.
func (s *sendRun) review() error {
	e, r := s.e, s.send.Review()
	if !s.asIs {
		for _, h := range r.Hidden {
			e.warnf("sheet %q is hidden in Excel, and its data is written like the others'", h)
		}
		e.printSendReview(s.input, s.to, r.Plans, r.Rows, s.opts.Policy)
		return nil
	}
	e.infof("about to send %q to %s as it is (%s), without stripping", s.input, s.to, humanBytes(fileSize(s.input)))
	// A table is reviewed as inspect would: every column goes, so a
	// sensitive one needs --allow-sensitive as it does in a strip.
	rep := r.Table
	if rep == nil {
		return nil // not a table: it goes as a file
	}
	e.printAsIsReview(rep)
	for _, h := range r.Hidden {
		e.warnf("sheet %q is hidden in Excel, and goes out with the workbook", h)
	}
	if sens := sensitiveColumns(rep); len(sens) > 0 && !s.o.policy.allowSensitive {
		return failf("%q holds sensitive data (%s); --as-is would send it", s.input, shortList(sens)).
			hint("if the recipient may have it, add --allow-sensitive; otherwise leave --as-is out and the compact export drops it")
	}
	return nil
}

// confirm asks before anything is sent, unless --yes.
func (s *sendRun) confirm() error {
	if s.o.yes {
		return nil
	}
	ok, err := s.e.confirm(fmt.Sprintf("send this to %s?", s.to))
	switch {
	case errors.Is(err, errNoTerminal):
		return failf("there is no terminal to confirm the send on").
			hint("check what goes out with lockbox inspect %s, then add --yes", shellQuote(s.input))
	case err != nil:
		return err
	case !ok:
		return failf("not sent: you did not confirm")
	}
	return nil
}

// prepare names the output, checks it and the passphrase file may be
// written, and settles the keys.
func (s *sendRun) prepare() error {
	o := s.o
	s.output = o.output
	if s.output == "" {
		now := time.Now()
		for n := 1; ; n++ {
			if s.output = sendName(s.input, s.to, s.send.Review().Format, s.asIs, now, n); o.html {
				s.output += ".html"
			}
			if _, err := os.Lstat(s.output); errors.Is(err, fs.ErrNotExist) || n == 99 {
				break
			}
		}
	}
	if o.html {
		if fi, err := os.Stat(s.input); err == nil && fi.Size() > htmlpage.MaxInput && !o.force {
			return pageTooLarge(s.input, fi.Size())
		}
		// The download gets the name of what was sent; its size is known
		// only once it is stripped.
		s.page = &share.Page{Name: strings.TrimSuffix(strings.TrimSuffix(filepath.Base(s.output), ".html"), ".age")}
		if s.asIs {
			s.page.Name, s.page.Size = filepath.Base(s.input), humanBytes(fileSize(s.input))
		}
	}
	if err := checkOutput(s.output, []string{s.input}, o.force); err != nil {
		return err
	}
	if s.save != "" {
		if _, err := os.Lstat(s.save); err == nil {
			return failf("%q already exists; the passphrase file must be new", s.save)
		}
	}
	var err error
	if s.k, err = s.e.chooseKeys(&o.keys, s.source); err != nil {
		return err
	}
	if s.k.generated && s.save == "" {
		_, closeFn, ok := s.e.card()
		if !ok {
			return failf("there is no terminal to show the generated passphrase on").
				hint("save it to a new file: lockbox send --save-passphrase pass.txt ...")
		}
		closeFn()
	}
	return nil
}

// deliver strips into the seal, verifies, commits and records the share
// (share.Send): a share that cannot be recorded is taken back, and a file
// it replaced (--force) is put back.
func (s *sendRun) deliver(ctx context.Context) error {
	j := share.Job{Output: s.output, Replace: s.o.force, To: s.k.recipients, Seal: seal.Options{Armor: s.o.armor, Verify: true}, Page: s.page}
	if s.k.generated && s.save != "" {
		j.Saved = func() error { return savePassphrase(s.save, s.k.pass) }
		j.Unsave = func() { os.Remove(s.save) }
	}
	var err error
	s.out, err = s.send.Run(ctx, j, func(out share.Outcome, outSum string) error {
		s.entry = s.ledgerEntry(out, outSum)
		if err := s.e.appendShare(s.book, s.entry); err != nil {
			return ledgerFailure(err, s.book)
		}
		return nil
	})
	var (
		se *share.SealError
		re *share.RecordError
		he *share.HashError
		pe *os.PathError
	)
	switch {
	case errors.As(err, &se):
		if rerr := stripReadError(s.input, s.output, se.Err); rerr != nil {
			return rerr
		}
	case errors.As(err, &re) && errors.As(re.Err, &he):
		re.Err = failf("cannot hash %q for the ledger", s.input)
	case errors.As(err, &pe) && pe.Path == s.input: // opening it to send it as it is
		return failf("cannot read %q: %v", s.input, pathErr(err))
	}
	if err != nil {
		return shareFailure(err, s.output)
	}
	return nil
}

// ledgerEntry describes the share for the ledger.
func (s *sendRun) ledgerEntry(out share.Outcome, outSum string) *ledger.Entry {
	r := s.send.Review()
	e := &ledger.Entry{
		Time: time.Now().UTC().Truncate(time.Second), Recipient: s.to,
		Source: ledger.File{Name: s.input, SHA256: out.SourceSum}, Output: ledger.File{Name: s.output, SHA256: outSum},
		Format: string(r.Format), Version: version,
	}
	s.k.describe(e)
	if out.Strip != nil {
		describeTables(e, out.Strip)
	}
	if s.asIs && r.Table != nil {
		describeAsIs(e, r.Table)
	}
	if p := s.o.policy.file; p != "" {
		sum, _ := share.FileSum(p) // read already, as the policy; "" if it has gone since
		e.Policy = &ledger.File{Name: p, SHA256: sum}
	}
	return e
}

// report says what was sent and hands over the passphrase.
func (s *sendRun) report() {
	e := s.e
	if s.out.Strip != nil {
		e.printStripSummary(s.output, s.out.Strip)
	}
	e.infof("encrypted for %s to %q (%s, verified)", s.to, s.output, humanBytes(s.out.Size))
	if s.page != nil {
		e.warnLargePage(s.output)
	}
	if s.entry.Torn != nil {
		e.warnf("the ledger %q ended in a cut-short line (a crash?); this entry records it", s.book)
	}
	e.infof("recorded in the ledger %q", s.book)
	if s.k.generated {
		if !e.showCard(card{pass: s.k.pass, file: filepath.Base(s.output), to: s.to}) {
			e.infof("no terminal: the passphrase was saved to %q only", s.save)
		}
	}
	if s.o.keys.copy {
		e.copyWithClear(s.k.pass, s.o.keys.clearAfter)
	}
}

// describe puts how the file was encrypted into a ledger entry: by
// passphrase, or to keys named by their fingerprints.
func (k *sealKeys) describe(e *ledger.Entry) {
	e.Method = "passphrase"
	if len(k.keys) > 0 {
		e.Method = "keys"
		for _, key := range k.keys {
			e.Keys = append(e.Keys, ledger.Fingerprint(key))
		}
	}
}

// describeTables puts what was sent of a table into a ledger entry: rows,
// columns sent with their class, columns removed. Several sheets add up;
// their columns are named "sheet: column".
func describeTables(e *ledger.Entry, sum *strip.Summary) {
	rows := 0
	for _, t := range sum.Tables {
		rows += t.RowsWritten
		for _, c := range t.Columns {
			name := c.Name
			if len(sum.Tables) > 1 {
				name = t.Name + ": " + c.Name
			}
			if c.Sent() {
				class := string(c.Class)
				switch c.Action {
				case strip.Pseudonymize:
					class += ", pseudonymised"
				case strip.Generalize:
					class += ", generalised to " + c.Rule
				}
				e.Columns = append(e.Columns, ledger.Column{Name: name, Class: class})
			} else {
				e.Removed = append(e.Removed, name)
			}
		}
	}
	e.Rows = &rows
}

// sensitiveColumns names the sensitive columns of every table, with their
// kind: "Diagnosis" (health).
func sensitiveColumns(rep *inspect.Report) []string {
	var out []string
	for _, t := range rep.Tables {
		for i, c := range t.Columns {
			if c.Class == classify.Sensitive {
				out = append(out, fmt.Sprintf("%s (%s)", columnName(c.Name, i), kindText(c.Kind)))
			}
		}
	}
	return out
}

// describeAsIs puts what a table sent as it is holds into a ledger entry,
// as describeTables does for a stripped one: every row and column went.
func describeAsIs(e *ledger.Entry, rep *inspect.Report) {
	rows := 0
	for _, t := range rep.Tables {
		rows += t.Rows
		for i, c := range t.Columns {
			name := columnName(c.Name, i)
			if !c.Beyond && strings.TrimSpace(c.Name) != "" {
				name = c.Name
			}
			if len(rep.Tables) > 1 {
				name = t.Name + ": " + name
			}
			e.Columns = append(e.Columns, ledger.Column{Name: name, Class: string(c.Class)})
		}
	}
	e.Rows = &rows
}

// stripReadError explains a strip that failed while it streamed into the
// encryption: a table that turned out unreadable or unwritable. nil when
// err is not one.
func stripReadError(input, output string, err error) error {
	if errors.Is(err, table.ErrFormat) || errors.Is(err, table.ErrEncoding) || errors.Is(err, table.ErrLimit) || errors.Is(err, table.ErrUnwritable) {
		return stripWriteError(input, output, err)
	}
	return nil
}

// ledgerKeys are the user's ledger key and the head records' place; to
// write, a key is made if there is none, and said.
func (e *env) ledgerKeys(write bool) (ledger.Keys, error) {
	k, keyPath, created, err := ledger.UserKeys(write)
	if err != nil {
		return k, fmt.Errorf("your ledger key: %w", err)
	}
	if created {
		e.infof("made your ledger key %q (mode 0600): entries are signed with it, so that no one without it can change the ledger unnoticed", keyPath)
	}
	return k, nil
}

// appendShare records a share in the ledger at book, under the user's key.
func (e *env) appendShare(book string, entry *ledger.Entry) error {
	k, err := e.ledgerKeys(true)
	if err != nil {
		return err
	}
	return ledger.Append(book, entry, k)
}

func ledgerFailure(err error, path string) *cliError {
	var be *ledger.BrokenError
	if errors.As(err, &be) {
		return failf("%v", err).hint("check it with: lockbox log verify --ledger %s", shellQuote(path))
	}
	return failf("cannot write the ledger %q: %v", path, pathErr(err)).hint("name another with --ledger FILE")
}

// confirm asks a yes-or-no question on the terminal; anything but yes is
// no.
func (e *env) confirm(question string) (bool, error) {
	tty, err := e.tty()
	if err != nil {
		return false, errNoTerminal
	}
	defer tty.Close()
	if !term.IsTerminal(int(tty.Fd())) {
		return false, errNoTerminal
	}
	fmt.Fprintf(tty, "%s [y/N] ", question)
	line, err := bufio.NewReader(tty).ReadString('\n')
	if err != nil && line == "" {
		return false, nil
	}
	a := strings.ToLower(strings.TrimSpace(line))
	return a == "y" || a == "yes" || a == "j" || a == "ja" || a == "oui" || a == "sí" || a == "si", nil
}

func fileSize(p string) int64 {
	if fi, err := os.Stat(p); err == nil {
		return fi.Size()
	}
	return -1
}
