package checkdigit

import "testing"

func TestMod1110(t *testing.T) {
	// Steuer-IDs whose last digit checks out.
	for _, id := range []string{"86095742719", "47036892816", "65929970489"} {
		if got := Mod1110(id[:10]); got != int(id[10]-'0') {
			t.Errorf("Mod1110(%s) = %d, want %c", id[:10], got, id[10])
		}
	}
	if got := Mod1110("8609574271"); got == 8 {
		t.Errorf("a changed digit gave the same check digit")
	}
}
