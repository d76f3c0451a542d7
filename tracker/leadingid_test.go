package tracker

import (
	"regexp"
	"testing"
)

// idRE is what leadingID reads, as a regular expression.
var idRE = regexp.MustCompile(`^\s*#?([a-z0-9]{1,12})(?:[\s:,.]+|$)`)

// FuzzLeadingID checks leadingID against idRE: the same id and the same
// length taken, or no match for both.
func FuzzLeadingID(f *testing.F) {
	for _, s := range []string{"a12 new text", " #a1: x", "##a1", "abcdefghijkl", "abcdefghijklm x", "a1-b",
		"njqtx2, done", "A1 x", "a1\v", "\t\f\r\na9z.", "", "#", "a1 ", "pjp to book"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		id, n, ok := leadingID(s)
		m := idRE.FindStringSubmatch(s)
		if ok != (m != nil) || ok && (id != m[1] || n != len(m[0])) {
			t.Fatalf("leadingID(%q) = %q, %d, %v; the expression matches %q", s, id, n, ok, m)
		}
	})
}
