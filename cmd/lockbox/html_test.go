//go:build unix

package main

// The .age.html page in a real browser: Debian's Chromium driven by
// playwright-core (web/test/e2e.mjs), from file://, with no network.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lockbox-tool/lockbox/internal/testenv"
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
}

// openInBrowser encrypts src to a page with the real work factor, opens it
// in Chromium, tries a wrong passphrase and then the right one typed in
// upper case without dashes, and returns what happened and the download.
func openInBrowser(t *testing.T, src, shots string) (browserRun, []byte) {
	t.Helper()
	node, web := needBrowser(t)
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
	cmd := exec.Command(node, "test/e2e.mjs", src+".age.html", "bad-pass-word-nope-nope", typed, saved, shots)
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
	t.Logf("decrypting %.1f MB in headless Chromium took %.2f s (scrypt at work factor 18 included; target under 5 s)",
		float64(b.Len())/1e6, run.Seconds)
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
	for _, f := range []string{"decryptor.js", "LICENSES.txt"} {
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
	node, web := needBrowser(t)
	bin := lockboxBinary(t)
	dir := t.TempDir()
	writeSample(t, dir)
	enc := exec.Command(bin, "encrypt", "--html", "--save-passphrase", "pass.txt", "customers.csv")
	enc.Dir, enc.Env = dir, cleanEnv()
	if out, err := enc.CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	p := filepath.Join(dir, "customers.csv.age.html")
	page, _ := os.ReadFile(p)
	i := bytes.Index(page, []byte("-----END AGE ENCRYPTED FILE-----")) - 20 // inside the last line of payload
	page[i] ^= 'A' ^ 'B'
	if page[i] < '0' { // keep it a base64 character
		page[i] = 'Q'
	}
	os.WriteFile(p, page, 0o600)
	pass, _ := os.ReadFile(filepath.Join(dir, "pass.txt"))
	cmd := exec.Command(node, "test/e2e.mjs", "--damaged", p, strings.TrimSpace(string(pass)))
	cmd.Dir = web
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("e2e.mjs: %v\n%s", err, out)
	}
	var run browserRun
	json.Unmarshal(bytes.TrimSpace(out), &run)
	if !strings.Contains(run.Wrong, "This file is damaged or incomplete") {
		t.Errorf("a damaged file shows %q", run.Wrong)
	}
}
