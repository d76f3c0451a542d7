package publisher

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestStalePagesRemoved (issue 11): pages whose content went away leave
// the site, in an incremental publish and in a full build by a new
// Publisher (which knows only the files on disk): an owner's pages and
// calendar when the owner has no item left, a series' timeline page of a
// year it no longer has meetings in, the numbered page an item of another
// id form was on in an older site (other.html). Items of ids not of the
// store's form are spread over pages, not put on one.
func TestStalePagesRemoved(t *testing.T) {
	ctx := context.Background()
	src := &memSource{}
	for i, y := range []int{2023, 2024, 2025, 2026} {
		owner := []string{"alice", "bob", "carol", "carol"}[i]
		m := runMeeting(t, "#ops", "ops", time.Date(y, 3, 2, 15, 0, 0, 0, time.UTC),
			"pjp: #startmeeting Ops", "pjp: #topic Mirrors", "pjp: #action "+owner+" to check the mirror", "pjp: #endmeeting")
		src.add(m, "")
		src.actions = append(src.actions, Action{ID: src.nextID(), Text: owner + " to check the mirror", Owners: []string{owner},
			Status: "open", Series: "ops", Due: "2026-08-01", Meetings: []string{m.ID}, Created: m.Ended, Updated: m.Ended})
	}
	// Ids of other forms (an older tracker's) go to pages by hash.
	for i := 0; i < 40; i++ {
		src.actions = append(src.actions, Action{ID: "legacy-" + strings.Repeat("x", i%3) + string(rune('a'+i%26)) + string(rune('0'+i/26)),
			Text: "dave to file it", Owners: []string{"dave"}, Status: "open", Series: "ops",
			Meetings: []string{src.recs[0].ID}, Created: src.recs[0].Ended, Updated: src.recs[0].Ended})
	}
	dir := t.TempDir()
	opt := fixtureOptions(dir)
	opt.Posts = ""
	p, err := New(src, opt)
	if err != nil {
		t.Fatal(err)
	}
	// An older site had every other id on one page.
	stale := filepath.Join(dir, "actions", "_items", "other.html")
	if err := os.MkdirAll(filepath.Dir(stale), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(stale, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Build(ctx); err != nil {
		t.Fatal(err)
	}
	exists := func(rel string) bool {
		_, err := os.Stat(filepath.Join(dir, filepath.FromSlash(rel)))
		return err == nil
	}
	for _, rel := range []string{"series/ops/2023/index.html", "series/ops/2024/index.html", "series/ops/2025/index.html",
		"actions/alice/index.html", "actions/alice/actions.ics", "actions/bob/index.html"} {
		if !exists(rel) {
			t.Fatalf("%s missing after the first build", rel)
		}
	}
	if exists("actions/_items/other.html") {
		t.Errorf("the old page of other ids is still there after a full build")
	}
	ents, err := os.ReadDir(filepath.Join(dir, "actions", "_items"))
	if err != nil {
		t.Fatal(err)
	}
	others, onPages := 0, 0
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), otherPrefix) {
			others++
			data, _ := os.ReadFile(filepath.Join(dir, "actions", "_items", e.Name()))
			onPages += strings.Count(string(data), ">legacy-")
		}
	}
	if others < 10 || onPages < 40 {
		t.Errorf("40 items of other ids on %d pages (%d listed), want them spread over many", others, onPages)
	}

	// Incremental: alice's item goes to carol, the 2023 meeting to
	// another series.
	src.mu.Lock()
	src.actions[0].Owners, src.actions[0].Text = []string{"carol"}, "carol to check the mirror"
	src.actions[0].Revision++
	old := src.recs[0]
	src.recs[0].Series, src.recs[0].Revision = "dev", "2"
	src.meetings[old.ID].Series = "dev"
	src.mu.Unlock()
	if _, err := p.PublishActions(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := p.PublishMoved(ctx, old.ID, old.Series); err != nil {
		t.Fatal(err)
	}
	for _, rel := range []string{"actions/alice/index.html", "actions/alice/actions.ics", "actions/alice", "series/ops/2023/index.html", "series/ops/2023"} {
		if exists(rel) {
			t.Errorf("%s still there after an incremental publish", rel)
		}
	}
	for _, rel := range []string{"series/ops/2024/index.html", "series/dev/index.html", "actions/carol/index.html", "actions/bob/index.html"} {
		if !exists(rel) {
			t.Errorf("%s gone after an incremental publish", rel)
		}
	}

	// Full build by a new Publisher: bob's item goes to carol, the 2024
	// meeting to dev as well.
	src.mu.Lock()
	src.actions[1].Owners = []string{"carol"}
	src.actions[1].Revision++
	src.recs[1].Series, src.recs[1].Revision = "dev", "2"
	src.meetings[src.recs[1].ID].Series = "dev"
	src.mu.Unlock()
	q, err := New(src, opt)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := q.Build(ctx); err != nil {
		t.Fatal(err)
	}
	for _, rel := range []string{"actions/bob/index.html", "actions/bob/actions.ics", "series/ops/2024/index.html"} {
		if exists(rel) {
			t.Errorf("%s still there after a full build", rel)
		}
	}
	for _, rel := range []string{"series/ops/2025/index.html", "series/dev/2023/index.html", "actions/carol/index.html"} {
		if !exists(rel) {
			t.Errorf("%s gone after a full build", rel)
		}
	}
}
