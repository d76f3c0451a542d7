package main

import (
	"context"
	"fmt"
	"github.com/gavel-irc/gavel/internal/benchcpu"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/config"
	"github.com/gavel-irc/gavel/life"
	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/people"
	"github.com/gavel-irc/gavel/store"
)

// benchArchive fills st with n ended meetings in 20 series (one every 6
// hours from 2019, 12 lines each through the real engine: 3 topics, an
// #info, two #actions, an #agreed) and, for each, its two action items,
// open: 2n open items in all. The items are written as the tracker would
// (ids from the store, the meeting in Meetings) without its matching, so
// that none links to another.
func benchArchive(tb testing.TB, st *store.Store, n int) {
	tb.Helper()
	start := time.Date(2019, 1, 1, 12, 0, 0, 0, time.UTC)
	nicks := []string{"alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi"}
	const batch = 500
	for from := 0; from < n; from += batch {
		err := st.Update(func(tx *store.Tx) error {
			for i := from; i < min(from+batch, n); i++ {
				series := fmt.Sprintf("team%02d", i%20)
				chair := nicks[i%len(nicks)]
				at := start.Add(time.Duration(i) * 6 * time.Hour)
				c := meeting.NewChannel("#"+series, meeting.Options{Series: series, BotNick: "gavel"})
				lines := []string{chair + ": #startmeeting Team " + series}
				for t := 0; t < 3; t++ {
					lines = append(lines, chair+fmt.Sprintf(": #topic topic %d of meeting %d", t, i))
				}
				lines = append(lines, nicks[(i+1)%8]+fmt.Sprintf(": #info the build %d is green", i),
					chair+fmt.Sprintf(": #action %s to review change %d", nicks[(i+2)%8], i),
					chair+fmt.Sprintf(": #action %s to update the mirror %d", nicks[(i+3)%8], i),
					chair+": #agreed we ship", chair+": #endmeeting")
				var m *meeting.Meeting
				var evs []meeting.Event
				for j, l := range lines {
					nick, text, _ := strings.Cut(l, ": ")
					ev := meeting.Event{Time: at.Add(time.Duration(j) * time.Minute), Channel: "#" + series, Nick: nick, Text: text}
					evs = append(evs, ev)
					if r := c.Handle(ev); r.Meeting != nil {
						m = r.Meeting
					}
				}
				rec := store.MeetingRecord{ID: m.ID, Channel: m.Channel, Series: m.Series, Title: m.Title, Source: "irc",
					TimeZone: "UTC", Started: m.Started, Ended: m.Ended, BotNick: "gavel", SeriesOption: series, Revision: 1,
					Published: "bench"}
				if err := tx.StartMeeting(rec); err != nil {
					return err
				}
				for _, ev := range evs {
					if _, err := tx.Append(m.ID, ev); err != nil {
						return err
					}
				}
				for _, it := range m.Actions() {
					id, err := tx.NextActionID()
					if err != nil {
						return err
					}
					a := store.ActionRecord{ID: id, Text: it.Text, Owners: it.Owners, Status: store.StatusOpen, Series: series,
						Due: m.Ended.AddDate(0, 0, 14).Format("2006-01-02"), Meetings: []string{m.ID}, Nick: it.Nick,
						Created: it.At, Updated: it.At,
						History: []store.ActionChange{{At: it.At, Meeting: m.ID, Field: "created", New: it.Text, Nick: it.Nick}}}
					if err := tx.PutAction(a); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			tb.Fatal(err)
		}
	}
}

// BenchmarkEndmeetingToPublished10k is what a chair waits for after
// #endmeeting in an archive of 10,000 meetings with 20,000 open action
// items, as gavel run does it: the #endmeeting line committed with the
// record closed and the items tracked (life.Keeper.Line), the meeting
// replayed from the store (the bot's publish), and the site publisher
// kept by gavel run writing its minutes, its neighbours' pages, its
// series, home, actions pages, calendars, feeds and search, up to the
// check that the URLs it says serve files. Each iteration runs one more
// meeting of series team00 (start, a topic, an #action, a line); only
// the #endmeeting is timed. The store is a real bbolt file; the site is
// built in full once before.
func BenchmarkEndmeetingToPublished10k(b *testing.B) {
	dir := b.TempDir()
	cfgPath := filepath.Join(dir, "gavel.toml")
	if err := os.WriteFile(cfgPath, []byte("[irc]\nserver = \"127.0.0.1:6667\"\nchannels = [\"#team00\"]\n[store]\npath = \"gavel.db\"\n[site]\ndir = \"site\"\nbase_url = \"https://minutes.example.org/\"\n"), 0o644); err != nil {
		b.Fatal(err)
	}
	cfg, err := config.Load(cfgPath)
	if err != nil {
		b.Fatal(err)
	}
	st, err := store.Open(cfg.Store.Path, store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	n := 10000
	if v := os.Getenv("GAVEL_BENCH_MEETINGS"); v != "" { // smaller, for profiles
		if _, err := fmt.Sscan(v, &n); err != nil {
			b.Fatalf("GAVEL_BENCH_MEETINGS=%q: %v", v, err)
		}
	}
	benchArchive(b, st, n)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	site, err := newSitePublisher(cfg, st, log)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	t0 := time.Now()
	if _, err := site.pub.Build(ctx); err != nil {
		b.Fatal(err)
	}
	b.Logf("full build of the archive: %v", time.Since(t0))
	keeper := life.New(st, people.FromConfig(cfg))
	opt := meeting.Options{Series: "team00", BotNick: "gavel"}
	at := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	var cpu time.Duration // CPU time of the timed part, all threads
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		c := meeting.NewChannel("#team00", opt)
		start := at.Add(time.Duration(i) * time.Hour)
		lines := []string{"#startmeeting Team team00", "#topic bench", "#action alice to measure the bench " + fmt.Sprint(i), "we are done"}
		for j, text := range lines {
			ev := meeting.Event{Time: start.Add(time.Duration(j) * time.Second), Channel: "#team00", Nick: "alice", Text: text}
			res := c.Handle(ev)
			m := res.Meeting
			if res.Started {
				_, err = keeper.Start(ctx, store.MeetingRecord{ID: m.ID, Channel: m.Channel, Series: m.Series, Title: m.Title,
					Source: "irc", TimeZone: "UTC", Started: m.Started, BotNick: "gavel", SeriesOption: "team00"}, ev)
			} else {
				_, err = keeper.Line(ctx, m, ev, res)
			}
			if err != nil {
				b.Fatal(err)
			}
		}
		end := meeting.Event{Time: start.Add(time.Minute), Channel: "#team00", Nick: "alice", Text: "#endmeeting"}
		b.StartTimer()
		cpu0 := benchcpu.Now()
		res := c.Handle(end)
		if _, err := keeper.Line(ctx, res.Meeting, end, res); err != nil {
			b.Fatal(err)
		}
		m, err := st.Replay(res.Meeting.ID)
		if err != nil {
			b.Fatal(err)
		}
		urls, err := site.MeetingEnded(ctx, m)
		if err != nil || urls["html"] == "" {
			b.Fatalf("published %v, %v", urls, err)
		}
		cpu += benchcpu.Now() - cpu0
	}
	b.ReportMetric(float64(cpu)/1e6/float64(b.N), "cpu-ms/op")
}
