package publisher

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/store"
)

// TestAgendaPages: the next meeting's agenda (the series' open items in
// the store) is on the series page and the home page, people's text
// escaped; PublishAgenda after a change rewrites exactly those two pages,
// and a series with an agenda but no meeting yet is on the home page
// without a link.
func TestAgendaPages(t *testing.T) {
	ctx := context.Background()
	st, _, _ := planetStore(t)
	at := time.Date(2026, 7, 27, 9, 0, 0, 0, time.UTC)
	put := func(series string, items ...meeting.AgendaItem) {
		t.Helper()
		if err := st.Update(func(tx *store.Tx) error { return tx.PutAgenda(series, items) }); err != nil {
			t.Fatal(err)
		}
	}
	item := func(text, by string, minutes int, status string) meeting.AgendaItem {
		return meeting.AgendaItem{Key: meeting.AgendaKey(at, by, text), Text: text, By: by, Added: at, Minutes: minutes, Status: status}
	}
	budget, hostile := item("Budget", "alice", 10, meeting.AgendaOpen), item("Badges <script>alert(1)</script>", "bob", 0, meeting.AgendaCarried)
	put("fudcon", budget, hostile, item("Keynote", "jsmith", 0, meeting.AgendaCovered))
	dir := t.TempDir()
	opt := fixtureOptions(dir)
	opt.Posts, opt.Now = "", time.Date(2026, 7, 28, 12, 0, 0, 0, time.UTC)
	p, err := New(StoreSource{Store: st}, opt)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Build(ctx); err != nil {
		t.Fatal(err)
	}
	read := func(rel string) string {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(dir, rel))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	series, home := read("series/fudcon/index.html"), read("index.html")
	for name, page := range map[string]string{"series": series, "home": home} {
		for _, want := range []string{"Budget", "(10 min)", "Badges &lt;script&gt;alert(1)&lt;/script&gt;"} {
			if !strings.Contains(page, want) {
				t.Errorf("%s page lacks %q", name, want)
			}
		}
		if strings.Contains(page, "Keynote</li>") || strings.Contains(page, "<script>alert") {
			t.Errorf("%s page shows a covered item or unescaped text", name)
		}
	}
	if !strings.Contains(series, `<h2 id="agenda">Agenda of the next meeting</h2>`) || !strings.Contains(home, `href="./series/fudcon/#agenda"`) {
		t.Errorf("the agenda sections or the home page's link to the series' agenda are missing")
	}

	// A change: the budget item dropped, a series with no meeting yet
	// gets an agenda. PublishAgenda rewrites the two pages only.
	dropped := budget
	dropped.Status = meeting.AgendaDropped
	put("fudcon", dropped, hostile)
	put("infra", item("Backups", "carol", 0, meeting.AgendaOpen))
	before := readTree(t, dir)
	if _, err := p.PublishAgenda(ctx, "fudcon"); err != nil {
		t.Fatal(err)
	}
	after := readTree(t, dir)
	var changed []string
	for name, b := range after {
		if !bytes.Equal(b, before[name]) {
			changed = append(changed, name)
		}
	}
	sort.Strings(changed)
	if strings.Join(changed, " ") != "index.html series/fudcon/index.html" {
		t.Errorf("PublishAgenda changed %v, want the home and series pages", changed)
	}
	series, home = read("series/fudcon/index.html"), read("index.html")
	if strings.Contains(series, "Budget") || strings.Contains(home, "Budget") || !strings.Contains(home, "<h3>infra</h3>") ||
		!strings.Contains(home, "Backups") {
		t.Errorf("after the change: series page %v, home page %v", strings.Contains(series, "Budget"), home)
	}
}
