package words

import (
	"strings"
	"testing"
)

func TestWords(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Caterers", "cater"},
		{"Catering", "cater"},
		{"Book the hotels by Friday!", "book hotel friday"},
		{"pjp to review owner deadline", "pjp review"},
		{"", ""},
	} {
		if got := Joined(c.in); got != c.want {
			t.Errorf("Joined(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	if s := Similarity("book the hotels", "hotels: book them"); s != 2.0/3 {
		t.Errorf("Similarity = %v, want 2/3", s)
	}
}

// FuzzJaccardJoined checks that comparing against a Joined form, as the
// tracker does with the store's index, gives exactly Jaccard of the words.
func FuzzJaccardJoined(f *testing.F) {
	f.Add("book the hotels hotels", "hotels book book venue")
	f.Add("", "x")
	f.Add("a b c", "")
	f.Add("Caterers catering", "cater")
	f.Fuzz(func(t *testing.T, a, b string) {
		wa, wb := Words(a), Words(b)
		want := Jaccard(wa, wb)
		got := JaccardJoined(Distinct(append([]string(nil), wa...)), strings.Join(wb, " "))
		if got != want {
			t.Fatalf("JaccardJoined(%q, %q) = %v, Jaccard = %v", a, b, got, want)
		}
	})
}
