package table

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// The shapes real exports come in: lines above the header, CR line ends.
func TestHeaderIsFoundBelowTitlesNotesAndPreambles(t *testing.T) {
	tests := []struct {
		name        string
		in          string
		header      []string
		rows        [][]string
		headerLine  int
		aboveHeader int
	}{
		{"tidy", "Name,City\nJan,Delft\n", []string{"Name", "City"}, [][]string{{"Jan", "Delft"}}, 1, 0},
		{"title and blank line", "Klantenoverzicht per 30-11-2026\n\nKlantnr;Naam;Plaats\n1;Jan;Delft\n2;Kees;Leiden\n",
			[]string{"Klantnr", "Naam", "Plaats"}, [][]string{{"1", "Jan", "Delft"}, {"2", "Kees", "Leiden"}}, 3, 1},
		{"title padded to the width, as Excel saves it", "Customer report,,\n,,\nName,Email,City\nJan,jan@example.com,Delft\n",
			[]string{"Name", "Email", "City"}, [][]string{{"Jan", "jan@example.com", "Delft"}}, 3, 2},
		{"notes block", "Notes:\n\"When exporting your connection data, you may notice that some of the email addresses are missing.\"\n\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\nJan,Jansen,https://example.com/in/jan,,Acme,CEO,01 Jan 2026\n",
			[]string{"First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"},
			[][]string{{"Jan", "Jansen", "https://example.com/in/jan", "", "Acme", "CEO", "01 Jan 2026"}}, 4, 2},
		{"bank preamble", "\"Kontonummer:\";\"DE89 3704 0044 0532 0130 00\";\n\"Zeitraum:\";\"01.11.2026 - 30.11.2026\";\n\"Kontostand:\";\"1.234,56 EUR\";\n\n\"Buchungstag\";\"Wertstellung\";\"Buchungstext\";\"Auftraggeber / Begünstigter\";\"Verwendungszweck\";\"Betrag (EUR)\"\n\"01.11.2026\";\"01.11.2026\";\"Lastschrift\";\"Jan Jansen\";\"Miete\";\"-800,00\"\n\"02.11.2026\";\"02.11.2026\";\"Gutschrift\";\"Kees Smit\";\"Rechnung 12\";\"120,00\"\n",
			[]string{"Buchungstag", "Wertstellung", "Buchungstext", "Auftraggeber / Begünstigter", "Verwendungszweck", "Betrag (EUR)"},
			[][]string{{"01.11.2026", "01.11.2026", "Lastschrift", "Jan Jansen", "Miete", "-800,00"}, {"02.11.2026", "02.11.2026", "Gutschrift", "Kees Smit", "Rechnung 12", "120,00"}}, 5, 3},
		{"cells beyond the header stay data", "Product,Amount\nWidget,3\nGadget,4,jan@example.com,+31612345678\n",
			[]string{"Product", "Amount"}, [][]string{{"Widget", "3"}, {"Gadget", "4", "jan@example.com", "+31612345678"}}, 1, 0},
		{"a header narrower than its rows of text is still the header", "Product,City,Colour,Size,Shop\nDesk,Delft,Red,L,North,extra\nLamp,Leiden,Blue,M,South,more\n",
			[]string{"Product", "City", "Colour", "Size", "Shop"}, [][]string{{"Desk", "Delft", "Red", "L", "North", "extra"}, {"Lamp", "Leiden", "Blue", "M", "South", "more"}}, 1, 0},
		{"no header at all: the first row", "jan@example.com,3\nkees@example.com,4\n",
			[]string{"jan@example.com", "3"}, [][]string{{"kees@example.com", "4"}}, 1, 0},
		{"CR line ends", "Name,City\rJan,Delft\rKees,\"Den\rHaag\"\r", []string{"Name", "City"}, [][]string{{"Jan", "Delft"}, {"Kees", "Den\rHaag"}}, 1, 0},
		{"a bare CR in a CRLF file", "Name,City\r\nJan,Delft\rKees,Leiden\r\nPiet,\"A\r\nB\"\r\n", []string{"Name", "City"},
			[][]string{{"Jan", "Delft"}, {"Kees", "Leiden"}, {"Piet", "A\r\nB"}}, 1, 0},
		{"a bare CR after a quoted field", "Name,City\r\n\"Jan\",Delft\rKees,Leiden\r\n", []string{"Name", "City"},
			[][]string{{"Jan", "Delft"}, {"Kees", "Leiden"}}, 1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, header, rows, st := readAll(t, []byte(tt.in), Options{})
			if !reflect.DeepEqual(header, tt.header) {
				t.Errorf("header %q, want %q", header, tt.header)
			}
			if !reflect.DeepEqual(rows, tt.rows) {
				t.Errorf("rows %q, want %q", rows, tt.rows)
			}
			if st.HeaderLine != tt.headerLine || st.AboveHeader != tt.aboveHeader {
				t.Errorf("header on line %d after %d lines, want %d after %d", st.HeaderLine, st.AboveHeader, tt.headerLine, tt.aboveHeader)
			}
			// The record reader, whole and in chunks, agrees.
			p := filepath.Join(t.TempDir(), "in.csv")
			os.WriteFile(p, []byte(tt.in), 0o600)
			for _, size := range []int{0, 8} {
				recs, _, err := recordsOf(t, p, 0, size, hasIndex)
				if err != nil {
					t.Fatal(err)
				}
				var got [][]string
				for _, r := range recs {
					got = append(got, r.Fields)
				}
				if !reflect.DeepEqual(got, tt.rows) {
					t.Errorf("records (chunks of %d) %q, want %q", size, got, tt.rows)
				}
			}
		})
	}
}

func TestHeaderRowOverride(t *testing.T) {
	in := "Report\nName,City\nJan,Delft\n"
	_, header, rows, st := readAll(t, []byte(in), Options{HeaderRow: 3})
	if !reflect.DeepEqual(header, []string{"Jan", "Delft"}) || len(rows) != 0 || st.AboveHeader != 2 {
		t.Errorf("header %q, rows %q, %d above", header, rows, st.AboveHeader)
	}
	p := filepath.Join(t.TempDir(), "in.csv")
	os.WriteFile(p, []byte(in), 0o600)
	f, _ := Open(p, Options{HeaderRow: 9})
	defer f.Close()
	_, err := f.Sheet(f.Sheets()[0])
	var he *HeaderRowError
	if !errors.As(err, &he) || he.Row != 9 {
		t.Errorf("header row past the end: %v", err)
	}
	// Far down: past the rows findHeader looks at.
	long := strings.Repeat("x\n", 200) + "Name,City\nJan,Delft\n"
	_, header, _, st = readAll(t, []byte(long), Options{HeaderRow: 201})
	if !reflect.DeepEqual(header, []string{"Name", "City"}) || st.AboveHeader != 200 {
		t.Errorf("far header %q after %d", header, st.AboveHeader)
	}
}

func TestWorkbookTitleAboveHeader(t *testing.T) {
	p := writeWorkbook(t, func(f *excelize.File) {
		f.SetCellValue("Sheet1", "A1", "Klantenoverzicht november")
		f.SetSheetRow("Sheet1", "A3", &[]any{"Naam", "E-mail", "Plaats"})
		f.SetSheetRow("Sheet1", "A4", &[]any{"Jan", "jan@example.com", "Delft"})
		f.SetSheetRow("Sheet1", "A5", &[]any{"Kees", "kees@example.com", "Leiden"})
	})
	f, err := Open(p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s, err := f.Sheet("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	if h := s.Header(); len(h) != 3 || h[0].Value != "Naam" {
		t.Fatalf("header %v", h)
	}
	r, err := s.Next()
	if err != nil || r.Line != 4 || r.Cells[0].Value != "Jan" {
		t.Errorf("first row %v, %v", r, err)
	}
	if st := s.Stats(); st.HeaderLine != 3 || st.AboveHeader != 1 {
		t.Errorf("stats %+v", st)
	}
}
