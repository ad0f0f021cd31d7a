package seal

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"github.com/lockbox-tool/lockbox/internal/ctxio"
	"io"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"

	"filippo.io/age"
	"filippo.io/age/armor"

	"github.com/lockbox-tool/lockbox/pkg/passphrase"
)

// DefaultMaxWorkFactor is the largest scrypt work factor Decrypt accepts
// unless told otherwise. A hostile file can ask for any: each step doubles
// scrypt's time and memory (2^N KiB), and 22, age's own limit, takes 4 GiB
// and minutes on a laptop. lockbox and age write 18 (256 MiB, under a
// second); 20 leaves room for files made four times harder (1 GiB, a few
// seconds) and no more, so that a file cannot cost a person's laptop its
// memory. A file that needs more is opened with a higher limit on purpose.
const DefaultMaxWorkFactor = 20

// Errors Decrypt returns, each for its own message. They never contain file
// contents.
var (
	ErrNotAge          = errors.New("not an age encrypted file")
	ErrWrongPassphrase = errors.New("incorrect passphrase")
	ErrNeedsKey        = errors.New("the file is encrypted to keys, not to a passphrase")
	ErrNeedsPassphrase = errors.New("the file is encrypted to a passphrase, not to keys")
	ErrNoMatchingKey   = errors.New("none of the given keys can open the file")
	ErrTruncated       = errors.New("the file is incomplete (it ends too early)")
	// ErrEndsBadly is a file whose last chunk is short and does not
	// authenticate: cut off in the middle of a chunk, or damaged there.
	ErrEndsBadly   = errors.New("the file ends in the middle of a chunk that does not authenticate")
	ErrDamaged     = errors.New("the file is damaged or has been tampered with")
	ErrUnsupported = errors.New("the file was made by a newer or unknown version of age")
)

// UnsupportedError is ErrUnsupported for a file encrypted only to keys of
// types lockbox has no identity for (a newer age's, a plugin's).
type UnsupportedError struct{ Types []string }

func (e *UnsupportedError) Error() string {
	return fmt.Sprintf("%v (it is encrypted only to keys of type %s)", ErrUnsupported, strings.Join(e.Types, ", "))
}
func (e *UnsupportedError) Is(target error) bool { return target == ErrUnsupported }

// WorkFactorError reports a file demanding too costly an scrypt.
type WorkFactorError struct{ LogN, Limit int }

func (e *WorkFactorError) Error() string {
	return fmt.Sprintf("the file asks for scrypt work factor %d, above the limit of %d", e.LogN, e.Limit)
}

// Kind is what the start of a file says it is.
type Kind int

const (
	Other   Kind = iota
	Binary       // the age binary format
	Armored      // ASCII-armored age
)

const magic = "age-encryption.org/"

// SniffLen is how many bytes Sniff wants to see.
const SniffLen = 64

// Sniff tells age files from everything else by their first bytes.
func Sniff(head []byte) Kind {
	switch {
	case bytes.HasPrefix(head, []byte(magic)):
		return Binary
	case bytes.HasPrefix(bytes.TrimLeft(head, " \t\r\n"), []byte(armor.Header)):
		return Armored
	}
	return Other
}

// PastedSearch is how far into a file Pasted looks for an armored block.
const PastedSearch = 64 << 10

// Pasted tells whether head holds a line that starts an ASCII-armored age
// file after other text: a whole email saved with its greeting.
func Pasted(head []byte) bool {
	for len(head) > 0 {
		line := head
		if i := bytes.IndexByte(head, '\n'); i >= 0 {
			line, head = head[:i], head[i+1:]
		} else {
			head = nil
		}
		if string(bytes.TrimSpace(line)) == armor.Header {
			return true
		}
	}
	return false
}

// armorBlock reads the armored block out of the text around it: the lines
// before its header and after its footer (a greeting, a signature) are
// dropped. The block is authenticated when decrypted; the text around it
// never reaches age.
type armorBlock struct {
	br            *bufio.Reader
	inBlock, done bool
	line          []byte // what is left of the current line
}

func (a *armorBlock) Read(p []byte) (int, error) {
	for len(a.line) == 0 {
		if a.done {
			return 0, io.EOF
		}
		line, err := a.br.ReadSlice('\n')
		switch {
		case err == io.EOF:
			a.done = true
		case err != nil && err != bufio.ErrBufferFull:
			return 0, err
		}
		trimmed := string(bytes.TrimSpace(line))
		switch {
		case !a.inBlock && trimmed != armor.Header:
			continue // text before the block
		case !a.inBlock:
			a.inBlock = true
		case trimmed == armor.Footer:
			a.done = true
		}
		a.line = bytes.TrimLeft(line, " \t") // a mail client's indent
	}
	n := copy(p, a.line)
	a.line = a.line[n:]
	return n, nil
}

// PassphraseIdentities are the identities to try for a passphrase as a
// person typed it (see passphrase.Candidates, which are distinct), each
// limited to the scrypt work factor maxWorkFactor.
func PassphraseIdentities(typed string, maxWorkFactor int) ([]age.Identity, error) {
	var ids []age.Identity
	_, generated := passphrase.Canonical(typed)
	for _, c := range passphrase.Candidates(typed) {
		id, err := age.NewScryptIdentity(c)
		if err != nil {
			return nil, err
		}
		id.SetMaxWorkFactor(maxWorkFactor)
		ids = append(ids, limited{id, maxWorkFactor, generated})
	}
	return ids, nil
}

// limited is a scrypt identity that remembers its work factor limit, for
// the error that names it, and whether the passphrase it was made from
// has the shape of a generated one.
type limited struct {
	*age.ScryptIdentity
	max       int
	generated bool
}

// Unwrap implements age.Identity. A work factor over the limit is a
// *WorkFactorError, read from the stanza age parsed (age's own refusal
// says it only in its message). Each scrypt starts with the memory of the
// one before given back: tried together, the second would allocate while
// the first's 1 GiB (at work factor 20) was still held.
func (l limited) Unwrap(stanzas []*age.Stanza) ([]byte, error) {
	for _, s := range stanzas {
		if s.Type != "scrypt" || len(s.Args) != 2 {
			continue
		}
		if n, err := strconv.Atoi(s.Args[1]); err == nil && n > l.max {
			return nil, &WorkFactorError{LogN: n, Limit: l.max}
		}
	}
	debug.FreeOSMemory()
	return l.ScryptIdentity.Unwrap(stanzas)
}

// WrongPassphraseError is ErrWrongPassphrase, and says whether what was
// typed has the shape of a generated passphrase: only those are read
// forgiving case, dashes and spaces (see passphrase.Canonical); a
// passphrase of one's own must be typed exactly.
type WrongPassphraseError struct{ Generated bool }

func (e *WrongPassphraseError) Error() string        { return ErrWrongPassphrase.Error() }
func (e *WrongPassphraseError) Is(target error) bool { return target == ErrWrongPassphrase }

// Decrypt returns the plaintext of the age file in src, binary or armored.
// The plaintext is authenticated chunk by chunk: only a read that reaches
// io.EOF proves the whole file genuine, so callers must not publish what
// they read before then. Reads return ctx's error once it is done.
func Decrypt(ctx context.Context, src io.Reader, identities []age.Identity) (io.Reader, error) {
	br := bufio.NewReaderSize(src, bufSize)
	head, _ := br.Peek(SniffLen)
	switch Sniff(head) {
	case Other:
		if all, _ := br.Peek(PastedSearch); !Pasted(all) {
			return nil, ErrNotAge
		}
		br = bufio.NewReaderSize(armor.NewReader(&armorBlock{br: br}), bufSize)
	case Armored:
		br = bufio.NewReaderSize(armor.NewReader(&armorBlock{br: br}), bufSize)
	case Binary:
		if !bytes.HasPrefix(head, []byte(magic+"v1\n")) {
			return nil, ErrUnsupported
		}
	}
	watch := &eofWatch{r: br}
	r, err := age.Decrypt(watch, identities...)
	releaseScrypt(identities)
	if err != nil {
		return nil, classify(err, identities)
	}
	return ctxio.Reader(ctx, &plaintext{r: r, watch: watch}), nil
}

// eofWatch notes when the file has been read to its end.
type eofWatch struct {
	r   io.Reader
	eof bool
}

func (w *eofWatch) Read(p []byte) (int, error) {
	n, err := w.r.Read(p)
	w.eof = w.eof || err == io.EOF
	return n, err
}

// plaintext turns errors met while streaming into the package's errors.
type plaintext struct {
	r     io.Reader
	watch *eofWatch
}

func (p *plaintext) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	if err != nil && err != io.EOF {
		if e := classify(err, nil); errors.Is(e, ErrDamaged) && p.watch.eof {
			// A chunk that does not authenticate, read up to the end of
			// the file: its last, short or cut off. age reads a chunk at a
			// time, so a damaged chunk further back is met before the end.
			err = ErrEndsBadly
		} else {
			err = e
		}
	}
	return n, err
}

func classify(err error, identities []age.Identity) error {
	var noMatch *age.NoIdentityMatchError
	var armorErr *armor.Error
	var ask *AskError
	var wf *WorkFactorError
	switch {
	case errors.As(err, &ask):
		return ask.Err
	case errors.As(err, &noMatch):
		return classifyNoMatch(noMatch, identities)
	case errors.As(err, &wf):
		return wf
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return ErrTruncated
	case errors.As(err, &armorErr):
		return fmt.Errorf("%w (%v)", ErrDamaged, armorErr)
	}
	return fmt.Errorf("%w (%v)", ErrDamaged, err)
}

// knownTypes are the recipient stanzas lockbox has identities for.
var knownTypes = []string{"scrypt", "X25519", "mlkem768x25519", "ssh-ed25519", "ssh-rsa"}

// unknownTypes lists the stanza types of a file when none is one lockbox
// knows (a newer age, or a plugin's key): no identity of ours can open it.
// Grease stanzas, which age implementations add to keep parsers honest,
// do not count.
func unknownTypes(types []string) []string {
	var unknown []string
	for _, t := range types {
		switch {
		case slices.Contains(knownTypes, t):
			return nil
		case strings.HasSuffix(t, "-grease"):
		default:
			unknown = append(unknown, t)
		}
	}
	return unknown
}

func classifyNoMatch(e *age.NoIdentityMatchError, identities []age.Identity) error {
	hasScrypt := slices.Contains(e.StanzaTypes, "scrypt")
	passphraseOnly := len(identities) > 0
	triedPassphrase := false // keys may be tried beside it (your own key)
	for _, id := range identities {
		switch id.(type) {
		case *age.ScryptIdentity, limited, *LazyPassphrase:
			triedPassphrase = true
		default:
			passphraseOnly = false
		}
	}
	if types := unknownTypes(e.StanzaTypes); len(types) > 0 {
		return &UnsupportedError{Types: types}
	}
	switch {
	case triedPassphrase && hasScrypt:
		for _, id := range identities {
			switch l := id.(type) {
			case limited:
				return &WrongPassphraseError{Generated: l.generated}
			case *LazyPassphrase:
				return &WrongPassphraseError{Generated: l.generated}
			}
		}
		return ErrWrongPassphrase
	case passphraseOnly:
		return ErrNeedsKey
	case hasScrypt:
		return ErrNeedsPassphrase
	}
	return ErrNoMatchingKey
}
