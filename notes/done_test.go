package notes

import (
	"strings"
	"testing"

	"github.com/gavel-irc/gavel/meeting"
)

// TestDoneClosingNothingIsShown: a "Done:" line that closes no action of
// the notes is still a done item of the meeting (the minutes show it).
func TestDoneClosingNothingIsShown(t *testing.T) {
	n, err := Parse(strings.NewReader("- Venue\n  - Done: Rahul sent the contract\n"), "done.txt", Options{Date: testDate})
	if err != nil {
		t.Fatal(err)
	}
	c := meeting.NewChannel("f2f", meeting.Options{Series: "x", Source: "f2f"})
	_, m, err := n.Feed(c, EventOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range m.Items {
		if it.Kind == meeting.ItemDone && strings.Contains(it.Text, "Rahul sent the contract") {
			return
		}
	}
	t.Errorf("no done item in %+v", m.Items)
}
