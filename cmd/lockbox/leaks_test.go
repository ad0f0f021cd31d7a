//go:build unix

package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
)

// TestNoLeaks runs every command on the sample customer list, with
// generated, saved, typed and wrong passphrases, and reads everything
// they leave: stdout, stderr, the terminal, the ledger, the files in the
// working directory and the temporary directory. A passphrase appears
// only on its card on the terminal, or in the file --save-passphrase
// named; no personal value appears in any message, the ledger or a
// leftover file.
func TestNoLeaks(t *testing.T) {
	bin := lockboxBinary(t)
	dir, tmp := t.TempDir(), t.TempDir()
	data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "customers.csv"))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "customers.csv"), data, 0o600)
	env := func(extra ...string) []string {
		return cleanEnv(append([]string{"TMPDIR=" + tmp, "HOME=" + dir, "XDG_CONFIG_HOME=" + filepath.Join(dir, ".config")}, extra...)...)
	}
	step := 0
	// run runs lockbox with stdout and stderr in files of their own, and
	// on a terminal when card is set. It returns what the terminal showed.
	run := func(card bool, wantCode int, extraEnv []string, args ...string) string {
		t.Helper()
		step++
		stdout, _ := os.Create(filepath.Join(dir, "messages", stepName(step, args[0], "stdout")))
		stderr, _ := os.Create(filepath.Join(dir, "messages", stepName(step, args[0], "stderr")))
		defer stdout.Close()
		defer stderr.Close()
		cmd := exec.Command(bin, args...)
		cmd.Dir, cmd.Env, cmd.Stdout, cmd.Stderr = dir, env(extraEnv...), stdout, stderr
		if !card {
			err := cmd.Run()
			if code := cmd.ProcessState.ExitCode(); code != wantCode {
				msg, _ := os.ReadFile(stderr.Name())
				t.Fatalf("lockbox %s: exit %d (%v), want %d:\n%s", strings.Join(args, " "), code, err, wantCode, msg)
			}
			return ""
		}
		c := startConsole(t, cmd)
		if code := c.wait(); code != wantCode {
			t.Fatalf("lockbox %s: exit %d, want %d; terminal:\n%s", strings.Join(args, " "), code, wantCode, c.screen())
		}
		return c.screen()
	}
	os.Mkdir(filepath.Join(dir, "messages"), 0o700)
	personal := personalValues(t, bin, dir)

	// Generated passphrases: on the card, and only there.
	var secrets []string
	for _, args := range [][]string{
		{"send", "--yes", "--to", "Mailhouse BV", "--ledger", "ledger.jsonl", "-o", "sent.csv.age", "customers.csv"},
		{"encrypt", "--to", "Accountant", "--ledger", "ledger.jsonl", "-o", "whole.csv.age", "customers.csv"},
		{"send", "--yes", "--html", "--to", "Printer", "--ledger", "ledger.jsonl", "--keep", "Street", "-o", "page.csv.age.html", "customers.csv"},
	} {
		screen := run(true, 0, nil, args...)
		pass := passShape.FindString(screen)
		if pass == "" {
			t.Fatalf("lockbox %s showed no passphrase:\n%s", args[0], screen)
		}
		if n := strings.Count(screen, pass); n != 1 {
			t.Errorf("lockbox %s showed the passphrase %d times:\n%s", args[0], n, screen)
		}
		secrets = append(secrets, pass)
	}
	sentPass := secrets[0]

	// Asked for in a file: there and nowhere else.
	run(false, 0, nil, "encrypt", "--save-passphrase", "saved.pass", "-o", "saved.csv.age", "customers.csv")
	saved, _ := os.ReadFile(filepath.Join(dir, "saved.pass"))
	secrets = append(secrets, strings.TrimSpace(string(saved)))

	// Typed as heard, from the environment, a file and a wrong one.
	typed := strings.ToUpper(strings.ReplaceAll(sentPass, "-", " "))
	run(false, 0, []string{"LOCKBOX_PASSPHRASE=" + typed}, "decrypt", "-o", "received.csv", "sent.csv.age")
	os.WriteFile(filepath.Join(dir, "typed.pass"), []byte(typed+"\n"), 0o600)
	run(false, 0, nil, "decrypt", "--passphrase-file", "typed.pass", "-o", "-", "sent.csv.age")
	wrong := "velvet-otter-sings-under-bridges"
	run(false, 1, []string{"LOCKBOX_PASSPHRASE=" + wrong}, "decrypt", "-o", "never.csv", "sent.csv.age")
	secrets = append(secrets, wrong)

	// Review, strip and the log.
	run(false, 0, nil, "inspect", "customers.csv")
	run(false, 0, nil, "inspect", "--json", "customers.csv")
	run(false, 0, nil, "strip", "customers.csv")
	os.WriteFile(filepath.Join(dir, "strip.key"), []byte(strings.Repeat("6b", 32)+"\n"), 0o600)
	run(false, 0, nil, "strip", "--pseudonymize", "Email", "--key-file", "strip.key", "--generalize", "Date of Birth=age-band",
		"--generalize", "Postcode=prefix:2", "--opted-in", "Newsletter", "--json", "-o", "mailing.csv", "customers.csv")
	run(false, 2, nil, "strip", "--keep", "Emial", "customers.csv")
	run(false, 0, nil, "log", "--ledger", "ledger.jsonl")
	run(false, 0, nil, "log", "--ledger", "ledger.jsonl", "--json")
	run(false, 0, nil, "log", "verify", "--ledger", "ledger.jsonl")

	// Every file left, and what it may hold.
	data2 := map[string]bool{"customers.csv": true, "received.csv": true} // the data itself
	err = filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err != nil || fi.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		content, _ := os.ReadFile(p)
		lower := strings.ToLower(string(content))
		for _, s := range secrets {
			may := rel == "saved.pass" && s == secrets[3] || rel == "typed.pass" && s == sentPass
			for _, form := range []string{s, strings.ReplaceAll(s, "-", ""), strings.ReplaceAll(s, "-", " ")} {
				if !may && strings.Contains(lower, strings.ToLower(form)) {
					t.Errorf("a passphrase is in %s", rel)
				}
			}
		}
		if data2[rel] || strings.HasPrefix(rel, "messages/") && strings.Contains(rel, "decrypt-stdout") {
			return nil // decrypted data, asked for
		}
		if strings.HasSuffix(rel, ".age") || strings.HasSuffix(rel, ".age.html") {
			return nil // ciphertext: a short value turns up in its base64 by chance
		}
		for _, v := range personal {
			if bytes.Contains(content, []byte(v)) {
				t.Errorf("the personal value %q is in %s", v, rel)
				break
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	assertEmptyBut(t, tmp)
	if _, err := os.Stat(filepath.Join(dir, "never.csv")); err == nil {
		t.Error("a wrong passphrase left a file")
	}
}

func stepName(n int, cmd, stream string) string {
	return strings.Join([]string{string(rune('a' + n - 1)), cmd, stream}, "-") + ".log"
}

// personalValues are the values of the sample's personal and sensitive
// columns, as inspect classifies them: four characters or longer, not a
// short number, and not also the value of a column that is neither.
func personalValues(t *testing.T, bin, dir string) []string {
	t.Helper()
	cmd := exec.Command(bin, "inspect", "--json", "customers.csv")
	cmd.Dir, cmd.Env = dir, cleanEnv()
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	var rep struct {
		Tables []struct {
			Columns []struct {
				Index int    `json:"index"`
				Class string `json:"class"`
			} `json:"columns"`
		} `json:"tables"`
	}
	if err := json.Unmarshal(out, &rep); err != nil {
		t.Fatal(err)
	}
	fh, _ := os.Open(filepath.Join(dir, "customers.csv"))
	defer fh.Close()
	recs, err := csv.NewReader(fh).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	isPersonal := map[int]bool{}
	for _, c := range rep.Tables[0].Columns {
		isPersonal[c.Index] = c.Class != "transactional"
	}
	other := map[string]bool{}
	for _, rec := range recs {
		for i, v := range rec {
			if !isPersonal[i] || v == recs[0][i] {
				other[v] = true
			}
		}
	}
	var values []string
	seen := map[string]bool{}
	for _, rec := range recs[1:] {
		for i, v := range rec {
			// Short numbers (a postcode such as 10115) turn up by chance
			// in the ledger's hashes and in sizes: they are left out.
			short := len(v) < 8 && strings.IndexFunc(v, unicode.IsLetter) < 0
			if isPersonal[i] && len(v) >= 4 && !short && !other[v] && !seen[v] {
				seen[v] = true
				values = append(values, v)
			}
		}
	}
	if len(values) < 100 {
		t.Fatalf("only %d personal values in the sample", len(values))
	}
	return values
}
