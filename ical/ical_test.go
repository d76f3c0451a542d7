package ical

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/gavel-irc/gavel/internal/testenv"
	"github.com/gavel-irc/gavel/store"
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

// component is one parsed BEGIN/END block.
type component struct {
	name  string
	props map[string][]prop
	subs  []*component
}

type prop struct {
	params map[string]string
	value  string
}

// parseICS is a strict minimal RFC 5545 reader for the tests: every
// physical line must end in CRLF and be at most 75 octets, continuation
// lines start with one space or tab, content lines are NAME[;P=V]*:VALUE,
// BEGIN/END must nest.
func parseICS(data []byte) (*component, error) {
	if !bytes.HasSuffix(data, []byte("\r\n")) {
		return nil, fmt.Errorf("does not end with CRLF")
	}
	phys := strings.Split(strings.TrimSuffix(string(data), "\r\n"), "\r\n")
	var logical []string
	for i, l := range phys {
		if strings.Contains(l, "\n") || strings.Contains(l, "\r") {
			return nil, fmt.Errorf("line %d: bare LF or CR", i+1)
		}
		if len(l) > 75 {
			return nil, fmt.Errorf("line %d: %d octets", i+1, len(l))
		}
		if !utf8.ValidString(l) {
			return nil, fmt.Errorf("line %d: folding split a UTF-8 character", i+1)
		}
		if strings.HasPrefix(l, " ") || strings.HasPrefix(l, "\t") {
			if len(logical) == 0 {
				return nil, fmt.Errorf("line %d: continuation first", i+1)
			}
			logical[len(logical)-1] += l[1:]
			continue
		}
		logical = append(logical, l)
	}
	var stack []*component
	var root *component
	for i, l := range logical {
		colon := strings.IndexByte(l, ':')
		if colon <= 0 {
			return nil, fmt.Errorf("content line %d: no name: %q", i+1, l)
		}
		head, value := l[:colon], l[colon+1:]
		parts := strings.Split(head, ";")
		name := parts[0]
		for _, r := range name {
			if !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-') {
				return nil, fmt.Errorf("content line %d: bad name %q", i+1, name)
			}
		}
		p := prop{params: map[string]string{}, value: value}
		for _, kv := range parts[1:] {
			k, v, ok := strings.Cut(kv, "=")
			if !ok {
				return nil, fmt.Errorf("content line %d: bad parameter %q", i+1, kv)
			}
			p.params[k] = v
		}
		switch name {
		case "BEGIN":
			c := &component{name: value, props: map[string][]prop{}}
			if len(stack) > 0 {
				stack[len(stack)-1].subs = append(stack[len(stack)-1].subs, c)
			} else if root != nil {
				return nil, fmt.Errorf("second top-level component")
			} else {
				root = c
			}
			stack = append(stack, c)
		case "END":
			if len(stack) == 0 || stack[len(stack)-1].name != value {
				return nil, fmt.Errorf("content line %d: END:%s does not match", i+1, value)
			}
			stack = stack[:len(stack)-1]
		default:
			if len(stack) == 0 {
				return nil, fmt.Errorf("content line %d: property outside a component", i+1)
			}
			c := stack[len(stack)-1]
			c.props[name] = append(c.props[name], p)
		}
	}
	if len(stack) != 0 || root == nil || root.name != "VCALENDAR" {
		return nil, fmt.Errorf("unbalanced or missing VCALENDAR")
	}
	return root, nil
}

// unescape reverses Escape, refusing unknown escapes and bare ; or ,.
func unescape(s string) (string, error) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == ';' || c == ',' {
			return "", fmt.Errorf("unescaped %q in %q", c, s)
		}
		if c != '\\' {
			b.WriteByte(c)
			continue
		}
		i++
		if i >= len(s) {
			return "", fmt.Errorf("trailing backslash in %q", s)
		}
		switch s[i] {
		case '\\', ';', ',':
			b.WriteByte(s[i])
		case 'n', 'N':
			b.WriteByte('\n')
		default:
			return "", fmt.Errorf("bad escape \\%c in %q", s[i], s)
		}
	}
	return b.String(), nil
}

func TestGoParser(t *testing.T) {
	items := sample()
	for _, todo := range []bool{false, true} {
		var b bytes.Buffer
		if err := WriteICS(&b, items, Options{Host: "h.example", Todo: todo}); err != nil {
			t.Fatal(err)
		}
		cal, err := parseICS(b.Bytes())
		if err != nil {
			t.Fatalf("todo=%v: %v\n%s", todo, err, b.String())
		}
		for _, k := range []string{"VERSION", "PRODID"} {
			if len(cal.props[k]) != 1 {
				t.Errorf("VCALENDAR lacks %s", k)
			}
		}
		want := map[string]store.ActionRecord{}
		for _, a := range items {
			if a.Status == "open" && a.Due != "" && !a.DueUnread {
				want[a.ID+"@h.example"] = a
			}
		}
		if len(cal.subs) != len(want) {
			t.Fatalf("%d components, want %d", len(cal.subs), len(want))
		}
		var prevDue string
		for _, c := range cal.subs {
			comp := "VEVENT"
			dateProp := "DTSTART"
			if todo {
				comp, dateProp = "VTODO", "DUE"
			}
			if c.name != comp {
				t.Errorf("component %s", c.name)
			}
			for _, k := range []string{"UID", "DTSTAMP", "SUMMARY", dateProp} {
				if len(c.props[k]) != 1 {
					t.Fatalf("%s lacks %s (or has it twice)", comp, k)
				}
			}
			a, ok := want[c.props["UID"][0].value]
			if !ok {
				t.Fatalf("unexpected UID %q", c.props["UID"][0].value)
			}
			d := c.props[dateProp][0]
			if d.params["VALUE"] != "DATE" || d.value != strings.ReplaceAll(a.Due, "-", "") {
				t.Errorf("%s %s = %+v, want %s", a.ID, dateProp, d, a.Due)
			}
			if d.value < prevDue {
				t.Error("not sorted by due date")
			}
			prevDue = d.value
			if got := c.props["DTSTAMP"][0].value; got != a.Updated.UTC().Format("20060102T150405Z") {
				t.Errorf("DTSTAMP %s, want the item's Updated", got)
			}
			sum, err := unescape(c.props["SUMMARY"][0].value)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(sum, a.Text+" (") {
				t.Errorf("SUMMARY %q does not start with the text %q", sum, a.Text)
			}
			if _, err := unescape(c.props["DESCRIPTION"][0].value); err != nil {
				t.Error(err)
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
	want := []string{"actions.ics", "actions/kushal-das.ics", "actions/pjp.ics", "actions/saleem.ics", "actions/satya.ics"}
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
		!strings.HasPrefix(all[0].Summary, sample()[1].Text) || all[0].Stamp != "2011-07-19T09:30:48+00:00" {
		t.Errorf("first event %+v", all[0])
	}
	if all[2].UID != "a2@minutes.example.org" || all[2].Start != "2011-08-31" {
		t.Errorf("last event %+v", all[2])
	}
	if k := got[filepath.Join(dir, "actions", "kushal-das.ics")]; len(k) != 1 || k[0].UID != "a2@minutes.example.org" {
		t.Errorf("Kushal's feed %+v", k)
	}
	if p := got[filepath.Join(dir, "actions", "pjp.ics")]; len(p) != 1 {
		t.Errorf("PJP's feed has %d events (closed, undated and unread items must be left out)", len(p))
	}
}

func TestFoldingAndEscape(t *testing.T) {
	var b bytes.Buffer
	lw := &lineWriter{w: bufioWriter(&b)}
	long := strings.Repeat("é", 100) // 200 octets
	lw.line("SUMMARY:" + long)
	lw.w.Flush()
	for _, l := range strings.Split(strings.TrimSuffix(b.String(), "\r\n"), "\r\n") {
		if len(l) > 75 || !utf8.ValidString(l) {
			t.Errorf("bad folded line %q (%d octets)", l, len(l))
		}
	}
	if got := strings.ReplaceAll(b.String(), "\r\n ", ""); got != "SUMMARY:"+long+"\r\n" {
		t.Errorf("unfolding gives %q", got)
	}
	if got := Escape("a;b,c\\d\ne\x01"); got != `a\;b\,c\\d\ne` {
		t.Errorf("Escape = %q", got)
	}
	if OwnerSlug("Kushal Das") != "kushal-das" || OwnerSlug("../..") != "owner" || OwnerSlug("Zoë O'Neil") != "zoë-o-neil" {
		t.Errorf("OwnerSlug: %q %q %q", OwnerSlug("Kushal Das"), OwnerSlug("../.."), OwnerSlug("Zoë O'Neil"))
	}
}

func bufioWriter(b *bytes.Buffer) *bufio.Writer { return bufio.NewWriter(b) }

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
