package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/urfave/cli/v2"
	"golang.org/x/term"
)

// Passphrases come from a terminal prompt, a file, a file descriptor or
// LOCKBOX_PASSPHRASE. No flag takes a passphrase as its value: argv is
// visible to every user of the machine and lands in shell history.

const envPassphrase = "LOCKBOX_PASSPHRASE"

// secretFlags are the flags that name where a passphrase comes from.
type secretFlags struct {
	file string
	fd   int
}

func (o *secretFlags) flags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "passphrase-file", Usage: "read the passphrase from the first line of `FILE`", Destination: &o.file},
		&cli.IntFlag{Name: "passphrase-fd", Value: -1, Usage: "read the passphrase from the first line of file descriptor `N`", Destination: &o.fd},
	}
}

// source says where the passphrase will come from, or "" when none was
// given. More than one is a usage error, found before any I/O.
func (o *secretFlags) source(set given, extra ...string) (string, error) {
	var sources []string
	if set["passphrase-file"] {
		sources = append(sources, "--passphrase-file")
	}
	if set["passphrase-fd"] {
		sources = append(sources, "--passphrase-fd")
	}
	if os.Getenv(envPassphrase) != "" { // empty counts as unset, as after "export LOCKBOX_PASSPHRASE="
		sources = append(sources, envPassphrase)
	}
	sources = append(sources, extra...)
	if len(sources) > 1 {
		return "", usageErrorf("the passphrase is given twice (%s)", strings.Join(sources, " and ")).
			hint("give it in one way only")
	}
	if len(sources) == 0 {
		return "", nil
	}
	return sources[0], nil
}

// checkStdinShared refuses reading both the passphrase and the data from
// standard input: the passphrase reader could swallow data.
func (o *secretFlags) checkStdinShared(set given, inputs []string) error {
	if set["passphrase-fd"] && o.fd == 0 {
		for _, in := range inputs {
			if in == "-" {
				return usageErrorf("the passphrase and the data cannot both come from stdin").
					hint("give the passphrase with --passphrase-file FILE or another descriptor, e.g. --passphrase-fd 3 3<pass.txt")
			}
		}
	}
	return nil
}

// maxPassphrase bounds what is read from a passphrase file or descriptor.
const maxPassphrase = 4096

// read reads the passphrase from the source that source named (not the
// prompt).
func (o *secretFlags) read(source string) (string, error) {
	switch source {
	case envPassphrase:
		pass := os.Getenv(envPassphrase)
		return pass, checkLength(pass, envPassphrase)
	case "--passphrase-file":
		name := o.file
		f, err := os.Open(name)
		if err != nil {
			return "", failf("cannot read the passphrase file %q: %v", name, pathErr(err))
		}
		defer f.Close()
		return firstLine(f, fmt.Sprintf("the passphrase file %q", name))
	case "--passphrase-fd":
		fd := o.fd
		if fd < 0 {
			return "", usageErrorf("--passphrase-fd needs a file descriptor number, not %d", fd)
		}
		f := os.NewFile(uintptr(fd), fmt.Sprintf("fd %d", fd))
		if f == nil {
			return "", failf("file descriptor %d is not open", fd)
		}
		defer f.Close()
		return firstLine(f, fmt.Sprintf("file descriptor %d", fd))
	}
	return "", fmt.Errorf("unknown passphrase source %q", source)
}

func firstLine(r io.Reader, what string) (string, error) {
	// Room for a CRLF after the longest passphrase, and one byte more to
	// tell a longer one: it is refused, never cut (two passphrases that
	// share their first 4,096 bytes must not open the same file).
	line, err := bufio.NewReader(io.LimitReader(r, maxPassphrase+3)).ReadString('\n')
	if err != nil && err != io.EOF {
		return "", failf("cannot read %s: %v", what, err)
	}
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		return "", failf("%s holds no passphrase (its first line is empty)", what)
	}
	if err := checkLength(line, what); err != nil {
		return "", err
	}
	return line, nil
}

// checkLength refuses a passphrase longer than maxPassphrase bytes.
func checkLength(pass, what string) error {
	if len(pass) > maxPassphrase {
		return failf("%s holds a passphrase longer than %d bytes; lockbox does not cut it short", what, maxPassphrase).
			hint("use a passphrase of at most %d bytes; lockbox passphrase makes a strong one", maxPassphrase)
	}
	return nil
}

// restoreTerminal puts the terminal back in echo mode if a signal arrives
// during a prompt.
func (e *env) restoreTerminal() {
	e.ttyMu.Lock()
	defer e.ttyMu.Unlock()
	if e.ttyRestore != nil {
		e.ttyRestore()
		e.ttyRestore = nil
	}
}

var errNoTerminal = errors.New("no terminal to ask for the passphrase")

// prompt asks for a passphrase on the terminal without echo.
func (e *env) prompt(question string) (string, error) {
	tty, err := e.tty()
	if err != nil {
		return "", errNoTerminal
	}
	defer tty.Close()
	fd := int(tty.Fd())
	if !term.IsTerminal(fd) {
		return "", errNoTerminal
	}
	state, err := term.GetState(fd)
	if err != nil {
		return "", errNoTerminal
	}
	e.ttyMu.Lock()
	e.ttyRestore = func() { term.Restore(fd, state) }
	e.ttyMu.Unlock()
	defer e.restoreTerminal()
	fmt.Fprintf(tty, "%s: ", question)
	p, err := term.ReadPassword(fd)
	fmt.Fprintln(tty)
	if err != nil {
		return "", failf("reading the passphrase: %v", err)
	}
	if err := checkLength(string(p), "what you typed"); err != nil {
		return "", err
	}
	return string(p), nil
}

// pathErr shortens *os.PathError to its cause: messages quote the path
// themselves.
func pathErr(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
