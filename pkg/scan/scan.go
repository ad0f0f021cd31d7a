// Package scan finds client data lying around unprotected: it walks
// directories, recognises tables by their content (CSV and its dialects,
// XLSX, whatever their names), reviews a sample of each (package classify)
// and recognises files protected with age. It reports, per file, what
// personal and sensitive columns it holds, how many rows, its size and
// age, and never a cell value.
//
// Files are read on every core, each bounded: a sample of rows is
// classified, rows are counted to a limit and estimated past it, and
// results come back in the order of the walk with only a few in flight, so
// memory grows with neither the number nor the size of the files.
package scan

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/lockbox-tool/lockbox/pkg/classify"
	"github.com/lockbox-tool/lockbox/pkg/table"
)

// Status is what a file is, for the audit.
type Status string

const (
	Unprotected Status = "unprotected" // a table, readable by anyone who has the file
	Protected   Status = "protected"   // encrypted
	// WeaklyProtected is an archive with a password: tables inside it are
	// protected by little more than the password that travelled with it.
	WeaklyProtected Status = "weak"
	Unreadable      Status = "unreadable" // could not be read; Reason says why
	Other           Status = "other"      // not a table
)

// Column is a personal or sensitive column found.
type Column struct {
	Table   string         `json:"table"`
	Name    string         `json:"name"`
	Class   classify.Class `json:"class"`
	Kind    classify.Kind  `json:"kind"`
	Example string         `json:"example,omitempty"` // masked, only when asked for
}

// File is the audit of one file.
type File struct {
	Path     string    `json:"path"`
	Status   Status    `json:"status"`
	Format   string    `json:"format,omitempty"` // csv, xlsx, age, age-armor, office-password
	Size     int64     `json:"size"`
	Modified time.Time `json:"modified"`
	AgeDays  int       `json:"age_days"`
	Old      bool      `json:"old"` // older than Options.OlderThan
	// Class is the most protective class of any column: sensitive,
	// personal or transactional; empty for files that are not tables.
	Class         classify.Class `json:"class,omitempty"`
	Rows          int            `json:"rows"`
	RowsEstimated bool           `json:"rows_estimated,omitempty"`
	Columns       []Column       `json:"columns,omitempty"` // personal and sensitive ones only
	Reason        string         `json:"reason,omitempty"`  // why a file is unreadable, or weakly protected
	// Inside lists the tables in an archive.
	Inside []Entry `json:"inside,omitempty"`
}

// Options adjust a scan.
type Options struct {
	// OlderThan marks files last modified longer ago; zero marks none.
	OlderThan time.Duration
	// Sample is how many rows of each table are classified (default 200).
	Sample int
	// CountLimit is the size of text file up to which rows are counted;
	// past it they are estimated from the sample (default 16 MiB).
	CountLimit int64
	Examples   bool // keep masked examples
	Now        time.Time
	Workers    int // default: every core
}

// phoneChecks is how many values of a column go through libphonenumber:
// it takes 20 µs a value, most of a scan's time at inspect's 2,000, and
// two dozen tell a column of phone numbers.
const phoneChecks = 25

// DefaultSample is the number of rows classified per table: the header
// and a few hundred values settle nearly every column, and a scan reads
// thousands of files.
const DefaultSample = 100

// Walk audits every regular file under the roots (files or directories),
// calling fn with each result in the order of the walk. Links are not
// followed. fn is called from one goroutine. An error from fn stops the
// walk, and so does ctx when it is done (Walk returns its error).
func Walk(ctx context.Context, roots []string, opts Options, fn func(File) error) error {
	if opts.Sample <= 0 {
		opts.Sample = DefaultSample
	}
	if opts.CountLimit <= 0 {
		opts.CountLimit = 16 << 20
	}
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	type job struct {
		path string
		info fs.FileInfo
		err  error
		out  File
		done chan struct{}
	}
	todo := make(chan *job, workers)
	inOrder := make(chan *job, 4*workers)
	stop := make(chan struct{})
	var walkErr error
	go func() {
		defer close(inOrder)
		defer close(todo)
		send := func(j *job) bool {
			j.done = make(chan struct{})
			select {
			case inOrder <- j:
			case <-stop:
				return false
			}
			select {
			case todo <- j:
			case <-stop:
				return false
			}
			return true
		}
		for _, root := range roots {
			// A root that is a link is followed, as the user named it; links
			// inside the tree are not.
			if fi, err := os.Lstat(root); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
				if real, err := filepath.EvalSymlinks(root); err == nil {
					root = real
				}
			}
			err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
				if err != nil {
					// An unreadable directory (or root) is reported, and the walk goes on.
					if !send(&job{path: p, err: err}) {
						return fs.SkipAll
					}
					if d != nil && d.IsDir() {
						return fs.SkipDir
					}
					return nil
				}
				if !d.Type().IsRegular() {
					return nil // directories are walked; links, devices and pipes are not followed or read
				}
				info, err := d.Info()
				if !send(&job{path: p, info: info, err: err}) {
					return fs.SkipAll
				}
				return nil
			})
			if err != nil && walkErr == nil {
				walkErr = err
			}
		}
	}()
	for i := 0; i < workers; i++ {
		go func() {
			for j := range todo {
				j.out = audit(j.path, j.info, j.err, opts)
				close(j.done)
			}
		}()
	}
	var err error
	for j := range inOrder {
		if err != nil {
			continue
		}
		<-j.done
		if err = ctx.Err(); err == nil {
			err = fn(j.out)
		}
		if err != nil {
			close(stop)
		}
	}
	if err == nil {
		err = walkErr
	}
	return err
}

var (
	ageMagic   = []byte("age-encryption.org/")
	armorBegin = []byte("-----BEGIN AGE ENCRYPTED FILE-----")
)

// audit looks at one file.
func audit(path string, info fs.FileInfo, statErr error, opts Options) File {
	f := File{Path: path}
	if statErr != nil {
		f.Status, f.Reason = Unreadable, reason(statErr)
		return f
	}
	f.Size, f.Modified = info.Size(), info.ModTime()
	age := opts.Now.Sub(f.Modified)
	f.AgeDays = int(age.Hours() / 24)
	f.Old = opts.OlderThan > 0 && age > opts.OlderThan
	head, err := readHead(path, 4096)
	if err != nil {
		f.Status, f.Reason = Unreadable, reason(err)
		return f
	}
	switch {
	case len(head) == 0:
		f.Status = Other
		return f
	case bytes.HasPrefix(head, ageMagic):
		f.Status, f.Format = Protected, "age"
		return f
	case bytes.HasPrefix(bytes.TrimLeft(head, " \t\r\n"), armorBegin):
		f.Status, f.Format = Protected, "age-armor"
		return f
	case looksLikeHTML(head):
		if found, err := contains(path, armorBegin); err == nil && found {
			f.Status, f.Format = Protected, "age-html"
		} else {
			f.Status = Other
		}
		return f
	}
	if isLedger(head) {
		f.Status, f.Format = Other, "lockbox-ledger" // names and hashes of shares, no client data
		return f
	}
	tf, err := table.Open(path, table.Options{})
	switch {
	case err == nil:
	case bytes.HasPrefix(head, oleMagic):
		// An Office file from before 2007, or a newer one encrypted with a
		// password, which Office stores in the same container.
		if enc, err := contains(path, encryptionInfo); err == nil && enc {
			f.Status, f.Format = Protected, "office-password"
		} else if strings.EqualFold(filepath.Ext(path), ".xls") {
			f.Status, f.Format, f.Reason = Unreadable, "xls", "an old Excel 97-2003 workbook, which lockbox cannot read; save it as .xlsx"
		} else {
			f.Status = Other
		}
		return f
	case bytes.HasPrefix(head, []byte("PK\x03\x04")) && !isWorkbookZip(path):
		return auditArchive(f, opts) // a zip file, but no workbook
	case errors.Is(err, table.ErrFormat) && !bytes.HasPrefix(head, []byte("PK")):
		f.Status = Other // binary, empty, or no header: not a table
		return f
	default:
		f.Status, f.Reason = Unreadable, reason(err)
		return f
	}
	defer tf.Close()
	f.Format = string(tf.Format)
	if err := review(&f, tf, opts); err != nil {
		if errors.Is(err, errNotATable) {
			return File{Path: f.Path, Status: Other, Size: f.Size, Modified: f.Modified, AgeDays: f.AgeDays, Old: f.Old}
		}
		f.Status, f.Reason, f.Columns, f.Class = Unreadable, reason(err), nil, ""
	}
	return f
}

var errNotATable = errors.New("not a table")

// distinctKinds are what a one-column text file must hold to count as a
// list of personal data.
var distinctKinds = map[classify.Kind]bool{
	classify.Email: true, classify.Phone: true, classify.IBAN: true, classify.CardNumber: true,
	classify.NationalID: true, classify.IPAddress: true,
}

// review classifies a sample of every table of a file and counts rows.
func review(f *File, tf *table.File, opts Options) error {
	f.Status, f.Class = Unprotected, classify.Transactional
	tables := 0
	for _, name := range tf.Sheets() {
		s, err := tf.Sheet(name)
		if err != nil {
			return err
		}
		header := s.Header()
		if len(header) == 0 {
			continue // an empty sheet
		}
		names := make([]string, len(header))
		for i, c := range header {
			names[i] = c.Value
		}
		cl := classify.New(names, classify.Options{Now: opts.Now, PhoneChecks: phoneChecks, Table: name})
		var rows [][]table.Cell
		same := 0
		for len(rows) < opts.Sample {
			r, err := s.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				return err
			}
			if len(r.Cells) == len(header) {
				same++
			}
			rows = append(rows, append([]table.Cell(nil), r.Cells...))
		}
		// Text is a table only if its rows mostly follow its header.
		if tf.Format == table.CSV && len(rows) > 0 && same*5 < len(rows)*4 {
			return errNotATable
		}
		for _, r := range rows {
			cl.Add(r)
		}
		cols := cl.Columns()
		// One column of text is any text file, unless its values are
		// something as distinct as email addresses or phone numbers.
		if tf.Format == table.CSV && len(cols) == 1 && !distinctKinds[cols[0].Kind] {
			return errNotATable
		}
		tables++
		for _, c := range cols {
			if c.Class == classify.Transactional {
				continue
			}
			col := Column{Table: name, Name: c.Name, Class: c.Class, Kind: c.Kind}
			if opts.Examples {
				col.Example = c.Example
			}
			f.Columns = append(f.Columns, col)
			if c.Class == classify.Sensitive || f.Class == classify.Transactional {
				f.Class = c.Class
			}
		}
		if len(rows) < opts.Sample || tf.Format == table.XLSX || f.Size <= opts.CountLimit {
			if err := s.Count(); err != nil {
				return err
			}
			f.Rows += s.Stats().Rows
			continue
		}
		// A large text file: rows estimated from the bytes per row of the
		// sample.
		sampleBytes := 0
		for _, r := range rows {
			for _, c := range r {
				sampleBytes += len(c.Value) + 1
			}
		}
		f.Rows += int(float64(f.Size) / (float64(sampleBytes) / float64(len(rows))))
		f.RowsEstimated = true
	}
	if tables == 0 {
		return errNotATable
	}
	return nil
}

func readHead(path string, n int) ([]byte, error) {
	fh, _, err := table.OpenRegular(path) // a FIFO swapped in is refused, not waited on
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	buf := make([]byte, n)
	m, err := io.ReadFull(fh, buf)
	if err == io.ErrUnexpectedEOF || err == io.EOF {
		err = nil
	}
	return buf[:m], err
}

func looksLikeHTML(head []byte) bool {
	h := bytes.ToLower(bytes.TrimLeft(head, " \t\r\n\xef\xbb\xbf"))
	return bytes.HasPrefix(h, []byte("<!doctype html")) || bytes.HasPrefix(h, []byte("<html"))
}

var (
	oleMagic       = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
	encryptionInfo = []byte("E\x00n\x00c\x00r\x00y\x00p\x00t\x00i\x00o\x00n\x00I\x00n\x00f\x00o\x00") // UTF-16
)

// isWorkbookZip says whether a readable zip file holds a workbook.
func isWorkbookZip(path string) bool {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return true // damaged: report it as the workbook it may be
	}
	defer zr.Close()
	for _, m := range zr.File {
		if strings.EqualFold(m.Name, "xl/workbook.xml") {
			return true
		}
	}
	return false
}

// contains reports whether the file holds marker, reading it in blocks
// (a page that carries an armored age file can be large).
func contains(path string, marker []byte) (bool, error) {
	fh, _, err := table.OpenRegular(path)
	if err != nil {
		return false, err
	}
	defer fh.Close()
	buf := make([]byte, 256<<10)
	var carry []byte // the end of the last block, for a marker across two
	for {
		n, err := fh.Read(buf)
		block := append(carry, buf[:n]...)
		if bytes.Contains(block, marker) {
			return true, nil
		}
		if err == io.EOF {
			return false, nil
		}
		if err != nil {
			return false, err
		}
		carry = append([]byte(nil), block[max(0, len(block)-len(marker)+1):]...)
	}
}

// reason says why a file could not be read, without its path (the report
// names it) and without any of its content.
func reason(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	var te *table.Error
	if errors.As(err, &te) {
		return te.Detail
	}
	return err.Error()
}

// ParseAge reads a retention limit: 1y, 6m (months), 2w, 30d, or a Go
// duration such as 720h.
func ParseAge(s string) (time.Duration, error) {
	s = strings.TrimSpace(strings.ToLower(s))
	if len(s) >= 2 {
		var n int
		if _, err := fmt.Sscanf(s[:len(s)-1], "%d", &n); err == nil && fmt.Sprint(n) == s[:len(s)-1] && n > 0 {
			day := 24 * time.Hour
			switch s[len(s)-1] {
			case 'y':
				return time.Duration(n) * 365 * day, nil
			case 'm':
				return time.Duration(n) * 30 * day, nil
			case 'w':
				return time.Duration(n) * 7 * day, nil
			case 'd':
				return time.Duration(n) * day, nil
			}
		}
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("%q is not an age such as 1y, 6m, 2w, 30d", s)
	}
	return d, nil
}
