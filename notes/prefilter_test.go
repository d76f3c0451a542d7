package notes

import "testing"

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
		"The others present were a, b and me.", "a, b and me were PRESENT.", "preſent: a", "nothing here", "",
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
