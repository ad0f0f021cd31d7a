package main

import (
	"bufio"
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"filippo.io/age"
	"github.com/urfave/cli/v2"

	"github.com/lockbox-tool/lockbox/internal/ctxio"
	"github.com/lockbox-tool/lockbox/pkg/atomicfile"
	"github.com/lockbox-tool/lockbox/pkg/bundle"
	"github.com/lockbox-tool/lockbox/pkg/clip"
	"github.com/lockbox-tool/lockbox/pkg/htmlpage"
	"github.com/lockbox-tool/lockbox/pkg/ledger"
	"github.com/lockbox-tool/lockbox/pkg/passphrase"
	"github.com/lockbox-tool/lockbox/pkg/seal"
	"github.com/lockbox-tool/lockbox/pkg/share"
)

// encryptOptions are encrypt's flags.
type encryptOptions struct {
	output, to, ledger                 string
	force, armor, html, json, noVerify bool
	keys                               keyOptions
	set                                given
}

func encryptCommand(e *env) *cli.Command {
	o := &encryptOptions{}
	return &cli.Command{
		Name:      "encrypt",
		Usage:     "encrypt files under a generated passphrase",
		ArgsUsage: "FILE...",
		Description: `Encrypts FILE to FILE.age with age under a freshly generated passphrase,
checks that the result decrypts back to the original, and shows the
passphrase on the terminal only. Send the file by email and the passphrase
by phone or SMS, never in the same message. The recipient opens it with
'lockbox decrypt' or with 'age -d'.

Several files or a directory become one encrypted bundle (a tar inside):
a directory DIR gives DIR.age beside it, several files need -o.

EXAMPLES:
   lockbox encrypt customers.csv
   lockbox encrypt --copy sales-q3.xlsx
   lockbox encrypt reports/
   lockbox encrypt -o q3.age reports/ customers.csv
   lockbox encrypt -r age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p report.csv
   lockbox encrypt --armor notes.txt        (text you can paste into an email)`,
		Flags: append([]cli.Flag{
			&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "write to `OUT` instead of FILE.age (- for stdout)", Destination: &o.output},
			&cli.BoolFlag{Name: "force", Usage: "overwrite OUT; encrypt a file that is already encrypted", Destination: &o.force},
			&cli.BoolFlag{Name: "armor", Aliases: []string{"a"}, Usage: "write ASCII text that can be pasted into a message", Destination: &o.armor},
			&cli.BoolFlag{Name: "html", Usage: "write FILE.age.html, a page that decrypts in the recipient's web browser, offline (with a passphrase, not -r/-R keys)", Destination: &o.html},
			&cli.BoolFlag{Name: "json", Usage: `print {"output": ..., "passphrase": ...} on stdout instead of the passphrase card`, Destination: &o.json},
			&cli.BoolFlag{Name: "no-verify", Usage: "skip decrypting the output to check it", Destination: &o.noVerify},
			&cli.StringFlag{Name: "to", Usage: "record in the ledger that the file goes to `NAME` (see lockbox log)", Destination: &o.to},
			&cli.StringFlag{Name: "ledger", Usage: "with --to, record in the ledger `FILE` (default: $LOCKBOX_LEDGER, or your data directory)", Destination: &o.ledger},
		}, o.keys.flags()...),
		Action: action(&o.set, func(ctx context.Context, args []string) error { return runEncrypt(ctx, o, e, args) }),
	}
}

// keyOptions are the flags encrypt and send share: whom the file is
// sealed to, where a passphrase comes from, and where a generated one
// goes besides the card.
type keyOptions struct {
	recipients, recipientsFiles cli.StringSlice
	ask, copy                   bool
	clearAfter                  time.Duration
	save                        string
	secret                      secretFlags
}

func (k *keyOptions) flags() []cli.Flag {
	return append([]cli.Flag{
		&cli.StringSliceFlag{Name: "recipient", Aliases: []string{"r"}, Usage: "encrypt to the public `KEY` (age1..., ssh-ed25519, ssh-rsa) instead of a passphrase; repeatable", Destination: &k.recipients},
		&cli.StringSliceFlag{Name: "recipients-file", Aliases: []string{"R"}, Usage: "encrypt to the public keys in `FILE`, one per line; repeatable", Destination: &k.recipientsFiles},
		&cli.BoolFlag{Name: "ask", Usage: "type a passphrase of your own (asked twice, not shown)", Destination: &k.ask},
		&cli.BoolFlag{Name: "copy", Usage: "also put the passphrase on the clipboard", Destination: &k.copy},
		&cli.DurationFlag{Name: "clear-after", Value: 45 * time.Second, Usage: "with --copy, clear the clipboard after `DURATION` if it still holds the passphrase", Destination: &k.clearAfter},
		&cli.StringFlag{Name: "save-passphrase", Usage: "also write the generated passphrase to the new `FILE` (mode 0600)", Destination: &k.save},
	}, k.secret.flags()...)
}

// toKeys says whether the file is sealed to -r/-R keys.
func (k *keyOptions) toKeys() bool {
	return len(k.recipients.Value())+len(k.recipientsFiles.Value()) > 0
}

type encryptResult struct {
	Output     string `json:"output"`
	Passphrase string `json:"passphrase,omitempty"`
	Bytes      int64  `json:"bytes"`
	SHA256     string `json:"sha256"`
	Verified   bool   `json:"verified"`
}

func runEncrypt(ctx context.Context, o *encryptOptions, e *env, inputs []string) error {
	r := &encryptRun{o: o, e: e, inputs: inputs, output: o.output, save: o.keys.save}
	for _, step := range []func() error{r.validate, r.name, r.checkPaths} {
		if err := step(); err != nil {
			return err
		}
	}
	src, closeSrc, size, err := openEncryptInput(ctx, r.inputs, r.bundled, o.force)
	if err != nil {
		return err
	}
	defer closeSrc()
	if err := r.chooseKeys(); err != nil {
		return err
	}
	if err := r.encrypt(ctx, src, size); err != nil {
		return err
	}
	return r.report()
}

// encryptRun is one encrypt command: what its flags and arguments say,
// and what each step found.
type encryptRun struct {
	o               *encryptOptions
	e               *env
	inputs          []string
	output, save    string
	source, to      string
	bundled, asPage bool
	k               *sealKeys
	page            *share.Page
	res             seal.Result
}

// validate checks the flags and arguments, before any I/O.
func (r *encryptRun) validate() error {
	o, inputs := r.o, r.inputs
	if len(inputs) == 0 {
		return usageErrorf("no file to encrypt").hint("lockbox encrypt customers.csv")
	}
	var err error
	if r.source, err = o.keys.source(o.set); err != nil {
		return err
	}
	if err := o.keys.secret.checkStdinShared(o.set, inputs); err != nil {
		return err
	}
	if err := o.keys.check(o.set, r.source, o.html); err != nil {
		return err
	}
	r.to = strings.TrimSpace(o.to)
	switch {
	case o.set["to"] && r.to == "":
		return usageErrorf("--to needs the recipient's name")
	case o.set["ledger"] && r.to == "":
		return usageErrorf("--ledger goes with --to")
	case r.to != "" && r.output == "-":
		return usageErrorf("--to records the encrypted file in the ledger, so it cannot go to stdout").hint("write it with -o FILE")
	case o.json && r.output == "-":
		return usageErrorf("--json and -o - would both write to stdout").hint("write the file with -o FILE")
	}
	r.bundled = len(inputs) > 1
	for _, in := range inputs {
		if in == "-" && len(inputs) > 1 {
			return usageErrorf("stdin (-) cannot be bundled with other files")
		}
		if fi, err := os.Stat(in); err == nil && fi.IsDir() {
			r.bundled = true
		}
	}
	r.asPage = o.html
	if r.asPage && (r.bundled || inputs[0] == "-") {
		return usageErrorf("--html makes a page for one file, not for stdin, several files or a directory")
	}
	return nil
}

// name chooses the output when -o does not: FILE.age, DIR.age, or
// FILE.age.html for a page.
func (r *encryptRun) name() error {
	if r.output != "" {
		return nil
	}
	switch {
	case r.bundled && len(r.inputs) == 1: // a directory: DIR.age beside it
		r.output = filepath.Clean(r.inputs[0]) + ".age"
	case r.bundled:
		return usageErrorf("several files are encrypted into one bundle, which needs a name: -o").
			hint("lockbox encrypt -o bundle.age %s", strings.Join(quoteArgs(r.inputs), " "))
	case r.inputs[0] == "-":
		return usageErrorf("reading stdin needs -o").hint("lockbox encrypt -o list.csv.age -")
	default:
		r.output = r.inputs[0] + ".age"
	}
	if r.asPage {
		r.output += ".html"
	}
	return nil
}

// checkPaths checks that the inputs exist and the outputs may be written.
func (r *encryptRun) checkPaths() error {
	for _, in := range r.inputs {
		if in == "-" {
			continue
		}
		if _, err := os.Stat(in); err != nil {
			return failf("cannot read %q: %v", in, pathErr(err))
		}
	}
	if r.output == "-" {
		if isTerminal(os.Stdout) {
			return failf("refusing to write encrypted data to a terminal").
				hint("lockbox encrypt -o %s %s", quote(r.inputs[0]+".age"), quote(r.inputs[0]))
		}
	} else if err := checkOutput(r.output, r.inputs, r.o.force); err != nil {
		return err
	}
	if r.save != "" {
		if _, err := os.Lstat(r.save); err == nil {
			return failf("%q already exists; the passphrase file must be new", r.save).
				hint("choose another name, or remove %q first", r.save)
		}
	}
	return nil
}

// chooseKeys settles the recipients: keys, or a passphrase given or made,
// which must have somewhere to be shown.
func (r *encryptRun) chooseKeys() error {
	var err error
	if r.k, err = r.e.chooseKeys(&r.o.keys, r.source); err != nil {
		return err
	}
	if r.k.generated && !r.o.json && r.save == "" {
		_, closeFn, ok := r.e.card()
		if !ok {
			return failf("there is no terminal to show the generated passphrase on").
				hint("save it to a new file: lockbox encrypt --save-passphrase pass.txt %s", quote(r.inputs[0])).
				hint("or print it as JSON on stdout: lockbox encrypt --json %s", quote(r.inputs[0]))
		}
		closeFn()
	}
	return nil
}

// encrypt seals src: to stdout, or through share.Run to a file that is
// verified, committed and, with --to, recorded.
func (r *encryptRun) encrypt(ctx context.Context, src io.Reader, size int64) error {
	o := r.o
	if size > progressThreshold {
		src = withProgress(src, size, "encrypting")
	}
	// The input's hash goes into the ledger (--to) and the JSON.
	opts := seal.Options{Armor: o.armor, Verify: !o.noVerify, Hash: r.to != "" || o.json}
	if r.asPage {
		if size > htmlpage.MaxInput && !o.force {
			return pageTooLarge(r.inputs[0], size)
		}
		r.page = &share.Page{Name: filepath.Base(r.inputs[0]), Size: humanBytes(size)}
	}
	var err error
	if r.output == "-" {
		if r.res, err = share.Seal(ctx, r.e.stdout, src, r.k.recipients, opts, r.page); err != nil {
			return encryptFailure(err, r.output)
		}
		return nil
	}
	j := share.Job{Output: r.output, Replace: o.force, To: r.k.recipients, Seal: opts, Page: r.page}
	if save := r.save; r.k.generated && save != "" {
		j.Saved = func() error { return savePassphrase(save, r.k.pass) }
		j.Unsave = func() { os.Remove(save) }
	}
	if r.to != "" {
		j.Record = func(res seal.Result, outSum string) error {
			return r.e.recordEncrypt(o.ledger, r.to, r.inputs, r.output, res, outSum, r.k)
		}
	}
	if r.res, err = share.Run(ctx, j, src); err != nil {
		return shareFailure(err, r.output)
	}
	return nil
}

// report says what was done and hands over the passphrase.
func (r *encryptRun) report() error {
	o, e, res, output := r.o, r.e, r.res, r.output
	what := quote(r.inputs[0])
	if r.bundled && len(r.inputs) > 1 {
		what = fmt.Sprintf("%d inputs", len(r.inputs))
	} else if r.bundled {
		what = "the directory " + what
	}
	status := "verified"
	if !res.Verified {
		status = "not verified (--no-verify)"
	}
	e.infof("encrypted %s to %s (%s, %s)", what, place(output), humanBytes(res.Size), status)
	if r.page != nil && output != "-" {
		e.warnLargePage(output)
	}
	if o.json {
		out := encryptResult{Output: output, Bytes: res.Size, SHA256: hex.EncodeToString(res.SHA256[:]), Verified: res.Verified}
		if r.k.generated {
			out.Passphrase = r.k.pass
		}
		if err := json.NewEncoder(e.stdout).Encode(out); err != nil {
			return failf("writing JSON: %v", err)
		}
	} else if r.k.generated {
		name := filepath.Base(output)
		if output == "-" {
			name = "the encrypted output"
		}
		if !e.showCard(card{pass: r.k.pass, file: name, to: r.to, bundle: r.bundled}) {
			e.infof("no terminal: the passphrase was saved to %q only", r.save)
		} else if r.save != "" {
			e.infof("the passphrase was also saved to %q", r.save)
		}
	}
	if o.keys.copy {
		e.copyWithClear(r.k.pass, o.keys.clearAfter)
	}
	return nil
}

// checkOutput refuses an output that is one of the inputs (even with
// --force), one inside a directory being bundled, or an existing file
// without --force.
func checkOutput(output string, inputs []string, force bool) error {
	outAbs, _ := filepath.Abs(output)
	if dir, err := filepath.EvalSymlinks(filepath.Dir(outAbs)); err == nil {
		outAbs = filepath.Join(dir, filepath.Base(outAbs))
	}
	outInfo, outErr := os.Stat(output)
	for _, in := range inputs {
		if in == "-" {
			continue
		}
		inInfo, err := os.Stat(in)
		if err != nil {
			continue
		}
		if outErr == nil && os.SameFile(inInfo, outInfo) {
			return failf("the output %q is the input file", output).
				hint("write elsewhere with -o OUT")
		}
		if inInfo.IsDir() {
			inAbs, _ := filepath.Abs(in)
			if real, err := filepath.EvalSymlinks(inAbs); err == nil {
				inAbs = real
			}
			if strings.HasPrefix(outAbs, inAbs+string(filepath.Separator)) {
				return failf("the output %q is inside the directory %q being encrypted", output, in).
					hint("write the bundle outside it, e.g. -o %s", quote(filepath.Base(inAbs)+".age"))
			}
		}
	}
	if _, err := os.Lstat(output); err == nil && !force {
		return failf("%q already exists", output).
			hint("choose another name with -o, or replace it with --force")
	}
	return nil
}

// openEncryptInput opens stdin, one file or a bundle stream. It refuses a
// file that is already age-encrypted unless force.
func openEncryptInput(ctx context.Context, inputs []string, bundled, force bool) (io.Reader, func(), int64, error) {
	if bundled {
		pr, pw := io.Pipe()
		go func() {
			_, err := bundle.Write(ctx, pw, inputs)
			pw.CloseWithError(err)
		}()
		return pr, func() { pr.Close() }, 0, nil
	}
	if inputs[0] == "-" {
		return bufio.NewReaderSize(ctxio.Blocking(ctx, os.Stdin), 1<<16), func() {}, 0, nil
	}
	f, err := os.Open(inputs[0])
	if err != nil {
		return nil, nil, 0, failf("cannot read %q: %v", inputs[0], pathErr(err))
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, 0, failf("cannot read %q: %v", inputs[0], pathErr(err))
	}
	br := bufio.NewReaderSize(f, 1<<16)
	head, _ := br.Peek(seal.SniffLen)
	if seal.Sniff(head) != seal.Other && !force {
		f.Close()
		return nil, nil, 0, failf("%q is already encrypted with age", inputs[0]).
			hint("to open it: lockbox decrypt %s", quote(inputs[0])).
			hint("to encrypt it again anyway: lockbox encrypt --force %s", quote(inputs[0]))
	}
	return br, func() { f.Close() }, fi.Size(), nil
}

// source says where a passphrase of the user's own comes from, if one
// does (see secretFlags.source).
func (k *keyOptions) source(set given) (string, error) {
	if k.ask {
		return k.secret.source(set, "--ask")
	}
	return k.secret.source(set)
}

// check refuses flags that do not go together: passphrase flags or --html
// with -r/-R keys, --clear-after without --copy, --copy or
// --save-passphrase with a passphrase of the user's own.
func (k *keyOptions) check(set given, source string, html bool) error {
	if k.toKeys() {
		if html { // the page asks for a passphrase: nobody could open it
			return usageErrorf("--html makes a page that opens with a passphrase, and -r/-R encrypt to keys instead").
				hint("send the .age file (leave out --html): the recipient opens it with their key, or leave out -r/-R for a passphrase")
		}
		for _, f := range []string{"ask", "copy", "save-passphrase", "passphrase-file", "passphrase-fd"} {
			if set[f] {
				return usageErrorf("--%s goes with a passphrase, and -r/-R encrypt to keys instead", f)
			}
		}
		if source != "" {
			return usageErrorf("%s is set, but -r/-R encrypt to keys, not a passphrase", source).
				hint("unset %s, or leave out -r/-R", envPassphrase)
		}
	}
	if set["clear-after"] && !k.copy {
		return usageErrorf("--clear-after goes with --copy")
	}
	if source != "" && (set["save-passphrase"] || k.copy) {
		return usageErrorf("--save-passphrase and --copy are for a generated passphrase, not your own")
	}
	return nil
}

// sealKeys is what a file is encrypted to.
type sealKeys struct {
	recipients []age.Recipient
	pass       string   // the passphrase, if any
	generated  bool     // the passphrase was generated, so it must be shown
	keys       []string // the public keys as written, for the ledger
}

// chooseKeys reads -r/-R keys, or asks for, reads or generates a
// passphrase, as the flags say. source names where a passphrase was given,
// if one was (see keyOptions.source).
func (e *env) chooseKeys(o *keyOptions, source string) (*sealKeys, error) {
	k := &sealKeys{}
	var err error
	switch {
	case o.toKeys():
		if k.recipients, err = o.parse(); err != nil {
			return nil, err
		}
		k.keys = append(k.keys, o.recipients.Value()...)
		more, err := readKeyFiles(o.recipientsFiles.Value(), "recipients file", keyLines)
		if err != nil {
			return nil, err
		}
		k.keys = append(k.keys, more...)
		return k, nil
	case o.ask:
		k.pass, err = e.askNewPassphrase()
	case source != "":
		k.pass, err = o.secret.read(source)
	default:
		k.generated = true
		k.pass, err = passphrase.Generate(nil)
	}
	if err != nil {
		return nil, err
	}
	if !k.generated {
		if err := passphrase.CheckStrength(k.pass); err != nil {
			return nil, failf("%v", err).
				hint("let lockbox generate one: leave out %s", source).
				hint("or use a long phrase of several unrelated words")
		}
	}
	r, err := seal.PassphraseRecipient(k.pass, e.workFactor)
	if err != nil {
		return nil, failf("%v", err)
	}
	k.recipients = []age.Recipient{r}
	return k, nil
}

// keyLines reads the keys of a recipients file as written, one per line.
func keyLines(r io.Reader) ([]string, error) {
	data, err := io.ReadAll(io.LimitReader(r, 1<<20))
	var keys []string
	for _, l := range strings.Split(string(data), "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			keys = append(keys, l)
		}
	}
	return keys, err
}

// parse reads the -r keys and the -R files.
func (o *keyOptions) parse() ([]age.Recipient, error) {
	var rs []age.Recipient
	for _, k := range o.recipients.Value() {
		r, err := seal.ParseRecipient(k)
		if err != nil {
			return nil, usageErrorf("-r: %v", err).hint("a public key looks like age1... or ssh-ed25519 AAAA...")
		}
		rs = append(rs, r)
	}
	more, err := readKeyFiles(o.recipientsFiles.Value(), "recipients file", seal.ParseRecipients)
	return append(rs, more...), err
}

// readKeyFiles parses each named file of keys, recipients or identities.
func readKeyFiles[T any](names []string, what string, parse func(io.Reader) ([]T, error)) ([]T, error) {
	var all []T
	for _, name := range names {
		f, err := os.Open(name)
		if err != nil {
			return nil, failf("cannot read the %s %q: %v", what, name, pathErr(err))
		}
		keys, err := parse(f)
		f.Close()
		if err != nil {
			return nil, failf("the %s %q: %v", what, name, err)
		}
		all = append(all, keys...)
	}
	return all, nil
}

func (e *env) askNewPassphrase() (string, error) {
	p, err := e.prompt("new passphrase")
	if errors.Is(err, errNoTerminal) {
		return "", failf("--ask needs a terminal").
			hint("give the passphrase with --passphrase-file FILE, --passphrase-fd N or %s", envPassphrase)
	}
	if err != nil {
		return "", err
	}
	again, err := e.prompt("the same passphrase again")
	if err != nil {
		return "", err
	}
	if p != again {
		return "", failf("the two passphrases differ")
	}
	if p == "" {
		return "", failf("the passphrase is empty").hint("leave out --ask to have one generated")
	}
	return p, nil
}

func savePassphrase(name, pass string) error {
	f, err := atomicfile.Create(name, 0o600, false)
	if err != nil {
		return outputFailure(err, name)
	}
	defer f.Abort()
	if _, err := io.WriteString(f, pass+"\n"); err != nil {
		return outputFailure(err, name)
	}
	if err := f.Commit(); err != nil {
		return outputFailure(err, name)
	}
	return nil
}

// copyWithClear puts the passphrase on the clipboard and starts a detached
// process that clears it later. The command itself returns at once.
func (e *env) copyWithClear(pass string, after time.Duration) {
	if err := clip.Copy(pass); err != nil {
		e.warnf("the passphrase was not copied: %v", err)
		e.hintf("install xclip, xsel or wl-clipboard and run lockbox in a graphical session; the passphrase is shown above")
		return
	}
	if err := spawnClipboardClear(clip.Sum(pass), after); err != nil {
		e.warnf("the passphrase was copied but will not be cleared automatically: %v", err)
		return
	}
	e.infof("the passphrase is on the clipboard; it will be cleared in %s", after)
}

// spawnClipboardClear starts "lockbox clipboard-clear" in its own session.
// It gets the passphrase's SHA-256 on stdin, never the passphrase, and an
// environment without LOCKBOX_PASSPHRASE.
func spawnClipboardClear(sum [32]byte, after time.Duration) error {
	self, err := os.Executable()
	if err != nil {
		return err
	}
	cmd := exec.Command(self, "clipboard-clear", "--after", after.String())
	cmd.Env = environWithout(envPassphrase)
	detach(cmd)
	// A pipe written here, not an io.Reader: exec would copy a Reader in a
	// goroutine that may never run before lockbox exits.
	r, w, err := os.Pipe()
	if err != nil {
		return err
	}
	defer r.Close()
	cmd.Stdin = r
	if err := cmd.Start(); err != nil {
		w.Close()
		return err
	}
	_, err = io.WriteString(w, hex.EncodeToString(sum[:])+"\n")
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		cmd.Process.Kill()
		return err
	}
	return cmd.Process.Release()
}

func environWithout(name string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, name+"=") {
			env = append(env, kv)
		}
	}
	return env
}

func encryptFailure(err error, output string) error {
	var ve *seal.VerifyError
	if errors.As(err, &ve) {
		return failf("the output did not decrypt back to the input (%v); nothing was written", ve.Err).
			hint("check the disk and try again; use --no-verify only if you know why")
	}
	return outputFailure(err, output)
}

// outputFailure explains a failure to write output.
func outputFailure(err error, output string) error {
	if output == "-" {
		return stdoutFailure(err)
	}
	var (
		ee *atomicfile.ExistsError
		nr *atomicfile.NotRegularError
	)
	switch {
	case errors.As(err, &ee):
		return failf("%q already exists", ee.Path).hint("choose another name with -o, or replace it with --force")
	case errors.As(err, &nr):
		return failf("%q is a device, pipe or socket; lockbox writes files, and does not replace it", nr.Path).
			hint("write to standard output with -o -, or to a file with -o FILE")
	case errors.Is(err, syscall.ENOSPC):
		return failf("no space left to write %q; nothing was written", output).hint("free some space or write elsewhere with -o")
	case errors.Is(err, os.ErrPermission):
		return failf("not allowed to write %q", output).hint("write elsewhere with -o, e.g. in your home directory")
	case errors.Is(err, syscall.EROFS):
		return failf("%q is on a read-only file system", output).hint("write elsewhere with -o")
	}
	return failf("writing %q: %v", output, pathErr(err))
}

// stdoutFailure explains a failed write to standard output. What was
// written before it cannot be taken back: the hint says so.
func stdoutFailure(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return failf("cannot write to stdout: %v", err).
		hint("what went to stdout is incomplete; write to a file with -o instead")
}

func quote(s string) string { return fmt.Sprintf("%q", s) }

func quoteArgs(args []string) []string {
	q := make([]string, len(args))
	for i, a := range args {
		q[i] = a
		if strings.ContainsAny(a, " \t'\"$") {
			q[i] = quote(a)
		}
	}
	return q
}

// recordEncrypt adds an encryption to the ledger, for --to: the input as
// a file, not read as a table.
func (e *env) recordEncrypt(ledgerFlag, to string, inputs []string, output string, res seal.Result, outSum string, k *sealKeys) error {
	book, err := ledgerPath(ledgerFlag)
	if err != nil {
		return err
	}
	entry := &ledger.Entry{
		Time: time.Now().UTC().Truncate(time.Second), Recipient: to,
		Source: ledger.File{Name: strings.Join(inputs, ", "), SHA256: hex.EncodeToString(res.SHA256[:])},
		Output: ledger.File{Name: output, SHA256: outSum}, Format: "file", Version: version,
	}
	k.describe(entry)
	if err := e.appendShare(book, entry); err != nil {
		return ledgerFailure(err, book)
	}
	e.infof("recorded in the ledger %q", book)
	return nil
}

// shareFailure explains a share.Run that failed: nothing was left behind,
// and a share that could not be recorded was taken back.
func shareFailure(err error, output string) error {
	var (
		se *share.SealError
		ce *share.CommitError
		re *share.RecordError
		cl *cliError
	)
	switch {
	case errors.As(err, &re):
		back := fmt.Sprintf("%q was removed", output)
		if re.Restored {
			back = fmt.Sprintf("%q is as it was before", output)
		}
		if !errors.As(re.Err, &cl) {
			cl = failf("%v", re.Err)
		}
		return cl.hint("nothing was sent: %s", back)
	case errors.As(err, &se):
		return encryptFailure(se.Err, output)
	case errors.As(err, &ce):
		return outputFailure(ce.Err, output)
	case errors.As(err, &cl):
		return cl
	}
	return outputFailure(err, output)
}

// mailLimit is about what mail services take as an attachment (20 to 25
// MB, less once encoded for mail).
const mailLimit = 20_000_000

// warnLargePage says when a page is too large to email.
func (e *env) warnLargePage(output string) {
	fi, err := os.Stat(output)
	if err != nil || fi.Size() <= mailLimit {
		return
	}
	e.warnf("the page %q is %s, more than most mail services take as an attachment (about %s)", output, humanBytes(fi.Size()), humanBytes(mailLimit))
	e.hintf("send the page through a file-transfer service, or send the smaller .age file (leave out --html)")
}

func pageTooLarge(input string, size int64) error {
	return failf("%q is %s; a browser holds the whole file in memory to decrypt it, so pages are made for files up to %s",
		input, humanBytes(size), humanBytes(htmlpage.MaxInput)).
		hint("send the .age file instead (leave out --html), or make the page anyway with --force")
}
