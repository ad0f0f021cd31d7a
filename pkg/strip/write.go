package strip

import (
	"fmt"
	"io"
	"math"
	"strings"
	"time"

	"github.com/lockbox-tool/lockbox/pkg/classify"
	"github.com/lockbox-tool/lockbox/pkg/table"
)

// output is where rows go: one of a CSV or an XLSX writer.
type output struct {
	cw *table.CSVWriter
	xw *table.XLSXWriter
}

// excelDialect is what a workbook converted to CSV is written as: what
// Excel itself reads without asking (UTF-8 with a BOM, comma, CRLF).
var excelDialect = table.Dialect{Delimiter: ',', Encoding: "utf-8", BOM: true, CRLF: true}

func (j *Job) writer(w io.Writer) (*output, error) {
	if j.to == table.XLSX {
		xw, err := table.NewXLSXWriter(w)
		return &output{xw: xw}, err
	}
	d := excelDialect
	if j.file.Format == table.CSV {
		d = j.file.Dialect
	}
	cw, err := table.NewCSVWriter(w, d)
	return &output{cw: cw}, err
}

func (o *output) start(sheet string) error {
	if o.xw != nil {
		return o.xw.Sheet(sheet)
	}
	return nil
}

func (o *output) close() error {
	if o.xw != nil {
		return o.xw.Close()
	}
	return o.cw.Flush()
}

func (o *output) abort() {
	if o.xw != nil {
		o.xw.Abort()
	}
}

// rowWriter filters, transforms and writes the rows of one table.
type rowWriter struct {
	job    *Job
	plan   *TablePlan
	sum    *TableSummary
	out    *output
	header int // cells in the header
	// typed[i] is set when column i's text cells become a workbook's
	// cells as numbers, dates and booleans (table.Typed).
	typed  []bool
	buf    []table.Cell
	asOf   time.Time
	pseud  *Pseudonymizer // each goroutine has its own: it holds a hash's state
	groups []group        // the written columns, runs of kept ones together
	// padShort fills a row that stops early with empty cells. A worksheet
	// stores no empty cells, so its short rows are full rows whose last
	// cells are empty, and a CSV needs them written. A short CSV row is
	// really short and stays so.
	padShort bool
	// padded counts the empty cells padShort wrote, against maxPadded.
	padded, maxPadded int64
}

// A workbook stores no empty cells, so a CSV of it can be far larger than
// the workbook: a cell in XFD1 and one cell in each of a million rows is
// a 3 MB file and 16 GB of commas. Padding is bounded by the input's size.
const (
	paddedPerByte = 200        // empty cells written per byte of workbook
	paddedFloor   = 10_000_000 // and at least this many, whatever its size
)

// ExpansionError is a workbook that would expand into a table out of all
// proportion to its size.
type ExpansionError struct {
	Table string
	Cells int64 // empty cells that would be written so far
	Size  int64 // the workbook's size in bytes
}

// Unwrap makes it a table.ErrLimit, as the other safety limits are.
func (e *ExpansionError) Unwrap() error { return table.ErrLimit }

func (e *ExpansionError) Error() string {
	return fmt.Sprintf("sheet %q would expand to more than %d empty cells, from a workbook of %d bytes", e.Table, e.Cells, e.Size)
}

func newRowWriter(j *Job, t *tableJob, ts *TableSummary, out *output) *rowWriter {
	asOf := j.opts.AsOf
	if asOf.IsZero() {
		asOf = time.Now()
	}
	r := &rowWriter{job: j, plan: t.plan, sum: ts, out: out, header: len(t.header), asOf: asOf, groups: groupsOf(t.plan)}
	r.padShort = j.file.Format == table.XLSX && out.cw != nil
	if j.file.Format == table.CSV && out.xw != nil {
		r.typed = typedColumns(t.plan)
	}
	r.maxPadded = max(paddedFloor, paddedPerByte*j.file.Size)
	if j.opts.AllowExpansion {
		r.maxPadded = math.MaxInt64
	}
	if j.pseud != nil {
		r.pseud, _ = NewPseudonymizer(j.opts.Key)
	}
	return r
}

// typedColumns says which columns of a CSV made a workbook get typed
// cells: not tokens, and not codes, whose digits are not an amount (a
// postcode, a phone or account number, a postcode's first digits).
func typedColumns(p *TablePlan) []bool {
	typed := make([]bool, len(p.Columns))
	for i, c := range p.Columns {
		switch c.Kind {
		case classify.Postcode, classify.Phone, classify.Identifier, classify.IBAN, classify.CardNumber,
			classify.NationalID, classify.TaxID, classify.Credential, classify.IPAddress, classify.OnlineID:
			continue
		}
		typed[i] = c.Action == Keep || c.Action == Generalize && !strings.HasPrefix(c.Rule, "prefix")
	}
	return typed
}

// admit applies the row filters to a row of n cells, counting the rows it
// turns away.
func (r *rowWriter) admit(n int, at func(int) table.Cell) bool {
	if len(r.plan.optedIn) > 0 {
		consent := ConsentNo
		if i := r.plan.optedIn[0]; i < n {
			consent = ParseConsent(at(i))
		}
		if consent != ConsentYes {
			r.sum.NotOptedIn++
			if consent == ConsentUnclear {
				r.sum.ConsentUnclear++
			}
			return false
		}
	}
	for _, f := range r.plan.where {
		match := false
		for _, i := range f.col {
			for _, v := range f.values {
				match = match || i < n && sameValue(at(i).Value, v)
			}
		}
		if !match {
			r.sum.NotMatching++
			return false
		}
	}
	return true
}

func (r *rowWriter) filters() bool { return len(r.plan.optedIn)+len(r.plan.where) > 0 }

// transform applies column i's action to a data cell.
func (r *rowWriter) transform(i int, c table.Cell, line int) table.Cell {
	col := &r.plan.Columns[i]
	switch col.Action {
	case Pseudonymize:
		if t := r.pseud.Token(c.Value); t != "" {
			return table.Cell{Type: table.String, Value: t, Raw: t}
		}
		return table.Cell{}
	case Generalize:
		out, ok := col.rule.Apply(c, col.order, r.asOf)
		if !ok {
			u := r.sum.unreadable[i]
			if u == nil {
				u = &Unreadable{Column: col.Name, Rule: col.Rule}
				r.sum.unreadable[i] = u
			}
			u.Count++
			if len(u.Lines) < keepLines {
				u.Lines = append(u.Lines, line)
			}
		}
		return out
	}
	return c
}

// cells writes a row of cells: the header, or a data row.
func (r *rowWriter) cells(row table.Row, header bool) error {
	if !header {
		r.sum.RowsRead++
		if r.filters() && !r.admit(len(row.Cells), func(i int) table.Cell { return row.Cells[i] }) {
			r.sum.RowsFiltered++
			return nil
		}
	}
	r.buf = r.buf[:0]
	for _, i := range r.plan.out {
		if i >= len(row.Cells) {
			if !r.padShort {
				break // a short row stays short
			}
			if r.padded++; r.padded > r.maxPadded {
				return &ExpansionError{Table: r.plan.Name, Cells: r.maxPadded, Size: r.job.file.Size}
			}
			r.buf = append(r.buf, table.Cell{})
			continue
		}
		c := row.Cells[i]
		if !header {
			c = r.transform(i, c, row.Line)
			if i < len(r.typed) && r.typed[i] {
				c = table.Typed(c, r.job.file.Dialect)
			}
		}
		r.buf = append(r.buf, c)
	}
	if extra := len(row.Cells) - r.header; extra > 0 {
		r.sum.OverflowDropped += extra // data without a column name: never sent
	}
	if !header {
		r.sum.RowsWritten++
	}
	if r.out.xw != nil {
		return r.out.xw.Row(r.buf)
	}
	for _, c := range r.buf {
		v := c.Value
		if c.Type == table.String && r.defuse([]byte(v)) {
			v = "'" + v
		}
		r.out.cw.FieldString(v)
	}
	return r.out.cw.EndRecord()
}

func (r *rowWriter) defuse(v []byte) bool {
	if r.job.opts.KeepFormulas || !NeedsDefusing(v) {
		return false
	}
	r.sum.FormulasDefused++
	return true
}

// checkEvery is how many rows are written between looks at the context.
const checkEvery = 4096

// stopped is the context's error every checkEvery rows, else nil.
func (r *rowWriter) stopped(n int) error {
	if n%checkEvery != 0 {
		return nil
	}
	return r.job.ctx.Err()
}

// rows writes the rest of a table, cell by cell.
func (r *rowWriter) rows(s table.Sheet) error {
	for n := 1; ; n++ {
		if err := r.stopped(n); err != nil {
			return err
		}
		row, err := s.Next()
		if err != nil {
			return err
		}
		if err := r.cells(row, false); err != nil {
			return err
		}
	}
}

// records writes the rest of a delimited text table to CSV in the same
// dialect, copying the bytes of kept fields without making strings: the
// hot path of a large export.
func (r *rowWriter) records(rr table.RecordReader) error {
	for n := 1; ; n++ {
		if err := r.stopped(n); err != nil {
			return err
		}
		rec, err := rr.NextRecord()
		if err != nil {
			return err
		}
		if err := r.record(rec); err != nil {
			return err
		}
	}
}

// record filters, transforms and writes one record.
func (r *rowWriter) record(rec *table.Record) error {
	cw := r.out.cw
	r.sum.RowsRead++
	if r.filters() && !r.admit(rec.Len(), func(i int) table.Cell { return textCell(rec.Field(i)) }) {
		r.sum.RowsFiltered++
		return nil
	}
	n := rec.Len()
	for _, g := range r.groups {
		if g.first >= n {
			break
		}
		if g.keep {
			last := min(g.last, n-1)
			if !r.plainSpan(rec, g.first, last) || !cw.CopyFields(rec, g.first, last) {
				for i := g.first; i <= last; i++ {
					r.field(rec, i)
				}
			}
			continue
		}
		i := g.first
		c := r.transform(i, textCell(rec.Field(i)), rec.Line)
		v := c.Value
		if c.Type == table.String && r.defuse([]byte(v)) {
			v = "'" + v
		}
		cw.FieldString(v)
	}
	if n > r.header {
		r.sum.OverflowDropped += n - r.header // data without a column name: never sent
	}
	r.sum.RowsWritten++
	return cw.EndRecord()
}

// plainSpan reports whether fields first to last of rec can be copied as
// they were read: none is to be defused.
func (r *rowWriter) plainSpan(rec *table.Record, first, last int) bool {
	if r.job.opts.KeepFormulas {
		return true
	}
	for i := first; i <= last; i++ {
		if c, ok := rec.First(i); ok && startsFormula[c] {
			return false // the careful way, which counts what it defuses
		}
	}
	return true
}

// group is a column written on its own, or a run of adjacent kept
// columns copied together.
type group struct {
	first, last int
	keep        bool
}

// groupsOf groups the written columns of a plan.
func groupsOf(p *TablePlan) []group {
	var gs []group
	for _, i := range p.out {
		keep := p.Columns[i].Action == Keep
		if n := len(gs); keep && n > 0 && gs[n-1].keep && gs[n-1].last == i-1 {
			gs[n-1].last = i
			continue
		}
		gs = append(gs, group{first: i, last: i, keep: keep})
	}
	return gs
}

// field copies field i of rec as it is, defused if it must be.
func (r *rowWriter) field(rec *table.Record, i int) {
	v := rec.Field(i)
	switch {
	case r.defuse(v):
		r.out.cw.FieldString("'" + string(v))
	default:
		r.out.cw.CopyField(rec, i)
	}
}

// textCell is a CSV field as a cell, as the table reader makes them.
func textCell(v []byte) table.Cell {
	if len(v) == 0 {
		return table.Cell{}
	}
	s := string(v)
	return table.Cell{Type: table.String, Value: s, Raw: s}
}
