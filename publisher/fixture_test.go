package publisher

import (
	"context"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/schedule"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// memSource is a Source held in memory, filled with meetings run through
// the real engine. It sits beside the store-backed source, for tests and
// benchmarks that need many meetings fast.
type memSource struct {
	mu       sync.Mutex
	recs     []Record
	meetings map[string]*meeting.Meeting
	actions  []Action
	loads    int
	state    map[string]string
}

func (s *memSource) State(ctx context.Context) (map[string]string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]string, len(s.state))
	for k, v := range s.state {
		out[k] = v
	}
	return out, nil
}

// StateKey reads one key of the state, as StoreSource does.
func (s *memSource) StateKey(ctx context.Context, key string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.state[key], nil
}

func (s *memSource) SaveState(ctx context.Context, set map[string]string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.state == nil {
		s.state = map[string]string{}
	}
	for k, v := range set {
		if v == "" {
			delete(s.state, k)
		} else {
			s.state[k] = v
		}
	}
	return nil
}

func (s *memSource) Meetings(ctx context.Context) ([]Record, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Record(nil), s.recs...), nil
}

func (s *memSource) Meeting(ctx context.Context, id string) (*meeting.Meeting, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.loads++
	m, ok := s.meetings[id]
	if !ok {
		return nil, fmt.Errorf("no meeting %q", id)
	}
	return m, nil
}

func (s *memSource) Actions(ctx context.Context) ([]Action, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Action(nil), s.actions...), nil
}

func (s *memSource) add(m *meeting.Meeting, summary string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.meetings == nil {
		s.meetings = map[string]*meeting.Meeting{}
	}
	tz := ""
	if m.Location != nil {
		tz = m.Location.String()
	}
	s.meetings[m.ID] = m
	s.recs = append(s.recs, Record{ID: m.ID, Series: m.Series, Title: m.Title, Channel: m.Channel, Source: m.Source,
		TimeZone: tz, Started: m.Started, Ended: m.Ended, Summary: summary})
}

// runMeeting feeds lines ("nick: text", one a minute from start) to the
// real engine and returns the ended meeting.
func runMeeting(tb testing.TB, channel, series string, start time.Time, lines ...string) *meeting.Meeting {
	tb.Helper()
	c := meeting.NewChannel(channel, meeting.Options{Series: series, Location: start.Location()})
	var m *meeting.Meeting
	for i, l := range lines {
		nick, text, ok := strings.Cut(l, ": ")
		if !ok {
			tb.Fatalf("bad fixture line %q", l)
		}
		res := c.Handle(meeting.Event{Time: start.Add(time.Duration(i) * time.Minute), Channel: channel, Nick: nick, Text: text})
		if res.Meeting != nil {
			m = res.Meeting
		}
	}
	if m == nil || m.Ended.IsZero() {
		tb.Fatalf("fixture meeting in %s did not end", channel)
	}
	return m
}

// fixtureNow is the reference date of the fixture site's builds.
var fixtureNow = time.Date(2026, 7, 28, 12, 0, 0, 0, time.UTC)

// fixture returns the small site of the golden tests: two series, three
// meetings (one with a chair's summary), action items, and posts.
func fixture(tb testing.TB) *memSource {
	tb.Helper()
	s := &memSource{}
	utc := time.UTC
	m1 := runMeeting(tb, "#fudcon-planning", "fudcon-planning", time.Date(2026, 7, 19, 13, 0, 0, 0, utc),
		"jsmith: #startmeeting FUDCon planning",
		"jsmith: #topic Venue",
		"alice: we could use the Brno campus",
		"jsmith: #info The Brno campus has rooms for 300 people",
		"jsmith: #action alice to call the campus about dates",
		"jsmith: #agreed Brno is our first choice",
		"jsmith: #endmeeting")
	m2 := runMeeting(tb, "#fudcon-planning", "fudcon-planning", time.Date(2026, 7, 26, 13, 0, 0, 0, utc),
		"jsmith: #startmeeting FUDCon planning",
		"jsmith: #topic Budget",
		"bob: the sponsorship spreadsheet is at https://example.org/budget?x=1&y=2",
		"jsmith: #info Sponsorship covers the keynote travel",
		"jsmith: #action bob to draft the zanzibar travel policy",
		"jsmith: #link https://example.org/policy",
		"jsmith: #topic Badges",
		"alice: #idea <b>bold</b> badges for speakers",
		"jsmith: #endmeeting")
	m3 := runMeeting(tb, "#fedora-meeting", "infrastructure", time.Date(2025, 12, 10, 16, 0, 0, 0, utc),
		"nirik: #startmeeting Infrastructure",
		"nirik: #topic Outages",
		"nirik: #info No outages this week",
		"nirik: #action carol to rotate the certificates",
		"nirik: #endmeeting")
	s.add(m1, "")
	s.add(m2, "We settled the budget: sponsorship covers keynote travel.\n\nBob drafts the travel policy.")
	s.add(m3, "")
	raised := func(m *meeting.Meeting) []string { return []string{m.ID + "#" + m.Actions()[0].ActionID} }
	s.actions = []Action{
		{ID: "a1", Text: "alice to call the campus about dates", Owners: []string{"alice"}, Due: "2026-07-22",
			Status: "open", Series: "fudcon-planning", Meetings: []string{m1.ID, m2.ID}, Created: m1.Ended, Updated: m2.Ended,
			Raised: raised(m1)},
		{ID: "a2", Text: "bob to draft the zanzibar travel policy", Owners: []string{"bob"}, Due: "2026-08-02",
			Status: "open", Series: "fudcon-planning", Meetings: []string{m2.ID}, Created: m2.Ended, Updated: m2.Ended,
			Raised: raised(m2)},
		{ID: "a3", Text: "carol to rotate the certificates", Owners: []string{"carol"}, Status: "done",
			Series: "infrastructure", Meetings: []string{m3.ID}, Created: m3.Ended, Updated: fixtureNow.AddDate(0, 0, -3),
			Closed: fixtureNow.AddDate(0, 0, -3), ClosedBy: "carol", Raised: raised(m3)},
		{ID: "a4", Text: "someone to book <the> rooms", DueText: "soonish", Status: "open",
			Series: "fudcon-planning", Meetings: []string{m1.ID}, Created: m1.Ended, Updated: m1.Ended},
	}
	return s
}

// fixtureOptions are the options of the fixture site in dir.
func fixtureOptions(dir string) Options {
	return Options{Dir: dir, BaseURL: "https://minutes.example.org/", Title: "Example minutes", Author: "Example Project",
		Posts: "testdata/posts", Now: fixtureNow, TagAuthority: "minutes.example.org,2026", Workers: 2, FeedMinItems: 1,
		Channels:  []string{"#fudcon-planning", "#fedora-meeting"},
		Schedules: []Schedule{{Channel: "#fudcon-planning", Title: "FUDCon planning meeting", Rule: fixtureSchedule, Duration: time.Hour}}}
}

// fixtureSchedule is the fixture's [[schedule]], parsed as the config
// package parses it.
var fixtureSchedule = func() *schedule.Rule {
	s, err := schedule.Parse(schedule.Spec{Cron: "CRON_TZ=UTC 0 13 * * FRI"})
	if err != nil {
		panic(err)
	}
	return s
}()

func buildFixture(tb testing.TB, dir string) *memSource {
	tb.Helper()
	src := fixture(tb)
	p, err := New(src, fixtureOptions(dir))
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := p.Build(context.Background()); err != nil {
		tb.Fatal(err)
	}
	return src
}

// readTree returns every file under dir by its slash path.
func readTree(tb testing.TB, dir string) map[string][]byte {
	tb.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		b, err := os.ReadFile(p)
		out[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

func sortedNames(m map[string][]byte) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
