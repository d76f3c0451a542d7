package ical

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	goical "github.com/emersion/go-ical"

	"github.com/gavel-irc/gavel/internal/testenv"
	"github.com/gavel-irc/gavel/store"
	"github.com/gavel-irc/gavel/usertext"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

func sample() []store.ActionRecord {
	at := func(s string) time.Time {
		t, err := time.Parse(time.RFC3339, s)
		if err != nil {
			panic(err)
		}
		return t
	}
	return []store.ActionRecord{
		{ID: "a2", Text: "Goodies", Owners: []string{"Kushal Das"}, Due: "2011-08-31", DueText: "31 Aug", Status: "open",
			Series: "fudcon", Meetings: []string{"fudcon.2011-07-19T093000Z"}, Created: at("2011-07-19T09:30:40Z"), Updated: at("2011-07-19T09:30:40Z"),
			History: make([]store.ActionChange, 2)},
		{ID: "a1", Text: "Caterers; boxed lunches, buffet \\ stalls\nand a very long line that goes on and on — with “quotes” and ünïcödé to fold across several lines of the feed",
			Owners: []string{"PJP", "Satya"}, Due: "2011-08-10", DueText: "10 Aug", Status: "open", Series: "fudcon",
			Meetings: []string{"fudcon.2011-07-12T093000Z", "fudcon.2011-07-19T093000Z"}, Created: at("2011-07-12T09:30:49Z"), Updated: at("2011-07-19T09:30:48Z"),
			History: make([]store.ActionChange, 5)},
		{ID: "a3", Text: "closed item", Owners: []string{"PJP"}, Due: "2011-08-01", Status: "done", Updated: at("2011-07-20T00:00:00Z")},
		{ID: "a4", Text: "no date", Owners: []string{"PJP"}, Status: "open", Updated: at("2011-07-20T00:00:00Z")},
		{ID: "a5", Text: "unreadable date", Owners: []string{"PJP"}, DueText: "sometime", DueUnread: true, Status: "open", Updated: at("2011-07-20T00:00:00Z")},
		{ID: "a10", Text: "Website + voting", Owners: []string{"Saleem"}, Due: "2011-08-10", DueText: "next week", Status: "open", Series: "fudcon",
			Created: at("2011-07-19T09:31:00Z"), Updated: at("2011-07-19T09:31:00Z")},
	}
}

func TestGolden(t *testing.T) {
	for _, todo := range []bool{false, true} {
		var b bytes.Buffer
		if err := WriteICS(&b, sample(), Options{Host: "minutes.example.org", Name: "FUDCon, actions", URL: "https://minutes.example.org/actions/", Todo: todo}); err != nil {
			t.Fatal(err)
		}
		name := filepath.Join("testdata", "actions.ics")
		if todo {
			name = filepath.Join("testdata", "actions-todo.ics")
		}
		if *update {
			if err := os.WriteFile(name, b.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(b.Bytes(), want) {
			t.Errorf("%s differs (run go test -update):\n%s", name, b.String())
		}
		// Reproducible: the same items give the same bytes.
		var b2 bytes.Buffer
		if err := WriteICS(&b2, sample(), Options{Host: "minutes.example.org", Name: "FUDCon, actions", URL: "https://minutes.example.org/actions/", Todo: todo}); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(b.Bytes(), b2.Bytes()) {
			t.Error("output not reproducible")
		}
	}
}

// TestGoParser reads the feeds back with go-ical's decoder (an iCalendar
// parser independent of the writer's code path) and checks the physical
// lines: CRLF, at most 75 octets, folding never inside a UTF-8 character.
func TestGoParser(t *testing.T) {
	items := sample()
	for _, todo := range []bool{false, true} {
		var b bytes.Buffer
		if err := WriteICS(&b, items, Options{Host: "h.example", Todo: todo}); err != nil {
			t.Fatal(err)
		}
		if !bytes.HasSuffix(b.Bytes(), []byte("\r\n")) {
			t.Error("does not end with CRLF")
		}
		for i, l := range strings.Split(strings.TrimSuffix(b.String(), "\r\n"), "\r\n") {
			if len(l) > 75 || !utf8.ValidString(l) || strings.ContainsAny(l, "\r\n") {
				t.Errorf("physical line %d: %q (%d octets)", i+1, l, len(l))
			}
		}
		cal, err := goical.NewDecoder(bytes.NewReader(b.Bytes())).Decode()
		if err != nil {
			t.Fatalf("todo=%v: go-ical: %v\n%s", todo, err, b.String())
		}
		for _, k := range []string{goical.PropVersion, goical.PropProductID} {
			if len(cal.Props[k]) != 1 {
				t.Errorf("VCALENDAR lacks %s", k)
			}
		}
		want := map[string]store.ActionRecord{}
		for _, a := range items {
			if a.Status == "open" && a.Due != "" && !a.DueUnread {
				want[a.ID+"@h.example"] = a
			}
		}
		if len(cal.Children) != len(want) {
			t.Fatalf("%d components, want %d", len(cal.Children), len(want))
		}
		var prevDue string
		for _, c := range cal.Children {
			comp, dateProp := goical.CompEvent, goical.PropDateTimeStart
			if todo {
				comp, dateProp = goical.CompToDo, goical.PropDue
			}
			if c.Name != comp {
				t.Errorf("component %s", c.Name)
			}
			for _, k := range []string{goical.PropUID, goical.PropDateTimeStamp, goical.PropSummary, dateProp} {
				if len(c.Props[k]) != 1 {
					t.Fatalf("%s lacks %s (or has it twice)", comp, k)
				}
			}
			uid, _ := c.Props.Text(goical.PropUID)
			a, ok := want[uid]
			if !ok {
				t.Fatalf("unexpected UID %q", uid)
			}
			d := c.Props.Get(dateProp)
			if d.ValueType() != goical.ValueDate || d.Value != strings.ReplaceAll(a.Due, "-", "") {
				t.Errorf("%s %s = %+v, want %s", a.ID, dateProp, d, a.Due)
			}
			if d.Value < prevDue {
				t.Error("not sorted by due date")
			}
			prevDue = d.Value
			if got, err := c.Props.DateTime(goical.PropDateTimeStamp, nil); err != nil || !got.Equal(a.Updated) {
				t.Errorf("DTSTAMP %v (%v), want the item's Updated %v", got, err, a.Updated)
			}
			sum, err := c.Props.Text(goical.PropSummary)
			if err != nil {
				t.Fatal(err)
			}
			// The text as every output shows it (the line break of a1
			// removed, as usertext.Clean removes control characters).
			if !strings.HasPrefix(sum, usertext.Clean(a.Text)+" (") {
				t.Errorf("SUMMARY %q does not start with the text %q", sum, usertext.Clean(a.Text))
			}
			if desc, err := c.Props.Text(goical.PropDescription); err != nil || !strings.Contains(desc, "Due: "+a.Due) {
				t.Errorf("DESCRIPTION %q (%v)", desc, err)
			}
		}
	}
}

// TestPythonICalendar parses the feed with Debian's python3-icalendar.
func TestPythonICalendar(t *testing.T) {
	py := testenv.Python(t, "icalendar")
	dir := t.TempDir()
	files, err := WriteFeeds(dir, sample(), Options{Host: "minutes.example.org", Name: "FUDCon"})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"actions.ics", "actions/kushal~20das/actions.ics", "actions/pjp/actions.ics", "actions/saleem/actions.ics", "actions/satya/actions.ics"}
	if strings.Join(files, " ") != strings.Join(want, " ") {
		t.Errorf("files %q, want %q", files, want)
	}
	script := `
import icalendar, json, sys
out = {}
for p in sys.argv[1:]:
    cal = icalendar.Calendar.from_ical(open(p, "rb").read())
    evs = []
    for c in cal.walk("VEVENT"):
        evs.append({"uid": str(c["UID"]), "summary": str(c["SUMMARY"]),
                    "start": c["DTSTART"].dt.isoformat(), "end": c["DTEND"].dt.isoformat(),
                    "stamp": c["DTSTAMP"].dt.isoformat()})
    out[p] = evs
print(json.dumps(out))
`
	var args []string
	for _, f := range files {
		args = append(args, filepath.Join(dir, f))
	}
	cmd := exec.Command(py, append([]string{"-c", script}, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	outb, err := cmd.Output()
	if err != nil {
		t.Fatalf("python icalendar: %v\n%s", err, stderr.String())
	}
	type ev struct{ UID, Summary, Start, End, Stamp string }
	var got map[string][]ev
	if err := json.Unmarshal(outb, &got); err != nil {
		t.Fatalf("%v: %s", err, outb)
	}
	all := got[filepath.Join(dir, "actions.ics")]
	if len(all) != 3 {
		t.Fatalf("site-wide feed has %d events: %+v", len(all), all)
	}
	if all[0].UID != "a1@minutes.example.org" || all[0].Start != "2011-08-10" || all[0].End != "2011-08-11" ||
		!strings.HasPrefix(all[0].Summary, usertext.Clean(sample()[1].Text)) || all[0].Stamp != "2011-07-19T09:30:48+00:00" {
		t.Errorf("first event %+v", all[0])
	}
	if all[2].UID != "a2@minutes.example.org" || all[2].Start != "2011-08-31" {
		t.Errorf("last event %+v", all[2])
	}
	if k := got[filepath.Join(dir, "actions", "kushal~20das", "actions.ics")]; len(k) != 1 || k[0].UID != "a2@minutes.example.org" {
		t.Errorf("Kushal's feed %+v", k)
	}
	if p := got[filepath.Join(dir, "actions", "pjp", "actions.ics")]; len(p) != 1 {
		t.Errorf("PJP's feed has %d events (closed, undated and unread items must be left out)", len(p))
	}
}

// TestOwnerSlug: owner slugs are file names (escaping and folding are
// internal/icsfold's tests).
func TestOwnerSlug(t *testing.T) {
}

// TestHostFromURL: the UID host is the base URL's host name without port,
// "gavel" when there is none.
func TestHostFromURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://minutes.example.org/":        "minutes.example.org",
		"https://Minutes.example.org:8443/x/": "Minutes.example.org",
		"http://[::1]:8080/":                  "::1",
		"":                                    "gavel",
		"/relative/path":                      "gavel",
		"://bad":                              "gavel",
	} {
		if got := HostFromURL(in); got != want {
			t.Errorf("HostFromURL(%q) = %q, want %q", in, got, want)
		}
	}
}
