package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
	"unicode/utf8"

	"filippo.io/age"
	"github.com/urfave/cli/v2"

	"github.com/lockbox-tool/lockbox/internal/ctxio"
	"github.com/lockbox-tool/lockbox/pkg/atomicfile"
	"github.com/lockbox-tool/lockbox/pkg/bundle"
	"github.com/lockbox-tool/lockbox/pkg/htmlpage"
	"github.com/lockbox-tool/lockbox/pkg/identity"
	"github.com/lockbox-tool/lockbox/pkg/ledger"
	"github.com/lockbox-tool/lockbox/pkg/seal"
	"github.com/lockbox-tool/lockbox/pkg/share"
)

// decryptOptions are decrypt's flags.
type decryptOptions struct {
	output, ledger string
	force          bool
	identities     cli.StringSlice
	maxWorkFactor  int
	secret         secretFlags
	set            given
}

func decryptCommand(e *env) *cli.Command {
	o := &decryptOptions{}
	return &cli.Command{
		Name:      "decrypt",
		Usage:     "decrypt a file you received",
		ArgsUsage: "FILE.age",
		Description: `Decrypts FILE.age to FILE. The passphrase is asked for on the terminal and
may be typed in any case, with or without dashes or spaces. Files made with
'age -p' or 'age -r' decrypt too. Nothing is written unless the whole file
decrypts and authenticates; a bundle becomes a directory.

EXAMPLES:
   lockbox decrypt customers.csv.age
   lockbox decrypt -o ~/Documents/list.csv customers.csv.age
   lockbox decrypt -i ~/.ssh/id_ed25519 report.csv.age
   lockbox decrypt --passphrase-file pass.txt customers.csv.age`,
		Flags: append([]cli.Flag{
			&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "write to `OUT` instead of FILE without .age (- for stdout)", Destination: &o.output},
			&cli.BoolFlag{Name: "force", Usage: "overwrite OUT if it exists", Destination: &o.force},
			&cli.StringSliceFlag{Name: "identity", Aliases: []string{"i"}, Usage: "decrypt with the age or SSH private key in `FILE`; repeatable", Destination: &o.identities},
			&cli.StringFlag{Name: "ledger", Usage: "record files that answer a request page in the ledger `FILE` (default: $LOCKBOX_LEDGER, or your data directory)", Destination: &o.ledger},
			&cli.IntFlag{Name: "max-work-factor", Value: seal.DefaultMaxWorkFactor, Usage: "open a passphrase file that asks for scrypt work factor up to `N` (each step doubles time and memory: 20 is 1 GiB)", Destination: &o.maxWorkFactor},
		}, o.secret.flags()...),
		Action: action(&o.set, func(ctx context.Context, args []string) error { return runDecrypt(ctx, o, e, args) }),
	}
}

func runDecrypt(ctx context.Context, o *decryptOptions, e *env, args []string) error {
	d := &decryptRun{o: o, e: e}
	if err := d.validate(args); err != nil {
		return err
	}
	src, closeSrc, err := d.open(ctx)
	if err != nil {
		return err
	}
	defer closeSrc()
	if err := d.name(); err != nil {
		return err
	}
	keys, err := e.decryptIdentities(o, d.source)
	if err != nil {
		return err
	}
	plain, err := seal.Decrypt(ctx, src, keys.ids)
	if err != nil {
		if errors.Is(err, seal.ErrNoMatchingKey) && keys.own != "" {
			return failf("%q is encrypted to keys, and your key %q is not one of them", d.input, keys.own).
				hint("if another key opens it: lockbox decrypt -i KEYFILE %s", quote(d.input))
		}
		return decryptFailure(err, d.input)
	}
	// The header is read by now: only a file that answers a request page
	// goes into the ledger, so only its plaintext is hashed.
	if id, _ := keys.request(); id == "" {
		_, err := d.write(ctx, plain)
		return err
	}
	sum := sha256.New()
	format, err := d.write(ctx, io.TeeReader(plain, sum))
	if err != nil {
		return err
	}
	e.recordReceived(o.ledger, keys, d.input, ledger.File{Name: d.output, SHA256: hex.EncodeToString(sum.Sum(nil))}, format)
	return nil
}

// decryptRun is one decrypt command: what its flags and arguments say.
type decryptRun struct {
	o             *decryptOptions
	e             *env
	input, output string
	source        string
}

// validate checks the flags and arguments, before any I/O.
func (d *decryptRun) validate(args []string) error {
	o := d.o
	switch {
	case len(args) == 0:
		return usageErrorf("no file to decrypt").hint("lockbox decrypt customers.csv.age")
	case len(args) > 1:
		return usageErrorf("decrypt takes one file, got %d", len(args)).hint("decrypt them one at a time")
	}
	d.input = args[0]
	if n := o.maxWorkFactor; n < 10 || n > 30 {
		return usageErrorf("--max-work-factor takes 10 to 30, got %d", n).hint("lockbox decrypt --max-work-factor 22 %s", shellQuote(d.input))
	}
	var err error
	if d.source, err = o.secret.source(o.set); err != nil {
		return err
	}
	if err := o.secret.checkStdinShared(o.set, args); err != nil {
		return err
	}
	if len(o.identities.Value()) > 0 && d.source != "" {
		return usageErrorf("-i and %s both given: a file is opened by a key or by a passphrase", d.source)
	}
	return nil
}

// open opens the input and refuses what is not age before a passphrase is
// asked for; a page from encrypt --html gives the armored file inside it.
func (d *decryptRun) open(ctx context.Context) (io.Reader, func(), error) {
	var in io.Reader
	closeIn := func() {}
	var size int64 // for the progress bar; unknown on stdin
	if d.input == "-" {
		in = ctxio.Blocking(ctx, os.Stdin)
	} else {
		f, err := os.Open(d.input)
		if err != nil {
			return nil, nil, failf("cannot read %q: %v", d.input, pathErr(err))
		}
		closeIn = func() { f.Close() }
		if fi, err := f.Stat(); err == nil {
			size = fi.Size()
		}
		in = f
	}
	br := bufio.NewReaderSize(in, 1<<16)
	head, _ := br.Peek(512)
	if htmlpage.IsPage(head) {
		br = bufio.NewReaderSize(htmlpage.Extract(br), 1<<16)
		if head, _ = br.Peek(512); len(head) == 0 {
			closeIn()
			return nil, nil, failf("%q is a web page with no age file in it", d.input).
				hint("a page made by lockbox encrypt --html holds one; this one may be cut short")
		}
	}
	if seal.Sniff(head) == seal.Other {
		if all, _ := br.Peek(seal.PastedSearch); !seal.Pasted(all) {
			closeIn()
			return nil, nil, notAgeError(d.input, head)
		}
	}
	if size > progressThreshold {
		return withProgress(br, size, "decrypting"), closeIn, nil
	}
	return br, closeIn, nil
}

// name chooses the output when -o does not (FILE.age gives FILE) and
// checks it may be written.
func (d *decryptRun) name() error {
	d.output = d.o.output
	if d.output == "" {
		switch in := d.input; {
		case in == "-":
			return usageErrorf("reading stdin needs -o").hint("lockbox decrypt -o list.csv -")
		case strings.HasSuffix(in, ".age") && len(in) > len(".age"):
			d.output = strings.TrimSuffix(in, ".age")
		case strings.HasSuffix(in, ".age.html") && len(in) > len(".age.html"):
			d.output = strings.TrimSuffix(in, ".age.html")
		default:
			return usageErrorf("%q does not end in .age, so there is no name to decrypt it to", in).
				hint("name the output: lockbox decrypt -o OUT %s", quote(in))
		}
	}
	if d.output == "-" {
		if isTerminal(os.Stdout) {
			d.e.warnf("writing the decrypted data to the terminal")
		}
		return nil
	}
	return checkOutput(d.output, []string{d.input}, d.o.force)
}

// write puts the plaintext in place: on stdout, as a directory for a
// bundle, or as a file that appears only once all of it authenticated.
// format is "bundle" or "file", for the ledger.
func (d *decryptRun) write(ctx context.Context, plain io.Reader) (format string, err error) {
	input, output, force := d.input, d.output, d.o.force
	if output == "-" {
		n, err := io.Copy(d.e.stdout, plain)
		if err != nil {
			return "", decryptFailure(err, input)
		}
		d.e.infof("decrypted %q to stdout (%s)", input, humanBytes(n))
		return "file", nil
	}
	pb := bufio.NewReaderSize(plain, 1<<16)
	if head, _ := pb.Peek(bundle.HeadLen); bundle.IsBundle(head) {
		return "bundle", d.e.extractBundle(ctx, pb, input, output, force)
	}
	out, err := atomicfile.Create(output, 0o600, force)
	if err != nil {
		return "", outputFailure(err, output)
	}
	defer out.Abort()
	n, err := io.Copy(out, pb)
	if err != nil {
		if isReadError(err) {
			return "", decryptFailure(err, input)
		}
		return "", outputFailure(err, output)
	}
	if err := out.Commit(); err != nil {
		return "", outputFailure(err, output)
	}
	from := quote(input)
	if input == "-" {
		from = "stdin"
	}
	d.e.infof("decrypted %s to %s (%s)", from, place(output), humanBytes(n))
	return "file", nil
}

// recordReceived records in the ledger a file that answers a request page
// (it carries the page's marker): from whom, as the request was recorded.
// The file is decrypted by then, so a ledger that cannot be written is a
// warning, not a failure.
func (e *env) recordReceived(ledgerFlag string, keys *decryptKeys, input string, out ledger.File, format string) {
	id, key := keys.request()
	book, err := ledgerPath(ledgerFlag)
	if err != nil {
		e.warnf("the file answers request %s, but it was not recorded: %v", id, err)
		return
	}
	entry := &ledger.Entry{
		Time: time.Now().UTC().Truncate(time.Second), Direction: ledger.Received, RequestID: id,
		Output: out, Format: format, Method: "keys", Version: version,
	}
	if input != "-" {
		sum, err := share.FileSum(input)
		if err != nil {
			e.warnf("the file answers request %s, but it was not recorded: cannot hash %q: %v", id, input, pathErr(err))
			return
		}
		entry.Source = ledger.File{Name: input, SHA256: sum}
	}
	if x, ok := key.(*age.X25519Identity); ok {
		entry.Keys = []string{ledger.Fingerprint(x.Recipient().String())}
	}
	if req := findRequest(book, id); req != nil {
		entry.Recipient = req.Recipient
		e.infof("it answers your request to %q of %s", req.Recipient, req.Time.Local().Format("2006-01-02"))
	} else {
		e.warnf("it answers request %s, which is not in the ledger %q: recorded without a name", id, book)
	}
	if err := e.appendShare(book, entry); err != nil {
		e.warnf("%v; the file was decrypted, but its receipt is not recorded", ledgerFailure(err, book))
		return
	}
	e.infof("recorded in the ledger %q", book)
}

// findRequest is the request entry with the ID, or nil.
func findRequest(book, id string) *ledger.Entry {
	entries, err := ledger.Read(book)
	if err != nil {
		return nil
	}
	for i := len(entries) - 1; i >= 0; i-- {
		if entries[i].Direction == ledger.Request && entries[i].RequestID == id {
			return &entries[i]
		}
	}
	return nil
}

// bundleSlack is what a bundle may declare beyond its own size: a tar
// holds its files' bytes, so only sparse entries declare more.
const bundleSlack = 1 << 20

func (e *env) extractBundle(ctx context.Context, r io.Reader, input, output string, force bool) error {
	opts := bundle.Options{Guard: atomicfile.Guard}
	if fi, err := os.Stat(input); err == nil && fi.Mode().IsRegular() && !force {
		opts.Limit = fi.Size() + bundleSlack
	}
	dir, err := atomicfile.CreateDir(output)
	var ee *atomicfile.ExistsError
	if errors.As(err, &ee) {
		return failf("%q already exists; a bundle is unpacked into a new directory", output).
			hint("choose another name: lockbox decrypt -o NEWDIR %s", quote(input))
	}
	if err != nil {
		return outputFailure(err, output)
	}
	defer dir.Abort()
	s, err := bundle.Extract(ctx, r, dir.Path(), opts)
	if err != nil {
		var (
			ue *bundle.UnsafeError
			tl *bundle.TooLargeError
			ex *bundle.ExpansionError
		)
		switch {
		case errors.As(err, &ue):
			return failf("%v", ue).hint("the file may be hostile; ask the sender how it was made")
		case errors.As(err, &tl):
			return failf("the bundle entry %q declares %s with those before it, more than the %s free; nothing was extracted", tl.Name, humanBytes(tl.Size), humanBytes(tl.Free)).
				hint("free some space, or unpack it elsewhere with -o DIR; if it should not be that large, the file may be hostile")
		case errors.As(err, &ex):
			return failf("the bundle entry %q declares %s with those before it, far more than the %s bundle holds; nothing was extracted", ex.Name, humanBytes(ex.Size), humanBytes(ex.Limit-bundleSlack)).
				hint("only sparse entries, as a tar bomb has, expand like that, and lockbox never writes them; if you trust the sender, add --force")
		case isReadError(err):
			return decryptFailure(err, input)
		}
		return outputFailure(err, output)
	}
	// The whole stream must authenticate, not just the tar entries.
	if _, err := io.Copy(io.Discard, r); err != nil {
		return decryptFailure(err, input)
	}
	if err := dir.Commit(); err != nil {
		return outputFailure(err, output)
	}
	e.infof("decrypted %q to the directory %q (%s, %s)", input, output, count(s.Files, "file"), humanBytes(s.Bytes))
	return nil
}

// isReadError tells decryption failures (which seal classifies) from write
// failures during a copy.
func isReadError(err error) bool {
	for _, e := range []error{seal.ErrTruncated, seal.ErrEndsBadly, seal.ErrDamaged} {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}

// decryptIdentities are the keys given with -i, or else a passphrase that
// is asked for only if the file turns out to need one (see
// seal.LazyPassphrase): on a terminal up to three times, from a file, a
// descriptor or the environment once.
//
// Without -i or a passphrase source, your key from lockbox keygen is tried
// first, as if given with -i. The first identity is wrapped to note a
// request marker (see identity.Marked).
func (e *env) decryptIdentities(o *decryptOptions, source string) (*decryptKeys, error) {
	if files := o.identities.Value(); len(files) > 0 {
		ids, err := readKeyFiles(files, "key file", seal.ParseIdentities)
		if err != nil {
			return nil, err
		}
		return newDecryptKeys(ids, ""), nil
	}
	lazy := &seal.LazyPassphrase{Attempts: 1, MaxWorkFactor: o.maxWorkFactor}
	lazy.Ask = func(attempt int) (string, error) {
		var typed string
		var err error
		switch {
		case source != "":
			typed, err = o.secret.read(source)
		case attempt == 1:
			typed, err = e.prompt("passphrase")
		default:
			typed, err = e.prompt(fmt.Sprintf("incorrect; passphrase (attempt %d of %d)", attempt, lazy.Attempts))
		}
		if errors.Is(err, errNoTerminal) {
			return "", failf("no terminal to ask for the passphrase").
				hint("give it with --passphrase-file FILE, --passphrase-fd N or %s", envPassphrase)
		}
		if err == nil && typed == "" {
			err = failf("the passphrase is empty")
		}
		return typed, err
	}
	if source != "" {
		return newDecryptKeys([]age.Identity{lazy}, ""), nil
	}
	lazy.Attempts = 3
	if own, path := e.defaultIdentity(); own != nil {
		return newDecryptKeys([]age.Identity{own, lazy}, path), nil
	}
	return newDecryptKeys([]age.Identity{lazy}, ""), nil
}

// decryptKeys are what decrypt tries, and what it learnt from the file.
type decryptKeys struct {
	ids []age.Identity
	// marked are the keys of ids, each wrapped to note a request marker:
	// all of them, as age tries its own identity types before any other.
	marked []*identity.Marked
	// own is the path of your key when it was tried without -i.
	own string
}

func newDecryptKeys(ids []age.Identity, own string) *decryptKeys {
	k := &decryptKeys{own: own}
	for _, id := range ids {
		// A passphrase needs no marker noted (a request page encrypts to
		// keys), and seal tells a passphrase-only attempt by its type.
		if _, lazy := id.(*seal.LazyPassphrase); !lazy {
			m := &identity.Marked{Identity: id}
			k.marked = append(k.marked, m)
			id = m
		}
		k.ids = append(k.ids, id)
	}
	return k
}

// request is the marker the file carried, and the key that noted it.
func (k *decryptKeys) request() (string, age.Identity) {
	for _, m := range k.marked {
		if m.Request != "" {
			return m.Request, m.Identity
		}
	}
	return "", nil
}

func notAgeError(input string, head []byte) error {
	e := failf("%q is not an age encrypted file", input)
	switch {
	case len(head) == 0:
		return e.hint("the file is empty")
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return e.hint("it looks like a zip file or spreadsheet that is already decrypted")
	case utf8.Valid(head) || bytes.HasPrefix(head, []byte("\xff\xfe")) || bytes.HasPrefix(head, []byte("\xfe\xff")):
		return e.hint("it looks like plain text, perhaps already decrypted")
	}
	return e.hint("check that this is the file you were sent")
}

func decryptFailure(err error, input string) error {
	var (
		wf    *seal.WorkFactorError
		wrong *seal.WrongPassphraseError
		asked *cliError // from asking for the passphrase
	)
	switch {
	case errors.As(err, &asked):
		return asked
	case errors.As(err, &wrong) && !wrong.Generated:
		return failf("incorrect passphrase for %q; nothing was written", input).
			hint("check it with the sender: a passphrase of one's own must be typed exactly as it was set, in the same case")
	case errors.Is(err, seal.ErrWrongPassphrase):
		return failf("incorrect passphrase for %q; nothing was written", input).
			hint("check it with the sender; case, dashes and spaces do not matter")
	case errors.Is(err, seal.ErrNeedsKey):
		return failf("%q is encrypted to keys, not to a passphrase", input).
			hint("lockbox decrypt -i KEYFILE %s", quote(input))
	case errors.Is(err, seal.ErrNeedsPassphrase):
		return failf("%q is encrypted to a passphrase, not to a key", input).
			hint("leave out -i and type the passphrase: lockbox decrypt %s", quote(input))
	case errors.Is(err, seal.ErrNoMatchingKey):
		return failf("none of the given keys can open %q", input).
			hint("ask the sender which key it was encrypted to")
	case errors.As(err, &wf):
		return failf("%q asks for scrypt work factor %d (the limit is %d); refusing to spend that much time and memory", input, wf.LogN, wf.Limit).
			hint("if you trust the sender, open it with --max-work-factor %d (%s of memory), or ask for a file made with the default work factor", wf.LogN, humanBytes(int64(1)<<(wf.LogN+10)))
	case errors.Is(err, seal.ErrEndsBadly):
		return failf("%q is incomplete or damaged: it ends in the middle of a chunk that does not check out, as a file cut off in transfer does; nothing was written", input).
			hint("ask the sender for the file again; it was probably cut off in transfer")
	case errors.Is(err, seal.ErrTruncated):
		return failf("%q is incomplete: it ends too early; nothing was written", input).
			hint("ask the sender for the file again; it was probably cut off in transfer")
	case errors.Is(err, seal.ErrUnsupported):
		detail := ""
		var ue *seal.UnsupportedError
		if errors.As(err, &ue) {
			detail = fmt.Sprintf(" (it is encrypted only to keys of type %s)", strings.Join(ue.Types, ", "))
		}
		return failf("%q was made by a newer or unknown version of age%s", input, detail).
			hint("update lockbox, or open it with the tool that made it")
	case errors.Is(err, seal.ErrDamaged):
		return failf("%q is damaged or has been tampered with; nothing was written", input).
			hint("ask the sender for the file again")
	}
	return failf("decrypting %q: %v", input, err)
}
