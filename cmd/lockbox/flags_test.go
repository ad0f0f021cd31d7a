package main

import (
	"io"
	"strings"
	"testing"

	"github.com/urfave/cli/v2"
)

// TestNoFlagTakesASecretAsItsValue walks every command's flags: a flag
// about a passphrase, password, secret or key must be a switch or
// name a file or descriptor, never carry the secret itself.
func TestNoFlagTakesASecretAsItsValue(t *testing.T) {
	app := newApp(testEnv(io.Discard, io.Discard))
	flags := append([]cli.Flag{}, app.Flags...)
	for _, c := range app.Commands {
		flags = append(flags, c.Flags...)
	}
	checked := 0
	for _, f := range flags {
		for _, name := range f.Names() {
			if !strings.Contains(name, "pass") && !strings.Contains(name, "secret") && !strings.Contains(name, "identity") && !strings.Contains(name, "key") {
				continue
			}
			checked++
			switch f.(type) {
			case *cli.BoolFlag, *cli.IntFlag:
				continue // a switch, or a file descriptor number
			}
			switch {
			case strings.HasSuffix(name, "-file"), name == "save-passphrase", name == "identity", name == "i":
				// These take paths: check the help says so.
				if usage := f.(cli.DocGenerationFlag).GetUsage(); !strings.Contains(usage, "FILE") {
					t.Errorf("flag --%s takes a value whose help does not say FILE: %q", name, usage)
				}
			default:
				t.Errorf("flag --%s may take a secret as its value", name)
			}
		}
	}
	if checked < 4 {
		t.Fatalf("only %d secret-related flags found: the walk missed the commands", checked)
	}
}
