package notes

import (
	"slices"
	"strings"
	"testing"

	"github.com/gavel-irc/gavel/internal/ascii"
)

// checkAttendeeFilter fails when one of the attendee regexps matches s but
// the pre-filter says it cannot.
func checkAttendeeFilter(t *testing.T, s string) {
	t.Helper()
	if (presentRE().MatchString(s) || othersRE().MatchString(s) || werePresRE().MatchString(s)) && !mayNameAttendees(s) {
		t.Errorf("mayNameAttendees(%q) = false, an attendee regexp matches", s)
	}
}

func TestMayNameAttendees(t *testing.T) {
	for _, s := range []string{
		"Present: a, b", "PRESENT: a", "Attendees: x", "attending: y", "Participants: z", "People present: q",
		"The others present were a, b and me.", "a, b and me were PRESENT.", "preſent: a", "Members remote: Tom, Julia", "REMOTE: a", "nothing here", "",
	} {
		checkAttendeeFilter(t, s)
	}
	if mayNameAttendees("Rahul to follow up with vendor") {
		t.Errorf("mayNameAttendees on a line without the words = true")
	}
}

// FuzzMayNameAttendees: the pre-filter never hides an attendee line.
func FuzzMayNameAttendees(f *testing.F) {
	for _, s := range []string{"Present: a", "x were present", "the others present were y", "Attendees: z"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { checkAttendeeFilter(t, s) })
}

// The regexps lastDash, orderedLen and checkLen stand for.
var (
	dashRE    = lazyRE(`\s+[–—-]+\s+`)
	orderedRE = lazyRE(`^[0-9]{1,3}[.)]`)
	checkRE   = lazyRE(`^\[([ xX])\][ \t]+`)
)

// checkPrefilters fails when one of the cheap tests in front of a regexp
// says no where the regexp matches, or lastDash disagrees with dashRE.
func checkPrefilters(t *testing.T, s string) {
	t.Helper()
	if (othersRE().MatchString(s) || werePresRE().MatchString(s)) && !ascii.ContainsFold(s, "were") {
		t.Errorf("%q: othersRE or werePresRE matches without \"were\"", s)
	}
	if commitRE().MatchString(s) && !mayCommit(s) {
		t.Errorf("mayCommit(%q) = false, commitRE matches", s)
	}
	if joinedRE().MatchString(s) && !ascii.ContainsFold(s, "joined") {
		t.Errorf("%q: joinedRE matches without \"joined\"", s)
	}
	if outcomeRE().MatchString(s) && !mayBeOutcome(s) {
		t.Errorf("mayBeOutcome(%q) = false, outcomeRE matches", s)
	}
	if l := strings.TrimSpace(s); (previousRE().MatchString(l) || actionLabelRE().MatchString(l)) &&
		(l == "" || !strings.ContainsRune(sectionInitials, rune(l[0]|0x20))) {
		t.Errorf("%q: an action label regexp matches, its first letter is not in sectionInitials", l)
	}
	if attendLabelRE().MatchString(s) && !mayNameAttendees(s) {
		t.Errorf("mayNameAttendees(%q) = false, attendLabelRE matches", s)
	}
	if got, want := ownerPhraseMatch(s), ownerPhraseRE().FindStringSubmatch(s); !slices.Equal(got, want) || (got == nil) != (want == nil) {
		t.Errorf("ownerPhraseMatch(%q) = %q, ownerPhraseRE gives %q", s, got, want)
	}
	if roleRE().MatchString(s) && !strings.Contains(s, ":") {
		t.Errorf("%q: roleRE matches without a colon", s)
	}
	if hasDash(s) != strings.ContainsAny(s, "-–—") {
		t.Errorf("hasDash(%q) = %v", s, hasDash(s))
	}
	if got, want := orderedLen(s), len(orderedRE().FindString(s)); got != want {
		t.Errorf("orderedLen(%q) = %d, orderedRE matches %d bytes", s, got, want)
	}
	m := checkRE().FindStringSubmatch(s)
	if n, ticked := checkLen(s); (m == nil) != (n == 0) || m != nil && (n != len(m[0]) || ticked != (m[1] != " ")) {
		t.Errorf("checkLen(%q) = %d, %v; checkRE matches %q", s, n, ticked, m)
	}
	for _, n := range []int{1, 2, 10} {
		want := strings.Fields(s)
		want = want[:min(n, len(want))]
		if got := headFields(s, n); !slices.Equal(got, want) {
			t.Errorf("headFields(%q, %d) = %q, strings.Fields gives %q", s, n, got, want)
		}
	}
	var want [2]int
	locs := dashRE().FindAllStringIndex(s, -1)
	if len(locs) > 0 {
		want = [2]int(locs[len(locs)-1])
	}
	if got, ok := lastDash(s); ok != (len(locs) > 0) || got != want {
		t.Errorf("lastDash(%q) = %v, %v; the regexp's last match is %v", s, got, ok, locs)
	}
}

func TestPrefilters(t *testing.T) {
	for _, s := range []string{
		"", "a - b", "a -- b - c", "a - - b", "x \t–\n y — z", "a -b - c", "a- b", "- a - ", " — ", "a —— b",
		"a \u2013\u2014- b", "a \xe2\x80 - b", "Conclusion: Mara to propose", "DECISIONS : x", "Next steps: y",
		"Action items", "TODO:", "Attendees", "Roll call", "Roll-call", "Participant", "Meeting attendees (remote)", "Action items for next week", "Last week's action items", "Carried-over tasks",
		"Moderator: @a", "The others present were a and b.", "a and b WERE present.", "Ravi - venue",
		"1. a", "12) b", "123. c", "1234. d", "1.", "1", "a1.", "[ ] x", "[x]\ty", "[X]  z", "[x]", "[x]y", "[ ]", "[y] n",
		"a b c d e f g h i j k l", " \u00a0x\u2003y\x85z ", "a\xffb c",
		"I'Ll do that", "Ravi", "Ravi + Amit", "Kay TO send it", "x\nRavi", "Ann WILL", "Ann, DUE friday", "Bob Taking care of it", "Mara handling it", "Sam WITH others", "Jo owns", "Ann deadline", "Ann\tdue", "Ann, Bob and Carol", "MY PLAN IS TO go", "I can ta\u212ae it", "x, NEED to check", "Ann joined us", "Ann JOINED the call",
	} {
		checkPrefilters(t, s)
	}
}

// FuzzPrefilters: no cheap test hides a line its regexp reads, and
// lastDash finds what dashRE finds.
func FuzzPrefilters(f *testing.F) {
	for _, s := range []string{"a - b – c", "Decision: x", "Action items:", "x were present", "Scribe: y", "12) x", "[x] y"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { checkPrefilters(t, s) })
}

// FuzzSplitList checks that splitList, which skips listSeps when s holds
// none of its separators, splits as listSeps on " s " would.
func FuzzSplitList(f *testing.F) {
	for _, s := range []string{"Rahul and", "a / b", "a + b & c; d", "Kushal, Rahul and Saleem", "andrew"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var want []string
		for _, part := range strings.Split(listSeps.Replace(" "+s+" "), ",") {
			part = strings.TrimRight(trimSpace(part), ".!")
			if part = trimSpace(strings.TrimPrefix(trimSpace(part), "and ")); part != "" {
				want = append(want, part)
			}
		}
		if got := splitList(s); !slices.Equal(got, want) {
			t.Errorf("splitList(%q) = %q, want %q", s, got, want)
		}
	})
}

// FuzzHasPrefixFold checks hasPrefixFold against the prefix of the
// lower-cased texts.
func FuzzHasPrefixFold(f *testing.F) {
	for _, s := range []string{"Rahul to book", "RAHUL TO", "Rahul", "\u212a to x", "İ to", ""} {
		f.Add(s, "rahul to ")
	}
	f.Fuzz(func(t *testing.T, s, prefix string) {
		if got, want := hasPrefixFold(s, prefix), strings.HasPrefix(strings.ToLower(s), strings.ToLower(prefix)); got != want {
			t.Errorf("hasPrefixFold(%q, %q) = %v, want %v", s, prefix, got, want)
		}
	})
}
