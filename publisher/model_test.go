package publisher

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/store"
)

// TestKeptArchive: a Publisher on NewStoreSource keeps its archive between
// publishes and applies the store's changes to it (a series renamed, an
// item closed, a new item, a new meeting, a meeting running again); after
// each change the archive it works from is exactly the one a fresh listing
// of the store gives, and it was not listed again.
func TestKeptArchive(t *testing.T) {
	st := storeFrom(t, fixture(t))
	ctx := context.Background()
	p, err := New(NewStoreSource(st), fixtureOptions(t.TempDir()))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Build(ctx); err != nil {
		t.Fatal(err)
	}
	if p.kept == nil {
		t.Fatal("no archive kept after a build from NewStoreSource")
	}
	var recs []store.MeetingRecord
	if err := st.View(func(tx *store.Tx) error {
		var err error
		recs, err = tx.AllMeetings()
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if len(recs) < 3 {
		t.Fatalf("fixture store has %d meetings", len(recs))
	}
	items, err := st.Actions(store.ActionFilter{Status: store.StatusOpen})
	if err != nil || len(items) < 2 {
		t.Fatalf("fixture store has %d open items (%v)", len(items), err)
	}
	newID := ""
	changes := []struct {
		name string
		do   func() error
	}{
		{"series renamed", func() error {
			return st.UpdateMeeting(recs[0].ID, func(r *store.MeetingRecord) error { r.Series = "renamed"; r.Revision++; return nil })
		}},
		{"item closed", func() error {
			return st.Update(func(tx *store.Tx) error {
				a, err := tx.Action(items[0].ID)
				if err != nil {
					return err
				}
				a.Status = store.StatusDone
				a.History = append(a.History, store.ActionChange{At: fixtureNow, Field: "status", Old: store.StatusOpen, New: store.StatusDone, Nick: "pjp"})
				return tx.PutAction(a)
			})
		}},
		{"new meeting with a new item", func() error {
			return st.Update(func(tx *store.Tx) error {
				at := fixtureNow.Add(-time.Hour)
				id := "kept.2026-07-27T120000Z"
				if err := tx.StartMeeting(store.MeetingRecord{ID: id, Channel: "#kept", Series: "kept", Source: "irc", TimeZone: "UTC",
					Started: at, SeriesOption: "kept", Revision: 1}); err != nil {
					return err
				}
				for i, text := range []string{"#startmeeting kept", "#action alice to keep it", "#endmeeting"} {
					if _, err := tx.Append(id, meeting.Event{Time: at.Add(time.Duration(i) * time.Minute), Channel: "#kept", Nick: "alice", Text: text}); err != nil {
						return err
					}
				}
				if err := tx.UpdateMeeting(id, func(r *store.MeetingRecord) error { r.Ended = at.Add(3 * time.Minute); return nil }); err != nil {
					return err
				}
				var err error
				if newID, err = tx.NextActionID(); err != nil {
					return err
				}
				return tx.PutAction(store.ActionRecord{ID: newID, Text: "alice to keep it", Owners: []string{"alice"}, Status: store.StatusOpen,
					Series: "kept", Meetings: []string{id, recs[1].ID}, Created: at, Updated: at})
			})
		}},
		{"item moved to another meeting", func() error {
			return st.Update(func(tx *store.Tx) error {
				a, err := tx.Action(newID)
				if err != nil {
					return err
				}
				a.Meetings = []string{recs[2].ID}
				return tx.PutAction(a)
			})
		}},
		{"meeting running again", func() error {
			return st.UpdateMeeting(recs[1].ID, func(r *store.MeetingRecord) error { r.Ended = time.Time{}; return nil })
		}},
	}
	for _, c := range changes {
		if err := c.do(); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		kept := p.kept
		p.mu.Lock()
		b, err := p.begin(ctx)
		p.mu.Unlock()
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if p.kept != kept {
			t.Errorf("%s: the archive was listed again, not updated", c.name)
		}
		q, err := New(StoreSource{Store: st}, fixtureOptions(t.TempDir()))
		if err != nil {
			t.Fatal(err)
		}
		fresh, err := q.begin(ctx)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if got, want := describeModel(&b.siteModel), describeModel(&fresh.siteModel); got != want {
			t.Errorf("%s: kept archive\n%s\nfresh listing\n%s", c.name, got, want)
		}
		// The kept burn-down counts, updated from the changed items only,
		// make the charts a count of every item of a fresh listing makes.
		if b.burn == nil || !b.burn.first.Equal(burnStart(p.opt.Now)) {
			t.Fatalf("%s: no kept burn-down counts for the publish's window", c.name)
		}
		seriesSeen := map[string]bool{"": true, "no-such-series": true}
		for _, a := range fresh.actions {
			seriesSeen[a.Series] = true
		}
		for _, r := range fresh.recs {
			seriesSeen[r.Series] = true
		}
		charted := 0
		for _, s := range sortedKeys(seriesSeen) {
			got, want := fmt.Sprintf("%+v", b.burn.chart(s)), fmt.Sprintf("%+v", burndown(fresh.actions, s, p.opt.Now))
			if got != want {
				t.Errorf("%s: kept burn-down of series %q\n%s\nfrom every item\n%s", c.name, s, got, want)
			}
			if b.burn.chart(s).view() != nil {
				charted++
			}
		}
		if charted < 2 {
			t.Errorf("%s: only %d burn-down charts to compare", c.name, charted)
		}
	}
	// A publish from the kept archive works, and its action pages (the
	// lists kept in order between publishes, the touched items put in
	// their places) are those of a full build from a fresh listing.
	if _, err := p.Publish(ctx); err != nil {
		t.Fatal(err)
	}
	freshDir := t.TempDir()
	q, err := New(StoreSource{Store: st}, fixtureOptions(freshDir))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := q.Build(ctx); err != nil {
		t.Fatal(err)
	}
	// The series pages show the kept burn-down counts too.
	for _, s := range []string{"renamed", "kept"} {
		rel := filepath.Join(seriesDir(s), "index.html")
		got, err1 := os.ReadFile(filepath.Join(p.opt.Dir, rel))
		want, err2 := os.ReadFile(filepath.Join(freshDir, rel))
		if err1 != nil || err2 != nil {
			t.Errorf("series page %s: %v, %v", rel, err1, err2)
		} else if !bytes.Equal(got, want) {
			t.Errorf("%s differs from a fresh build's:\n%s", rel, firstDiff(got, want))
		}
	}
	sameActions(t, "after the changes", p.opt.Dir, freshDir)
	// An item changed on the same day, no item added: the memos are brought
	// up to date from the touched item only (the others are as they were),
	// and the pages are still a fresh build's.
	if err := st.Update(func(tx *store.Tx) error {
		a, err := tx.Action(items[1].ID)
		if err != nil {
			return err
		}
		a.Status = store.StatusDone
		a.History = append(a.History, store.ActionChange{At: fixtureNow, Field: "status", Old: store.StatusOpen, New: store.StatusDone, Nick: "pjp"})
		return tx.PutAction(a)
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Publish(ctx); err != nil {
		t.Fatal(err)
	}
	freshDir = t.TempDir()
	q, err = New(StoreSource{Store: st}, fixtureOptions(freshDir))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := q.Build(ctx); err != nil {
		t.Fatal(err)
	}
	sameActions(t, "after an item closed", p.opt.Dir, freshDir)
}

// sameActions fails t unless the actions folders of the sites in dir and
// freshDir are the same byte for byte.
func sameActions(t *testing.T, when, dir, freshDir string) {
	t.Helper()
	got, want := readTree(t, filepath.Join(dir, "actions")), readTree(t, filepath.Join(freshDir, "actions"))
	if len(got) != len(want) || len(want) < 5 {
		t.Errorf("%s: kept publisher's actions folder has %d files, a fresh build's %d", when, len(got), len(want))
	}
	for _, name := range sortedNames(want) {
		if !bytes.Equal(got[name], want[name]) {
			t.Errorf("%s: actions/%s differs from a fresh build's:\n%s", when, name, firstDiff(got[name], want[name]))
		}
	}
}

// describeModel writes out what a siteModel holds, pointers resolved.
func describeModel(m *siteModel) string {
	s := "recs:"
	for _, r := range m.recs {
		s += " " + r.ID + "(" + r.Series + "," + r.Path + ")"
	}
	s += fmt.Sprintf("\nseries: %v\nbySeries:", m.series)
	for _, name := range sortedKeys(m.bySeries) {
		s += " " + name + "["
		for _, r := range m.bySeries[name] {
			s += r.ID + " "
		}
		s += "]"
	}
	if len(m.byID) != len(m.recs) {
		s += fmt.Sprintf("\nbyID has %d, recs %d", len(m.byID), len(m.recs))
	}
	s += fmt.Sprintf("\nactions: %+v\nbyMeeting:", m.actions)
	for _, id := range sortedKeys(m.byMeeting) {
		s += " " + id + "["
		for _, a := range m.byMeeting[id] {
			s += a.ID + " "
		}
		s += "]"
	}
	ix := func(mp map[string]*Action) string {
		var out []string
		for k, a := range mp {
			out = append(out, k+"="+a.ID)
		}
		sort.Strings(out)
		return fmt.Sprint(out)
	}
	s += "\nraised: " + ix(m.tracked.raised) + "\nclosed: " + ix(m.tracked.closed)
	for _, a := range m.byMeeting {
		for _, it := range a {
			if i := indexOf(m.actions, it.ID); i < 0 || it != &m.actions[i] {
				s += "\nbyMeeting points to a stale " + it.ID
			}
		}
	}
	return s
}

func indexOf(list []Action, id string) int {
	for i := range list {
		if list[i].ID == id {
			return i
		}
	}
	return -1
}
