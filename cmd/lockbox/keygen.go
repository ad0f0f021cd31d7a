package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"filippo.io/age"
	"github.com/urfave/cli/v2"

	"github.com/lockbox-tool/lockbox/pkg/atomicfile"
	"github.com/lockbox-tool/lockbox/pkg/identity"
)

// keygenOptions are keygen's flags.
type keygenOptions struct {
	output string
	set    given
}

func keygenCommand(e *env) *cli.Command {
	o := &keygenOptions{}
	return &cli.Command{
		Name:  "keygen",
		Usage: "make your own key, for files clients send you",
		Description: `Makes your age key (X25519) and prints its public key. Clients encrypt
files to the public key with a page from 'lockbox request'; 'lockbox
decrypt' opens them with your key, without a passphrase.

The key is written to lockbox/identity.txt in your configuration
directory, mode 0600, as age-keygen writes it (so 'age -d -i' opens the
same files). keygen never replaces a key: files sent to a lost key are
lost. Keep a copy of it somewhere safe. The private key goes to stdout
only with -o -.

EXAMPLES:
   lockbox keygen
   lockbox keygen -o ~/backup/lockbox-key.txt`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "write the key to `FILE` (- for stdout) instead of your configuration directory", Destination: &o.output},
		},
		Action: action(&o.set, func(ctx context.Context, args []string) error { return runKeygen(ctx, o, e, args) }),
	}
}

func runKeygen(_ context.Context, o *keygenOptions, e *env, args []string) error {
	if len(args) > 0 {
		return usageErrorf("keygen takes no arguments, got %q", args[0]).hint("name the key file with -o FILE")
	}
	path := o.output
	if path == "-" {
		// Asked for: the key itself on stdout, as age-keygen does.
		if isTerminal(os.Stdout) {
			e.warnf("writing a private key to the terminal")
		}
		id, err := age.GenerateX25519Identity()
		if err != nil {
			return failf("making a key: %v", err)
		}
		if err := identity.Write(e.stdout, id, time.Now()); err != nil {
			return stdoutFailure(err)
		}
		e.infof("public key: %s", id.Recipient())
		return nil
	}
	if path == "" {
		var err error
		if path, err = identity.DefaultPath(); err != nil {
			return failf("cannot find your configuration directory: %v", err).hint("name the key file with -o FILE")
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return failf("cannot make the directory for your key: %v", err).hint("name the key file with -o FILE")
		}
	}
	id, err := identity.Generate(path)
	var exists *atomicfile.ExistsError
	switch {
	case errors.As(err, &exists):
		return failf("%q already exists; keygen never replaces a key", path).
			hint("files sent to that key open only with it; to make another, name a new file with -o FILE")
	case err != nil:
		return failf("cannot write the key %q: %v", path, pathErr(err))
	}
	fmt.Fprintln(e.stdout, id.Recipient())
	e.infof("made your key %q (mode 0600); the line above is its public key", path)
	e.hintf("keep a copy of %q somewhere safe: files sent to it open only with it", path)
	return nil
}

// defaultIdentity is your key from lockbox keygen, or nil when there is
// none (or it cannot be read, which is said as a warning: decrypt goes on
// to what the file asks for).
func (e *env) defaultIdentity() (*age.X25519Identity, string) {
	path, err := identity.DefaultPath()
	if err != nil {
		return nil, ""
	}
	id, err := identity.Load(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return nil, path
	case err != nil:
		e.warnf("cannot read your key %q: %v", path, pathErr(err))
		return nil, path
	}
	return id, path
}
