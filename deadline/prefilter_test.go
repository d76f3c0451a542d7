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
