package deadline

import "testing"

// TestMayHaveKeyword checks the pre-filter against the regexp it spares:
// whenever keywordRE matches, mayHaveKeyword must say so.
func TestMayHaveKeyword(t *testing.T) {
	texts := []string{
		"", "b", "d", "bob to send it", "DUE friday", "Deadline: soon", "deadLINE is", "BY monday",
		"beFORE noon", "UNTIL June", "tiLL then", "due to rain", "abyss", "rebuttal", "nothing here",
		"send the ducks", "tilde", "unt", "Before", "x by", "dUe", "bY",
	}
	for _, s := range texts {
		re := keywordRE().MatchString(s)
		if re && !mayHaveKeyword(s) {
			t.Errorf("mayHaveKeyword(%q) = false, keywordRE matches", s)
		}
	}
	for _, s := range []string{"bob to send it", "nothing here", "", "send the ducks"} {
		if mayHaveKeyword(s) {
			t.Errorf("mayHaveKeyword(%q) = true, want false", s)
		}
	}
}

// FuzzMayHaveKeyword: the pre-filter never hides a keyword the regexp finds.
func FuzzMayHaveKeyword(f *testing.F) {
	for _, s := range []string{"due", "By Friday", "till", "deadline:", "nothing"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if keywordRE().MatchString(s) && !mayHaveKeyword(s) {
			t.Errorf("mayHaveKeyword(%q) = false, keywordRE matches", s)
		}
	})
}

// TestKeywordLocs: the anchored scan finds exactly the unanchored
// regexp's matches.
func TestKeywordLocs(t *testing.T) {
	for _, s := range append([]string{
		"due due due", "by-by by_by 4by by", "Due Date: x, due on Friday, deadline is, deadline:x", "ébY friday",
		"tillbefore till before", "x\tDUE\t:\tsoon", "bydue by due", "due  by friday",
	}, readerTexts...) {
		checkKeywordLocs(t, s)
	}
}

func checkKeywordLocs(t *testing.T, s string) {
	t.Helper()
	want := keywordRE().FindAllStringSubmatchIndex(s, -1)
	got := keywordLocs(s)
	if len(got) != len(want) {
		t.Fatalf("keywordLocs(%q) = %v, regexp %v", s, got, want)
	}
	for i := range want {
		for j := range want[i] {
			if got[i][j] != want[i][j] {
				t.Fatalf("keywordLocs(%q) = %v, regexp %v", s, got, want)
			}
		}
	}
}

// FuzzKeywordLocs: the anchored scan finds the regexp's matches.
func FuzzKeywordLocs(f *testing.F) {
	for _, s := range []string{"due by Friday", "deadline is due", "till_until", "xby by"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { checkKeywordLocs(t, s) })
}

var keywordBenchTexts = []string{
	"Rahul to follow up with vendor 17 (deadline: 18 Aug)",
	"Kushal Das to do: Most work has been done, needs help from Rahul on content before the talk",
	"bob to send it by next Friday, then review the budget with the team until it is done",
}

// BenchmarkKeywordLocs: the anchored scan over typical action texts.
func BenchmarkKeywordLocs(b *testing.B) {
	for b.Loop() {
		for _, s := range keywordBenchTexts {
			keywordLocs(s)
		}
	}
}

// BenchmarkKeywordRegexp: the unanchored regexp it replaces, for comparison.
func BenchmarkKeywordRegexp(b *testing.B) {
	for b.Loop() {
		for _, s := range keywordBenchTexts {
			keywordRE().FindAllStringSubmatchIndex(s, -1)
		}
	}
}
