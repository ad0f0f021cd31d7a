package main

import (
	"os"
	"regexp"

	"filippo.io/age"
	"github.com/rogpeppe/go-internal/testscript"

	"github.com/lockbox-tool/lockbox/pkg/identity"
)

// markerRecipient adds a request marker to a file, as a request page does.
type markerRecipient struct{ id string }

func (m markerRecipient) Wrap([]byte) ([]*age.Stanza, error) {
	return []*age.Stanza{{Type: identity.MarkerType, Args: []string{m.id}, Body: []byte{}}}, nil
}

var pageData = regexp.MustCompile(`data-recipient="(age1[a-z0-9]+)" data-request="([0-9a-f]+)"`)

// answer PAGE IN OUT: encrypts IN to OUT as the request page PAGE does in
// a browser (to the key it holds, with its request marker), for the
// scripts that check what decrypt and log make of it; the page itself is
// tested in Chromium (TestRequestPageInChromium).
func cmdAnswer(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 3 {
		ts.Fatalf("usage: answer PAGE IN OUT")
	}
	m := pageData.FindStringSubmatch(ts.ReadFile(args[0]))
	if m == nil {
		ts.Fatalf("%s holds no key and request ID", args[0])
	}
	r, err := age.ParseX25519Recipient(m[1])
	ts.Check(err)
	out, err := os.Create(ts.MkAbs(args[2]))
	ts.Check(err)
	defer out.Close()
	w, err := age.Encrypt(out, r, markerRecipient{m[2]})
	ts.Check(err)
	_, err = w.Write([]byte(ts.ReadFile(args[1])))
	ts.Check(err)
	ts.Check(w.Close())
}
