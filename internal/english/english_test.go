package english

import "testing"

func TestNotAName(t *testing.T) {
	for _, tc := range []struct {
		w    string
		want bool
	}{
		// Ordinary words at the start of a sentence (the cases).
		{"Welcome", true}, {"Colours", true}, {"Relevance", true}, {"Likely", true}, {"Organisers", true},
		{"Talk", true}, {"Needs", true}, {"Team", true}, {"everyone", true}, {"We", true}, {"finalise", true},
		{"centre", true}, {"Volunteers", true}, {"Facilitator", true},
		// Names: not in the list, given names that are also words, acronyms.
		{"Rahul", false}, {"Suchakra", false}, {"Bob", false}, {"bob", false}, {"Dana", false}, {"PJP", false},
		{"@alice", false}, {"kushal", false}, {"Shravan", false}, {"Will", false},
	} {
		if got := NotAName(tc.w); got != tc.want {
			t.Errorf("NotAName(%q) = %v, want %v", tc.w, got, tc.want)
		}
	}
}

func TestIsWord(t *testing.T) {
	for _, w := range []string{"meeting", "colour", "colours", "organised", "licence", "catalogue", "travelled"} {
		if !IsWord(w) {
			t.Errorf("IsWord(%q) = false", w)
		}
	}
	for _, w := range []string{"rahul", "x", "", "pjp", "nirik"} {
		if IsWord(w) {
			t.Errorf("IsWord(%q) = true", w)
		}
	}
}

func BenchmarkNotAName(b *testing.B) {
	for b.Loop() {
		NotAName("Organisers")
		NotAName("Rahul")
	}
}
