package words

import (
	"slices"
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

// FuzzJaccardSorted checks that comparing sorted sets, as the tracker does
// with the store's cached open items (JaccardSortedString) and the notes
// reader with its repeats (JaccardSorted), gives exactly Jaccard of the
// words (and JaccardJoined's answer for the same texts).
func FuzzJaccardSorted(f *testing.F) {
	f.Add("book the hotels hotels", "hotels book book venue")
	f.Add("", "x")
	f.Add("a b c", "")
	f.Add("Caterers catering", "cater")
	f.Add("zeta alpha alpha beta", "beta zeta gamma")
	f.Fuzz(func(t *testing.T, a, b string) {
		wa, wb := Words(a), Words(b)
		want := Jaccard(wa, wb)
		sa := Distinct(append([]string(nil), wa...))
		joined := strings.Join(wb, " ")
		slices.Sort(sa)
		if got := JaccardSorted(sa, Set(joined)); got != want {
			t.Fatalf("JaccardSorted(%q, %q) = %v, Jaccard = %v", a, b, got, want)
		}
		if got := JaccardSorted(Set(joined), sa); got != want {
			t.Fatalf("JaccardSorted(%q, %q) = %v, Jaccard = %v", b, a, got, want)
		}
		if got := JaccardSortedString(sa, strings.Join(Set(joined), " "), len(Set(joined))); got != want {
			t.Fatalf("JaccardSortedString(%q, %q) = %v, Jaccard = %v", a, b, got, want)
		}
		if got := JaccardSortedString(Set(joined), strings.Join(sa, " "), len(sa)); got != want {
			t.Fatalf("JaccardSortedString(%q, %q) = %v, Jaccard = %v", b, a, got, want)
		}
		bits := make([]uint64, len(sa))
		for i, w := range sa {
			bits[i] = Bit(w)
		}
		set := Set(joined)
		if bound := JaccardAtMost(bits, Mask(set), len(set)); bound < want {
			t.Fatalf("JaccardAtMost(%q, %q) = %v, under JaccardSorted's %v", a, b, bound, want)
		}
		if !slices.IsSorted(Set(joined)) || len(slices.Compact(slices.Clone(Set(joined)))) != len(Set(joined)) {
			t.Fatalf("Set(%q) = %q: not sorted and distinct", joined, Set(joined))
		}
	})
}

// FuzzWordsASCII checks the ASCII path of Words against the rune-by-rune
// reader (wordsUnicode) that every text went through before it.
func FuzzWordsASCII(f *testing.F) {
	f.Add("Book the HOTELS by Friday! pjp: re-check 2nd-floor caterers...")
	f.Add("")
	f.Add("  ,,, ")
	f.Add("owner DEADLINE due a1 A1z\x00\x7f~x")
	f.Add("Café déjà vu")
	f.Fuzz(func(t *testing.T, s string) {
		got, want := Words(s), wordsUnicode(s)
		if strings.Join(got, "\x00") != strings.Join(want, "\x00") || len(got) != len(want) || got == nil {
			t.Fatalf("Words(%q) = %q, want %q", s, got, want)
		}
	})
}

// TestJaccardJoinedNoAlloc: comparing with a candidate of the index
// allocates nothing (the tracker does it for every open item of an
// action's owners).
func TestJaccardJoinedNoAlloc(t *testing.T) {
	wa := Distinct(Words("pjp to book the hotels and the caterers for the venue by Friday"))
	joined := Joined("book hotels hotels venue caterers pjp friday catering menu tasting")
	if n := testing.AllocsPerRun(100, func() { JaccardJoined(wa, joined) }); n != 0 {
		t.Fatalf("JaccardJoined allocates %v times", n)
	}
}

// BenchmarkJaccardCandidate compares a new action's words with one
// candidate's, both ways the tracker has done it: JaccardJoined splits the
// candidate's Joined form each time, JaccardSorted merges two sorted sets.
func BenchmarkJaccardCandidate(b *testing.B) {
	wa := Distinct(Words("pjp to book the hotels and the caterers for the venue by Friday"))
	joined := Joined("book hotels hotels venue caterers pjp friday catering menu tasting")
	sa := slices.Clone(wa)
	slices.Sort(sa)
	set := Set(joined)
	b.Run("joined", func(b *testing.B) {
		for b.Loop() {
			JaccardJoined(wa, joined)
		}
	})
	b.Run("sorted", func(b *testing.B) {
		for b.Loop() {
			JaccardSorted(sa, set)
		}
	})
	setString := strings.Join(set, " ")
	b.Run("string", func(b *testing.B) {
		for b.Loop() {
			JaccardSortedString(sa, setString, len(set))
		}
	})
	bits := make([]uint64, len(sa))
	for i, w := range sa {
		bits[i] = Bit(w)
	}
	mask := Mask(set)
	b.Run("bound", func(b *testing.B) {
		for b.Loop() {
			JaccardAtMost(bits, mask, len(set))
		}
	})
}
