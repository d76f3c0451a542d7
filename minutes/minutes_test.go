package minutes

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"html"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/meeting"
	"github.com/yuin/goldmark"
	gmhtml "github.com/yuin/goldmark/renderer/html"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// at returns 2026-07-26 at h:m:s UTC.
func at(h, m, s int) time.Time { return time.Date(2026, 7, 26, h, m, s, 0, time.UTC) }

// fixture builds a meeting by hand, log line by log line: each line that
// makes an item is added to Log and Items together, as the engine would.
type fixture struct{ m *meeting.Meeting }

func newFixture(channel, title, owner string, start time.Time, loc *time.Location) *fixture {
	m := &meeting.Meeting{
		ID: meeting.MakeID(channel, start), Series: meeting.SanitizeName(channel), Title: title,
		Channel: channel, Source: "irc", Location: loc, Started: start, Owner: owner,
		Chairs: map[string]bool{owner: true}, Lines: map[string]int{},
	}
	f := &fixture{m: m}
	f.say(start, owner, "#startmeeting "+title)
	return f
}

func (f *fixture) say(t time.Time, nick, text string) int {
	f.m.Log = append(f.m.Log, meeting.LogLine{Time: t, Nick: nick, Text: text, Kind: meeting.KindMessage})
	f.m.Lines[nick]++
	return len(f.m.Log) - 1
}

func (f *fixture) act(t time.Time, nick, text string) {
	f.m.Log = append(f.m.Log, meeting.LogLine{Time: t, Nick: nick, Text: text, Kind: meeting.KindAction})
	f.m.Lines[nick]++
}

func (f *fixture) bot(t time.Time, text string) {
	f.m.Log = append(f.m.Log, meeting.LogLine{Time: t, Nick: "gavel", Text: text, Kind: meeting.KindBot})
	f.m.Lines["gavel"]++
}

func (f *fixture) item(t time.Time, nick string, kind meeting.ItemKind, text string) *meeting.Item {
	cmd := "#" + string(kind)
	line := f.say(t, nick, cmd+" "+text)
	f.m.Items = append(f.m.Items, meeting.Item{Kind: kind, Text: text, Nick: nick, At: t, Line: line})
	return &f.m.Items[len(f.m.Items)-1]
}

func (f *fixture) action(t time.Time, nick, text string, owners []string, due, dueText string, unread bool) {
	it := f.item(t, nick, meeting.ItemAction, text)
	it.ActionID = "a" + strconv.Itoa(len(f.m.Items))
	it.Owners, it.Due, it.DueText, it.DueUnread = owners, due, dueText, unread
}

func (f *fixture) end(t time.Time) *meeting.Meeting {
	f.say(t, f.m.Owner, "#endmeeting")
	f.m.Ended = t
	return f.m
}

// basicMeeting uses every kind of item, a vote, a single unassigned action,
// a channel zone other than UTC and a meeting that crosses midnight UTC.
func basicMeeting() *meeting.Meeting {
	kolkata, err := time.LoadLocation("Asia/Kolkata")
	if err != nil {
		panic(err)
	}
	start := time.Date(2026, 7, 26, 23, 50, 5, 0, time.UTC)
	t := func(min, s int) time.Time {
		return start.Add(time.Duration(min)*time.Minute + time.Duration(s)*time.Second)
	}
	f := newFixture("#fudcon-planning", "FUDCon planning", "alice", start, kolkata)
	f.m.Series = "fudcon"
	f.m.ID = meeting.MakeID("fudcon", start)
	f.bot(start, "Meeting started Sun Jul 26 23:50:05 2026 UTC. The chair is alice.")
	f.item(t(0, 30), "bob", meeting.ItemInfo, "said before any topic")
	f.say(t(1, 0), "alice", "#chair bob")
	f.m.Chairs["bob"] = true
	f.m.Chairs["carol"] = true
	f.item(t(1, 5), "alice", meeting.ItemTopic, "Venue and dates")
	f.item(t(2, 0), "bob", meeting.ItemInfo, "The venue holds 200 people; see https://example.org/venue?a=1&b=2.")
	f.item(t(3, 0), "carol", meeting.ItemLink, "Board: https://teams.example.org/kanban (the old one)")
	f.item(t(4, 0), "dave", meeting.ItemIdea, "hold it in August")
	f.item(t(5, 0), "dave", meeting.ItemHelp, "need someone for badges")
	f.act(t(5, 30), "carol", "waves")
	f.say(t(6, 0), "dave", "bob: sounds good")
	f.action(t(7, 0), "alice", "bob to book the venue due Aug 10", []string{"bob"}, "2026-08-10", "Aug 10", false)
	f.action(t(8, 0), "alice", "bob and carol to draft the schedule by next Friday", []string{"bob", "carol"}, "2026-07-31", "next Friday", false)
	f.item(t(9, 0), "alice", meeting.ItemAgreed, "FUDCon is on 2026-08-20")
	f.item(t(10, 0), "alice", meeting.ItemTopic, "Budget")
	f.item(t(10, 30), "alice", meeting.ItemSubtopic, "Travel")
	f.item(t(11, 0), "alice", meeting.ItemAccepted, "travel budget of 2000 EUR")
	f.item(t(12, 0), "alice", meeting.ItemRejected, "a second venue")
	f.action(t(13, 0), "alice", "someone to ask the sponsors by the blue moon", nil, "", "the blue moon", true)
	vl := f.say(t(14, 0), "alice", "#startvote Which day? Friday, Saturday")
	f.say(t(14, 10), "bob", "#vote Friday")
	f.say(t(14, 20), "carol", "#vote Saturday")
	f.say(t(14, 30), "dave", "#vote friday")
	el := f.say(t(15, 0), "alice", "#endvote")
	f.m.Votes = append(f.m.Votes, meeting.Vote{Question: "Which day?", Options: []string{"Friday", "Saturday"},
		Nick: "alice", Started: t(14, 0), Ended: t(15, 0), Line: vl,
		Ballots: []meeting.Ballot{{Nick: "bob", Option: "Friday", At: t(14, 10)}, {Nick: "carol", Option: "Saturday", At: t(14, 20)}, {Nick: "dave", Option: "friday", At: t(14, 30)}}})
	f.m.Items = append(f.m.Items, meeting.Item{Kind: meeting.ItemVote, Text: "Which day? Result: Friday (2): bob, dave; Saturday (1): carol",
		Nick: "alice", At: t(15, 0), Line: el})
	// A #done the tracker resolved (an item of an earlier meeting), and
	// one it did not.
	f.item(t(15, 20), "alice", meeting.ItemDone, "a9").Closed = &meeting.ClosedAction{ID: "a9",
		Text: "Book AV equipment for the keynote", Owners: []string{"pjp"}}
	f.item(t(15, 40), "alice", meeting.ItemDone, "the old badges")
	return f.end(t(16, 0))
}

// hostileMeeting holds text that must stay text in every format.
func hostileMeeting() *meeting.Meeting {
	f := newFixture("#evil", "<script>document.body.setAttribute('data-pwned','1')</script>", "<b>mallory</b>", at(12, 0, 0), time.UTC)
	f.item(at(12, 1, 0), "<b>mallory</b>", meeting.ItemTopic, `<img src=x onerror="document.body.setAttribute('data-pwned','1')">`)
	f.item(at(12, 2, 0), "eve", meeting.ItemLink, "javascript:document.body.setAttribute('data-pwned','1')")
	f.item(at(12, 3, 0), "eve", meeting.ItemLink, `http://x.example/"><script>document.body.setAttribute('data-pwned','1')</script>`)
	f.item(at(12, 4, 0), "eve", meeting.ItemInfo, "[click](javascript:alert(1)) **bold** <alice> &amp; `code` # heading")
	f.item(at(12, 5, 0), "eve", meeting.ItemInfo, "colours \x0304red\x03 and \x02bold\x02 and a\ttab")
	f.action(at(12, 6, 0), "<b>mallory</b>", "eve to fix <iframe src=javascript:alert(1)>", []string{"eve"}, "", "", false)
	f.say(at(12, 7, 0), "eve", "<script>document.body.setAttribute('data-pwned','1')</script> https://ok.example/ javascript:alert(1)")
	f.say(at(12, 8, 0), "eve", "#info' onmouseover='alert(1)")
	return f.end(at(12, 9, 0))
}

// runningMeeting has not ended, and its logs are restricted.
func runningMeeting() *meeting.Meeting {
	f := newFixture("#ops", "", "zed", at(9, 0, 0), time.UTC)
	f.action(at(9, 1, 0), "zed", "zed to restart the mirror", []string{"zed"}, "", "", false)
	f.m.Restricted = true
	return f.m
}

var fixtures = map[string]func() *meeting.Meeting{
	"basic":   basicMeeting,
	"hostile": hostileMeeting,
	"running": runningMeeting,
}

func TestGolden(t *testing.T) {
	names := make([]string, 0, len(fixtures))
	for n := range fixtures {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			files, err := Write(fixtures[name](), Options{})
			if err != nil {
				t.Fatal(err)
			}
			dir := filepath.Join("testdata", "golden", name)
			if *update {
				os.RemoveAll(dir)
			}
			for _, f := range files {
				golden := filepath.Join(dir, filepath.FromSlash(f.Path))
				if *update {
					if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(golden, f.Data, 0o644); err != nil {
						t.Fatal(err)
					}
					continue
				}
				want, err := os.ReadFile(golden)
				if err != nil {
					t.Fatalf("%v (run go test -update to create it)", err)
				}
				if !bytes.Equal(f.Data, want) {
					t.Errorf("%s differs from %s (run go test -update after checking):\n%s", f.Path, golden, firstDiff(f.Data, want))
				}
			}
		})
	}
}

func firstDiff(got, want []byte) string {
	g, w := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return "line " + strconv.Itoa(i+1) + ":\n got: " + gl + "\nwant: " + wl
		}
	}
	return "(same lines)"
}

func TestDeterministic(t *testing.T) {
	a, err := Write(basicMeeting(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 5; i++ {
		b, _ := Write(basicMeeting(), Options{})
		for j := range a {
			if !bytes.Equal(a[j].Data, b[j].Data) {
				t.Fatalf("%s differs between runs", a[j].Path)
			}
		}
	}
}

func TestPaths(t *testing.T) {
	m := basicMeeting()
	p, err := Paths(m, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"html":     "fudcon/2026-07-26/fudcon.2026-07-26-23.50.html",
		"txt":      "fudcon/2026-07-26/fudcon.2026-07-26-23.50.txt",
		"log.html": "fudcon/2026-07-26/fudcon.2026-07-26-23.50.log.html",
		"log.txt":  "fudcon/2026-07-26/fudcon.2026-07-26-23.50.log.txt",
		"md":       "fudcon/2026-07-26/fudcon.2026-07-26-23.50.md",
		"json":     "fudcon/2026-07-26/fudcon.2026-07-26-23.50.json",
	}
	if len(p) != len(want) {
		t.Errorf("paths %v", p)
	}
	for k, v := range want {
		if p[k] != v {
			t.Errorf("%s: %q, want %q", k, p[k], v)
		}
	}
	p, err = Paths(m, Options{Pattern: "{year}/{channel}-{id}"})
	if err != nil || p["md"] != "2026/fudcon-planning-fudcon.2026-07-26t235005z.md" {
		t.Errorf("custom pattern: %q %v", p["md"], err)
	}
	r, _ := Paths(runningMeeting(), Options{})
	if _, ok := r["log.txt"]; ok {
		t.Error("restricted meeting has a log path")
	}
	for _, bad := range []string{"/abs/{series}", "{series}/../x", "{nope}", "{series", "a//b", `a\b`} {
		if _, err := Paths(m, Options{Pattern: bad}); err == nil || !strings.Contains(err.Error(), "pattern") {
			t.Errorf("pattern %q: error %v", bad, err)
		}
	}
}

func TestBaseURL(t *testing.T) {
	files, err := Write(basicMeeting(), Options{BaseURL: "https://meetbot.example.org/"})
	if err != nil {
		t.Fatal(err)
	}
	const want = "https://meetbot.example.org/fudcon/2026-07-26/fudcon.2026-07-26-23.50.log.html"
	for _, f := range files {
		if f.Format == FormatHTML || f.Format == FormatText || f.Format == FormatMD {
			if !bytes.Contains(f.Data, []byte(want)) {
				t.Errorf("%s lacks the absolute log link", f.Format)
			}
		}
	}
}

func TestJSONFields(t *testing.T) {
	files, err := Write(basicMeeting(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	var raw map[string]json.RawMessage
	var data []byte
	for _, f := range files {
		if f.Format == FormatJSON {
			data = f.Data
		}
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		t.Fatal(err)
	}
	keys := func(m map[string]json.RawMessage) string {
		var k []string
		for n := range m {
			k = append(k, n)
		}
		sort.Strings(k)
		return strings.Join(k, ",")
	}
	if got, want := keys(raw), "actions,attendees,chairs,channel,ended,files,id,owner,series,source,started,timezone,title,topics,votes"; got != want {
		t.Errorf("top-level fields %s, want %s", got, want)
	}
	var j struct {
		Started   string
		Chairs    []string
		Attendees []map[string]json.RawMessage
		Topics    []struct {
			Title string
			Items []map[string]json.RawMessage
		}
		Actions []map[string]json.RawMessage
	}
	if err := json.Unmarshal(data, &j); err != nil {
		t.Fatal(err)
	}
	if j.Started != "2026-07-26T23:50:05Z" {
		t.Errorf("started %q", j.Started)
	}
	if strings.Join(j.Chairs, ",") != "alice,bob,carol" {
		t.Errorf("chairs %v", j.Chairs)
	}
	if got := keys(j.Attendees[0]); got != "lines,nick" {
		t.Errorf("attendee fields %s", got)
	}
	if j.Topics[0].Title != "" || len(j.Topics[0].Items) != 1 {
		t.Errorf("items before the first topic: %+v", j.Topics[0])
	}
	if got := keys(j.Topics[1].Items[0]); got != "at,kind,nick,text" {
		t.Errorf("item fields %s", got)
	}
	if got := keys(j.Actions[0]); got != "at,due,due_text,id,nick,owners,text" {
		t.Errorf("action fields %s", got)
	}
	if string(j.Actions[0]["due"]) != `"2026-08-10"` || string(j.Actions[2]["owners"]) != "[]" {
		t.Errorf("action values %s %s", j.Actions[0]["due"], j.Actions[2]["owners"])
	}
}

func TestSingleUnassignedListed(t *testing.T) {
	files, _ := Write(basicMeeting(), Options{})
	for _, f := range files {
		if f.Format == FormatJSON || f.Format == FormatLogHTML || f.Format == FormatLogText {
			continue
		}
		s := string(f.Data)
		i := strings.Index(s, "UNASSIGNED")
		if i < 0 || !strings.Contains(s[i:], "someone to ask the sponsors") {
			t.Errorf("%s: the single unassigned action is not listed under UNASSIGNED", f.Format)
		}
	}
}

func TestLocalTimeShown(t *testing.T) {
	files, _ := Write(basicMeeting(), Options{})
	for _, f := range files {
		if f.Format == FormatHTML || f.Format == FormatText || f.Format == FormatMD {
			if !bytes.Contains(f.Data, []byte("23:50:05 UTC (05:20 IST)")) {
				t.Errorf("%s lacks the local start time", f.Format)
			}
		}
	}
}

func TestHostileStaysText(t *testing.T) {
	files, err := Write(hostileMeeting(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		s := strings.ToLower(string(f.Data))
		switch f.Format {
		case FormatHTML, FormatLogHTML:
			for _, bad := range []string{"<script", "<img", "<iframe", "<b>mallory", "href=\"javascript", "href='javascript", "onmouseover='", "\x03", "\x02"} {
				if strings.Contains(s, bad) {
					t.Errorf("%s contains %q", f.Path, bad)
				}
			}
		case FormatMD:
			// Render with raw HTML allowed: escaping, not the renderer,
			// must keep the text inert.
			var out bytes.Buffer
			md := goldmark.New(goldmark.WithRendererOptions(gmhtml.WithUnsafe()))
			if err := md.Convert(f.Data, &out); err != nil {
				t.Fatal(err)
			}
			h := strings.ToLower(out.String())
			for _, bad := range []string{"<script", "<img", "<iframe", "<b>mallory", "href=\"javascript", "<alice>", "<strong>bold", "<code>", "<h1>heading", "\x03"} {
				if strings.Contains(h, bad) {
					t.Errorf("%s rendered as HTML contains %q:\n%s", f.Path, bad, h)
				}
			}
			if !strings.Contains(h, `<a href="http://x.example/">`) || !strings.Contains(h, "&lt;alice&gt;") {
				t.Errorf("%s: safe link or escaped text missing:\n%s", f.Path, h)
			}
		}
	}
}

func TestSplitURLs(t *testing.T) {
	tests := []struct{ in, want string }{
		{"see https://a.example/x.", "see |[https://a.example/x]|."},
		{"(http://google.com/) suffix", "(|[http://google.com/]|) suffix"},
		{"http://en.wikipedia.org/wiki/Foo_(bar) x", "[http://en.wikipedia.org/wiki/Foo_(bar)]| x"},
		{"javascript:alert(1)", "javascript:alert(1)"},
		{"xhttp://no", "xhttp://no"},
		{"mailto:a@b.c, irc://irc.libera.chat/#c", "[mailto:a@b.c]|, |[irc://irc.libera.chat/#c]"},
		{"http://test<b>.zgib.net", "[http://test]|<b>.zgib.net"},
		{"http:// alone", "http:// alone"},
	}
	for _, tc := range tests {
		var parts []string
		for _, s := range splitURLs(tc.in) {
			if s.isURL {
				parts = append(parts, "["+s.text+"]")
			} else {
				parts = append(parts, s.text)
			}
		}
		if got := strings.Join(parts, "|"); got != tc.want {
			t.Errorf("splitURLs(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestWrap(t *testing.T) {
	var out bytes.Buffer
	b := bufio.NewWriter(&out)
	wrap(b, "Looking at the 'in progress' column, is there something that's been finished? Anything to follow up on with its author?  (bcotton, 12:08:11)", "  * ", "    ")
	want := "  * Looking at the 'in progress' column, is there something that's been\n" +
		"    finished? Anything to follow up on with its author?  (bcotton,\n" +
		"    12:08:11)\n"
	b.Flush()
	if out.String() != want {
		t.Errorf("got\n%s\nwant\n%s", out.String(), want)
	}
}

func BenchmarkWrite(b *testing.B) {
	m := basicMeeting()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Write(m, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestRendererSideBySide: one Renderer's formats rendered at once from
// several goroutines (as gavel replay does; the summary the minutes formats
// share is computed by whichever asks first) are the bytes Write makes.
func TestRendererSideBySide(t *testing.T) {
	for name, fx := range fixtures {
		m := fx()
		files, err := Write(m, Options{})
		if err != nil {
			t.Fatal(err)
		}
		r, err := NewRenderer(m, Options{})
		if err != nil {
			t.Fatal(err)
		}
		got := make([]bytes.Buffer, len(files))
		var body bytes.Buffer
		var wg sync.WaitGroup
		for i := range files {
			wg.Go(func() {
				if err := r.Render(&got[i], files[i].Format); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Go(func() {
			if err := r.HTMLBody(&body); err != nil {
				t.Error(err)
			}
		})
		wg.Wait()
		for i, f := range files {
			if !bytes.Equal(got[i].Bytes(), f.Data) {
				t.Errorf("%s %s: rendered side by side, differs from Write", name, f.Format)
			}
		}
		if body.Len() == 0 {
			t.Errorf("%s: empty HTML body", name)
		}
	}
}

func TestRenderMatchesWrite(t *testing.T) {
	for name, fx := range fixtures {
		m := fx()
		files, err := Write(m, Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			var b bytes.Buffer
			if err := Render(&b, m, Options{}, f.Format); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(b.Bytes(), f.Data) {
				t.Errorf("%s %s: Render differs from Write", name, f.Format)
			}
		}
	}
	var b bytes.Buffer
	if err := Render(&b, basicMeeting(), Options{}, "pdf"); err == nil || !strings.Contains(err.Error(), "pdf") {
		t.Errorf("unknown format: %v", err)
	}
	if err := Render(&b, runningMeeting(), Options{}, FormatLogText); err == nil || !strings.Contains(err.Error(), "restricted") {
		t.Errorf("restricted log: %v", err)
	}
}

// TestNotesMarked: items and actions merged from notes (Item.FromNotes)
// are marked "(notes)" in every minutes format, and "from_notes" in the
// JSON; the meeting's own items are not.
func TestNotesMarked(t *testing.T) {
	f := newFixture("#notes", "with notes", "alice", at(10, 0, 0), time.UTC)
	f.item(at(10, 1, 0), "alice", meeting.ItemInfo, "said in the channel")
	f.action(at(10, 2, 0), "alice", "bob to send the agenda", []string{"bob"}, "", "", false)
	m := f.end(at(10, 3, 0))
	f.item(at(10, 5, 0), "alice", meeting.ItemInfo, "typed in afterwards").FromNotes = true
	f.action(at(10, 6, 0), "alice", "carol to book the room", []string{"carol"}, "", "", false)
	m.Items[len(m.Items)-1].FromNotes = true
	for _, i := range []int{len(m.Log) - 2, len(m.Log) - 1} {
		m.Log[i].Kind = meeting.KindNotes
	}
	files, err := Write(m, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		s := string(f.Data)
		switch f.Format {
		case FormatLogHTML, FormatLogText:
			// Lines typed in from notes are marked in the raw log.
			want := "<alice> [notes] #info typed in afterwards"
			if f.Format == FormatLogHTML {
				want = "&gt;</span> [notes] <span class=\"cmd\">#info"
			}
			if strings.Count(s, "[notes] ") != 2 || !strings.Contains(s, want) {
				t.Errorf("%s: notes lines not marked:\n%s", f.Format, s)
			}
			continue
		case FormatJSON:
			if strings.Count(s, `"from_notes": true`) != 3 { // the info item, the action in its topic and in the actions
				t.Errorf("json: want 3 from_notes marks:\n%s", s)
			}
			continue
		}
		if n := strings.Count(s, "(notes)"); n < 3 || strings.Contains(s, "channel (notes)") || strings.Contains(s, "agenda (notes)") ||
			!strings.Contains(s, "afterwards (notes)") || !strings.Contains(s, "room (notes)") {
			t.Errorf("%s: %d (notes) marks, want them on the merged items only:\n%s", f.Format, n, s)
		}
	}
}

// TestDuePastShown: an action whose deadline the engine read as a date
// before the meeting says so in the action lists, with the phrase as
// written, instead of a date.
func TestDuePastShown(t *testing.T) {
	f := newFixture("#due", "past", "alice", at(10, 0, 0), time.UTC)
	f.action(at(10, 1, 0), "alice", "bob to send it due Jul 10", []string{"bob"}, "", "Jul 10", true)
	m := f.end(at(10, 2, 0))
	m.Items[0].DuePast = true
	files, err := Write(m, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		switch f.Format {
		case FormatText, FormatHTML, FormatMD:
			if s := string(f.Data); !strings.Contains(s, "deadline before the meeting: Jul 10") || strings.Contains(s, "not understood") {
				t.Errorf("%s does not flag the past deadline:\n%s", f.Format, s)
			}
		}
	}
}

// TestKindLabel checks kindLabel's spelled-out labels against the rule they
// stand for (the kind in upper case), for every kind the engine makes.
func TestKindLabel(t *testing.T) {
	for _, k := range []meeting.ItemKind{meeting.ItemTopic, meeting.ItemSubtopic, meeting.ItemInfo, meeting.ItemIdea,
		meeting.ItemHelp, meeting.ItemAction, meeting.ItemAgreed, meeting.ItemAccepted, meeting.ItemRejected,
		meeting.ItemLink, meeting.ItemVote, meeting.ItemDone, meeting.ItemSummary} {
		if got, want := kindLabel(k), strings.ToUpper(string(k)); got != want {
			t.Errorf("kindLabel(%q) = %q, want %q", k, got, want)
		}
	}
}

// TestDueNoteParts checks that writing DueNote's label and text apart, as
// the HTML and Markdown minutes do, gives the bytes of escaping the whole
// note, for deadlines with markup, entities, block starts and IRC codes.
func TestDueNoteParts(t *testing.T) {
	texts := []string{"next Friday", "1. March", "# soon", "- later", "<b>&amp;</b> \"x\" 'y'", "*bold* _it_ `code` [l](u) ~s~ |p|",
		"\x02bold\x02 \x0312,4colour\x03", "  leading spaces", "\\back\\slash", "é ünïcode", "=="}
	for _, text := range texts {
		for _, it := range []meeting.Item{
			{Kind: meeting.ItemAction, Due: "2026-12-01", DueText: text},
			{Kind: meeting.ItemAction, DuePast: true, DueUnread: true, DueText: text},
			{Kind: meeting.ItemAction, DueUnread: true, DueText: text},
			{Kind: meeting.ItemAction, DueText: text},
		} {
			whole := DueNote(it)
			label, rest := dueNote(it)
			if label+rest != whole {
				t.Fatalf("%q: parts %q + %q, note %q", text, label, rest, whole)
			}
			if whole == "" {
				continue
			}
			if got, want := label+html.EscapeString(rest), html.EscapeString(whole); got != want {
				t.Errorf("%q: HTML %q, want %q", text, got, want)
			}
			if got, want := label+mdEscapeAt(rest, false), mdEscape(whole); got != want {
				t.Errorf("%q: Markdown %q, want %q", text, got, want)
			}
		}
	}
}
