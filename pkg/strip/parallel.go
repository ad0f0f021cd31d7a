package strip

import (
	"bytes"
	"cmp"
	"io"
	"runtime"
	"sync"

	"github.com/lockbox-tool/lockbox/pkg/table"
)

// defaultChunkSize is how much text one goroutine takes at a time: large
// enough that handing chunks over costs little, small enough that the
// chunks in flight stay a few MiB whatever the file's size.
const defaultChunkSize = 512 << 10

// part is one chunk on its way: parsed and written by a worker, then
// copied to the output in order.
type part struct {
	chunk *table.Chunk
	out   *bytes.Buffer
	sum   TableSummary
	stats table.Stats
	err   error
	done  chan struct{}
}

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// parallel writes the rest of a delimited text table on every core: one
// goroutine cuts the text into chunks of whole records, workers filter,
// transform and format them into buffers, and this goroutine writes the
// buffers out in order and adds up the counts.
func (r *rowWriter) parallel(rr table.RecordReader) error {
	sp := rr.Split(cmp.Or(r.job.opts.chunkSize, defaultChunkSize))
	workers := runtime.GOMAXPROCS(0)
	todo := make(chan *part, workers)
	inOrder := make(chan *part, workers+1)
	stop := make(chan struct{})
	var splitErr error
	go func() {
		defer close(inOrder)
		defer close(todo)
		for {
			c, err := sp.Next()
			if err == nil {
				err = r.job.ctx.Err()
			}
			if err != nil {
				if err != io.EOF {
					splitErr = err
				}
				return
			}
			p := &part{chunk: c, done: make(chan struct{})}
			select {
			case inOrder <- p:
			case <-stop:
				return
			}
			select {
			case todo <- p:
			case <-stop:
				return
			}
		}
	}()
	var wg sync.WaitGroup
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := r.fork()
			for p := range todo {
				p.out = bufPool.Get().(*bytes.Buffer)
				w.out.cw.Reset(p.out)
				w.sum = &p.sum
				p.sum.unreadable = map[int]*Unreadable{}
				p.stats, p.err = p.chunk.Records(w.record)
				p.chunk.Release()
				if p.err == nil {
					p.err = w.out.cw.Flush()
				}
				close(p.done)
			}
		}()
	}
	var err error
	for p := range inOrder {
		if err != nil {
			continue // draining after a failure
		}
		<-p.done
		if err = p.err; err == nil {
			err = r.out.cw.Raw(p.out.Bytes())
		}
		if err != nil {
			close(stop)
			continue
		}
		r.sum.add(&p.sum)
		sp.Add(p.stats)
		p.out.Reset()
		bufPool.Put(p.out)
	}
	wg.Wait()
	if err == nil {
		err = splitErr
	}
	if err == nil {
		err = io.EOF // the table's end, as from NextRecord
	}
	return err
}

// fork is a row writer for another goroutine: its own CSV writer (UTF-8,
// no byte-order mark or sep= line: its records follow the header) and its
// own pseudonymiser.
func (r *rowWriter) fork() *rowWriter {
	w := *r
	w.buf = nil
	d := r.job.file.Dialect
	d.Encoding, d.BOM, d.SepLine = "utf-8", false, false
	cw, _ := table.NewCSVWriter(io.Discard, d)
	w.out = &output{cw: cw}
	if r.pseud != nil {
		w.pseud, _ = NewPseudonymizer(r.job.opts.Key)
	}
	return &w
}

// add counts a part's summary into s, keeping the first lines of
// unreadable values in order.
func (s *TableSummary) add(p *TableSummary) {
	s.RowsRead += p.RowsRead
	s.RowsWritten += p.RowsWritten
	s.RowsFiltered += p.RowsFiltered
	s.NotOptedIn += p.NotOptedIn
	s.ConsentUnclear += p.ConsentUnclear
	s.NotMatching += p.NotMatching
	s.OverflowDropped += p.OverflowDropped
	s.FormulasDefused += p.FormulasDefused
	for i, u := range p.unreadable {
		mine := s.unreadable[i]
		if mine == nil {
			mine = &Unreadable{Column: u.Column, Rule: u.Rule}
			s.unreadable[i] = mine
		}
		mine.Count += u.Count
		for _, l := range u.Lines {
			if len(mine.Lines) < keepLines {
				mine.Lines = append(mine.Lines, l)
			}
		}
	}
}
