package tracker_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/config"
	"github.com/gavel-irc/gavel/life"
	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/notes"
	"github.com/gavel-irc/gavel/people"
	"github.com/gavel-irc/gavel/store"
	"github.com/gavel-irc/gavel/tracker"
)

var ist = func() *time.Location {
	l, err := time.LoadLocation("Asia/Kolkata")
	if err != nil {
		panic(err)
	}
	return l
}()

func openStore(t testing.TB) *store.Store {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "gavel.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func directory() *people.Directory {
	return people.New([]config.Person{
		{Name: "Kushal Das", Nicks: []string{"kushal"}},
		{Name: "Prasad J Pandit", Nicks: []string{"pjp"}, Aliases: []string{"PJP"}},
		{Name: "Rahul Sundaram", Nicks: []string{"mether"}, Aliases: []string{"Rahul"}},
	})
}

func parseSeed(t testing.TB, day string, dir *people.Directory) *notes.Notes {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "notes", "testdata", "f2f-"+day+".txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	d, err := time.ParseInLocation("2006-01-02 15:04", day+" 15:00", ist)
	if err != nil {
		t.Fatal(err)
	}
	n, err := notes.Parse(f, day, notes.Options{Date: d, People: dir})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// ircMeeting runs lines ("nick: text") through the real engine for
// #fudcon-planning at start (one line a minute), stores the meeting in st
// like the bot does, and returns the replay of the stored events.
func ircMeeting(t testing.TB, st *store.Store, start time.Time, lines ...string) *meeting.Meeting {
	t.Helper()
	opt := meeting.Options{Location: time.UTC, Series: "fudcon", Source: "irc"}
	c := meeting.NewChannel("#fudcon-planning", opt)
	var evs []meeting.Event
	var m *meeting.Meeting
	for i, l := range lines {
		nick, text, _ := strings.Cut(l, ": ")
		ev := meeting.Event{Time: start.Add(time.Duration(i) * time.Minute), Channel: "#fudcon-planning", Nick: nick, Text: text}
		evs = append(evs, ev)
		if r := c.Handle(ev); r.Meeting != nil {
			m = r.Meeting
		}
	}
	if m == nil {
		t.Fatal("no meeting")
	}
	rec := store.MeetingRecord{ID: m.ID, Channel: "#fudcon-planning", Series: m.Series, Title: m.Title, Source: "irc",
		TimeZone: "UTC", Started: m.Started, Ended: m.Ended, SeriesOption: "fudcon"}
	if err := st.StartMeeting(rec); err != nil {
		t.Fatal(err)
	}
	if err := appendEvents(st, m.ID, evs); err != nil {
		t.Fatal(err)
	}
	// The truth is the stored events: replay them.
	stored, err := st.Events(m.ID)
	if err != nil {
		t.Fatal(err)
	}
	c2 := meeting.NewChannel("#fudcon-planning", store.EngineOptions(rec))
	var m2 *meeting.Meeting
	for _, ev := range stored {
		if r := c2.Handle(ev); r.Meeting != nil {
			m2 = r.Meeting
		}
	}
	return m2
}

func find(t testing.TB, st *store.Store, owner, text string) store.ActionRecord {
	t.Helper()
	items, err := st.Actions(store.ActionFilter{Owner: owner})
	if err != nil {
		t.Fatal(err)
	}
	var hits []store.ActionRecord
	for _, a := range items {
		if strings.Contains(strings.ToLower(a.Text), strings.ToLower(text)) {
			hits = append(hits, a)
		}
	}
	if len(hits) != 1 {
		t.Fatalf("%d items of %s with %q: %+v", len(hits), owner, text, items)
	}
	return hits[0]
}

// TestF2FThenIRC is the acceptance test: items from the face-to-face
// meetings and the same items in the next IRC meeting end up as one
// tracked item each, with history.
func TestF2FThenIRC(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	dir := directory()
	var f2f []string
	for _, day := range []string{"2011-07-12", "2011-07-19", "2011-07-26"} {
		n := parseSeed(t, day, dir)
		imp, err := ImportNotes(ctx, st, n, ImportOptions{Series: "fudcon", People: dir, Key: "seed-" + day})
		if err != nil {
			t.Fatalf("import %s: %v", day, err)
		}
		f2f = append(f2f, imp.Meeting.ID)
	}
	cat := find(t, st, "Prasad J Pandit", "cater")
	if !reflect.DeepEqual(cat.Meetings, f2f) {
		t.Errorf("catering item meetings %q, want the three F2F meetings %q", cat.Meetings, f2f)
	}
	if cat.Due != "2011-08-10" {
		t.Errorf("catering due %q after the F2F meetings", cat.Due)
	}
	goodies := find(t, st, "Kushal Das", "goodies")
	if goodies.Due != "2011-08-31" || goodies.Status != store.StatusOpen {
		t.Errorf("goodies %+v", goodies)
	}
	// The first meeting's "Done:" lines closed Rahul's items.
	tshirt := find(t, st, "Rahul Sundaram", "design team")
	if tshirt.Status != store.StatusDone {
		t.Errorf("t-shirt item not closed by Done: %+v", tshirt)
	}

	// The next IRC meeting, with nicks.
	irc := ircMeeting(t, st, time.Date(2011, 7, 29, 13, 0, 0, 0, time.UTC),
		"rbergeron: #startmeeting FUDCon planning",
		"pjp: hi",
		"kushal: hello",
		"rbergeron: #topic Caterers",
		"rbergeron: #action pjp to finalise the caterers, due Aug 12",
		"rbergeron: #topic Goodies",
		"rbergeron: #done "+goodies.ID+" estimates received, ordered",
		"rbergeron: #action kushal to collect the t-shirt sizes",
		"rbergeron: #endmeeting",
	)
	changes, err := tracker.Sync(ctx, st, irc, dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("changes: %v", changes)
	cat2 := find(t, st, "Prasad J Pandit", "cater")
	if cat2.ID != cat.ID {
		t.Fatalf("the IRC action made a new item %s instead of linking %s", cat2.ID, cat.ID)
	}
	if want := append(append([]string(nil), f2f...), irc.ID); !reflect.DeepEqual(cat2.Meetings, want) {
		t.Errorf("meetings %q, want %q", cat2.Meetings, want)
	}
	if cat2.Due != "2011-08-12" || cat2.DueText != "Aug 12" {
		t.Errorf("due %q (%q), want the new deadline", cat2.Due, cat2.DueText)
	}
	var dues []string
	for _, h := range cat2.History {
		if h.Field == "due" {
			dues = append(dues, h.Old+">"+h.New)
		}
	}
	if strings.Join(dues, " ") != ">2011-08-10 2011-08-10>2011-08-12" {
		t.Errorf("due history %q", dues)
	}
	if g := find(t, st, "Kushal Das", "goodies"); g.Status != store.StatusDone {
		t.Errorf("#done %s did not close goodies: %+v", goodies.ID, g)
	}
	sizes := find(t, st, "Kushal Das", "t-shirt sizes")
	if sizes.Status != store.StatusOpen || len(sizes.Meetings) != 1 {
		t.Errorf("new item %+v", sizes)
	}

	// Idempotent: syncing again changes nothing.
	before, _ := st.Actions(store.ActionFilter{})
	again, err := tracker.Sync(ctx, st, irc, dir)
	if err != nil {
		t.Fatal(err)
	}
	after, _ := st.Actions(store.ActionFilter{})
	if len(again) != 0 || !reflect.DeepEqual(before, after) {
		t.Errorf("second sync changed things: %v", again)
	}

	// Importing the same notes again is refused and stores nothing.
	_, err = ImportNotes(ctx, st, parseSeed(t, "2011-07-19", dir), ImportOptions{Series: "fudcon", People: dir, Key: "seed-2011-07-19"})
	if !errors.Is(err, store.ErrExists) {
		t.Errorf("second import: %v", err)
	}
	after2, _ := st.Actions(store.ActionFilter{})
	if !reflect.DeepEqual(after, after2) {
		t.Error("a refused import changed the action items")
	}

	open, err := tracker.OpenActions(st, "fudcon")
	if err != nil {
		t.Fatal(err)
	}
	for i, a := range open {
		if a.Status != store.StatusOpen {
			t.Errorf("OpenActions lists %s %s", a.ID, a.Status)
		}
		if i > 0 && open[i-1].Due == "" && a.Due != "" {
			t.Error("OpenActions not sorted by due date")
		}
	}
}

// TestImportReplays checks that the stored events of an imported meeting
// replay to the meeting the import synced.
func TestImportReplays(t *testing.T) {
	st := openStore(t)
	n := parseSeed(t, "2011-07-19", nil)
	imp, err := ImportNotes(context.Background(), st, n, ImportOptions{Series: "FUDCon F2F"})
	if err != nil {
		t.Fatal(err)
	}
	rec, err := st.Meeting(imp.Meeting.ID)
	if err != nil {
		t.Fatal(err)
	}
	evs, err := st.Events(rec.ID)
	if err != nil {
		t.Fatal(err)
	}
	c := meeting.NewChannel(rec.Channel, store.EngineOptions(rec))
	var m *meeting.Meeting
	for _, ev := range evs {
		if r := c.Handle(ev); r.Meeting != nil {
			m = r.Meeting
		}
	}
	if !reflect.DeepEqual(m, imp.Meeting) {
		t.Error("replay of the stored events differs from the imported meeting")
	}
	if rec.Source != "f2f" || rec.Series != "fudcon_f2f" || rec.Title != n.Title {
		t.Errorf("record %+v", rec)
	}
}

func TestDoneByText(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	m1 := ircMeeting(t, st, time.Date(2026, 3, 6, 13, 0, 0, 0, time.UTC),
		"alice: #startmeeting weekly",
		"bob: hi",
		"alice: #action bob to renew the TLS certificate by Friday",
		"alice: #action bob to write the release notes",
		"alice: #action alice to book the room",
		"alice: #endmeeting")
	if _, err := tracker.Sync(ctx, st, m1, nil); err != nil {
		t.Fatal(err)
	}
	m2 := ircMeeting(t, st, time.Date(2026, 3, 13, 13, 0, 0, 0, time.UTC),
		"alice: #startmeeting weekly",
		"alice: #done renew the TLS certificate",
		"alice: #done bob",
		"alice: #endmeeting")
	ch, err := tracker.Sync(ctx, st, m2, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(ch) != 2 || ch[0].What != "closed" || ch[1].What != "unmatched" {
		t.Errorf("changes %v", ch)
	}
	if a := find(t, st, "bob", "certificate"); a.Status != store.StatusDone {
		t.Errorf("%+v", a)
	}
	if a := find(t, st, "bob", "release notes"); a.Status != store.StatusOpen {
		t.Errorf("%+v", a)
	}
}

func TestActionUpdateByID(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	m1 := ircMeeting(t, st, time.Date(2026, 3, 6, 13, 0, 0, 0, time.UTC),
		"alice: #startmeeting weekly", "bob: hi",
		"alice: #action bob to renew the certificate by 2026-03-10",
		"alice: #endmeeting")
	if _, err := tracker.Sync(ctx, st, m1, nil); err != nil {
		t.Fatal(err)
	}
	a := find(t, st, "bob", "certificate")
	m2 := ircMeeting(t, st, time.Date(2026, 3, 13, 13, 0, 0, 0, time.UTC),
		"alice: #startmeeting weekly",
		"alice: #action "+a.ID+" renew the wildcard certificate by 2026-03-20",
		"alice: #endmeeting")
	if _, err := tracker.Sync(ctx, st, m2, nil); err != nil {
		t.Fatal(err)
	}
	b, err := st.Action(a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if b.Text != "renew the wildcard certificate by 2026-03-20" || b.Due != "2026-03-20" || len(b.Meetings) != 2 || strings.Join(b.Owners, ",") != "bob" {
		t.Errorf("updated item %+v", b)
	}
	all, _ := st.Actions(store.ActionFilter{})
	if len(all) != 1 {
		t.Errorf("%d items, want 1", len(all))
	}
}

// TestActionOwnerFix checks "#action ID owner NICK", the fix the bot
// suggests for an owner nobody present: the owners are replaced, the text
// and deadline stay, by the tracker id or the engine's id in the meeting.
func TestActionOwnerFix(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	m := ircMeeting(t, st, time.Date(2026, 3, 6, 13, 0, 0, 0, time.UTC),
		"alice: #startmeeting weekly", "bobby: hi",
		"alice: #action bob to review the patch by 2026-03-10",
		"alice: #endmeeting")
	if _, err := tracker.Sync(ctx, st, m, nil); err != nil {
		t.Fatal(err)
	}
	a := find(t, st, "bob", "review")
	m2 := ircMeeting(t, st, time.Date(2026, 3, 7, 13, 0, 0, 0, time.UTC),
		"alice: #startmeeting weekly",
		"alice: #action "+a.ID+" owner bobby",
		"alice: #endmeeting")
	if _, err := tracker.Sync(ctx, st, m2, nil); err != nil {
		t.Fatal(err)
	}
	b, err := st.Action(a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(b.Owners, ",") != "bobby" || b.Text != a.Text || b.Due != "2026-03-10" {
		t.Errorf("fixed item %+v", b)
	}
}

func TestPastDeadlineFlagged(t *testing.T) {
	st := openStore(t)
	m := ircMeeting(t, st, time.Date(2026, 8, 20, 13, 0, 0, 0, time.UTC),
		"alice: #startmeeting weekly", "bob: hi",
		"alice: #action bob to send the report due Aug 10",
		"alice: #endmeeting")
	if _, err := tracker.Sync(context.Background(), st, m, nil); err != nil {
		t.Fatal(err)
	}
	a := find(t, st, "bob", "report")
	if a.Due != "" || !a.DueUnread || a.DueText != "Aug 10" {
		t.Errorf("a deadline before the meeting must be kept as text and flagged: %+v", a)
	}
}

func TestMerge(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	start := time.Date(2011, 7, 19, 9, 30, 0, 0, time.UTC)
	opt := meeting.Options{Location: time.UTC, Series: "fudcon", Source: "irc"}
	c := meeting.NewChannel("#fudcon-planning", opt)
	var evs []meeting.Event
	var m *meeting.Meeting
	for i, l := range []string{"#startmeeting hybrid", "#topic remote part"} {
		ev := meeting.Event{Time: start.Add(time.Duration(i) * time.Minute), Nick: "rbergeron", Text: l, Channel: "#fudcon-planning"}
		evs = append(evs, ev)
		m = c.Handle(ev).Meeting
	}
	rec := store.MeetingRecord{ID: m.ID, Channel: "#fudcon-planning", Series: "fudcon", Source: "irc", Started: m.Started,
		SeriesOption: "fudcon"}
	if err := st.StartMeeting(rec); err != nil {
		t.Fatal(err)
	}
	if err := appendEvents(st, m.ID, evs); err != nil {
		t.Fatal(err)
	}
	n := parseSeed(t, "2011-07-19", nil)
	imp, err := ImportNotes(ctx, st, n, ImportOptions{Series: "fudcon", Merge: m.ID})
	if err != nil {
		t.Fatal(err)
	}
	got := imp.Meeting
	if got.ID != m.ID || len(got.Actions()) != len(n.Actions()) {
		t.Fatalf("merged meeting %s has %d actions, notes %d", got.ID, len(got.Actions()), len(n.Actions()))
	}
	for _, a := range got.Actions() {
		if !a.FromNotes || len(a.Owners) == 0 && !strings.Contains(a.Text, "Sponsorship") {
			t.Errorf("merged action not marked: %+v", a)
		}
	}
	r2, _ := st.Meeting(m.ID)
	if r2.MergedNotes != n.Name {
		t.Errorf("record %+v", r2)
	}
	goodies := find(t, st, "Kushal Das", "goodies")
	if goodies.Due != "2011-08-31" || goodies.Text != "Goodies" {
		t.Errorf("goodies %+v", goodies)
	}

}

// TestMergeEnded is the usual case: notes typed in after the IRC meeting
// ended. The meeting runs through the engine into a real bbolt store and
// ends; the notes are merged; the stored events, replayed, give the
// meeting with the notes' items (marked), and the tracker has their
// actions besides the IRC meeting's own.
func TestMergeEnded(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	start := time.Date(2011, 7, 19, 9, 30, 0, 0, time.UTC)
	m := ircMeeting(t, st, start,
		"rbergeron: #startmeeting hybrid", "rbergeron: #topic remote part",
		"rbergeron: #action rbergeron to book the room", "rbergeron: #endmeeting")
	if m == nil || m.Ended.IsZero() {
		t.Fatalf("the IRC meeting did not end: %+v", m)
	}
	if _, err := tracker.Sync(ctx, st, m, nil); err != nil {
		t.Fatal(err)
	}
	before, _ := st.Events(m.ID)
	n := parseSeed(t, "2011-07-19", directory())
	opt := ImportOptions{Series: "fudcon", Merge: m.ID, People: directory(), Key: "sha256:test"}
	imp, err := ImportNotes(ctx, st, n, opt)
	if err != nil {
		t.Fatalf("merge into the ended meeting: %v", err)
	}
	// The same file again: refused, nothing stored.
	if _, err := ImportNotes(ctx, st, n, opt); !errors.Is(err, store.ErrExists) {
		t.Errorf("second merge of the same notes: %v, want ErrExists", err)
	}
	after, err := st.Events(m.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(after) != len(before)+len(imp.Events) {
		t.Fatalf("%d events before, %d merged, %d after", len(before), len(imp.Events), len(after))
	}
	for _, ev := range after[len(before):] {
		if ev.Kind != meeting.KindNotes || !ev.Time.After(m.Ended) {
			t.Errorf("merged event %+v: want a notes event after the end %v", ev, m.Ended)
		}
	}

	// The truth is the stored events: a fresh engine replays them.
	rec, err := st.Meeting(m.ID)
	if err != nil {
		t.Fatal(err)
	}
	c := meeting.NewChannel(rec.Channel, store.EngineOptions(rec))
	var got *meeting.Meeting
	for _, ev := range after {
		if r := c.Handle(ev); r.Meeting != nil {
			got = r.Meeting
		}
	}
	if got == nil || got.ID != m.ID || !got.Ended.Equal(m.Ended) {
		t.Fatalf("replayed meeting %+v, want %s ended at %v", got, m.ID, m.Ended)
	}
	acts := got.Actions()
	if len(acts) != 1+len(n.Actions()) {
		t.Fatalf("replayed meeting has %d actions, want 1 + the notes' %d", len(acts), len(n.Actions()))
	}
	if acts[0].FromNotes {
		t.Errorf("the IRC meeting's own action is marked as from notes: %+v", acts[0])
	}
	for _, a := range acts[1:] {
		if !a.FromNotes || strings.Contains(a.Text, notes.MergePrefix) {
			t.Errorf("merged action %+v: want FromNotes and no text prefix", a)
		}
	}
	if !reflect.DeepEqual(got.Items, imp.Meeting.Items) {
		t.Errorf("replayed items differ from the merge's")
	}
	if got.Lines["rbergeron"] != 4 {
		t.Errorf("notes lines counted as said: %v", got.Lines)
	}
	// The tracker has both the IRC action and the notes' actions.
	find(t, st, "rbergeron", "book the room")
	if a := find(t, st, "Prasad J Pandit", "caterers"); a.Due != "2011-08-10" || a.Status != "open" {
		t.Errorf("caterers %+v", a)
	}
	// Syncing the replayed meeting again changes nothing.
	if ch, err := tracker.Sync(ctx, st, got, directory()); err != nil || len(ch) != 0 {
		t.Errorf("second sync: %v %v", ch, err)
	}
}

// TestSaveThenEnd syncs a meeting in progress (#save) and again when it
// ends: no duplicates, and owners learnt later are added.
func TestSaveThenEnd(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	c := meeting.NewChannel("#team", meeting.Options{Series: "team"})
	at := time.Date(2026, 3, 6, 13, 0, 0, 0, time.UTC)
	say := func(nick, text string) *meeting.Meeting {
		at = at.Add(time.Minute)
		return c.Handle(meeting.Event{Time: at, Channel: "#team", Nick: nick, Text: text}).Meeting
	}
	say("alice", "#startmeeting team")
	say("alice", "#action review the release notes with carol")
	m := say("alice", "#action bob to renew the certificate due 2026-03-20")
	if ch, err := tracker.Sync(ctx, st, m, nil); err != nil || len(ch) != 2 {
		t.Fatalf("first sync: %v %v", ch, err)
	}
	say("carol", "hi, I'm here") // carol becomes a known name: she owns the first action
	m = say("alice", "#endmeeting")
	ch, err := tracker.Sync(ctx, st, m, nil)
	if err != nil {
		t.Fatal(err)
	}
	all, _ := st.Actions(store.ActionFilter{})
	if len(all) != 2 {
		t.Fatalf("%d items after save and end: %v", len(all), ch)
	}
	if a := find(t, st, "carol", "release notes"); len(a.Meetings) != 1 {
		t.Errorf("carol's item %+v", a)
	}
	if ch2, _ := tracker.Sync(ctx, st, m, nil); len(ch2) != 0 {
		t.Errorf("third sync changed %v", ch2)
	}
}

// ImportOptions are life.NotesOptions with the people directory the
// Keeper is made with.
type ImportOptions struct {
	Series, Chair, Key, Merge string
	People                    *people.Directory
}

// ImportNotes imports n through life.Keeper, the one place that stores a
// meeting and tracks it.
func ImportNotes(ctx context.Context, st *store.Store, n *notes.Notes, opt ImportOptions) (*life.Imported, error) {
	return life.New(st, opt.People).ImportNotes(ctx, n, life.NotesOptions{Series: opt.Series, Chair: opt.Chair, Key: opt.Key, Merge: opt.Merge})
}

// TestRepeatLinksAcrossSpellings: the store's index of open items is keyed
// by owners as stored, so an item stored under a nick before the people
// directory knew its owner still links a repeat that names the person
// another way (the directory maps both to one person), and an item of
// another owner with the same text does not.
func TestRepeatLinksAcrossSpellings(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	m1 := ircMeeting(t, st, time.Date(2026, 3, 6, 13, 0, 0, 0, time.UTC),
		"alice: #startmeeting weekly",
		"alice: #action pjp to book the hotels for the speakers",
		"alice: #action bob to order the t-shirts",
		"alice: #endmeeting")
	if _, err := tracker.Sync(ctx, st, m1, nil); err != nil { // no directory: owners kept as written
		t.Fatal(err)
	}
	m2 := ircMeeting(t, st, time.Date(2026, 3, 13, 13, 0, 0, 0, time.UTC),
		"alice: #startmeeting weekly",
		"alice: #action PJP to book the hotels for the speakers by Friday",
		"alice: #action kushal to order the t-shirts",
		"alice: #endmeeting")
	ch, err := tracker.Sync(ctx, st, m2, directory())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range ch {
		got = append(got, c.What+" "+c.Text)
	}
	want := []string{"linked pjp to book the hotels for the speakers", "new kushal to order the t-shirts"}
	if len(got) < 2 || got[0] != want[0] || got[len(got)-1] != want[1] {
		t.Errorf("changes %q, want first %q and last %q", got, want[0], want[1])
	}
	if a := find(t, st, "Prasad J Pandit", "hotels"); len(a.Meetings) != 2 {
		t.Errorf("the hotels item is in meetings %v, want both", a.Meetings)
	}
}

// appendEvents adds evs at the end of meeting id's events in one transaction.
func appendEvents(st *store.Store, id string, evs []meeting.Event) error {
	return st.Update(func(tx *store.Tx) error {
		for _, ev := range evs {
			if _, err := tx.Append(id, ev); err != nil {
				return err
			}
		}
		return nil
	})
}

// TestRecurringTopicKeepsActionsApart checks that the topic never links
// items alone: distinct actions an owner takes under a topic every meeting
// has ("Roll call") stay distinct items, each with its own short history,
// while an action repeating an open item's words under that topic is linked
// to it, and among two items matching equally the one raised under the same
// topic wins.
func TestRecurringTopicKeepsActionsApart(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	dir := directory()
	week := func(i int) time.Time { return time.Date(2011, 8, 1+7*i, 13, 0, 0, 0, time.UTC) }
	distinct := []string{
		"kushal to book the conference hall",
		"kushal to mail the sponsors about invoices",
		"kushal to review the badge artwork",
	}
	for i, text := range distinct {
		m := ircMeeting(t, st, week(i),
			"rbergeron: #startmeeting FUDCon planning",
			"rbergeron: #topic Roll call",
			"rbergeron: #action "+text,
			"rbergeron: #endmeeting",
		)
		if _, err := tracker.Sync(ctx, st, m, dir); err != nil {
			t.Fatal(err)
		}
	}
	ids := map[string]bool{}
	for _, text := range distinct {
		a := find(t, st, "Kushal Das", strings.TrimPrefix(text, "kushal to "))
		if len(a.Meetings) != 1 || a.Topic != "Roll call" {
			t.Errorf("item %s %q: meetings %q topic %q, want its own meeting under Roll call", a.ID, a.Text, a.Meetings, a.Topic)
		}
		ids[a.ID] = true
	}
	if len(ids) != len(distinct) {
		t.Fatalf("three distinct actions under one topic became %d items", len(ids))
	}
	hall := find(t, st, "Kushal Das", "conference hall")

	// A real repeat under the recurring topic links to its item.
	m := ircMeeting(t, st, week(3),
		"rbergeron: #startmeeting FUDCon planning",
		"rbergeron: #topic Roll call",
		"rbergeron: #action kushal to book the conference hall, due Sep 9",
		"rbergeron: #action kushal to print the schedule posters",
		"rbergeron: #endmeeting",
	)
	changes, err := tracker.Sync(ctx, st, m, dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("changes: %v", changes)
	again := find(t, st, "Kushal Das", "conference hall")
	if again.ID != hall.ID || len(again.Meetings) != 2 || again.Due != "2011-09-09" {
		t.Errorf("repeat made %s (meetings %q, due %q), want %s linked with the new deadline", again.ID, again.Meetings, again.Due, hall.ID)
	}
	posters := find(t, st, "Kushal Das", "posters")
	if ids[posters.ID] || len(posters.Meetings) != 1 {
		t.Errorf("new action under Roll call linked to %s (meetings %q)", posters.ID, posters.Meetings)
	}
	for _, text := range distinct[1:] {
		if a := find(t, st, "Kushal Das", strings.TrimPrefix(text, "kushal to ")); len(a.Meetings) != 1 {
			t.Errorf("item %s %q grew to meetings %q", a.ID, a.Text, a.Meetings)
		}
	}

	// Two open items matching equally: the topic breaks the tie (without
	// it the lower id would win, whichever item has it).
	m = ircMeeting(t, st, week(4),
		"rbergeron: #startmeeting FUDCon planning",
		"rbergeron: #topic Venue",
		"rbergeron: #action mether to call the printer",
		"rbergeron: #topic Badges",
		"rbergeron: #action kushal to call the printer",
		"rbergeron: #endmeeting",
	)
	if _, err := tracker.Sync(ctx, st, m, dir); err != nil {
		t.Fatal(err)
	}
	venue := find(t, st, "Rahul Sundaram", "printer")
	badges := find(t, st, "Kushal Das", "printer")
	if venue.ID == badges.ID {
		t.Fatalf("two owners' actions became one item %s", venue.ID)
	}
	m = ircMeeting(t, st, week(5),
		"rbergeron: #startmeeting FUDCon planning",
		"rbergeron: #topic Venue",
		"kushal: hi", "mether: hi",
		"rbergeron: #action kushal, mether to call the printer",
		"rbergeron: #endmeeting",
	)
	if _, err := tracker.Sync(ctx, st, m, dir); err != nil {
		t.Fatal(err)
	}
	items, err := st.Actions(store.ActionFilter{Meeting: m.ID})
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 1 || items[0].ID != venue.ID {
		t.Errorf("the repeat under Venue linked %+v, want the Venue item %s (not the Badges item %s)", items, venue.ID, badges.ID)
	}
}

// TestCandidatesBounded checks that a new #action is compared with its
// owner's 64 newest open items in the series only: a repeat of a newer
// item links, a repeat of an item older than those makes a new item (the
// bound that keeps an #action's cost from growing with an archive where
// nothing closes items), and "#action ID text" still reaches the old one.
func TestCandidatesBounded(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	dir := directory()
	task := func(i int) string { return fmt.Sprintf("kushal to fix zq%03d xr%03d", i, i) }
	lines := []string{"rbergeron: #startmeeting FUDCon planning", "kushal: hi"}
	for i := range 65 {
		lines = append(lines, "rbergeron: #action "+task(i))
	}
	m := ircMeeting(t, st, time.Date(2011, 8, 1, 13, 0, 0, 0, time.UTC), append(lines, "rbergeron: #endmeeting")...)
	if _, err := tracker.Sync(ctx, st, m, dir); err != nil {
		t.Fatal(err)
	}
	oldest, newest := find(t, st, "Kushal Das", "zq000"), find(t, st, "Kushal Das", "zq064")
	m = ircMeeting(t, st, time.Date(2011, 8, 8, 13, 0, 0, 0, time.UTC),
		"rbergeron: #startmeeting FUDCon planning", "kushal: hi",
		"rbergeron: #action "+task(64),
		"rbergeron: #action "+task(0),
		"rbergeron: #action "+oldest.ID+" kushal to fix zq000 xr000 for good",
		"rbergeron: #endmeeting")
	changes, err := tracker.Sync(ctx, st, m, dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("changes: %v", changes)
	if a := find(t, st, "Kushal Das", "zq064"); a.ID != newest.ID || len(a.Meetings) != 2 {
		t.Errorf("repeat of the newest item: %s meetings %q, want %s linked", a.ID, a.Meetings, newest.ID)
	}
	items, err := st.Actions(store.ActionFilter{Owner: "Kushal Das"})
	if err != nil {
		t.Fatal(err)
	}
	var zq000 []store.ActionRecord
	for _, a := range items {
		if strings.Contains(a.Text, "zq000") {
			zq000 = append(zq000, a)
		}
	}
	if len(zq000) != 2 {
		t.Fatalf("%d items with zq000, want the old one and a new one: %+v", len(zq000), zq000)
	}
	for _, a := range zq000 {
		switch {
		case a.ID == oldest.ID && (a.Text != "kushal to fix zq000 xr000 for good" || len(a.Meetings) != 2):
			t.Errorf("#action %s did not update the old item: %+v", oldest.ID, a)
		case a.ID != oldest.ID && len(a.Meetings) != 1:
			t.Errorf("the repeat beyond the bound %+v", a)
		}
	}
}
