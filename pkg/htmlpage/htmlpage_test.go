package htmlpage

import (
	"bytes"
	"io"
	"strings"
	"testing"
)

const armored = "-----BEGIN AGE ENCRYPTED FILE-----\nYWdlLWVuY3J5cHRpb24ub3JnL3YxCg==\n-----END AGE ENCRYPTED FILE-----\n"

func page(t *testing.T, name string) string {
	t.Helper()
	var b bytes.Buffer
	w := NewWriter(&b, name, "1.2 kB")
	io.WriteString(w, armored)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestPageAllowsItsOwnScriptAndStyleOnly(t *testing.T) {
	p := page(t, "list.csv")
	for _, want := range []string{
		"default-src 'none'", "script-src " + hash(decryptor) + ";", "style-src " + hash(style) + ";",
		"<script>" + decryptor + "</script>", "<style>" + style + "</style>", "(1.2 kB)",
	} {
		if !strings.Contains(p, want) {
			t.Errorf("the page lacks %.60q", want)
		}
	}
	// The file is a data block (type application/octet-stream), which
	// the browser never runs; any other script needs its hash in the CSP.
	if strings.Count(p, "<script") != 2 || strings.Count(p, `<script id="payload" type="application/octet-stream">`) != 1 || strings.Count(p, "<style") != 1 {
		t.Error("more than one script or style: each needs its hash in the CSP")
	}
}

func TestPageEscapesTheFileName(t *testing.T) {
	p := page(t, `"><script>alert(1)</script>.csv`)
	if strings.Count(p, "<script") != 2 {
		t.Error("a file name injected a script")
	}
	if !strings.Contains(p, `data-name="&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;.csv"`) {
		t.Error("the file name is not escaped in the attribute")
	}
}

func TestPageRefusesMarkupInTheArmor(t *testing.T) {
	w := NewWriter(io.Discard, "x", "")
	if _, err := io.WriteString(w, "</pre><script>"); err == nil || w.Close() == nil {
		t.Error("markup was written into the page")
	}
}

func TestExtractFindsTheArmoredFile(t *testing.T) {
	got, err := io.ReadAll(Extract(strings.NewReader(page(t, "list.csv"))))
	if err != nil || string(got) != armored {
		t.Errorf("got %q, %v", got, err)
	}
	crlf := strings.ReplaceAll(page(t, "x"), "\n", "\r\n")
	if got, err := io.ReadAll(Extract(strings.NewReader(crlf))); err != nil || string(got) != armored {
		t.Errorf("CRLF page: %q, %v", got, err)
	}
	whole := page(t, "x")
	cut := whole[:strings.LastIndex(whole, "-----END AGE ENCRYPTED FILE-----")] // the script names the marker too
	for _, bad := range []string{"<html>no armor</html>", cut} {
		if _, err := io.ReadAll(Extract(strings.NewReader(bad))); err == nil {
			t.Errorf("no error for %.40q", bad)
		}
	}
	if !IsPage([]byte("\xef\xbb\xbf  <!DOCTYPE html>")) || !IsPage([]byte("<HTML>")) || IsPage([]byte("age-encryption.org/v1")) {
		t.Error("IsPage")
	}
}
