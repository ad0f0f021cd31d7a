//go:build unix

package main

// The .age.html page in a real browser: Debian's Chromium driven by
// playwright-core (web/test/e2e.mjs), from file://, with no network.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"filippo.io/age"

	"github.com/lockbox-tool/lockbox/internal/testenv"
	"github.com/lockbox-tool/lockbox/pkg/bundle"
	"github.com/lockbox-tool/lockbox/pkg/htmlpage"
)

// needBrowser returns node and the web directory with playwright-core
// installed, or skips (fails under LOCKBOX_INTEGRATION=1).
func needBrowser(t *testing.T) (node, web string) {
	t.Helper()
	node = testenv.NeedTool(t, "node")
	testenv.NeedTool(t, "chromium")
	web, _ = filepath.Abs(filepath.Join("..", "..", "web"))
	if _, err := os.Stat(filepath.Join(web, "node_modules", "playwright-core")); err != nil {
		if testenv.Integration() {
			t.Fatalf("web/node_modules has no playwright-core: run npm ci in web/ (.ci/run does)")
		}
		t.Skip("web/node_modules has no playwright-core (npm ci in web/)")
	}
	return node, web
}

type browserRun struct {
	Requests []string `json:"requests"`
	Problems []string `json:"problems"`
	Title    string   `json:"title"`
	Shown    string   `json:"shown"`
	Wrong    string   `json:"wrong"`
	OK       string   `json:"ok"`
	Filename string   `json:"filename"`
	Seconds  float64  `json:"seconds"`
	Button   string   `json:"button"`
	Disabled bool     `json:"disabled"`
	Cleared  bool     `json:"cleared"`
	Load     float64  `json:"loadSeconds"`
	Listed   []string `json:"listed"`
	Before   bool     `json:"disabledBefore"`
	Dropped  string   `json:"dropped"`
	Said     []string `json:"said"`
}

// openInBrowser encrypts src to a page with the real work factor, opens it
// in Chromium, tries a wrong passphrase and then the right one typed in
// upper case without dashes, and returns what happened and the download.
func openInBrowser(t *testing.T, src, shots string) (browserRun, []byte) {
	t.Helper()
	needBrowser(t)
	bin := lockboxBinary(t)
	dir := filepath.Dir(src)
	enc := exec.Command(bin, "encrypt", "--html", "--save-passphrase", "pass.txt", filepath.Base(src))
	enc.Dir, enc.Env = dir, cleanEnv()
	if out, err := enc.CombinedOutput(); err != nil {
		t.Fatalf("encrypt --html: %v\n%s", err, out)
	}
	pass, _ := os.ReadFile(filepath.Join(dir, "pass.txt"))
	// As a person types it: upper case, no dashes, O for 0 and L for 1.
	typed := strings.NewReplacer("0", "O", "1", "L").Replace(strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(string(pass)), "-", "")))
	saved := filepath.Join(dir, "downloaded")
	run := e2e(t, src+".age.html", "bad-pass-word-nope-nope", typed, saved, shots)
	got, err := os.ReadFile(saved)
	if err != nil {
		t.Fatal(err)
	}
	return run, got
}

func artifacts(t *testing.T) string {
	dir, _ := filepath.Abs(filepath.Join("..", "..", "artifacts", "html"))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestHTMLPageDecryptsInChromium(t *testing.T) {
	dir := t.TempDir()
	src := writeSample(t, dir)
	run, got := openInBrowser(t, src, filepath.Join(artifacts(t), "customers"))
	want, _ := os.ReadFile(src)
	if !bytes.Equal(got, want) {
		t.Error("the downloaded file differs from the original")
	}
	if run.Filename != "customers.csv" {
		t.Errorf("downloaded as %q", run.Filename)
	}
	if len(run.Requests) != 0 {
		t.Errorf("the page made network requests: %q", run.Requests)
	}
	if len(run.Problems) != 0 {
		t.Errorf("the page reported errors (CSP?): %q", run.Problems)
	}
	if !strings.Contains(run.Wrong, "That passphrase does not open this file") {
		t.Errorf("wrong passphrase shows %q", run.Wrong)
	}
	if !strings.Contains(run.Shown, "customers.csv") || !strings.Contains(run.Title, "customers.csv") {
		t.Errorf("the page does not name the file: %q, %q", run.Title, run.Shown)
	}
	t.Logf("decrypted in %.2f s; screenshots in %s", run.Seconds, artifacts(t))
}

// TestHTMLPageDecryptsTenMegabytes measures, and reports without
// asserting, how long the page takes for a 10 MB list.
func TestHTMLPageDecryptsTenMegabytes(t *testing.T) {
	if testing.Short() {
		t.Skip("10 MB in a browser")
	}
	dir := t.TempDir()
	var b bytes.Buffer
	r := rand.New(rand.NewPCG(1, 2))
	b.WriteString("Customer ID,Email,City,Order Total\n")
	for b.Len() < 10<<20 {
		fmt.Fprintf(&b, "C%07d,c%d@example.com,Utrecht,%d.%02d\n", r.IntN(1e7), r.IntN(1e7), r.IntN(2000), r.IntN(100))
	}
	src := filepath.Join(dir, "big.csv")
	os.WriteFile(src, b.Bytes(), 0o600)
	run, got := openInBrowser(t, src, filepath.Join(artifacts(t), "big"))
	if !bytes.Equal(got, b.Bytes()) {
		t.Fatal("the downloaded file differs from the original")
	}
	if !slices.ContainsFunc(run.Said, func(s string) bool { return strings.HasPrefix(s, "Decrypting… ") && strings.HasSuffix(s, "%") }) {
		t.Errorf("no progress shown while decrypting 10 MB; the page said %q", run.Said)
	}
	t.Logf("a page for %.1f MB loaded in %.2f s; decrypting took %.2f s (scrypt at work factor 18 included; target under 5 s)",
		float64(b.Len())/1e6, run.Load, run.Seconds)
	os.WriteFile(filepath.Join(artifacts(t), "ten-megabytes.txt"), []byte(fmt.Sprintf("%.2f s\n", run.Seconds)), 0o644)
}

// TestDecryptorAssetIsFreshlyBuilt rebuilds the embedded decryptor from
// web/ (package-lock.json pins every dependency) and compares it, and the
// licences, with what is committed.
func TestDecryptorAssetIsFreshlyBuilt(t *testing.T) {
	node := testenv.NeedTool(t, "node")
	web, _ := filepath.Abs(filepath.Join("..", "..", "web"))
	if _, err := os.Stat(filepath.Join(web, "node_modules", "esbuild")); err != nil {
		if testenv.Integration() {
			t.Fatal("web/node_modules has no esbuild: run npm ci in web/ (.ci/run does)")
		}
		t.Skip("web/node_modules has no esbuild (npm ci in web/)")
	}
	out := t.TempDir()
	cmd := exec.Command(node, "build.mjs", out)
	cmd.Dir = web
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, msg)
	}
	for _, f := range []string{"decryptor.js", "requester.js", "LICENSES.txt"} {
		fresh, _ := os.ReadFile(filepath.Join(out, f))
		committed, _ := os.ReadFile(filepath.Join("..", "..", "pkg", "htmlpage", "assets", f))
		if len(fresh) == 0 || !bytes.Equal(fresh, committed) {
			t.Errorf("pkg/htmlpage/assets/%s differs from a fresh build: run make assets and commit", f)
		}
	}
}

// TestAgeCLIDecryptsTheBlockCutFromAPage: the armored block of a page is a
// plain age file.
func TestAgeCLIDecryptsTheBlockCutFromAPage(t *testing.T) {
	bin := lockboxBinary(t)
	ageBin := testenv.NeedTool(t, "age")
	dir := t.TempDir()
	writeSample(t, dir)
	run := exec.Command(bin, "encrypt", "--html", "--save-passphrase", "pass.txt", "customers.csv")
	run.Dir, run.Env = dir, cleanEnv()
	if out, err := run.CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	page, _ := os.ReadFile(filepath.Join(dir, "customers.csv.age.html"))
	start := bytes.Index(page, []byte("-----BEGIN AGE ENCRYPTED FILE-----"))
	end := bytes.Index(page, []byte("-----END AGE ENCRYPTED FILE-----\n"))
	if start < 0 || end < start {
		t.Fatal("no armored block in the page")
	}
	os.WriteFile(filepath.Join(dir, "block.age"), page[start:end+len("-----END AGE ENCRYPTED FILE-----\n")], 0o600)
	ageDecrypt(t, ageBin, dir, "block.age")
}

// TestHTMLPageSaysWhenTheFileIsDamaged flips one character of a page's
// armored block: the page must say the file is damaged, not that the
// passphrase is wrong.
func TestHTMLPageSaysWhenTheFileIsDamaged(t *testing.T) {
	needBrowser(t)
	dir, page, pass := encryptedPage(t)
	p := filepath.Join(dir, "customers.csv.age.html")
	i := bytes.LastIndex(page, []byte("-----END AGE ENCRYPTED FILE-----")) - 20 // inside the last line of payload
	// Another base64 character, so that the armor still reads and the
	// damage is found by decryption (TestHTMLPageSaysWhenTheArmorIsBroken
	// has the other case): XOR would turn an x into a brace.
	if page[i] == 'A' {
		page[i] = 'B'
	} else {
		page[i] = 'A'
	}
	os.WriteFile(p, page, 0o600)
	run := e2e(t, "--damaged", p, pass)
	if !strings.Contains(run.Wrong, "This file is damaged or incomplete") {
		t.Errorf("a damaged file shows %q", run.Wrong)
	}
}

// encryptedPage makes customers.csv.age.html in a new directory and returns
// the page and the passphrase.
func encryptedPage(t *testing.T) (dir string, page []byte, pass string) {
	t.Helper()
	bin := lockboxBinary(t)
	dir = t.TempDir()
	writeSample(t, dir)
	enc := exec.Command(bin, "encrypt", "--html", "--save-passphrase", "pass.txt", "customers.csv")
	enc.Dir, enc.Env = dir, cleanEnv()
	if out, err := enc.CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	page, _ = os.ReadFile(filepath.Join(dir, "customers.csv.age.html"))
	p, _ := os.ReadFile(filepath.Join(dir, "pass.txt"))
	return dir, page, strings.TrimSpace(string(p))
}

// e2e runs web/test/e2e.mjs with args and returns what it reported.
func e2e(t *testing.T, args ...string) browserRun {
	t.Helper()
	node, web := needBrowser(t)
	cmd := exec.Command(node, append([]string{"test/e2e.mjs"}, args...)...)
	cmd.Dir = web
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("e2e.mjs: %v\n%s%s", err, out, stderr.String())
	}
	var run browserRun
	if err := json.Unmarshal(bytes.TrimSpace(out), &run); err != nil {
		t.Fatalf("e2e.mjs said %q: %v", out, err)
	}
	return run
}

// TestHTMLPageAnswersBeforeTheFileHasLoaded serves a page that stops just
// before the encrypted file until the browser has been given the
// passphrase and Enter: the button says the file is loading, the page says
// it will decrypt once loaded, and it does when the rest arrives.
func TestHTMLPageAnswersBeforeTheFileHasLoaded(t *testing.T) {
	needBrowser(t)
	dir, page, pass := encryptedPage(t)
	start := bytes.Index(page, []byte(`<script id="payload"`))
	release := make(chan struct{})
	var once sync.Once
	mux := http.NewServeMux()
	mux.HandleFunc("/customers.csv.age.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(page[:start])
		w.(http.Flusher).Flush()
		select {
		case <-release:
		case <-r.Context().Done():
			return
		}
		w.Write(page[start:])
	})
	mux.HandleFunc("/release", func(w http.ResponseWriter, r *http.Request) { once.Do(func() { close(release) }) })
	srv := httptest.NewServer(mux)
	defer srv.Close()
	defer once.Do(func() { close(release) })

	saved := filepath.Join(dir, "downloaded")
	run := e2e(t, "--early", srv.URL+"/customers.csv.age.html", pass, saved, srv.URL+"/release")
	if run.Button != "Loading the file…" {
		t.Errorf("while loading, the button says %q", run.Button)
	}
	if !strings.Contains(run.Wrong, "Still loading the file") {
		t.Errorf("Enter while loading shows %q", run.Wrong)
	}
	if !strings.Contains(run.OK, "Decrypted") || !run.Cleared {
		t.Errorf("after loading: %q, passphrase cleared: %v", run.OK, run.Cleared)
	}
	got, _ := os.ReadFile(saved)
	if !bytes.Equal(got, []byte(sampleCSV)) {
		t.Error("the downloaded file differs from the original")
	}
	if len(run.Requests) != 0 || len(run.Problems) != 0 {
		t.Errorf("requests %q, errors %q", run.Requests, run.Problems)
	}
}

// TestHTMLPageSaysWhenItIsCutShort opens a page whose download stopped in
// the middle of the encrypted file, as a cut-off attachment does.
func TestHTMLPageSaysWhenItIsCutShort(t *testing.T) {
	needBrowser(t)
	dir, page, _ := encryptedPage(t)
	start := bytes.Index(page, []byte(`<script id="payload"`))
	p := filepath.Join(dir, "cut.age.html")
	os.WriteFile(p, page[:start+(len(page)-start)/2], 0o600)
	run := e2e(t, "--truncated", p)
	if !strings.Contains(run.Wrong, "This file is incomplete: ask the sender to send it again") || !run.Disabled {
		t.Errorf("a page cut short shows %q (button disabled: %v)", run.Wrong, run.Disabled)
	}
	if len(run.Problems) != 0 {
		t.Errorf("errors %q", run.Problems)
	}
}

// TestHTMLPageSaysWhenTheArmorIsBroken: a page whose file is not valid
// armor (a character that is not base64) says so as soon as it has loaded,
// before a passphrase is asked for, and the button stays disabled.
func TestHTMLPageSaysWhenTheArmorIsBroken(t *testing.T) {
	needBrowser(t)
	dir, page, _ := encryptedPage(t)
	i := bytes.LastIndex(page, []byte("-----END AGE ENCRYPTED FILE-----")) - 10
	page[i] = '!'
	p := filepath.Join(dir, "broken.age.html")
	os.WriteFile(p, page, 0o600)
	run := e2e(t, "--truncated", p)
	if !strings.Contains(run.Wrong, "This file is damaged or incomplete") || !run.Disabled {
		t.Errorf("a broken page shows %q (button disabled: %v)", run.Wrong, run.Disabled)
	}
}

func readFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestRequestPageInChromium goes round the other direction: keygen, a
// request page, two files picked in Chromium and encrypted there, and the
// .age it saves opened by lockbox decrypt with the keygen key (and by age
// -d -i, when age is installed), byte for byte, with the receipt recorded.
func TestRequestPageInChromium(t *testing.T) {
	needBrowser(t)
	bin := lockboxBinary(t)
	dir := t.TempDir()
	env := cleanEnv("XDG_CONFIG_HOME="+filepath.Join(dir, "config"), "LOCKBOX_LEDGER="+filepath.Join(dir, "ledger.jsonl"))
	lockbox := func(args ...string) string {
		t.Helper()
		cmd := exec.Command(bin, args...)
		cmd.Dir, cmd.Env = dir, env
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("lockbox %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
		}
		return string(out) + stderr.String()
	}
	lockbox("keygen")
	lockbox("request", "--from", "Client BV")
	src := writeSample(t, dir)
	other := filepath.Join(dir, "scan.bin")
	data := make([]byte, 3<<20)
	for i := range data {
		data[i] = byte(rand.Uint32())
	}
	if err := os.WriteFile(other, data, 0o600); err != nil {
		t.Fatal(err)
	}
	// Beside them: an empty file (the bundle's padding is then empty), a
	// name over the 100 bytes a tar header holds, and a second file of the
	// same name from another folder.
	empty := filepath.Join(dir, "empty.txt")
	long := filepath.Join(dir, "Überweisungsliste für den Kunden mit einem sehr langen Dateinamen, der über hundert Bytes geht.csv")
	again := filepath.Join(dir, "sub", "customers.csv")
	os.MkdirAll(filepath.Dir(again), 0o700)
	for f, data := range map[string]string{empty: "", long: "Betrag\n12,50\n", again: "Total\n7\n"} {
		if err := os.WriteFile(f, []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	saved := filepath.Join(dir, "from-client.age")
	run := e2e(t, "--request", filepath.Join(dir, "request-client-bv.html"), saved, filepath.Join(artifacts(t), "request"), src, other, empty, long, again)
	if len(run.Requests) != 0 || len(run.Problems) != 0 {
		t.Errorf("requests %q, problems %q", run.Requests, run.Problems)
	}
	if !run.Before || len(run.Listed) != 5 || !strings.HasPrefix(run.Listed[1], "scan.bin (3.1 MB)") {
		t.Errorf("before picking, the button is disabled: %v; the page lists %q", run.Before, run.Listed)
	}
	if run.Filename != "client-bv-files.age" || !strings.Contains(run.Shown, "Client BV") {
		t.Errorf("saved as %q; the page shows %q", run.Filename, run.Shown)
	}
	if !strings.Contains(run.OK, "attach it to an email") {
		t.Errorf("after encrypting, the page says %q", run.OK)
	}
	said := lockbox("decrypt", "-o", "received", "from-client.age")
	if !strings.Contains(said, `it answers your request to "Client BV"`) {
		t.Errorf("decrypt said %q", said)
	}
	for name, f := range map[string]string{"customers.csv": src, "scan.bin": other, "empty.txt": empty,
		filepath.Base(long): long, "customers (2).csv": again} {
		if !bytes.Equal(readFile(t, filepath.Join(dir, "received", name)), readFile(t, f)) {
			t.Errorf("%s came back different", name)
		}
	}
	// One file dropped alone: saved as NAME.age, opened as NAME.
	if run.Dropped != "customers.csv.age" {
		t.Fatalf("a dropped file was saved as %q", run.Dropped)
	}
	lockbox("decrypt", "-o", "dropped.csv", "customers.csv.age")
	if got, want := readFile(t, filepath.Join(dir, "dropped.csv")), readFile(t, src); !bytes.Equal(got, want) {
		t.Error("the dropped file came back different")
	}
	if log := lockbox("log"); !strings.Contains(log, "received from  Client BV") || !strings.Contains(log, "request for    Client BV") {
		t.Errorf("log shows:\n%s", log)
	}
	t.Logf("screenshots in %s", artifacts(t))
	// age itself opens it with the keygen key: the marker is a stanza it
	// skips, and the bundle is a tar holding the files as they were.
	age := testenv.NeedTool(t, "age")
	out, err := exec.Command(age, "-d", "-i", filepath.Join(dir, "config", "lockbox", "identity.txt"), saved).Output()
	if err != nil || !bytes.Contains(out, data) {
		t.Errorf("age -d: %v (%d bytes)", err, len(out))
	}
}

// TestRequestPageBundleExtracts: the bundle the request page streams (its
// own tar writer, web/src/tar.ts, run under Node) unpacks with lockbox's
// bundle reader, awkward names and empty files included.
func TestRequestPageBundleExtracts(t *testing.T) {
	node, web := needBrowser(t)
	cmd := exec.Command(node, "test/tar.mjs")
	cmd.Dir = web
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	tarball, err := cmd.Output()
	if err != nil {
		t.Fatalf("tar.mjs: %v (exit 13 is a stream that never ends)\n%s", err, stderr.String())
	}
	dir := filepath.Join(t.TempDir(), "out")
	os.Mkdir(dir, 0o700)
	if _, err := bundle.Extract(context.Background(), bytes.NewReader(tarball), dir, bundle.Options{}); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{
		"empty.txt": "", "report.csv": "a\n", "report (2).csv": "b\n", "zeros.bin": string(make([]byte, 1024)),
		"Überweisungsliste für den Kunden mit einem sehr langen Dateinamen, der über hundert Bytes geht.csv": "Betrag\n12,50\n",
	} {
		if got, err := os.ReadFile(filepath.Join(dir, name)); err != nil || string(got) != want {
			t.Errorf("%s: %q, %v", name, got, err)
		}
	}
}

// TestRequestPageRefusesMoreThanItTakes: files over the page's limit
// (256 MiB; here a page made with a limit of 100 bytes) are refused with
// a message, and the button stays disabled.
func TestRequestPageRefusesMoreThanItTakes(t *testing.T) {
	needBrowser(t)
	dir := t.TempDir()
	id, _ := age.GenerateX25519Identity()
	var page bytes.Buffer
	err := htmlpage.WriteRequest(&page, htmlpage.Request{For: "Client BV", Recipient: id.Recipient().String(), ID: "0123456789abcdef", Bundle: "client-bv-files", MaxBytes: 100})
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "request.html")
	os.WriteFile(p, page.Bytes(), 0o600)
	big := filepath.Join(dir, "big.csv")
	os.WriteFile(big, bytes.Repeat([]byte("x"), 101), 0o600)
	run := e2e(t, "--request-limit", p, big)
	if !strings.Contains(run.Wrong, "this page takes up to") || !run.Disabled {
		t.Errorf("over the limit, the page says %q (button disabled: %v)", run.Wrong, run.Disabled)
	}
}
