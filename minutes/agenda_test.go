package minutes

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/meeting"
)

// TestAgendaSection: a meeting with an agenda gets an Agenda section
// (covered, carried, dropped) in every minutes format and "agenda" in the
// .json; one without gets neither (the MeetBot goldens stay byte-identical).
func TestAgendaSection(t *testing.T) {
	t0 := time.Date(2026, 7, 22, 13, 0, 0, 0, time.UTC)
	c := meeting.NewChannel("#test", meeting.Options{BotNick: "gavel"})
	start := meeting.Event{Time: t0, Nick: "alice", Text: "#startmeeting Agenda"}
	c.Handle(start)
	aev, err := meeting.AgendaEvent(t0, "#test", []meeting.AgendaItem{
		{Key: "a", Text: "Budget <review>", By: "bob", Minutes: 10},
		{Key: "b", Text: "Venue", By: "carol"},
		{Key: "c", Text: "Travel", By: "dave"},
	})
	if err != nil {
		t.Fatal(err)
	}
	c.Handle(aev)
	for i, l := range []string{"#agenda drop 3", "#next", "#endmeeting"} {
		c.Handle(meeting.Event{Time: t0.Add(time.Duration(i+1) * time.Minute), Nick: "alice", Text: l})
	}
	m := c.Ended()
	files, err := Write(m, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []struct{ format, want string }{
		{FormatHTML, `<h3>Agenda</h3>`},
		{FormatHTML, `<span class="AGENDA">Budget &lt;review&gt;</span> (10m) (bob): covered</li>`},
		{FormatHTML, `Venue</span> (carol): carried`},
		{FormatText, "Agenda\n------\n* Budget <review> (10m)  (bob): covered\n* Venue  (carol): carried\n* Travel  (dave): dropped\n"},
		{FormatMD, "## Agenda\n\n- Budget \\<review\\> (10m) (bob): covered\n"},
	} {
		if got := string(fileOf(files, f.format)); !strings.Contains(got, f.want) {
			t.Errorf("%s lacks %q:\n%s", f.format, f.want, got)
		}
	}
	var j struct {
		Agenda []map[string]any `json:"agenda"`
	}
	if err := json.Unmarshal(fileOf(files, FormatJSON), &j); err != nil {
		t.Fatal(err)
	}
	if len(j.Agenda) != 3 || j.Agenda[0]["text"] != "Budget <review>" || j.Agenda[0]["by"] != "bob" ||
		j.Agenda[0]["status"] != "covered" || j.Agenda[0]["minutes"] != float64(10) || j.Agenda[2]["status"] != "dropped" {
		t.Errorf("json agenda %v", j.Agenda)
	}

	plain := meeting.NewChannel("#test", meeting.Options{})
	plain.Handle(meeting.Event{Time: t0, Nick: "alice", Text: "#startmeeting Plain"})
	plain.Handle(meeting.Event{Time: t0.Add(time.Minute), Nick: "alice", Text: "#endmeeting"})
	files, err = Write(plain.Ended(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if strings.Contains(string(f.Data), "Agenda") || strings.Contains(string(f.Data), `"agenda"`) {
			t.Errorf("%s of a meeting without an agenda mentions one", f.Format)
		}
	}
}
