package main

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/lockbox-tool/lockbox/pkg/passphrase"
)

func passphraseCommand(e *env) *cli.Command {
	var asJSON bool
	var set given
	return &cli.Command{
		Name:  "passphrase",
		Usage: "print a fresh passphrase and its strength",
		Description: `Prints a passphrase from the same generator 'lockbox encrypt' uses on
stdout, and its entropy in bits on stderr.

EXAMPLES:
   lockbox passphrase
   lockbox passphrase --json`,
		Flags: []cli.Flag{
			&cli.BoolFlag{Name: "json", Usage: `print {"passphrase": ..., "entropy_bits": ...}`, Destination: &asJSON},
		},
		Action: action(&set, func(_ context.Context, args []string) error {
			if len(args) > 0 {
				return usageErrorf("passphrase takes no arguments")
			}
			p, err := passphrase.Generate(nil)
			if err != nil {
				return failf("%v", err)
			}
			if asJSON {
				return json.NewEncoder(e.stdout).Encode(struct {
					Passphrase  string  `json:"passphrase"`
					EntropyBits float64 `json:"entropy_bits"`
				}{p, passphrase.Entropy()})
			}
			fmt.Fprintln(e.stdout, p)
			e.infof("%.0f bits of entropy", passphrase.Entropy())
			return nil
		}),
	}
}
