// Package htmlpage wraps an armored age file in a self-contained HTML page
// that decrypts it in the recipient's browser, offline: for people who
// have nothing installed but a browser. The page is the armored file, a
// small form and the decryptor (age-encryption, the official TypeScript
// implementation of age, bundled in web/ and embedded here), under a
// Content-Security-Policy that allows no network request at all.
//
// The armored block is left intact, so lockbox decrypt, and age -d once
// the block is cut out, open the page too.
package htmlpage

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"fmt"
	"html"
	"io"
	"strings"
)

//go:embed assets/decryptor.js
var decryptor string

// MaxInput is the largest file a page (or a request page, at once) is made
// for by default: the browser holds the whole file, as armor and then as
// Blobs, besides scrypt's 256 MiB.
const MaxInput = 256 << 20

const style = `*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1f24;background:#f4f5f7}` +
	`main{max-width:34rem;margin:8vh auto;padding:2rem 1.5rem;background:#fff;border-radius:12px;box-shadow:0 1px 3px rgba(0,0,0,.12)}` +
	`h1{font-size:1.35rem;margin:0 0 .25rem}.file{margin:0 0 1.5rem;color:#57606a;word-break:break-all}` +
	`label{display:block;font-weight:600;margin-bottom:.35rem}` +
	`input{width:100%;font:1.15rem/1.4 ui-monospace,Menlo,Consolas,monospace;padding:.6rem .7rem;border:1px solid #8c959f;border-radius:8px}` +
	`input:focus{outline:2px solid #0969da;border-color:#0969da}` +
	`button{margin-top:1rem;width:100%;font:inherit;font-weight:600;padding:.7rem;border:0;border-radius:8px;background:#0969da;color:#fff;cursor:pointer}` +
	`button:disabled{background:#8c959f;cursor:wait}#status{min-height:3rem;margin:1rem 0 0}.ok{color:#1a7f37}.error{color:#cf222e}` +
	`#download{display:block;margin-top:.5rem}.note{font-size:.85rem;color:#57606a;margin:1.5rem 0 0}progress{width:100%;margin-top:.75rem}`

// hash is a Content-Security-Policy source for an inline script or style.
func hash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}

// csp allows the page's own script and style, and a worker made from a
// blob: URL (scrypt runs there), and nothing else: no fetch, no image, no
// font, no form submission.
var csp = "default-src 'none'; script-src " + hash(decryptor) + "; style-src " + hash(style) +
	"; worker-src blob:; form-action 'none'; base-uri 'none'"

// Writer writes a page around an armored age file. Write the armored file
// to it, then Close. The script comes before the file, so that the form
// answers while a large page is still loading and a page cut short still
// says so; the file comes last, in an element the browser does not lay out.
type Writer struct {
	w   *bufio.Writer
	err error
}

// NewWriter starts a page for the file name (what the download is called),
// showing its size as given ("3.6 kB", or "" when not known).
func NewWriter(w io.Writer, name, size string) *Writer {
	bw := bufio.NewWriterSize(w, 64<<10)
	n := html.EscapeString(name)
	fmt.Fprintf(bw, `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="%s">
<meta name="referrer" content="no-referrer">
<title>%s (encrypted)</title>
<style>%s</style></head>
<body data-name="%s"><main>
<h1>Encrypted file</h1>
<p class="file"><span id="name">%s</span>%s</p>
<form id="form"><label for="pass">Passphrase</label>
<input id="pass" type="text" autocomplete="off" autocapitalize="none" autocorrect="off" spellcheck="false" placeholder="xxxx-xxxx-xxxx-xxxx-xxxx" autofocus>
<button id="go" type="submit" disabled>Loading the file…</button></form>
<progress id="progress" max="1" value="0" hidden></progress>
<p id="status" role="status" aria-live="polite"></p>
<noscript><p class="error">This page needs JavaScript to decrypt the file. Allow it for this page, or ask the sender for the .age file.</p></noscript>
<p class="note">The sender gave you the passphrase by phone or message. The file is decrypted here, on your device; nothing is sent anywhere. Upper or lower case and dashes do not matter.</p>
</main>
<script>%s</script>
<script id="payload" type="application/octet-stream">
`, csp, n, style, n, n, sizeText(size), decryptor)
	return &Writer{w: bw}
}

func sizeText(size string) string {
	if size == "" {
		return ""
	}
	return ` <span id="size">(` + html.EscapeString(size) + `)</span>`
}

// Write takes the armored age file.
func (p *Writer) Write(b []byte) (int, error) {
	if bytes.ContainsAny(b, "<&") { // armor is base64 and dashes: anything else would break the page
		p.err = fmt.Errorf("htmlpage: the armored file holds markup")
		return 0, p.err
	}
	return p.w.Write(b)
}

// Close ends the page.
func (p *Writer) Close() error {
	if p.err != nil {
		return p.err
	}
	p.w.WriteString("</script>\n</body></html>\n")
	return p.w.Flush()
}

// IsPage says whether the start of a file is an HTML page (that may carry
// an armored age file).
func IsPage(head []byte) bool {
	h := strings.ToLower(string(bytes.TrimLeft(head, " \t\r\n\xef\xbb\xbf")))
	return strings.HasPrefix(h, "<!doctype html") || strings.HasPrefix(h, "<html")
}

const (
	armorBegin = "-----BEGIN AGE ENCRYPTED FILE-----"
	armorEnd   = "-----END AGE ENCRYPTED FILE-----"
)

// Extract returns the armored age file inside a page, as a stream: what
// comes before the armor's first line and after its last is skipped, and
// the rest is read only as far as the armor goes.
func Extract(page io.Reader) io.Reader {
	pr, pw := io.Pipe()
	go func() {
		sc := bufio.NewScanner(page)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		in := false
		for sc.Scan() {
			line := strings.TrimRight(sc.Text(), "\r")
			if !in && strings.TrimSpace(line) == armorBegin {
				in = true
			}
			if !in {
				continue
			}
			if _, err := io.WriteString(pw, strings.TrimSpace(line)+"\n"); err != nil {
				return
			}
			if strings.TrimSpace(line) == armorEnd {
				pw.Close()
				return
			}
		}
		if err := sc.Err(); err != nil {
			pw.CloseWithError(err)
			return
		}
		pw.CloseWithError(io.ErrUnexpectedEOF) // no armored block, or cut short
	}()
	return pr
}
