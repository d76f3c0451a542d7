package english

import (
	"fmt"
	"strings"
	"testing"
)

func TestNotAName(t *testing.T) {
	for _, tc := range []struct {
		w    string
		want bool
	}{
		// Ordinary words at the start of a sentence (the cases).
		{"Welcome", true}, {"Colours", true}, {"Relevance", true}, {"Likely", true}, {"Organisers", true},
		{"Talk", true}, {"Needs", true}, {"Team", true}, {"everyone", true}, {"We", true}, {"finalise", true},
		{"centre", true}, {"Volunteers", true}, {"Facilitator", true},
		// Pronouns, though the list has "It" and "He" capitalised.
		{"It", true}, {"He", true}, {"She", true}, {"They", true}, {"@it", true},
		// Pronouns contracted with a verb; an apostrophe in a name.
		{"I'm", true}, {"We'll", true}, {"They’re", true}, {"it's", true}, {"O'Brien", false}, {"D'Angelo", false},
		// A nick with a digit, whatever word its letters make.
		{"infinity0", false}, {"user42", false},
		// Names: not in the list, given names that are also words, acronyms.
		{"Rahul", false}, {"Suchakra", false}, {"Bob", false}, {"bob", false}, {"Dana", false}, {"PJP", false},
		{"@alice", false}, {"kushal", false}, {"Shravan", false}, {"Will", false},
		// Hyphenated: words joined are a word; a part that is a name, an
		// acronym or no word makes a name.
		{"Clean-up", true}, {"Cool-down", true}, {"Follow-ups", true}, {"Jean-Pierre", false},
		{"Anne-Marie", false}, {"Mary-Kate", false}, {"Rahul-Das", false}, {"AI-work", false},
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

// TestListHas checks the binary search over the embedded text against
// every word of both lists, and against strings that sort between them
// (word + "\x00", word[:len-1]) or outside them, which it must not find.
func TestListHas(t *testing.T) {
	for name, l := range map[string]list{"words": words, "names": names} {
		ws := strings.Split(string(l), "\n")
		listed := make(map[string]bool, len(ws))
		for _, w := range ws {
			listed[w] = true
		}
		for i, w := range ws {
			if i > 0 && ws[i-1] >= w {
				t.Fatalf("%s: %q before %q: the list is not sorted in byte order", name, ws[i-1], w)
			}
			if !l.has(w) {
				t.Errorf("%s.has(%q) = false for a listed word", name, w)
			}
			if l.has(w + "\x00") {
				t.Errorf("%s.has(%q) = true", name, w+"\x00")
			}
			if p := w[:len(w)-1]; l.has(p) != listed[p] {
				t.Errorf("%s.has(%q) = %v, want %v", name, p, !listed[p], listed[p])
			}
		}
		for _, w := range []string{"", "\x00", "\xff", "zzzzzzzz", "A"} {
			if l.has(w) {
				t.Errorf("%s.has(%q) = true", name, w)
			}
		}
	}
}

func BenchmarkNotAName(b *testing.B) {
	for b.Loop() {
		NotAName("Organisers")
		NotAName("Rahul")
	}
}

// TestMemo: a Memo answers as NotAName does, asked once or again, past its
// bound, and as a nil *Memo.
func TestMemo(t *testing.T) {
	ws := []string{"Welcome", "Colours", "relevance", "Rahul", "Bob", "PJP", "@alice", "a", "I", "Will", "facilitators", ""}
	for i := 0; i < memoMax+10; i++ {
		ws = append(ws, fmt.Sprintf("w%dx", i))
	}
	var m Memo
	var nilMemo *Memo
	for round := 0; round < 2; round++ {
		for _, w := range ws {
			want := NotAName(w)
			if got := m.NotAName(w); got != want {
				t.Errorf("round %d: Memo.NotAName(%q) = %v, NotAName says %v", round, w, got, want)
			}
			if got := nilMemo.NotAName(w); got != want {
				t.Errorf("(*Memo)(nil).NotAName(%q) = %v, NotAName says %v", w, got, want)
			}
		}
	}
	if len(m.m) > memoMax {
		t.Errorf("the Memo holds %d words, more than its bound %d", len(m.m), memoMax)
	}
	if !m.NotAName("Welcome") || m.NotAName("Rahul") {
		t.Errorf("Memo: Welcome is a name or Rahul is not")
	}
}
