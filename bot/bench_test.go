package bot

import (
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/internal/ircdtest"
	"github.com/gavel-irc/gavel/meeting"
)

// BenchmarkLineToCommit measures the time from a channel line arriving
// (girc's handler) to its commit in the store (fsynced), on a real ngIRCd
// and a real bbolt file, one line at a time. It reports p50 and p99.
func BenchmarkLineToCommit(b *testing.B) {
	srv := ircdtest.Start(b)
	bot := startBot(b, testConfig(b, srv.Addr, "", ""), nil)
	alice := joinAfterBot(b, srv, "alice", "#meet")
	alice.Privmsg("#meet", "#startmeeting bench")
	waitBot(alice, "#meet", `Meeting started`)

	type sample struct{ total, store time.Duration }
	lat := make(chan sample, 1)
	bot.setCommitHook(func(ev meeting.Event, arrived time.Time, st time.Duration) {
		lat <- sample{time.Since(arrived), st}
	})
	var all, own []time.Duration
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		alice.Privmsg("#meet", "#info line "+strconv.Itoa(i))
		select {
		case d := <-lat:
			all = append(all, d.total)
			own = append(own, d.total-d.store)
		case <-time.After(10 * time.Second):
			b.Fatal("no commit within 10s")
		}
	}
	b.StopTimer()
	bot.setCommitHook(nil)
	if len(all) == 0 {
		return
	}
	pct := func(ds []time.Duration, q int) float64 {
		sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
		return float64(ds[len(ds)*q/100].Microseconds())
	}
	b.ReportMetric(pct(all, 50), "p50-µs")
	b.ReportMetric(pct(all, 99), "p99-µs")
	// The bot's own share: arrival to commit minus the store's Append.
	b.ReportMetric(pct(own, 50), "bot-p50-µs")
	b.ReportMetric(pct(own, 99), "bot-p99-µs")

	// The same number of bare store appends, in the same file and run, to
	// tell the bot's own cost from the disk's.
	recs, err := bot.st.OpenMeetings()
	if err != nil || len(recs) != 1 {
		b.Fatalf("open meetings: %v, %v", recs, err)
	}
	id := recs[0].ID
	var bare []time.Duration
	for i := range all {
		start := time.Now()
		if _, err := bot.st.Append(id, meeting.Event{Time: time.Now().UTC(), Nick: "x", Text: "bare " + strconv.Itoa(i)}); err != nil {
			b.Fatal(err)
		}
		bare = append(bare, time.Since(start))
	}
	b.ReportMetric(pct(bare, 50), "store-p50-µs")
	b.ReportMetric(pct(bare, 99), "store-p99-µs")
}

// BenchmarkMemory100Channels runs the bot in a process of its own with 100
// channels, each in a meeting of 50 lines, and reports its resident memory.
func BenchmarkMemory100Channels(b *testing.B) {
	srv := ircdtest.Start(b)
	var chans []string
	for i := 0; i < 100; i++ {
		chans = append(chans, fmt.Sprintf("#c%03d", i))
	}
	cfg := testConfig(b, srv.Addr, "", "")
	src, err := os.ReadFile(cfg.Path)
	if err != nil {
		b.Fatal(err)
	}
	src = []byte(strings.Replace(string(src), `channels = ["#meet"]`, `channels = ["`+strings.Join(chans, `", "`)+`"]`, 1))
	if err := os.WriteFile(cfg.Path, src, 0o644); err != nil {
		b.Fatal(err)
	}
	var rss float64
	for b.Loop() {
		child := startChildB(b, cfg.Path)
		alice := ircdtest.Dial(b, srv.Addr, "alice")
		for i := 0; i < len(chans); i += 20 {
			alice.Raw("JOIN " + strings.Join(chans[i:i+20], ","))
		}
		// Wait until the bot is in every channel (its JOIN or NAMES).
		for _, ch := range chans {
			for {
				alice.Raw("NAMES " + ch)
				l := alice.Wait(` 353 alice . ` + ch + ` :| 366 alice ` + ch + ` `)
				if strings.Contains(l, "gavel") {
					alice.Wait(` 366 alice ` + ch + ` `)
					break
				}
				time.Sleep(20 * time.Millisecond)
			}
		}
		for _, ch := range chans {
			alice.Privmsg(ch, "#startmeeting memory "+ch)
			for j := 0; j < 48; j++ {
				alice.Privmsg(ch, fmt.Sprintf("#info line %d of a meeting in %s with some ordinary text", j, ch))
			}
			alice.Privmsg(ch, "#commands")
		}
		for _, ch := range chans {
			alice.Wait(`^:gavel!\S+ PRIVMSG ` + ch + ` :Available commands`)
		}
		rss = vmRSS(b, child.Process.Pid)
		alice.Close()
		_ = child.Process.Kill()
	}
	b.ReportMetric(rss, "RSS-MB")
}

// vmRSS reads a process's resident set size in MB from /proc.
func vmRSS(tb testing.TB, pid int) float64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		tb.Fatal(err)
	}
	for _, l := range strings.Split(string(b), "\n") {
		if f := strings.Fields(l); len(f) >= 2 && f[0] == "VmRSS:" {
			kb, _ := strconv.ParseFloat(f[1], 64)
			return kb / 1024
		}
	}
	tb.Fatal("no VmRSS")
	return 0
}
