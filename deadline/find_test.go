package deadline

import "testing"

func TestTrailingBracket(t *testing.T) {
	for _, c := range []struct {
		in   string
		want int
	}{
		{"", -1},
		{"by Friday", -1},
		{"today [in Zulip]", 6},
		{"Review (Ann, Bo)", 7},
		{"(Ann)", 0},
		{"a (b) c (d)", 8},
		{"no opener)", -1},
		{"mismatched (a]", -1},
	} {
		if got := TrailingBracket(c.in); got != c.want {
			t.Errorf("TrailingBracket(%q) = %d, want %d", c.in, got, c.want)
		}
	}
}
