package classify

import (
	"fmt"
	"testing"

	"github.com/lockbox-tool/lockbox/pkg/table"
)

// BenchmarkClassifySample classifies a sample of 10,000 rows of a typical
// customer export (18 columns), the work inspect and strip do per table.
func BenchmarkClassifySample(b *testing.B) {
	header := []string{"Customer ID", "First Name", "Last Name", "Email", "Phone", "Street", "Postcode", "City", "Country",
		"Date of Birth", "IBAN", "Order ID", "Order Date", "Order Total", "Quantity", "Product", "Newsletter", "Notes"}
	firsts := []string{"Ann", "Daan", "Chloé", "Farid", "Greta", "Inés"}
	lasts := []string{"de Vries", "Müller", "Dubois", "García"}
	var rows [][]table.Cell
	for i := range 10000 {
		vals := []string{fmt.Sprintf("C%d", 100000+i), firsts[i%6], lasts[i%4], fmt.Sprintf("customer%d@example.com", i),
			fmt.Sprintf("+31 6 %04d %04d", i%9973, i%7919), fmt.Sprintf("Keizersgracht %d", 1+i%200), fmt.Sprintf("%04d AB", 1000+i%9000),
			"Amsterdam", "NL", fmt.Sprintf("19%02d-%02d-%02d", 40+i%60, 1+i%12, 1+i%28), fmt.Sprintf("NL%02dINGB%010d", i%100, i*7919),
			fmt.Sprint(500000000 + i), fmt.Sprintf("2026-%02d-%02d", 1+i%10, 1+i%28), fmt.Sprintf("%d.%02d", i%2000, i%100),
			fmt.Sprint(1 + i%9), "Desk lamp", []string{"yes", "no"}[i%2], []string{"", "prefers phone calls"}[i%2]}
		row := make([]table.Cell, len(vals))
		for j, v := range vals {
			row[j] = table.Cell{Type: table.String, Value: v, Raw: v}
		}
		rows = append(rows, row)
	}
	for b.Loop() {
		c := New(header, Options{})
		c.AddRows(rows)
		if cols := c.Columns(); len(cols) != len(header) {
			b.Fatal(len(cols))
		}
	}
}
