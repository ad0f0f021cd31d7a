// Package suggest finds what a person probably meant: the column, setting
// or flag name nearest to one they mistyped.
package suggest

import "strings"

// Closest is the candidate nearest to name, ignoring case, if it is near
// enough to be a typo: at most a third of its letters differ.
func Closest(name string, candidates []string) string {
	best, bestD := "", -1
	n := strings.ToLower(strings.TrimSpace(name))
	for _, c := range candidates {
		d := editDistance(n, strings.ToLower(strings.TrimSpace(c)))
		if bestD < 0 || d < bestD {
			best, bestD = c, d
		}
	}
	if bestD < 0 || bestD > max(2, len([]rune(n))/3) {
		return ""
	}
	return best
}

// editDistance is the Levenshtein distance between a and b, by runes. A
// dozen lines do not warrant a dependency.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
