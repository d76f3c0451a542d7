package meeting

import (
	"bufio"
	"os"
	"strconv"
	"testing"
	"time"
)

// loadSynthetic reads testdata/synthetic20k.log.txt (written by
// ../shared/corpus/tools/gen_synthetic_log.py 20000) with a minimal local
// parse; a time earlier than the one before means the day changed.
func loadSynthetic(tb testing.TB) []Event {
	tb.Helper()
	f, err := os.Open("testdata/synthetic20k.log.txt")
	if err != nil {
		tb.Fatalf("open synthetic log: %v", err)
	}
	defer f.Close()
	day := time.Date(2026, 7, 22, 0, 0, 0, 0, time.UTC)
	var evs []Event
	var prev time.Time
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		ev, ok := parseLogLine(day, sc.Text())
		if !ok {
			continue
		}
		if ev.Time.Before(prev) {
			day = day.AddDate(0, 0, 1)
			ev.Time = ev.Time.AddDate(0, 0, 1)
		}
		prev = ev.Time
		evs = append(evs, ev)
	}
	if err := sc.Err(); err != nil {
		tb.Fatalf("read synthetic log: %v", err)
	}
	if len(evs) < 19000 {
		tb.Fatalf("synthetic log has %d lines, want about 20000", len(evs))
	}
	return evs
}

func TestSyntheticReplay(t *testing.T) {
	evs := loadSynthetic(t)
	c := NewChannel("#synthetic", Options{})
	var m *Meeting
	for _, ev := range evs {
		if r := c.Handle(ev); r.Meeting != nil {
			m = r.Meeting
		}
	}
	if m == nil || len(m.Log) < 19000 || len(m.Actions()) == 0 || len(m.Topics()) == 0 {
		t.Fatalf("synthetic meeting: %+v", m)
	}
	t.Logf("%d log lines, %d items, %d actions, %d attendees", len(m.Log), len(m.Items), len(m.Actions()), len(m.Attendees()))
}

// BenchmarkReplay20k replays the 20,000-line synthetic meeting through the
// engine (no parsing, no writers): the engine's share of `gavel replay`.
func BenchmarkReplay20k(b *testing.B) {
	evs := loadSynthetic(b)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		c := NewChannel("#synthetic", Options{})
		for _, ev := range evs {
			c.Handle(ev)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(evs)), "ns/line")
}

// benchHandleLine measures one more line in a meeting that already has n
// lines (with actions and topics), to show per-line cost does not grow
// with the meeting's length.
func benchHandleLine(b *testing.B, n int) {
	evs := loadSynthetic(b)
	c := NewChannel("#synthetic", Options{BotNick: "gavel"})
	at := evs[0].Time
	for i := 0; i < n; i++ {
		ev := evs[i%len(evs)]
		if i > 0 && (ev.Text == "#endmeeting" || len(ev.Text) > 12 && ev.Text[:13] == "#startmeeting") {
			continue
		}
		ev.Time = at.Add(time.Duration(i) * time.Second)
		c.Handle(ev)
	}
	if c.Meeting() == nil {
		b.Fatal("meeting ended while filling")
	}
	kinds := []struct{ name, text string }{
		{"chat", "just chatting about the release"},
		{"info", "#info the build is green"},
		{"action", "#action bob to check the mirrors by Friday"},
	}
	// Every 1000 lines the meeting is cut back to n lines (untimed), so
	// the meeting's size stays n however long the benchmark runs.
	m, st := c.Meeting(), c.st
	baseLog, baseItems, baseActions := len(m.Log), len(m.Items), len(st.actionIdx)
	i := n
	for _, k := range kinds {
		b.Run(k.name, func(b *testing.B) {
			b.ReportAllocs()
			for j := 0; b.Loop(); j++ {
				if j%1000 == 999 {
					b.StopTimer()
					m.Log, m.Items, st.actionIdx = m.Log[:baseLog], m.Items[:baseItems], st.actionIdx[:baseActions]
					b.StartTimer()
				}
				i++
				c.Handle(Event{Time: at.Add(time.Duration(i) * time.Second), Nick: "user" + strconv.Itoa(i%40), Text: k.text})
			}
		})
	}
}

func BenchmarkHandleLine1k(b *testing.B)   { benchHandleLine(b, 1000) }
func BenchmarkHandleLine100k(b *testing.B) { benchHandleLine(b, 100000) }
