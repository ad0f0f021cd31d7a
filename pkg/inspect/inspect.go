// Package inspect reviews a table file before it is shared: for every
// table, how many rows it has and what each column holds (see package
// classify). The report holds no cell values except masked examples,
// which are left out of its JSON form.
package inspect

import (
	"io"
	"slices"
	"strings"

	"github.com/lockbox-tool/lockbox/pkg/classify"
	"github.com/lockbox-tool/lockbox/pkg/table"
)

// Options adjust a review.
type Options struct {
	Sheet  string // only this sheet; empty for all
	Sample int    // rows to classify per table; 0 means classify.DefaultSample, -1 every row
	Table  table.Options
	Class  classify.Options
}

// Report is the review of one file. Its JSON form is what
// "lockbox inspect --json" prints.
type Report struct {
	Format    table.Format `json:"format"`
	Encoding  string       `json:"encoding,omitempty"`
	Delimiter string       `json:"delimiter,omitempty"`
	BOM       bool         `json:"bom,omitempty"`
	Size      int64        `json:"size"`
	Sheets    []string     `json:"sheets,omitempty"`
	Tables    []Table      `json:"tables"`
}

// Table is the review of one table.
type Table struct {
	Name string `json:"name"`
	// Hidden is set for a worksheet Excel does not show: its data goes
	// out with the workbook all the same.
	Hidden     bool  `json:"hidden,omitempty"`
	Rows       int   `json:"rows"`
	Sampled    int   `json:"sampled_rows"`
	Blank      int   `json:"blank_rows"`
	Ragged     int   `json:"ragged_rows"`
	RaggedRows []int `json:"ragged_row_lines,omitempty"`
	BadQuotes  int   `json:"rows_with_stray_quotes,omitempty"`
	// HeaderLine is where the header was found; AboveHeader counts the
	// lines above it (a title, notes) that were skipped: they are not data.
	HeaderLine  int `json:"header_line"`
	AboveHeader int `json:"lines_above_header,omitempty"`
	// NoResult counts formula cells stored without a result, read as empty.
	NoResult int `json:"formulas_without_result,omitempty"`
	// Duplicates are header names given to more than one column: a
	// setting that names one applies to all of them.
	Duplicates []string          `json:"duplicate_headers,omitempty"`
	Columns    []classify.Column `json:"columns"`
}

// File reviews the table file at path. Every row is read, so that row
// counts are exact; only the first Sample rows of each table are
// classified.
func File(path string, opts Options) (*Report, error) {
	f, err := table.Open(path, opts.Table)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rep := &Report{Format: f.Format, Size: f.Size}
	if f.Format == table.CSV {
		rep.Encoding, rep.Delimiter, rep.BOM = f.Dialect.Encoding, f.Dialect.DelimiterName(), f.Dialect.BOM
	} else {
		rep.Sheets = f.Sheets()
	}
	sheets, err := f.Select(opts.Sheet)
	if err != nil {
		return nil, err
	}
	for _, name := range sheets {
		s, err := f.Sheet(name)
		if err != nil {
			return nil, err
		}
		t, err := review(s, opts)
		if err != nil {
			return nil, err
		}
		t.Hidden = slices.Contains(f.Hidden(), name)
		rep.Tables = append(rep.Tables, *t)
	}
	return rep, nil
}

func review(s table.Sheet, opts Options) (*Table, error) {
	sample := opts.Sample
	if sample == 0 {
		sample = classify.DefaultSample
	}
	var header []string
	for _, c := range s.Header() {
		header = append(header, c.Value)
	}
	co := opts.Class
	co.Table = s.Name()
	cl := classify.New(header, co)
	// The sample is classified on a second core while the rest of the
	// file is counted: on a large file the two take about as long. Rows
	// go over in batches; one at a time, waking the other goroutine cost
	// more than classifying.
	const batch = 256
	sampled := make(chan [][]table.Cell, 8)
	done := make(chan struct{})
	go func() {
		for rows := range sampled {
			for _, cells := range rows {
				cl.Add(cells)
			}
		}
		close(done)
	}()
	var err error
	rows := make([][]table.Cell, 0, batch)
	for n := 0; sample < 0 || n < sample; n++ {
		var row table.Row
		if row, err = s.Next(); err != nil {
			break
		}
		if rows = append(rows, append([]table.Cell(nil), row.Cells...)); len(rows) == batch {
			sampled <- rows
			rows = make([][]table.Cell, 0, batch)
		}
	}
	sampled <- rows
	if err == nil {
		err = s.Count()
	}
	close(sampled)
	<-done
	if err != nil && err != io.EOF {
		return nil, err
	}
	st := s.Stats()
	return &Table{
		Name: s.Name(), Rows: st.Rows, Sampled: cl.Rows(), Blank: st.Blank, Ragged: st.Ragged,
		RaggedRows: st.RaggedRows, BadQuotes: st.BadQuotes, HeaderLine: st.HeaderLine, AboveHeader: st.AboveHeader, NoResult: st.NoResult,
		Duplicates: duplicates(header), Columns: cl.Columns(),
	}, nil
}

// duplicates lists the header names that more than one column has, as
// strip matches names: ignoring case and surrounding spaces.
func duplicates(header []string) []string {
	seen := map[string]int{}
	var dups []string
	for _, h := range header {
		h = strings.TrimSpace(h)
		key := strings.ToLower(h)
		if key == "" {
			continue
		}
		if seen[key]++; seen[key] == 2 {
			dups = append(dups, h)
		}
	}
	return dups
}
