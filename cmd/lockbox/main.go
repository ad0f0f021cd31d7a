// Command lockbox sends client data without leaking it: it encrypts files
// with age under a generated passphrase that is shown apart from the file,
// and decrypts what it receives.
//
// This package is the command line only: flags, help and messages. The work
// is done in the packages under pkg/.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/lockbox-tool/lockbox/internal/suggest"
	"github.com/lockbox-tool/lockbox/pkg/atomicfile"
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

func newApp(e *env) *cli.App {
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
		Writer:                    e.stdout,
		ErrWriter:                 os.Stderr,
		OnUsageError:              e.onUsageError,
		CommandNotFound: func(c *cli.Context, name string) {
			e.unknownCommand = name
		},
		Commands: []*cli.Command{
			encryptCommand(e),
			decryptCommand(e),
			inspectCommand(e),
			stripCommand(e),
			sendCommand(e),
			logCommand(e),
			keygenCommand(e),
			requestCommand(e),
			scanCommand(e),
			passphraseCommand(e),
			completionCommand(),
			manCommand(),
			versionCommand(),
			clipboardClearCommand(),
		},
	}
	// Every command's, subcommands' too ("log verify"): never the help.
	var short func(cmds []*cli.Command)
	short = func(cmds []*cli.Command) {
		for _, c := range cmds {
			c.OnUsageError = e.onUsageError
			short(c.Subcommands)
		}
	}
	short(app.Commands)
	// --version prints what "lockbox version" does.
	cli.VersionPrinter = func(c *cli.Context) { printVersion(c.App.Writer) }
	return app
}

// given is which flags were on the command line: only for the questions
// a value cannot answer (was --to given, even empty?). Values are read
// from the options structs the flags are bound to.
type given map[string]bool

// action runs a command with its arguments, its context and the flags
// given; the flags' values are in the options struct they are bound to.
func action(set *given, run func(ctx context.Context, args []string) error) cli.ActionFunc {
	return func(c *cli.Context) error {
		*set = given{}
		for _, name := range c.LocalFlagNames() {
			(*set)[name] = true
		}
		return run(c.Context, c.Args().Slice())
	}
}

func main() {
	os.Exit(newEnv().run(os.Args))
}

// run runs one command line and returns its exit status.
//
// A signal that ends lockbox (Ctrl-C, SIGTERM, a closed terminal, Ctrl-\)
// cancels the command's context. Work that is writing output stops at its
// next read and removes its partial output on the way out, and then
// lockbox exits with the signal's status; what it could not remove (work
// that no context reaches, such as scrypt, gets stopGrace, or until a
// second signal) is removed here. Work that writes nothing, such as a
// prompt, is not waited for.
func (e *env) run(args []string) int {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP, syscall.SIGQUIT)
	defer signal.Stop(sigs)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan int, 1)
	go func() { done <- e.runCommand(ctx, args) }()
	select {
	case code := <-done:
		return code
	case s := <-sigs:
		cancel()
		e.restoreTerminal()
		if atomicfile.Busy() {
			select {
			case <-done:
			case <-sigs:
			case <-time.After(stopGrace):
			}
		}
		return e.interrupted(s)
	}
}

// stopGrace is how long a signal waits for work that no context reaches.
const stopGrace = 2 * time.Second

// interrupted removes what partial output is left, says so, and returns
// the signal's exit status.
func (e *env) interrupted(s os.Signal) int {
	left := atomicfile.Shutdown()
	if len(left) > 0 {
		e.errorf("interrupted; partial output could not be removed: %s", quoteList(left))
		e.hintf("remove it by hand: it may hold decrypted data")
	} else {
		e.errorf("interrupted; no partial output was left behind")
	}
	return exitFor[s]
}

// runCommand runs the command line under ctx and reports its error.
func (e *env) runCommand(ctx context.Context, args []string) int {
	e.unknownCommand, e.stdout.err, e.args = "", nil, args
	app := newApp(e)
	err := app.RunContext(ctx, reorderArgs(app, args))
	if ctx.Err() != nil {
		return exitFailure // stopped by a signal, which run reports
	}
	if e.unknownCommand != "" {
		err = usageErrorf("unknown command %q", e.unknownCommand).
			hint("run 'lockbox help' to see the commands")
	}
	if e.stdout.err != nil {
		// Whatever else failed, it failed because stdout did.
		err = stdoutFailure(e.stdout.err)
	}
	if err == nil {
		return exitOK
	}
	return e.report(err)
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

func (e *env) report(err error) int {
	var ce *cliError
	if !errors.As(err, &ce) {
		ce = &cliError{msg: err.Error(), code: exitFailure}
	}
	e.errorf("%s", ce.msg)
	for _, h := range ce.hints {
		e.hintf("%s", h)
	}
	return ce.code
}

// onUsageError turns flag parsing errors into short usage errors: one line
// and a hint, never the whole help.
func (e *env) onUsageError(c *cli.Context, err error, isSubcommand bool) error {
	var flags []cli.Flag
	if c.Command != nil {
		flags = c.Command.Flags
	}
	if c.Command == nil || len(flags) == 0 {
		flags = c.App.Flags
	}
	msg, suggestion := err.Error(), ""
	if name := unknownFlag(flags, e.commandArgs(c)); name != "" {
		var names []string
		for _, f := range flags {
			names = append(names, f.Names()...)
		}
		if s := suggest.Closest(name, names); s != "" {
			suggestion = flagName(s)
		}
		msg = "unknown flag " + flagName(name)
	}
	u := usageErrorf("%s", msg)
	if suggestion != "" {
		u.hint("did you mean %s?", suggestion)
	}
	return u.hint("run '%s --help' to see the flags", strings.Join(append([]string{"lockbox"}, commandPath(c)...), " "))
}

// commandPath names the command being run, and its parents: "log",
// "verify" for "lockbox log verify".
func commandPath(c *cli.Context) []string {
	var path []string
	for _, l := range c.Lineage() {
		if l.Command != nil && l.Command.Name != "" && l.Command.Name != c.App.Name {
			path = append([]string{l.Command.Name}, path...)
		}
	}
	return path
}

// flagName writes a flag as it is typed: -o, --output.
func flagName(name string) string {
	if len(name) == 1 {
		return "-" + name
	}
	return "--" + name
}

// commandArgs are the arguments the command being parsed was given: those
// after its name (after "log verify" for a subcommand), or after
// "lockbox" for the app's own flags.
func (e *env) commandArgs(c *cli.Context) []string {
	args := e.args
	if len(args) > 0 {
		args = args[1:]
	}
	// Each name of the path is the first argument that is that name, as
	// urfave/cli takes the first argument that is not a flag.
	for _, name := range commandPath(c) {
		if i := slices.Index(args, name); i >= 0 {
			args = args[i+1:]
		}
	}
	return args
}

// unknownFlag is the first flag in args that is none of flags, or "".
// Go's flag package, under urfave/cli, names an unknown flag only in its
// message; it is found here the way the flag package finds it instead.
func unknownFlag(flags []cli.Flag, args []string) string {
	known := map[string]bool{"help": true, "h": true}
	takesValue := map[string]bool{}
	for _, f := range flags {
		_, isBool := f.(*cli.BoolFlag)
		for _, n := range f.Names() {
			known[n], takesValue[n] = true, !isBool
		}
	}
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			break
		}
		if len(a) < 2 || a[0] != '-' {
			continue
		}
		name, _, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !known[name] {
			return name
		}
		if takesValue[name] && !hasValue {
			i++ // its value, which may start with a dash
		}
	}
	return ""
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
