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
			Transactional, None, "numbers"},
		{"empty column", "Foo", nil, Transactional, None, "no values in the sample"},
		{"empty personal column keeps its header class", "Telefoon", nil, Personal, Phone, `header "Telefoon"`},
		{"sizes are not genders", "Maat", values(40, func(i int) string { return []string{"S", "M", "L", "XL"}[i%4] }),
			Transactional, None, "4 different values"},
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

func TestFreeTextBesideSensitiveDataIsSensitive(t *testing.T) {
	c := New([]string{"Name", "Diagnosis", "Notes"}, Options{Now: today})
	c.Add([]table.Cell{{Value: "Jan"}, {Value: "PTSD"}, {Value: "slept badly"}})
	cols := c.Columns()
	if cols[2].Class != Sensitive || cols[2].Kind != Health || !strings.Contains(cols[2].Evidence, "treated as health data") {
		t.Errorf("notes: %+v", cols[2])
	}
	if cols[0].Class != Personal {
		t.Errorf("name: %+v", cols[0])
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
