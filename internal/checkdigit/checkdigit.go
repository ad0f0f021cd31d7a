// Package checkdigit computes the check digits of identifiers: classify
// recognises identifiers by them, and samplegen makes valid ones.
package checkdigit

// Mod1110 is the ISO 7064 MOD 11,10 check digit of digits, which must be
// ASCII digits: the last digit of the German Steuer-ID.
func Mod1110(digits string) int {
	product := 10
	for i := 0; i < len(digits); i++ {
		sum := (int(digits[i]-'0') + product) % 10
		if sum == 0 {
			sum = 10
		}
		product = (sum * 2) % 11
	}
	check := 11 - product
	if check == 10 {
		check = 0
	}
	return check
}
