package publisher

import (
	"bytes"
	"context"
	"sort"
	"strings"
	"testing"
	"time"
)

// changedFiles returns the files of after that are new or differ from
// before, and those of before that are gone, sorted.
func changedFiles(before, after map[string][]byte) []string {
	var out []string
	for name, b := range after {
		if a, ok := before[name]; !ok || !bytes.Equal(a, b) {
			out = append(out, name)
		}
	}
	for name := range before {
		if _, ok := after[name]; !ok {
			out = append(out, "gone: "+name)
		}
	}
	sort.Strings(out)
	return out
}

// actionFiles keeps the files of the action-item pages and calendars.
func actionFiles(files []string) []string {
	var out []string
	for _, f := range files {
		if strings.HasPrefix(f, "actions/") || f == "actions.ics" {
			out = append(out, f)
		}
	}
	return out
}

// TestIncrementalActionPages: in an archive of 600 items on three
// numbered pages, one more meeting (and its item) republishes the
// overview, the last numbered page, its owner's page and calendar and the
// site's calendar, and an owner's done the same for the item's own page:
// every other action page and calendar stays byte for byte as it was.
func TestIncrementalActionPages(t *testing.T) {
	src := archive(t, 600)
	dir := t.TempDir()
	ctx := context.Background()
	p, err := New(src, benchOptions(dir))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Build(ctx); err != nil {
		t.Fatal(err)
	}
	before := readTree(t, dir)
	for _, page := range []string{"1", "2", "3"} {
		if _, ok := before["actions/_items/"+page+".html"]; !ok {
			t.Fatalf("no numbered page %s", page)
		}
	}

	// One more meeting: bob's new item, number 601, is on page 3.
	last := src.recs[len(src.recs)-1].Started
	m := runMeeting(t, "#team00", "team00", last.Add(time.Hour),
		"alice: #startmeeting Team team00", "alice: #topic late addition", "alice: #action bob to write the quokka report", "alice: #endmeeting")
	src.add(m, "")
	it := m.Actions()[0]
	id := src.nextID()
	src.actions = append(src.actions, Action{ID: id, Raised: []string{m.ID + "#" + it.ActionID}, Text: it.Text, Owners: it.Owners,
		Status: "open", Series: "team00", Due: "2026-07-30", Meetings: []string{m.ID}, Created: m.Ended, Updated: m.Ended})
	if itemPageName(id) != "3" {
		t.Fatalf("new item %s is on page %s, want 3", id, itemPageName(id))
	}
	if _, err := p.PublishMeeting(ctx, m.ID); err != nil {
		t.Fatal(err)
	}
	after := readTree(t, dir)
	got := actionFiles(changedFiles(before, after))
	want := []string{"actions.ics", "actions/_items/3.html", "actions/bob/actions.ics", "actions/bob/index.html", "actions/index.html"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("one more meeting changed the action files %q, want %q", got, want)
	}
	if !bytes.Contains(after["actions/_items/3.html"], []byte(`id="`+id+`"`)) ||
		!bytes.Contains(after["actions/bob/index.html"], []byte(`id="`+id+`"`)) {
		t.Errorf("the new item %s is not on its numbered page and its owner's page", id)
	}

	// An open item of page 2 is done.
	var done *Action
	for i := range src.actions {
		if a := &src.actions[i]; a.Open() && itemPageName(a.ID) == "2" && len(a.Owners) == 1 {
			done = a
			break
		}
	}
	if done == nil {
		t.Fatal("no open item with one owner on page 2")
	}
	done.Status, done.Closed, done.ClosedBy, done.Updated, done.Revision = "done", benchOptions(dir).Now, done.Owners[0], benchOptions(dir).Now, 1
	before = after
	if _, err := p.PublishActions(ctx); err != nil {
		t.Fatal(err)
	}
	after = readTree(t, dir)
	got = actionFiles(changedFiles(before, after))
	owner := "actions/" + ownerSlug(done.Owners[0]) + "/"
	want = []string{"actions.ics", "actions/_items/2.html", owner + "actions.ics", owner + "index.html", "actions/index.html"}
	sort.Strings(want)
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("done %s changed the action files %q, want %q", done.ID, got, want)
	}
	if !bytes.Contains(after["actions/_items/2.html"], []byte(`<li class="closed" id="`+done.ID+`">`)) {
		t.Errorf("the done item %s is not shown closed on its numbered page", done.ID)
	}
}
