package main

import (
	"bufio"
	"encoding/hex"
	"io"
	"os"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/lockbox-tool/lockbox/pkg/clip"
)

// clipboardClearCommand is started by "encrypt --copy" in its own session.
// It reads the passphrase's SHA-256 (hex) on stdin, waits, and clears the
// clipboard if it still holds that passphrase.
func clipboardClearCommand() *cli.Command {
	after := 45 * time.Second
	return &cli.Command{
		Name:   "clipboard-clear",
		Hidden: true,
		Flags: []cli.Flag{
			&cli.DurationFlag{Name: "after", Value: after, Destination: &after},
		},
		Action: func(c *cli.Context) error {
			line, err := bufio.NewReader(io.LimitReader(os.Stdin, 128)).ReadString('\n')
			if err != nil {
				return failf("clipboard-clear: reading the checksum: %v", err)
			}
			raw, err := hex.DecodeString(strings.TrimSpace(line))
			if err != nil || len(raw) != 32 {
				return usageErrorf("clipboard-clear: stdin must hold a SHA-256 in hex")
			}
			var sum [32]byte
			copy(sum[:], raw)
			time.Sleep(after)
			if _, err := clip.ClearIfUnchanged(sum); err != nil {
				return failf("%v", err)
			}
			return nil
		},
	}
}
