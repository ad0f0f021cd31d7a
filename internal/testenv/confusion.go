package testenv

import (
	"fmt"
	"strings"
)

// Confusion counts labelled columns by the class they have (first key)
// and the class lockbox gave them (second key), for the precision and
// recall the classifier's tests report.
type Confusion map[string]map[string]int

// Add counts one column labelled want that was given got.
func (c Confusion) Add(want, got string) {
	if c[want] == nil {
		c[want] = map[string]int{}
	}
	c[want][got]++
}

// Recall is the share of the columns labelled class that were given it.
func (c Confusion) Recall(class string) float64 {
	labelled := 0
	for _, n := range c[class] {
		labelled += n
	}
	return float64(c[class][class]) / float64(max(labelled, 1))
}

// Precision is the share of the columns given class that are labelled so.
func (c Confusion) Precision(class string) float64 {
	given := 0
	for _, row := range c {
		given += row[class]
	}
	return float64(c[class][class]) / float64(max(given, 1))
}

// Report is a table of precision, recall and the number of columns for
// each class.
func (c Confusion) Report() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-14s %9s %9s %8s\n", "class", "precision", "recall", "columns")
	for _, class := range []string{"transactional", "personal", "sensitive"} {
		labelled := 0
		for _, n := range c[class] {
			labelled += n
		}
		fmt.Fprintf(&b, "%-14s %9.3f %9.3f %8d\n", class, c.Precision(class), c.Recall(class), labelled)
	}
	return b.String()
}
