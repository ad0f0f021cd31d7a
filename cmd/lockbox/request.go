package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"strings"
	"time"

	"filippo.io/age"
	"github.com/urfave/cli/v2"

	"github.com/lockbox-tool/lockbox/pkg/atomicfile"
	"github.com/lockbox-tool/lockbox/pkg/htmlpage"
	"github.com/lockbox-tool/lockbox/pkg/identity"
	"github.com/lockbox-tool/lockbox/pkg/ledger"
)

// requestOptions are request's flags.
type requestOptions struct {
	from, output, identity, ledger string
	force                          bool
	set                            given
}

func requestCommand(e *env) *cli.Command {
	o := &requestOptions{}
	return &cli.Command{
		Name:      "request",
		Usage:     "make a page for a client to send you files, encrypted",
		ArgsUsage: " ",
		Description: `Writes a web page to give a client (by email, say) for sending files back to
you. They open it in any browser, with nothing installed, pick or drop
their files, and the page encrypts them on their device to your key (from
'lockbox keygen') and saves one .age file for them to email you. The page
holds your public key only and makes no network request.

'lockbox decrypt' opens what they send with your key, and records in the
ledger what was received from whom; the request is recorded too.

EXAMPLES:
   lockbox keygen
   lockbox request --from "Client BV"
   lockbox decrypt client-files.age`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "from", Usage: "whom the page is for: who will send you files (`NAME`, shown on the page and in the ledger)", Destination: &o.from},
			&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "write the page to `FILE` (default request-NAME.html)", Destination: &o.output},
			&cli.BoolFlag{Name: "force", Usage: "overwrite FILE if it exists", Destination: &o.force},
			&cli.StringFlag{Name: "identity", Aliases: []string{"i"}, Usage: "the key `FILE` files are encrypted to (default: yours, from lockbox keygen)", Destination: &o.identity},
			&cli.StringFlag{Name: "ledger", Usage: "record the request in the ledger `FILE` (default: $LOCKBOX_LEDGER, or your data directory)", Destination: &o.ledger},
		},
		Action: action(&o.set, func(ctx context.Context, args []string) error { return runRequest(ctx, o, e, args) }),
	}
}

// validate checks the flags and arguments, before any I/O.
func (o *requestOptions) validate(args []string) error {
	if len(args) > 0 {
		return usageErrorf("request takes no arguments, got %q", args[0]).hint(`lockbox request --from "Client BV"`)
	}
	if o.from = strings.TrimSpace(o.from); o.from == "" {
		return usageErrorf("say whom the page is for with --from").hint(`lockbox request --from "Client BV"`)
	}
	return nil
}

func runRequest(_ context.Context, o *requestOptions, e *env, args []string) error {
	if err := o.validate(args); err != nil {
		return err
	}
	from := o.from
	id, keyPath, err := requestKey(o.identity)
	if err != nil {
		return err
	}
	output := o.output
	if output == "" {
		output = "request-" + slug(from) + ".html"
	}
	if err := checkOutput(output, nil, o.force); err != nil {
		return err
	}
	book, err := ledgerPath(o.ledger)
	if err != nil {
		return err
	}
	reqID, err := identity.NewRequestID()
	if err != nil {
		return failf("making a request ID: %v", err)
	}
	recipient := id.Recipient().String()
	out, err := atomicfile.Create(output, 0o644, o.force)
	if err != nil {
		return outputFailure(err, output)
	}
	defer out.Abort()
	page := htmlpage.Request{For: from, Recipient: recipient, ID: reqID, Bundle: slug(from) + "-files", MaxBytes: htmlpage.MaxInput}
	sum := sha256.New()
	if err := htmlpage.WriteRequest(io.MultiWriter(out, sum), page); err != nil {
		return outputFailure(err, output)
	}
	// The page is recorded before it is visible: a page the ledger does
	// not know of would bring files nobody can say the origin of.
	entry := &ledger.Entry{
		Time: time.Now().UTC().Truncate(time.Second), Direction: ledger.Request, Recipient: from, RequestID: reqID,
		Output: ledger.File{Name: output, SHA256: hex.EncodeToString(sum.Sum(nil))}, Format: "page", Method: "keys",
		Keys: []string{ledger.Fingerprint(recipient)}, Version: version,
	}
	if err := e.appendShare(book, entry); err != nil {
		return ledgerFailure(err, book).hint("no page was written")
	}
	if err := out.Commit(); err != nil {
		return outputFailure(err, output)
	}
	e.infof("wrote %q for %q: files made with it open only with your key %q", output, from, keyPath)
	e.infof("recorded the request %s in the ledger %q", reqID, book)
	e.hintf("send the page to %s by email; they open it in a browser and email you the .age file it saves", from)
	return nil
}

// requestKey is the key a request page encrypts to: the one in the file
// named with -i, or yours from lockbox keygen.
func requestKey(named string) (*age.X25519Identity, string, error) {
	path := named
	if path == "" {
		var err error
		if path, err = identity.DefaultPath(); err != nil {
			return nil, "", failf("cannot find your configuration directory: %v", err).hint("name your key file with -i FILE")
		}
	}
	id, err := identity.Load(path)
	switch {
	case errors.Is(err, os.ErrNotExist) && named == "":
		return nil, "", failf("you have no key yet for clients to encrypt to").hint("make one with: lockbox keygen")
	case err != nil:
		return nil, "", failf("cannot read the key %q: %v", path, pathErr(err))
	}
	return id, path, nil
}
