package publisher

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/gavel-irc/gavel/internal/testenv"
)

// TestCalendarIcalendar parses the published calendar feeds with Debian's
// python3-icalendar: the site-wide feed holds the open items with a due
// date (UID and the day they are due), an owner's feed only that owner's,
// and closing an item takes it out of both at the next PublishActions.
func TestCalendarIcalendar(t *testing.T) {
	py := testenv.Python(t, "icalendar")
	dir := t.TempDir()
	src := buildFixture(t, dir)
	script := `
import icalendar, json, sys
out = {}
for p in sys.argv[1:]:
    cal = icalendar.Calendar.from_ical(open(p, "rb").read())
    out[p] = {"name": str(cal.get("X-WR-CALNAME", "")), "events": [
        {"uid": str(e["UID"]), "start": e.decoded("DTSTART").isoformat(), "end": e.decoded("DTEND").isoformat(),
         "summary": str(e["SUMMARY"]), "url": str(e.get("URL", ""))} for e in cal.walk("VEVENT")]}
json.dump(out, sys.stdout)
`
	type event struct{ UID, Start, End, Summary, URL string }
	type calendar struct {
		Name   string
		Events []event
	}
	parse := func(files ...string) map[string]calendar {
		t.Helper()
		args := []string{"-c", script}
		for _, f := range files {
			args = append(args, filepath.Join(dir, filepath.FromSlash(f)))
		}
		out, err := exec.Command(py, args...).Output()
		if err != nil {
			if ee, ok := err.(*exec.ExitError); ok {
				t.Fatalf("icalendar: %v\n%s", err, ee.Stderr)
			}
			t.Fatalf("icalendar: %v", err)
		}
		var res map[string]calendar
		if err := json.Unmarshal(out, &res); err != nil {
			t.Fatalf("icalendar output %q: %v", out, err)
		}
		byRel := map[string]calendar{}
		for _, f := range files {
			byRel[f] = res[filepath.Join(dir, filepath.FromSlash(f))]
		}
		return byRel
	}
	a1 := event{"a1@minutes.example.org", "2026-07-22", "2026-07-23", "alice to call the campus about dates (alice)",
		"https://minutes.example.org/actions/_items/1.html#a1"}
	a2 := event{"a2@minutes.example.org", "2026-08-02", "2026-08-03", "bob to draft the zanzibar travel policy (bob)",
		"https://minutes.example.org/actions/_items/1.html#a2"}
	got := parse("actions.ics", "actions/alice/actions.ics", "actions/carol/actions.ics")
	if c := got["actions.ics"]; c.Name != "Example minutes — action items" || !reflect.DeepEqual(c.Events, []event{a1, a2}) {
		t.Errorf("actions.ics: %+v\nwant the events %+v", c, []event{a1, a2})
	}
	// Every feed links an item to its numbered page, the one page that
	// always lists it.
	if c := got["actions/alice/actions.ics"]; c.Name != "Example minutes — action items of alice" || !reflect.DeepEqual(c.Events, []event{a1}) {
		t.Errorf("alice's feed: %+v\nwant the events %+v", c, []event{a1})
	}
	// The items' URLs lead to the item on the page (its id, once), and the
	// overview and the owner's page anchor it too.
	for page, id := range map[string]string{"actions/_items/1.html": "a1", "actions/index.html": "a1", "actions/alice/index.html": "a1"} {
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(page)))
		if err != nil {
			t.Fatal(err)
		}
		if n := strings.Count(string(b), ` id="`+id+`"`); n != 1 {
			t.Errorf("%s has %d elements with id %s, want 1", page, n, id)
		}
	}
	if c := got["actions/carol/actions.ics"]; len(c.Events) != 0 {
		t.Errorf("carol's only item is done, her feed has %+v", c.Events)
	}

	// Alice's item is done: it leaves both feeds and her page.
	src.mu.Lock()
	src.actions[0].Status = "done"
	src.actions[0].Updated = fixtureNow
	src.mu.Unlock()
	p, err := New(src, fixtureOptions(dir))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.PublishActions(context.Background()); err != nil {
		t.Fatal(err)
	}
	got = parse("actions.ics", "actions/alice/actions.ics")
	if c := got["actions.ics"]; !reflect.DeepEqual(c.Events, []event{a2}) {
		t.Errorf("after a1 was done, actions.ics has %+v", c.Events)
	}
	if c := got["actions/alice/actions.ics"]; len(c.Events) != 0 {
		t.Errorf("after a1 was done, alice's feed has %+v", c.Events)
	}
	if _, err := os.Stat(filepath.Join(dir, "actions", "alice", "index.html")); err != nil {
		t.Error(err)
	}
}
