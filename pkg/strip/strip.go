// Package strip makes the export that is needed and nothing more (data
// minimisation): from a CSV file or XLSX workbook it keeps the transactional
// columns, drops personal and sensitive ones, and, as a Policy asks, keeps,
// drops, pseudonymises or generalises named columns and keeps only the rows
// that consent or match a filter. Output is in the input's format (a CSV
// keeps its delimiter, encoding, BOM and line endings; a workbook its
// sheets and cell types) or converted.
//
// It streams: the first rows of each table are held to classify the
// columns (package classify), the rest pass through. Nothing is dropped or
// changed that the policy does not ask for, and every row read is either
// written or counted as filtered.
package strip

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"time"

	"github.com/lockbox-tool/lockbox/pkg/classify"
	"github.com/lockbox-tool/lockbox/pkg/table"
)

// Options adjust a Job.
type Options struct {
	Policy Policy
	// Key is the secret for Pseudonymize (see NewPseudonymizer); needed
	// only when the policy pseudonymises.
	Key []byte
	// AsOf is the day age bands are counted on; zero means today.
	AsOf time.Time
	// KeepFormulas leaves CSV text that starts with = + - @ as it is,
	// instead of prefixing it with ' so that spreadsheets do not run it.
	KeepFormulas bool
	Sheet        string // only this sheet of a workbook; empty for all
	// AllowExpansion lifts the bound on the empty cells a workbook may
	// expand into when written as CSV (see ExpansionError).
	AllowExpansion bool
	Sample         int // rows classified per table; 0 means classify.DefaultSample
	Table          table.Options
	Class          classify.Options

	chunkSize int // text per goroutine (see defaultChunkSize); tests make it small
}

// classifyBatch is how many rows go to the classifier at a time.
const classifyBatch = 1024

// ErrNoKey is a policy that pseudonymises without a key.
var ErrNoKey = errors.New("pseudonymize needs a key")

// MultiSheetError is a workbook of several sheets converted to CSV, which
// holds one table.
type MultiSheetError struct{ Sheets []string }

func (e *MultiSheetError) Error() string {
	return fmt.Sprintf("the workbook has %d sheets, and a CSV file holds one", len(e.Sheets))
}

// Job is a strip of one file, planned and ready to run.
type Job struct {
	file   *table.File
	opts   Options
	to     table.Format
	tables []*tableJob
	pseud  *Pseudonymizer
	ran    bool
	ctx    context.Context // of Run: the work stops when it is done
}

type tableJob struct {
	name   string
	sheet  table.Sheet // a workbook's sheet, read on after the sample; nil for text
	header []table.Cell
	// sample holds the rows classified, to write them without reading
	// them twice from a workbook; a text file is read again instead.
	sample []table.Row
	ended  bool // the table ended within the sample
	plan   *TablePlan
}

// Open reads the header and the first rows of every table of the file at
// path, classifies the columns and plans what to do with each. Errors in
// the policy (unknown columns, conflicts, sensitive columns) come from
// here, before anything is written.
func Open(path string, opts Options) (*Job, error) {
	res, err := resolve(opts.Policy)
	if err != nil {
		return nil, err
	}
	f, err := table.Open(path, opts.Table)
	if err != nil {
		return nil, err
	}
	j := &Job{file: f, opts: opts, to: f.Format}
	if err := j.plan(res); err != nil {
		f.Close()
		return nil, err
	}
	return j, nil
}

func (j *Job) plan(res *resolved) error {
	if j.opts.Policy.To != "" {
		j.to = table.Format(j.opts.Policy.To)
	}
	sheets, err := j.file.Select(j.opts.Sheet)
	if err != nil {
		return err
	}
	if j.to == table.CSV && len(sheets) > 1 {
		return &MultiSheetError{sheets}
	}
	if len(j.opts.Policy.Pseudonymize) > 0 {
		if j.opts.Key == nil {
			return ErrNoKey
		}
		if j.pseud, err = NewPseudonymizer(j.opts.Key); err != nil {
			return err
		}
	}
	sample := j.opts.Sample
	if sample <= 0 {
		sample = classify.DefaultSample
	}
	var headers [][]string
	for _, name := range sheets {
		s, err := j.file.Sheet(name)
		if err != nil {
			return err
		}
		t := &tableJob{name: name, header: s.Header()}
		header := values(t.header)
		_, reread := s.(table.RecordReader)
		if !reread {
			t.sheet = s
		}
		dates := res.dateColumns(header)
		co := j.opts.Class
		co.Table = name
		cl := classify.New(header, co)
		// Rows go to the classifier in batches, so that only a workbook's
		// sample is held whole; each batch is classified while the next is
		// read.
		// A delimited text file is read again to write it, so its sample is
		// not kept: two blocks of cells take turns, one filled while the
		// other is classified, instead of a copy of every row.
		var batch [][]table.Cell
		var slabs [2][]table.Cell
		turn := 0
		classified := make(chan struct{}, 1)
		classified <- struct{}{}
		classify := func(rows [][]table.Cell) {
			<-classified
			go func() {
				cl.AddRows(rows)
				classified <- struct{}{}
			}()
		}
		for n := 0; n < sample; n++ {
			row, err := s.Next()
			if err == io.EOF {
				t.ended = true
				break
			}
			if err != nil {
				return err
			}
			var cells []table.Cell
			if reread {
				slab := &slabs[turn]
				if cap(*slab)-len(*slab) < len(row.Cells) {
					*slab = make([]table.Cell, 0, max(classifyBatch*len(row.Cells), cap(*slab)*2))
				}
				k := len(*slab)
				*slab = append(*slab, row.Cells...)
				cells = (*slab)[k:len(*slab):len(*slab)]
			} else {
				cells = append([]table.Cell(nil), row.Cells...)
			}
			batch = append(batch, cells)
			for i, e := range dates {
				if i < len(cells) {
					e.add(cells[i])
				}
			}
			if !reread {
				t.sample = append(t.sample, table.Row{Line: row.Line, Cells: cells})
			}
			if len(batch) == classifyBatch {
				classify(batch)
				batch = nil
				// The other block's batch was classified before this
				// one started (classify waits), so it is free again.
				turn = 1 - turn
				slabs[turn] = slabs[turn][:0]
			}
		}
		classify(batch)
		<-classified
		if t.plan, err = res.planTable(name, header, cl.Columns(), dates, len(sheets) > 1); err != nil {
			return err
		}
		headers = append(headers, header)
		j.tables = append(j.tables, t)
	}
	return res.unused(headers)
}

func values(cells []table.Cell) []string {
	v := make([]string, len(cells))
	for i, c := range cells {
		v[i] = c.Value
	}
	return v
}

// Input is the file being stripped.
func (j *Job) Input() *table.File { return j.file }

// Format is the output's format.
func (j *Job) Format() table.Format { return j.to }

// Plans are the decisions on every table's columns.
func (j *Job) Plans() []*TablePlan {
	p := make([]*TablePlan, len(j.tables))
	for i, t := range j.tables {
		p[i] = t.plan
	}
	return p
}

// Close releases the input and removes any spill files.
func (j *Job) Close() error { return j.file.Close() }

// Summary is what a run did. Its JSON form is what "lockbox strip --json"
// prints; it holds no cell values.
type Summary struct {
	Format table.Format   `json:"format"`
	Tables []TableSummary `json:"tables"`
}

// TableSummary is what a run did to one table. RowsRead is always
// RowsWritten plus RowsFiltered.
type TableSummary struct {
	Name         string `json:"name"`
	RowsRead     int    `json:"rows_read"`
	RowsWritten  int    `json:"rows_written"`
	RowsFiltered int    `json:"rows_filtered"`
	// NotOptedIn rows had no yes in the consent column; ConsentUnclear of
	// them had a value that is neither yes nor no.
	NotOptedIn     int `json:"rows_not_opted_in"`
	ConsentUnclear int `json:"rows_consent_unrecognised"`
	NotMatching    int `json:"rows_not_matching_where"`
	BlankLines     int `json:"blank_rows_skipped"`
	// AboveHeader counts the lines above the header (a title, notes)
	// that were skipped: they are not data, and are not sent.
	HeaderLine  int `json:"header_line"`
	AboveHeader int `json:"lines_above_header,omitempty"`
	// NoResult counts formula cells stored without a result: written empty.
	NoResult int `json:"formulas_without_result,omitempty"`
	Ragged   int `json:"ragged_rows"`
	// OverflowDropped counts cells beyond the header, which belong to no
	// column and are never sent.
	OverflowDropped int          `json:"cells_beyond_header_dropped"`
	FormulasDefused int          `json:"formulas_defused"`
	Columns         []ColumnPlan `json:"columns"`
	Unreadable      []Unreadable `json:"unreadable,omitempty"`
	unreadable      map[int]*Unreadable
}

// Unreadable counts the values of a generalised column that could not be
// read (dates that are not dates); they are left empty.
type Unreadable struct {
	Column string `json:"column"`
	Rule   string `json:"rule"`
	Count  int    `json:"count"`
	Lines  []int  `json:"lines"` // the first few, by line or row number
}

const keepLines = 5

// Run writes the export to w. It can be called once. When ctx is done it
// stops, within a chunk of rows, and returns ctx's error.
func (j *Job) Run(ctx context.Context, w io.Writer) (*Summary, error) {
	if j.ran {
		return nil, errors.New("strip: a job runs once")
	}
	j.ran, j.ctx = true, ctx
	out, err := j.writer(w)
	if err != nil {
		return nil, err
	}
	sum := &Summary{Format: j.to}
	for _, t := range j.tables {
		ts, err := j.runTable(t, out)
		if err != nil {
			out.abort()
			return nil, err
		}
		sum.Tables = append(sum.Tables, *ts)
	}
	if err := out.close(); err != nil {
		return nil, err
	}
	return sum, nil
}

func (j *Job) runTable(t *tableJob, out *output) (*TableSummary, error) {
	ts := &TableSummary{Name: t.plan.Name, Columns: t.plan.Columns, unreadable: map[int]*Unreadable{}}
	r := newRowWriter(j, t, ts, out)
	if err := out.start(t.plan.Name); err != nil {
		return nil, err
	}
	if len(t.header) > 0 {
		if err := r.cells(table.Row{Cells: t.header}, true); err != nil {
			return nil, err
		}
	}
	sheet := t.sheet
	if sheet == nil { // a text file: read it again from the start
		var err error
		if sheet, err = j.file.Sheet(t.name); err != nil {
			return nil, err
		}
	}
	for _, row := range t.sample {
		if err := r.cells(row, false); err != nil {
			return nil, err
		}
	}
	t.sample = nil
	if !t.ended || t.sheet == nil {
		var err error
		rr, ok := sheet.(table.RecordReader)
		switch {
		case ok && out.cw != nil && runtime.GOMAXPROCS(0) > 1:
			err = r.parallel(rr)
		case ok && out.cw != nil:
			err = r.records(rr)
		default:
			err = r.rows(sheet)
		}
		if err != nil && err != io.EOF {
			return nil, err
		}
	}
	st := sheet.Stats()
	ts.BlankLines, ts.Ragged, ts.HeaderLine, ts.AboveHeader, ts.NoResult = st.Blank, st.Ragged, st.HeaderLine, st.AboveHeader, st.NoResult
	if ts.RowsRead != st.Rows || ts.RowsRead != ts.RowsWritten+ts.RowsFiltered {
		return nil, fmt.Errorf("strip: rows do not add up in %q: %d read, %d in the file, %d written, %d filtered",
			ts.Name, ts.RowsRead, st.Rows, ts.RowsWritten, ts.RowsFiltered)
	}
	for _, c := range t.plan.Columns {
		if u := ts.unreadable[c.Index]; u != nil {
			ts.Unreadable = append(ts.Unreadable, *u)
		}
	}
	return ts, nil
}

// CountRows counts the data rows of every table, in order, by reading them
// once more: for a review before the run.
func (j *Job) CountRows(ctx context.Context) ([]int, error) {
	var rows []int
	for _, t := range j.tables {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		s, err := j.file.Sheet(t.name)
		if err != nil {
			return nil, err
		}
		if err := s.Count(); err != nil {
			return nil, err
		}
		rows = append(rows, s.Stats().Rows)
	}
	return rows, nil
}
