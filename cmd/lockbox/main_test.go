package main

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"filippo.io/age"
	"github.com/rogpeppe/go-internal/testscript"
	"golang.org/x/crypto/ssh"

	"github.com/lockbox-tool/lockbox/pkg/bundle"
)

// Scripts run lockbox as a command of this test binary, in testEnv (cheap
// scrypt, no terminal). The real terminal paths are tested against the built binary in a
// pseudo-terminal (terminal_test.go).
func TestMain(m *testing.M) {
	var tm testscript.TestingM = m
	// The binary tests' keys (ledger, pseudonyms) go to a configuration
	// directory of the test run's own, never the user's. Scripts, run as
	// "lockbox" by this binary, have their own.
	if filepath.Base(os.Args[0]) != "lockbox" && os.Getenv("LOCKBOX_TEST_CONFIG") == "" {
		if dir, err := os.MkdirTemp("", "lockbox-test-config-"); err == nil {
			os.Setenv("XDG_CONFIG_HOME", dir)
			os.Setenv("LOCKBOX_TEST_CONFIG", dir)
			tm = removeAfter{m, dir}
		}
	}
	testscript.Main(tm, withPlatformCommands(map[string]func(){
		"lockbox": func() { os.Exit(testEnv(os.Stdout, os.Stderr).run(os.Args)) },
	}))
}

// testEnv is lockbox's environment under test, writing to stdout and
// stderr: scrypt work factor 10 instead of 18, and no terminal, so that
// tests never reach the developer's /dev/tty; with
// LOCKBOX_TEST_TTY=stderr, stderr stands in for the terminal a passphrase
// card is shown on.
func testEnv(stdout, stderr io.Writer) *env {
	e := newEnv()
	e.output = &output{stderr: stderr}
	e.stdout = &stdoutWriter{w: stdout}
	e.workFactor = 10
	e.card = func() (io.Writer, func(), bool) {
		if os.Getenv("LOCKBOX_TEST_TTY") == "stderr" {
			return stderr, func() {}, true
		}
		return nil, nil, false
	}
	e.tty = func() (*os.File, error) { return nil, errNoTerminal }
	return e
}

// platformCommands are commands of this test binary that only some
// platforms' tests add (see scrypt_linux_test.go).
var platformCommands = map[string]func(){}

func withPlatformCommands(m map[string]func()) map[string]func() {
	for name, f := range platformCommands {
		m[name] = f
	}
	return m
}

// removeAfter removes a directory once the tests have run.
type removeAfter struct {
	testscript.TestingM
	dir string
}

func (r removeAfter) Run() int {
	code := r.TestingM.Run()
	os.RemoveAll(r.dir)
	return code
}

func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir: "testdata",
		Setup: func(env *testscript.Env) error {
			env.Setenv("NO_COLOR", "1")
			env.Setenv("DISPLAY", "")
			env.Setenv("WAYLAND_DISPLAY", "")
			env.Setenv("XDG_CONFIG_HOME", filepath.Join(env.WorkDir, ".config"))
			return nil
		},
		Condition: func(cond string) (bool, error) {
			if cond == "root" {
				return os.Geteuid() == 0, nil
			}
			return false, fmt.Errorf("unknown condition %q", cond)
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"perm":          cmdPerm,
			"notemp":        cmdNoTemp,
			"nosecret":      cmdNoSecret,
			"truncate":      cmdTruncate,
			"replace":       cmdReplace,
			"agekeygen":     cmdAgeKeygen,
			"sshkeygen":     cmdSSHKeygen,
			"hostilebundle": cmdHostileBundle,
			"agedamage":     cmdAgeDamage,
			"code":          cmdCode,
			"sample":        cmdSample,
			"mkxlsx":        cmdMkXLSX,
			"mkzip":         cmdMkZip,
			"zipbomb":       cmdZipBomb,
			"novalues":      cmdNoValues,
			"latetext":      cmdLateText,
			"cells":         cmdCells,
			"sparse":        cmdSparse,
			"oddbook":       cmdOddBook,
			"utf16":         cmdUTF16,
			"bigcsv":        cmdBigCSV,
			"lf":            cmdLF,
			"answer":        cmdAnswer,
		},
	})
}

// code N PROG ARGS...: PROG exits with status N (testscript's "!" only
// tells zero from non-zero). Its stdout and stderr are kept for the
// commands that follow, as for any command.
func cmdCode(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: code N PROG ARGS...")
	}
	want, err := strconv.Atoi(args[0])
	ts.Check(err)
	err = ts.Exec(args[1], args[2:]...)
	got := 0
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		got = ee.ExitCode()
	case err != nil:
		ts.Fatalf("%s: %v", args[1], err)
	}
	if got != want {
		ts.Fatalf("%s exited %d, want %d", args[1], got, want)
	}
}

// perm FILE MODE: FILE has exactly the permission bits MODE (octal).
func cmdPerm(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 2 {
		ts.Fatalf("usage: perm FILE MODE")
	}
	want, err := strconv.ParseUint(args[1], 8, 32)
	ts.Check(err)
	fi, err := os.Stat(ts.MkAbs(args[0]))
	ts.Check(err)
	if got := fi.Mode().Perm(); (got == fs.FileMode(want)) == neg {
		ts.Fatalf("%s has mode %#o, want %s%#o", args[0], got, map[bool]string{true: "not ", false: ""}[neg], want)
	}
}

// notemp DIR: no temporary or partial lockbox file is left anywhere in DIR.
func cmdNoTemp(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: notemp DIR")
	}
	filepath.WalkDir(ts.MkAbs(args[0]), func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.Contains(d.Name(), ".lockbox-") && (strings.HasSuffix(d.Name(), ".tmp") || strings.HasSuffix(d.Name(), ".old")) {
			ts.Fatalf("left behind: %s", p)
		}
		return nil
	})
}

// nosecret SECRETFILE FILE...: the first line of SECRETFILE appears in none
// of the FILEs, in any case and with or without dashes.
func cmdNoSecret(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: nosecret SECRETFILE FILE...")
	}
	secret := strings.TrimSpace(strings.SplitN(ts.ReadFile(args[0]), "\n", 2)[0])
	if secret == "" {
		ts.Fatalf("%s holds no secret", args[0])
	}
	forms := []string{secret, strings.ReplaceAll(secret, "-", "")}
	for _, name := range args[1:] {
		data := strings.ToLower(ts.ReadFile(name))
		for _, f := range forms {
			if strings.Contains(data, strings.ToLower(f)) {
				ts.Fatalf("the secret appears in %s", name)
			}
		}
	}
}

func offset(ts *testscript.TestScript, s string, size int) int {
	n, err := strconv.Atoi(s)
	ts.Check(err)
	if n < 0 {
		n += size
	}
	if n < 0 || n > size {
		ts.Fatalf("offset %s out of range for %d bytes", s, size)
	}
	return n
}

// truncate FILE N: keep the first N bytes (negative: drop -N from the end).
func cmdTruncate(ts *testscript.TestScript, neg bool, args []string) {
	data := []byte(ts.ReadFile(args[0]))
	ts.Check(os.WriteFile(ts.MkAbs(args[0]), data[:offset(ts, args[1], len(data))], 0o644))
}

// agedamage FILE KIND: damage a binary age file where KIND says: cut-header
// (in the middle of the header), cut-boundary (right after the first 64 KiB
// chunk), cut-midchunk (500 bytes into the second chunk), flip-mac (a bit of
// the header's MAC), flip-first or flip-last (a bit of the first or last
// chunk).
func cmdAgeDamage(ts *testscript.TestScript, neg bool, args []string) {
	data := []byte(ts.ReadFile(args[0]))
	macLine := strings.Index(string(data), "\n--- ") + 1
	if macLine == 0 {
		ts.Fatalf("%s is not a binary age file", args[0])
	}
	hdrEnd := macLine + strings.IndexByte(string(data[macLine:]), '\n') + 1
	payload := hdrEnd + 16 // after the stream nonce
	const chunk = 64<<10 + 16
	if len(data) < payload+chunk+1000 {
		ts.Fatalf("%s is too short to hold two chunks", args[0])
	}
	switch args[1] {
	case "cut-header":
		data = data[:hdrEnd/2]
	case "cut-boundary":
		data = data[:payload+chunk]
	case "cut-midchunk":
		data = data[:payload+chunk+500]
	case "flip-mac":
		data[hdrEnd-5] ^= 1
	case "flip-first":
		data[payload+10] ^= 1
	case "flip-last":
		data[len(data)-5] ^= 1
	default:
		ts.Fatalf("unknown damage %q", args[1])
	}
	ts.Check(os.WriteFile(ts.MkAbs(args[0]), data, 0o644))
}

// replace FILE OLD NEW: replace the first OLD with NEW (Go-quoted strings
// allowed, for newlines).
func cmdReplace(ts *testscript.TestScript, neg bool, args []string) {
	unq := func(s string) string {
		if u, err := strconv.Unquote(s); err == nil {
			return u
		}
		return s
	}
	data := ts.ReadFile(args[0])
	if !strings.Contains(data, unq(args[1])) {
		ts.Fatalf("%s does not contain %q", args[0], args[1])
	}
	ts.Check(os.WriteFile(ts.MkAbs(args[0]), []byte(strings.Replace(data, unq(args[1]), unq(args[2]), 1)), 0o644))
}

// agekeygen IDENTITYFILE RECIPIENTFILE: a fresh age X25519 key pair.
func cmdAgeKeygen(ts *testscript.TestScript, neg bool, args []string) {
	id, err := age.GenerateX25519Identity()
	ts.Check(err)
	ts.Check(os.WriteFile(ts.MkAbs(args[0]), []byte("# test key\n"+id.String()+"\n"), 0o600))
	ts.Check(os.WriteFile(ts.MkAbs(args[1]), []byte(id.Recipient().String()+"\n"), 0o644))
}

// sshkeygen PRIVFILE PUBFILE: a fresh unencrypted ssh-ed25519 key pair.
func cmdSSHKeygen(ts *testscript.TestScript, neg bool, args []string) {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	ts.Check(err)
	block, err := ssh.MarshalPrivateKey(priv, "test")
	ts.Check(err)
	ts.Check(os.WriteFile(ts.MkAbs(args[0]), pem.EncodeToMemory(block), 0o600))
	sp, err := ssh.NewPublicKey(pub)
	ts.Check(err)
	ts.Check(os.WriteFile(ts.MkAbs(args[1]), bytes.TrimSpace(ssh.MarshalAuthorizedKey(sp)), 0o644))
}

// hostilebundle OUT KIND: a tar that starts like a lockbox bundle and then
// holds an entry of KIND: dotdot, absolute, symlink, hardlink, duplicate
// huge (declaring more than any disk holds), short (declaring more than
// it holds) or sparse (a tar bomb's entry of holes).
func cmdHostileBundle(ts *testscript.TestScript, neg bool, args []string) {
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	add := func(h *tar.Header, body string) {
		h.Mode, h.Size = 0o600, int64(len(body))
		ts.Check(tw.WriteHeader(h))
		_, err := tw.Write([]byte(body))
		ts.Check(err)
	}
	add(&tar.Header{Name: bundle.Marker, Typeflag: tar.TypeReg}, "lockbox bundle v1\n")
	add(&tar.Header{Name: "ok.csv", Typeflag: tar.TypeReg}, "a\n")
	switch args[1] {
	case "dotdot":
		add(&tar.Header{Name: "../evil.csv", Typeflag: tar.TypeReg}, "x")
	case "absolute":
		add(&tar.Header{Name: "/tmp/evil.csv", Typeflag: tar.TypeReg}, "x")
	case "symlink":
		add(&tar.Header{Name: "link", Typeflag: tar.TypeSymlink, Linkname: "/etc/passwd"}, "")
	case "hardlink":
		add(&tar.Header{Name: "link", Typeflag: tar.TypeLink, Linkname: "ok.csv"}, "")
	case "duplicate":
		add(&tar.Header{Name: "ok.csv", Typeflag: tar.TypeReg}, "b\n")
	case "sparse":
		// A PAX sparse entry: 20 MiB of holes and 512 bytes of data,
		// written by hand (archive/tar writes no sparse files).
		tw.Flush()
		buf.Write(sparseEntry("bomb.csv", 20<<20))
		ts.Check(os.WriteFile(ts.MkAbs(args[0]), buf.Bytes(), 0o644))
		return
	case "huge", "short":
		// Declares a petabyte (or a megabyte) and holds a few bytes: the
		// stream ends there.
		size := int64(1 << 50)
		if args[1] == "short" {
			size = 1 << 20
		}
		ts.Check(tw.WriteHeader(&tar.Header{Name: args[1] + ".csv", Typeflag: tar.TypeReg, Mode: 0o600, Size: size}))
		tw.Write([]byte("a,b\n"))
		tw.Flush()
		ts.Check(os.WriteFile(ts.MkAbs(args[0]), buf.Bytes(), 0o644))
		return
	default:
		ts.Fatalf("unknown kind %q", args[1])
	}
	ts.Check(tw.Close())
	ts.Check(os.WriteFile(ts.MkAbs(args[0]), buf.Bytes(), 0o644))
}

// sparseEntry is a GNU PAX (1.0) sparse tar entry of size bytes, all but
// the last 512 a hole, followed by the end of the archive.
func sparseEntry(name string, size int64) []byte {
	octal := func(b []byte, v int64) { copy(b, fmt.Sprintf("%0*o", len(b)-1, v)) }
	header := func(name string, typ byte, n int64) []byte {
		h := make([]byte, 512)
		copy(h, name)
		octal(h[100:108], 0o600)
		octal(h[108:116], 0)
		octal(h[116:124], 0)
		octal(h[124:136], n)
		octal(h[136:148], 0)
		h[156] = typ
		copy(h[257:], "ustar\x0000")
		copy(h[148:156], "        ")
		sum := 0
		for _, c := range h {
			sum += int(c)
		}
		copy(h[148:156], fmt.Sprintf("%06o\x00 ", sum))
		return h
	}
	pad := func(b []byte) []byte { return append(b, make([]byte, (512-len(b)%512)%512)...) }
	record := func(k, v string) string {
		body := " " + k + "=" + v + "\n"
		n := len(body)
		for n != len(fmt.Sprint(n))+len(body) {
			n = len(fmt.Sprint(n)) + len(body)
		}
		return fmt.Sprint(n) + body
	}
	recs := record("GNU.sparse.major", "1") + record("GNU.sparse.minor", "0") + record("GNU.sparse.name", name) +
		record("GNU.sparse.realsize", fmt.Sprint(size))
	var b bytes.Buffer
	b.Write(header("PaxHeaders/"+name, 'x', int64(len(recs))))
	b.Write(pad([]byte(recs)))
	b.Write(header("GNUSparseFile.0/"+name, '0', 1024))
	b.Write(pad([]byte(fmt.Sprintf("1\n%d\n512\n", size-512))))
	b.Write(bytes.Repeat([]byte("a"), 512))
	b.Write(make([]byte, 1024))
	return b.Bytes()
}

// mkzip OUT [password] FILE...: a zip of the files; with "password" each is
// marked encrypted (traditional ZipCrypto), as "zip -P" makes them. Only
// the mark matters to lockbox, which never opens such a member.
func cmdMkZip(ts *testscript.TestScript, neg bool, args []string) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	files, encrypted := args[1:], false
	if len(files) > 0 && files[0] == "password" {
		files, encrypted = files[1:], true
	}
	for _, name := range files {
		data, err := os.ReadFile(ts.MkAbs(name))
		ts.Check(err)
		h := &zip.FileHeader{Name: filepath.Base(name), Method: zip.Deflate}
		if encrypted {
			h.Flags |= 0x1
		}
		w, err := zw.CreateHeader(h)
		ts.Check(err)
		w.Write(data)
	}
	ts.Check(zw.Close())
	ts.Check(os.WriteFile(ts.MkAbs(args[0]), buf.Bytes(), 0o644))
}
