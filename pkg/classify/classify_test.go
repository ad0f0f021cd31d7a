package classify

import (
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/lockbox-tool/lockbox/pkg/table"
)

var today = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)

// values makes n values from a pattern with %d, or repeats fixed ones.
func values(n int, gen func(i int) string) []string {
	vs := make([]string, n)
	for i := range vs {
		vs[i] = gen(i)
	}
	return vs
}

func classifyColumn(header string, vals []string) Column {
	c := New([]string{header}, Options{Now: today})
	for _, v := range vals {
		c.Add([]table.Cell{{Type: table.String, Value: v, Raw: v}})
	}
	return c.Columns()[0]
}

func TestColumnVerdicts(t *testing.T) {
	bsns := []string{"111222333", "123456782", "012345672", "799642630", "578230859"}
	tests := []struct {
		name, header string
		vals         []string
		class        Class
		kind         Kind
		evidence     string
	}{
		{"emails under an unknown header", "Kolom 3", values(50, func(i int) string { return fmt.Sprintf("p%d@example.com", i) }),
			Personal, Email, "50/50 sampled values are email addresses"},
		{"emails under a transactional header: more protective wins", "Status", values(50, func(i int) string { return fmt.Sprintf("p%d@example.com", i) }),
			Personal, Email, "suggests transactional data, but"},
		{"9-digit order numbers are not phones or BSNs", "Ref", values(200, func(i int) string { return fmt.Sprint(500012345 + i*7) }),
			Personal, Identifier, "different codes"},
		{"9-digit order numbers with their header", "Order number", values(200, func(i int) string { return fmt.Sprint(500012345 + i*7) }),
			Transactional, None, "numbers"},
		{"BSNs by value", "Kenmerk", values(50, func(i int) string { return bsns[i%len(bsns)] }),
			Personal, NationalID, "national ID numbers"},
		{"national phone numbers", "Nummer", values(40, func(i int) string { return fmt.Sprintf("06-%08d", 12345678+i*3) }),
			Personal, Phone, "phone numbers"},
		{"IBANs", "Rekening", []string{"NL91ABNA0417164300", "DE89370400440532013000", "BE68539007547034"},
			Personal, IBAN, "IBANs"},
		{"card numbers", "Betaling", []string{"4111 1111 1111 1111", "5500000000000004", "378282246310005"},
			Personal, CardNumber, "payment card"},
		{"IP addresses", "Bron", []string{"192.168.1.10", "8.8.8.8", "2001:db8::1"}, Personal, IPAddress, "IP addresses"},
		{"coordinates with a geo header", "Lat", []string{"52.3702345", "51.9244201", "52.0907374"}, Personal, Geo, "precise coordinates"},
		{"geo pairs", "Locatie", []string{"52.3676, 4.9041", "48.8566, 2.3522"}, Personal, Geo, "latitude/longitude"},
		{"postcodes by value", "Code", []string{"1234 AB", "3511 LX", "SW1A 1AA"}, Personal, Postcode, "postcodes"},
		{"names by value", "Contactpersoon", []string{"Jan de Vries", "Anna Schmidt", "Pierre Martin", "Sophie"},
			Personal, PersonName, "person names"},
		{"salutations by value", "Titel", []string{"Dhr.", "Mevr.", "Dhr.", "Mevr."}, Personal, Gender, "gender or salutation"},
		{"birth dates by range", "Datum", values(100, func(i int) string {
			return time.Date(1950+i%50, time.Month(1+i%12), 1+i%28, 0, 0, 0, 0, time.UTC).Format("02-01-2006")
		}),
			Personal, DateOfBirth, "as birth dates are"},
		{"order dates are not birth dates", "Datum", values(100, func(i int) string { return today.AddDate(0, 0, -i*3).Format("02-01-2006") }),
			Transactional, None, "dates"},
		{"old order dates under an unknown header", "Wanneer", values(100, func(i int) string { return today.AddDate(-1, 0, -i).Format("2006-01-02") }),
			Transactional, None, "dates"},
		{"long varied text", "Extra", values(30, func(i int) string {
			return fmt.Sprintf("Spoke with the customer on day %d about the delivery and a refund", i)
		}),
			Personal, FreeText, "long, varied text"},
		{"notes header", "Opmerkingen", []string{"", "ok"}, Personal, FreeText, `header "Opmerkingen"`},
		{"sensitive header wins over anything", "Diagnose", []string{"jan@example.com"}, Sensitive, Health, "special category"},
		{"categories stay transactional", "Segment", values(100, func(i int) string { return []string{"A", "B", "C"}[i%3] }),
			Transactional, None, "3 different values"},
		{"amounts under an unknown header", "Waarde", values(100, func(i int) string { return fmt.Sprintf("%d.%02d", i*13, i%100) }),
			Transactional, None, "amounts"},
		{"empty column: no evidence either way", "Foo", nil, Personal, Unknown, "no evidence that it is not personal"},
		{"words under an unknown header", "Veld 7", []string{"Jansen", "de Vries", "Smit"}, Personal, Unknown, "keep it with --keep"},
		{"postcodes as whole numbers are no amounts", "Veld 8", values(40, func(i int) string { return fmt.Sprint(10115 + i*37) }),
			Personal, Identifier, "different codes"},
		{"repeating four-digit numbers are not amounts either", "Veld 9", values(40, func(i int) string { return fmt.Sprint(2611 + i%5) }),
			Personal, Unknown, "no evidence"},
		{"yes/no flags under an unknown header", "Opt 3", []string{"Yes", "No", "No"}, Transactional, None, "yes/no flags"},
		{"currency codes", "Cur", []string{"EUR", "USD", "EUR"}, Transactional, None, "currency codes"},
		{"country codes", "Ctry", []string{"NL", "DE", "BE"}, Transactional, None, "country codes"},
		{"dates over decades may be birth dates of children", "Veld 10", values(40, func(i int) string {
			return time.Date(2008+i%18, 1, 1+i, 0, 0, 0, 0, time.UTC).Format("2006-01-02")
		}), Personal, Unknown, "no evidence"},
		{"an email flag is a flag", "email_opt", []string{"false", "true", "false"}, Transactional, None, "yes/no flags"},
		{"a flag named by its noun", "email_disabled", []string{"false", "true", "false"}, Transactional, None, `"disabled"`},
		{"a card fingerprint is an identifier, not biometric data", "Fingerprint", []string{"Xt5EWLLDS7FJjR1c", "Yh7FWMMET8GKkS2d"},
			Personal, Identifier, "not biometric data"},
		{"a fingerprint template is biometric", "Fingerprint", []string{"", ""}, Sensitive, Biometric, "special category"},
		{"empty personal column keeps its header class", "Telefoon", nil, Personal, Phone, `header "Telefoon"`},
		{"sizes are not genders", "Maat", values(40, func(i int) string { return []string{"S", "M", "L", "XL"}[i%4] }),
			Transactional, None, "4 different short values"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := classifyColumn(tt.header, tt.vals)
			if got.Class != tt.class || got.Kind != tt.kind || !strings.Contains(got.Evidence, tt.evidence) {
				t.Errorf("got %s/%s %q, want %s/%s with %q", got.Class, got.Kind, got.Evidence, tt.class, tt.kind, tt.evidence)
			}
			for _, v := range tt.vals {
				if len(v) > 3 && strings.Contains(got.Evidence, v) {
					t.Errorf("evidence %q holds a value", got.Evidence)
				}
			}
		})
	}
}

// TestOneColumnNeverChangesAnother: notes are judged by their own values
// and by what the table is about (its name and headers), never by another
// column's verdict: a card fingerprint once made every note "biometric".
func TestOneColumnNeverChangesAnother(t *testing.T) {
	c := New([]string{"Name", "Card Fingerprint", "Notes", "Remarks"}, Options{Now: today})
	c.Add([]table.Cell{{Value: "Jan"}, {Value: "Xt5EWLLDS7FJjR1c"}, {Value: "slept badly"}, {Value: "on insulin since May"}})
	cols := c.Columns()
	if cols[2].Class != Personal || cols[2].Kind != FreeText {
		t.Errorf("notes without special terms: %+v", cols[2])
	}
	if cols[3].Class != Sensitive || cols[3].Kind != Health || !strings.Contains(cols[3].Evidence, `1 of 1 sampled values mention health terms, e.g. "insulin"`) {
		t.Errorf("remarks naming a medication: %+v", cols[3])
	}
	alone := New([]string{"Remarks"}, Options{Now: today})
	alone.Add([]table.Cell{{Value: "on insulin since May"}})
	if got := alone.Columns()[0]; got.Class != cols[3].Class || got.Evidence != cols[3].Evidence {
		t.Errorf("a column's verdict depends on its neighbours: %+v against %+v", cols[3], got)
	}
	// In a table about patients, notes are health data by the table's
	// headers, whatever they say.
	p := New([]string{"Patient", "Diagnosis", "Notes"}, Options{Now: today})
	p.Add([]table.Cell{{Value: "PT-1"}, {Value: "PTSD"}, {Value: "slept badly"}})
	if got := p.Columns()[2]; got.Class != Sensitive || got.Kind != Health || !strings.Contains(got.Evidence, "table about patients") {
		t.Errorf("notes in a patient table: %+v", got)
	}
}

func TestXLSXDateCellsCountAsDates(t *testing.T) {
	c := New([]string{"Wanneer"}, Options{Now: today})
	for i := 0; i < 50; i++ {
		serial := fmt.Sprint(20000 + i*300) // 1954 onwards, over 40 years
		c.Add([]table.Cell{{Type: table.Date, Value: "x", Raw: serial}})
	}
	if got := c.Columns()[0]; got.Kind != DateOfBirth {
		t.Errorf("got %+v", got)
	}
}

// TestTypedCellFindingsAreNotReusedForText: a value is looked at once per
// column, but what a workbook date cell showing "x" is (a date, from its
// serial) says nothing of a text cell "x".
func TestTypedCellFindingsAreNotReusedForText(t *testing.T) {
	c := New([]string{"Wanneer"}, Options{Now: today})
	for i := 0; i < 50; i++ {
		c.Add([]table.Cell{{Type: table.Date, Value: "x", Raw: "30000"}})
		c.Add([]table.Cell{{Type: table.String, Value: "x", Raw: "x"}})
	}
	if col := c.cols[0]; col.n != 100 || col.date != 50 {
		t.Errorf("%d values, %d dates; want 100 and 50", col.n, col.date)
	}
}

func TestAddRowsOnEveryCoreGivesTheVerdictsOfAdd(t *testing.T) {
	files, _ := filepath.Glob("../../testdata/exports/*.csv")
	if len(files) < 10 {
		t.Fatalf("found %d sample exports", len(files))
	}
	for _, p := range files {
		f, err := table.Open(p, table.Options{})
		if err != nil {
			t.Fatal(err)
		}
		s, _ := f.Sheet(f.Sheets()[0])
		var header []string
		for _, c := range s.Header() {
			header = append(header, c.Value)
		}
		one, all := New(header, Options{Now: today}), New(header, Options{Now: today})
		var rows [][]table.Cell
		for {
			r, err := s.Next()
			if err != nil {
				break
			}
			row := append([]table.Cell(nil), r.Cells...)
			one.Add(row)
			rows = append(rows, row)
		}
		f.Close()
		all.AddRows(rows)
		if !reflect.DeepEqual(one.Columns(), all.Columns()) || one.Rows() != all.Rows() {
			t.Errorf("%s: AddRows gives other verdicts than Add", p)
		}
	}
}
