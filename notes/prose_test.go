package notes

import (
	"reflect"
	"testing"
)

// TestScribedTurnsUnderTopic: plain-text minutes that write a topic's line
// and then the turns of who spoke under it, as IETF working groups' scribes
// do ("- TLS" / "   Mark: Discussing with EKR" / "   Adam: ..."), give the
// topic its own title and every speaker as one who was there (the notes
// have no attendance list); what a speaker undertakes is theirs. A line
// opening with a word, not a name ("Note:", "Answer:"), is no turn.
func TestScribedTurnsUnderTopic(t *testing.T) {
	src := "Minutes for HTTPbis\n\n" +
		"- TLS\n   Mark: Discussing with EKR\n   Adam Langley: Google will deprecate NPN if ALPN is adopted\n\n" +
		"- Header Compression\n   Mark: In Tokyo, interest was in delta compression\n   Roberto: Prefix matching was done in delta.\n" +
		"   Answer: Yes\n   Hervé Ruellan: I will try to update the proposal to avoid the CRIME attack.\n\n" +
		"- Framing\n   Note: the flags are a convention only.\n"
	n, got := actionsOf(t, src)
	var titles []string
	for _, tp := range n.Topics {
		titles = append(titles, tp.Title)
	}
	if want := []string{"TLS", "Header Compression", "Framing Note"}; !reflect.DeepEqual(titles, want) {
		t.Errorf("topics %q, want %q", titles, want)
	}
	if want := []string{"Mark", "Adam Langley", "Roberto", "Hervé Ruellan"}; !reflect.DeepEqual(n.Attendees, want) {
		t.Errorf("attendees %q, want %q", n.Attendees, want)
	}
	if want := []found{{"I will try to update the proposal to avoid the CRIME attack.", "Hervé Ruellan", false}}; !reflect.DeepEqual(got, want) {
		t.Errorf("actions %+v, want %+v", got, want)
	}
}
