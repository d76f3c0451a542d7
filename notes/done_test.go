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

// TestTickedBoxCloses: a ticked box is a done action of its own; it closes
// an earlier action of its topic only when it repeats it, never the only
// open one whatever it says.
func TestTickedBoxCloses(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		closes    int // line of the action closed, 0: none
	}{
		{"unrelated", "# Call\n\n## Previous tasks\n\n- [ ] @flo will contact the venue again\n- [x] @dan will work on deploying the survey\n", 0},
		{"repeat", "# Call\n\n## Tasks\n\n- [ ] @dan will deploy the survey\n- [ ] @flo will contact the venue\n- [x] @dan will deploy the survey\n", 5},
		{"done line", "- Venue\n  - Owner: Rahul\n  - Done: sent the contract\n", 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n, err := Parse(strings.NewReader(tc.src), "done.md", Options{Date: testDate})
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, tp := range n.Topics {
				for _, it := range tp.Items {
					if it.Kind == KindDone {
						found = true
						if it.Closes != tc.closes {
							t.Errorf("%q closes line %d, want %d", it.Text, it.Closes, tc.closes)
						}
					}
				}
			}
			if !found {
				t.Errorf("no done item in %+v", n.Topics)
			}
		})
	}
}
