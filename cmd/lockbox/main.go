// Command lockbox sends client data without leaking it: it encrypts files
// with age under a generated passphrase that is shown apart from the file,
// and decrypts what it receives.
//
// This package is the command line only: flags, help and messages. The work
// is done in the packages under pkg/.
package main

import (
	"errors"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"

	"github.com/urfave/cli/v2"

	"github.com/lockbox-tool/lockbox/internal/suggest"
	"github.com/lockbox-tool/lockbox/pkg/atomicfile"
	"github.com/lockbox-tool/lockbox/pkg/seal"
)

// Exit codes. Never renumber them: scripts depend on them.
const (
	exitOK          = 0
	exitFailure     = 1
	exitUsage       = 2
	exitHangup      = 129 // SIGHUP (terminal closed, SSH dropped)
	exitInterrupted = 130 // SIGINT (Ctrl-C)
	exitQuit        = 131 // SIGQUIT (Ctrl-\)
	exitTerminated  = 143 // SIGTERM
)

// exitFor is the exit status for a signal: 128 and its number, as shells
// report it.
var exitFor = map[os.Signal]int{
	syscall.SIGHUP: exitHangup, os.Interrupt: exitInterrupted, syscall.SIGQUIT: exitQuit, syscall.SIGTERM: exitTerminated,
}

// scryptWorkFactor is what new passphrase-encrypted files use. Tests lower
// it (only from _test.go files) to keep scrypt cheap.
var scryptWorkFactor = seal.DefaultWorkFactor

// version is set by the build (-ldflags "-X main.version=...").
var version = "devel"

const exitCodesHelp = `EXIT STATUS:
   0    success
   1    failure (the message says what failed; nothing was left half-written)
   2    usage error (a wrong flag or argument; nothing was done)
   129  hung up (SIGHUP: the terminal closed); partial output was removed
   130  interrupted by Ctrl-C (SIGINT); partial output was removed
   131  quit (SIGQUIT, Ctrl-\); partial output was removed
   143  terminated (SIGTERM); partial output was removed
   A process killed outright (SIGKILL, out of memory) cannot clean up: on
   Linux its output was never visible under any name; elsewhere the hidden
   temporary file it left is removed by the next lockbox that writes in
   that directory.`

func newApp() *cli.App {
	app := &cli.App{
		Name:    "lockbox",
		Usage:   "send client data without leaking it",
		Version: version,
		Description: `lockbox reviews spreadsheets and customer lists for personal data (inspect),
cuts them down to what the recipient needs (strip), encrypts them with age
under a generated passphrase, shown apart from the file for you to send by
phone or SMS, and decrypts the files you receive.

` + exitCodesHelp,
		EnableBashCompletion: true,
		// Keys and paths may contain commas: one value per flag.
		DisableSliceFlagSeparator: true,
		Writer:                    stdout,
		ErrWriter:                 os.Stderr,
		OnUsageError:              onUsageError,
		CommandNotFound: func(c *cli.Context, name string) {
			commandNotFound = name
		},
		Commands: []*cli.Command{
			encryptCommand(),
			decryptCommand(),
			inspectCommand(),
			stripCommand(),
			sendCommand(),
			logCommand(),
			keygenCommand(),
			requestCommand(),
			scanCommand(),
			passphraseCommand(),
			completionCommand(),
			manCommand(),
			versionCommand(),
			clipboardClearCommand(),
		},
	}
	for _, c := range app.Commands {
		c.OnUsageError = onUsageError
	}
	// --version prints what "lockbox version" does.
	cli.VersionPrinter = func(c *cli.Context) { printVersion(c.App.Writer) }
	return app
}

// commandNotFound is set by the app's CommandNotFound hook, which cannot
// return an error.
var commandNotFound string

func main() {
	os.Exit(run(os.Args))
}

// run is main without os.Exit, for tests.
func run(args []string) int {
	commandNotFound, stdout.err = "", nil
	handleSignals()
	app := newApp()
	err := app.Run(reorderArgs(app, args))
	if stopping.Load() {
		// A signal handler is cleaning up and will exit with the signal's
		// status: the work's own failure (it was stopped) is not reported.
		select {}
	}
	if commandNotFound != "" {
		err = usageErrorf("unknown command %q", commandNotFound).
			hint("run 'lockbox help' to see the commands")
	}
	if stdout.err != nil {
		// Whatever else failed, it failed because stdout did.
		err = stdoutFailure(stdout.err)
	}
	if err == nil {
		return exitOK
	}
	return report(err)
}

var (
	signalsOnce sync.Once
	stopping    atomic.Bool // a signal is being handled
)

// handleSignals removes partial output on every signal that ends lockbox
// and can be caught (Ctrl-C, SIGTERM, a closed terminal, Ctrl-\) before
// exiting.
func handleSignals() { signalsOnce.Do(watchSignals) }

func watchSignals() {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP, syscall.SIGQUIT)
	go func() {
		s := <-ch
		stopping.Store(true)
		left := atomicfile.Shutdown()
		restoreTerminal()
		code := exitFor[s]
		if len(left) > 0 {
			ui.errorf("interrupted; partial output could not be removed: %s", quoteList(left))
			ui.hintf("remove it by hand: it may hold decrypted data")
		} else {
			ui.errorf("interrupted; no partial output was left behind")
		}
		os.Exit(code)
	}()
}

// cliError is an error with hints and an exit code.
type cliError struct {
	msg   string
	hints []string
	code  int
}

func (e *cliError) Error() string { return e.msg }

func (e *cliError) hint(format string, a ...any) *cliError {
	e.hints = append(e.hints, fmt.Sprintf(format, a...))
	return e
}

func failf(format string, a ...any) *cliError {
	return &cliError{msg: fmt.Sprintf(format, a...), code: exitFailure}
}

func usageErrorf(format string, a ...any) *cliError {
	return &cliError{msg: fmt.Sprintf(format, a...), code: exitUsage}
}

func report(err error) int {
	var ce *cliError
	if !errors.As(err, &ce) {
		ce = &cliError{msg: err.Error(), code: exitFailure}
	}
	ui.errorf("%s", ce.msg)
	for _, h := range ce.hints {
		ui.hintf("%s", h)
	}
	return ce.code
}

// onUsageError turns flag parsing errors into short usage errors: one line
// and a hint, never the whole help.
func onUsageError(c *cli.Context, err error, isSubcommand bool) error {
	msg, suggestion := err.Error(), ""
	// Go's flag package, under urfave/cli, names an unknown flag only in
	// its message, with no error type to match: it is read from there.
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: -"); ok {
		var flags []cli.Flag
		if c.Command != nil {
			flags = c.Command.Flags
		}
		if c.Command == nil || len(flags) == 0 {
			flags = c.App.Flags
		}
		var names []string
		for _, f := range flags {
			names = append(names, f.Names()...)
		}
		if s := suggest.Closest(name, names); s != "" {
			suggestion = map[bool]string{true: "-", false: "--"}[len(s) == 1] + s
		}
		if len(name) > 1 {
			name = "-" + name
		}
		msg = "unknown flag -" + name
	}
	name := "lockbox"
	if c.Command != nil && c.Command.Name != "" && c.Command.Name != c.App.Name {
		name = "lockbox " + c.Command.Name
	}
	e := usageErrorf("%s", msg)
	if suggestion != "" {
		e.hint("did you mean %s?", suggestion)
	}
	return e.hint("run '%s --help' to see the flags", name)
}

// reorderArgs moves flags given after file names in front of them, so that
// "lockbox encrypt list.csv -o out.age" works: urfave/cli stops reading
// flags at the first argument.
func reorderArgs(app *cli.App, args []string) []string {
	if len(args) < 3 {
		return args
	}
	cmd := app.Command(args[1])
	if cmd == nil || len(cmd.Flags) == 0 || len(cmd.Subcommands) > 0 {
		return args // a subcommand's name must stay where it is
	}
	takesValue := map[string]bool{}
	known := map[string]bool{}
	for _, f := range cmd.Flags {
		_, isBool := f.(*cli.BoolFlag)
		for _, n := range f.Names() {
			known[n] = true
			takesValue[n] = !isBool
		}
	}
	var flags, positional []string
	rest := args[2:]
	for i := 0; i < len(rest); i++ {
		a := rest[i]
		if a == "--" {
			positional = append(positional, rest[i+1:]...)
			break
		}
		if len(a) < 2 || a[0] != '-' {
			positional = append(positional, a)
			continue
		}
		name, _, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		flags = append(flags, a)
		if known[name] && takesValue[name] && !hasValue && i+1 < len(rest) {
			flags = append(flags, rest[i+1])
			i++
		}
	}
	out := append([]string{args[0], args[1]}, flags...)
	if len(positional) > 0 {
		out = append(out, "--")
		out = append(out, positional...)
	}
	return out
}
