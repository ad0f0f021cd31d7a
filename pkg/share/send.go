package share

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/lockbox-tool/lockbox/pkg/inspect"
	"github.com/lockbox-tool/lockbox/pkg/seal"
	"github.com/lockbox-tool/lockbox/pkg/strip"
	"github.com/lockbox-tool/lockbox/pkg/table"
)

// Send is the whole pipeline of a send: review, strip, seal, verify,
// record. The strip streams into the encryption as it is made: no
// plaintext copy of the export goes to disk. A file sent as it is goes
// into the encryption unchanged, after a review of what it holds.
type Send struct {
	input  string
	job    *strip.Job // nil for a file sent as it is
	review Review
}

// Review is what a send will send, for the person to confirm before
// anything is written.
type Review struct {
	// Format is what is sent: csv, xlsx, or "file" for a file sent as it
	// is that is not a table.
	Format table.Format
	// Hidden names the sheets being sent that Excel hides.
	Hidden []string
	// Stripped: every table's columns and what is done to them, and its
	// data rows.
	Plans []*strip.TablePlan
	Rows  []int
	// As it is: what the table holds, as inspect says, if it is one.
	Table *inspect.Report
}

// Open prepares sending input stripped as opts say, and reviews it: the
// strip is planned and every table's rows counted.
func Open(ctx context.Context, input string, opts strip.Options) (*Send, error) {
	job, err := strip.Open(input, opts)
	if err != nil {
		return nil, err
	}
	rows, err := job.CountRows(ctx)
	if err != nil {
		job.Close()
		return nil, err
	}
	s := &Send{input: input, job: job, review: Review{Format: job.Format(), Plans: job.Plans(), Rows: rows}}
	for _, h := range job.Input().Hidden() {
		if opts.Sheet == "" || opts.Sheet == h {
			s.review.Hidden = append(s.review.Hidden, h)
		}
	}
	return s, nil
}

// OpenAsIs prepares sending input unchanged. A table is reviewed as
// inspect reviews it; any other file goes as a file.
func OpenAsIs(input string) (*Send, error) {
	if _, err := os.Stat(input); err != nil {
		return nil, err
	}
	s := &Send{input: input, review: Review{Format: "file"}}
	if rep, err := inspect.File(input, inspect.Options{}); err == nil {
		s.review.Format, s.review.Table = rep.Format, rep
		for _, t := range rep.Tables {
			if t.Hidden {
				s.review.Hidden = append(s.review.Hidden, t.Name)
			}
		}
	}
	return s, nil
}

// Review is what the send will send.
func (s *Send) Review() Review { return s.review }

// Close releases the input.
func (s *Send) Close() error {
	if s.job == nil {
		return nil
	}
	return s.job.Close()
}

// Outcome is what a send did.
type Outcome struct {
	seal.Result
	Strip     *strip.Summary // what the strip wrote; nil for a file sent as it is
	SourceSum string         // the hex SHA-256 of the input file, for the ledger
}

// Run sends: the data goes through Run(ctx, j, ...), and record, which
// is j's record step, gets the outcome once the file stands (j.Record is
// not used). j.Saved runs after the strip has ended. It can be called
// once.
func (s *Send) Run(ctx context.Context, j Job, record func(o Outcome, outputSum string) error) (Outcome, error) {
	var out Outcome
	src, stripped, stop, err := s.stream(ctx)
	if err != nil {
		return out, err
	}
	defer stop()
	// The input's hash: what is sent as it is was hashed as it was read;
	// a stripped input is read again, on the side.
	type fileSum struct {
		sum string
		err error
	}
	srcSum := make(chan fileSum, 1)
	if s.job != nil {
		go func() {
			sum, err := FileSum(s.input)
			srcSum <- fileSum{sum, err}
		}()
	}
	j.Seal.Hash = s.job == nil
	saved := j.Saved
	j.Saved = func() error {
		out.Strip = <-stripped
		if saved != nil {
			return saved()
		}
		return nil
	}
	j.Record = func(res seal.Result, outputSum string) error {
		out.Result = res
		if s.job == nil {
			srcSum <- fileSum{sum: hex.EncodeToString(res.SHA256[:])}
		}
		src := <-srcSum
		if src.err != nil {
			return &HashError{Path: s.input, Err: src.err}
		}
		out.SourceSum = src.sum
		return record(out, outputSum)
	}
	res, err := Run(ctx, j, src)
	out.Result = res
	return out, err
}

// HashError is an input that could not be read again to hash it for the
// ledger.
type HashError struct {
	Path string
	Err  error
}

func (e *HashError) Error() string {
	return fmt.Sprintf("cannot hash %q for the ledger: %v", e.Path, e.Err)
}
func (e *HashError) Unwrap() error { return e.Err }

// stream is what is sent, read as it is sealed: the strip, on its own
// goroutine, or the file as it is. stripped gives the strip's summary
// once it has ended; stop ends the strip if the sealing stopped early.
func (s *Send) stream(ctx context.Context) (io.Reader, <-chan *strip.Summary, func(), error) {
	stripped := make(chan *strip.Summary, 1)
	if s.job == nil {
		f, err := os.Open(s.input)
		if err != nil {
			return nil, nil, nil, err
		}
		stripped <- nil
		return f, stripped, func() { f.Close() }, nil
	}
	pr, pw := io.Pipe()
	done := make(chan struct{})
	go func() {
		defer close(done)
		sum, err := s.job.Run(ctx, pw)
		stripped <- sum
		pw.CloseWithError(err)
	}()
	return pr, stripped, func() { pr.CloseWithError(errStopped); <-done }, nil
}

var errStopped = errors.New("send stopped")
