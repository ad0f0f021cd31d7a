package htmlpage

import (
	_ "embed"
	"fmt"
	"html"
	"io"
	"strings"
)

//go:embed assets/requester.js
var requester string

// requestStyle adds the file picker to the page style.
const requestStyle = style + `.drop{display:block;border:2px dashed #8c959f;border-radius:12px;padding:1.5rem;text-align:center;cursor:pointer}` +
	`.drop.over{border-color:#0969da;background:#ddf4ff}.drop input{display:block;margin:.75rem 0 0;width:100%;max-width:100%;font:inherit;border:0;padding:0}` +
	`#list{margin:.75rem 0 0;padding-left:1.2rem;word-break:break-all}` +
	`ol.steps{padding-left:1.2rem;margin:0 0 1.25rem}`

var requestCSP = "default-src 'none'; script-src " + hash(requester) + "; style-src " + hash(requestStyle) +
	"; worker-src blob:; form-action 'none'; base-uri 'none'"

// Request describes a request page: a page you give a client, in which
// they encrypt files to your key to send back to you.
type Request struct {
	// For is whom the page is for ("Client BV"): shown on the page.
	For string
	// Recipient is your public key (age1...).
	Recipient string
	// ID names the request in the ledger and in every file the page makes.
	ID string
	// Bundle names the file several files are saved as, without ".age".
	Bundle string
	// MaxBytes is the most the page encrypts at once.
	MaxBytes int64
}

// WriteRequest writes a request page. The page holds your public key only:
// whoever has it can encrypt to you, not decrypt.
func WriteRequest(w io.Writer, r Request) error {
	if !strings.HasPrefix(r.Recipient, "age1") || strings.ContainsAny(r.Recipient+r.ID+r.Bundle, "\"<>&' ") {
		return fmt.Errorf("htmlpage: a request needs an age1 key, and an ID and bundle name without markup")
	}
	who := html.EscapeString(r.For)
	_, err := fmt.Fprintf(w, `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="%s">
<meta name="referrer" content="no-referrer">
<title>Send files securely</title>
<style>%s</style></head>
<body data-recipient="%s" data-request="%s" data-bundle="%s" data-max="%d"><main>
<h1>Send files securely</h1>
<p class="file">A page for <span id="for">%s</span></p>
<ol class="steps"><li>Pick or drop the files to send.</li><li>Press <b>Encrypt and save</b>: an encrypted copy is saved to your downloads, as one .age file.</li><li>Attach that .age file to an email to the person who gave you this page.</li></ol>
<label class="drop" id="drop">Drop files here, or pick them:
<input id="files" type="file" multiple></label>
<ul id="list"></ul>
<button id="go" type="button" disabled>Encrypt and save</button>
<progress id="progress" max="1" value="0" hidden></progress>
<p id="status" role="status" aria-live="polite"></p>
<noscript><p class="error">This page needs JavaScript to encrypt your files. Allow it for this page.</p></noscript>
<p class="note">Your files are encrypted here, on your device, and never leave it unencrypted: this page sends nothing anywhere. Only the person who gave you this page can open the .age file, with their own key. Up to %s at a time.</p>
</main>
<script>%s</script>
</body></html>
`, requestCSP, requestStyle, r.Recipient, r.ID, r.Bundle, r.MaxBytes, who, sizeOf(r.MaxBytes), requester)
	return err
}

// sizeOf writes a size in megabytes, as the page does.
func sizeOf(n int64) string {
	return fmt.Sprintf("%d MB", n/1000/1000)
}
