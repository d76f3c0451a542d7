package life

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/minutes"
	"github.com/gavel-irc/gavel/notes"
	"github.com/gavel-irc/gavel/store"
)

// apostropheNotes names people whose names hold an apostrophe, ASCII and
// typographic (issue 9: "O'Phinney" became "OPhinney").
const apostropheNotes = `# TSC meeting

Present: Matthew Weier O'Phinney, Dana d'Oliveiro, Chris O’Halloran

## Action items

- O'Phinney to review the RFC
- Dana d'Oliveiro to send the minutes
- Chris O’Halloran to book the room
`

// TestNotesApostropheNames: a notes import keeps the apostrophes of its
// people's names in the attendees, the engine's and the tracker's owners
// and every format of the minutes; a merge into an IRC meeting (a #nick
// line of KindNotes) lists them too.
func TestNotesApostropheNames(t *testing.T) {
	ctx := context.Background()
	day := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	parse := func() *notes.Notes {
		n, err := notes.Parse(strings.NewReader(apostropheNotes), "tsc.md", notes.Options{Date: day, DateOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	wantAttendees := []string{"Chris_O’Halloran", "Dana_d'Oliveiro", "Matthew_Weier_O'Phinney"}
	wantOwners := [][]string{{"O'Phinney"}, {"Dana d'Oliveiro"}, {"Chris O’Halloran"}}
	check := func(what string, st *store.Store, m *meeting.Meeting, attendees []string) {
		t.Helper()
		var got []string
		for _, a := range m.Attendees() {
			got = append(got, a.Nick)
		}
		for _, a := range attendees {
			if !slices.Contains(got, a) {
				t.Errorf("%s: attendees %q, want %q among them", what, got, a)
			}
		}
		recs, err := st.Actions(store.ActionFilter{Meeting: m.ID})
		if err != nil {
			t.Fatal(err)
		}
		if len(recs) != len(wantOwners) {
			t.Fatalf("%s: %d tracked actions, want %d: %+v", what, len(recs), len(wantOwners), recs)
		}
		for i, r := range recs {
			if !slices.Equal(r.Owners, wantOwners[i]) {
				t.Errorf("%s: action %q owners %q, want %q", what, r.Text, r.Owners, wantOwners[i])
			}
		}
		r, err := minutes.NewRenderer(m, minutes.Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range minutes.Formats() {
			var b bytes.Buffer
			if err := r.Render(&b, f); err != nil {
				t.Fatalf("%s: %s: %v", what, f, err)
			}
			s := strings.NewReplacer("&#39;", "'", "&#x27;", "'", `\'`, "'").Replace(b.String())
			for _, bad := range []string{"OPhinney", "dOliveiro", "OHalloran"} {
				if strings.Contains(s, bad) {
					t.Errorf("%s: the %s minutes show %q", what, f, bad)
				}
			}
			for _, name := range []string{"O'Phinney", "d'Oliveiro", "O’Halloran"} {
				if !strings.Contains(s, name) {
					t.Errorf("%s: the %s minutes lack %q", what, f, name)
				}
			}
		}
	}

	st := openStore(t)
	k := New(st, nil)
	imp, err := k.ImportNotes(ctx, parse(), NotesOptions{Series: "tsc", Key: "tsc.md"})
	if err != nil {
		t.Fatal(err)
	}
	check("import", st, imp.Meeting, wantAttendees)

	st = openStore(t)
	k = New(st, nil)
	c, _ := live(t, k, day.Add(-time.Hour), "alice: #startmeeting fudcon", "alice: hello", "alice: #endmeeting")
	m := c.Ended()
	if m == nil {
		t.Fatal("the IRC meeting did not end")
	}
	imp, err = k.ImportNotes(ctx, parse(), NotesOptions{Merge: m.ID, Key: "tsc.md"})
	if err != nil {
		t.Fatal(err)
	}
	check("merge", st, imp.Meeting, wantAttendees)
}
