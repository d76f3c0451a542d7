package publisher

import (
	"context"
	"fmt"
	"github.com/gavel-irc/gavel/internal/benchcpu"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/internal/testenv"
)

var benchWords = strings.Fields(`venue budget travel policy sponsor keynote badge schedule release branch freeze
	review test build mirror outage certificate rotate update package compose image kernel cloud storage ticket
	design website translation docs meeting agenda vote proposal election mentor onboarding infra backup monitor`)

// archive returns a source of n meetings in 20 series, one every 6 hours
// from 2019, each run through the real engine with ~14 lines.
func archive(tb testing.TB, n int) *memSource {
	tb.Helper()
	r := rand.New(rand.NewPCG(1, 2))
	s := &memSource{}
	start := time.Date(2019, 1, 1, 12, 0, 0, 0, time.UTC)
	word := func() string { return benchWords[r.IntN(len(benchWords))] }
	sentence := func(k int) string {
		w := make([]string, k)
		for i := range w {
			w[i] = word()
		}
		return strings.Join(w, " ")
	}
	nicks := []string{"alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi"}
	for i := 0; i < n; i++ {
		series := fmt.Sprintf("team%02d", i%20)
		chair := nicks[r.IntN(len(nicks))]
		lines := []string{chair + ": #startmeeting Team " + series}
		for t := 0; t < 3; t++ {
			lines = append(lines, chair+": #topic "+sentence(3))
			lines = append(lines, nicks[r.IntN(len(nicks))]+": "+sentence(8))
			lines = append(lines, chair+": #info "+sentence(6))
		}
		owner := nicks[r.IntN(len(nicks))]
		lines = append(lines, chair+": #action "+owner+" to "+sentence(5), chair+": #agreed "+sentence(5), chair+": #endmeeting")
		m := runMeeting(tb, "#"+series, series, start.Add(time.Duration(i)*6*time.Hour), lines...)
		s.add(m, "")
		for _, it := range m.Actions() {
			st := "done"
			if i > n-500 {
				st = "open"
			}
			a := Action{ID: s.nextID(), Raised: []string{m.ID + "#" + it.ActionID}, Text: it.Text, Owners: it.Owners, Status: st, Series: series,
				Due: m.Ended.AddDate(0, 0, 14).Format("2006-01-02"), Meetings: []string{m.ID}, Created: m.Ended, Updated: m.Ended}
			if st == "done" {
				a.Closed, a.ClosedBy = m.Ended.AddDate(0, 0, 7), owner
			}
			s.actions = append(s.actions, a)
		}
	}
	return s
}

// nextID is the id the store gives the next action item ("a" and a
// number in base 36).
func (s *memSource) nextID() string {
	return "a" + strconv.FormatUint(uint64(len(s.actions)+1), 36)
}

func benchOptions(dir string) Options {
	return Options{Dir: dir, BaseURL: "https://minutes.example.org/", Title: "Bench", Now: time.Date(2026, 7, 28, 0, 0, 0, 0, time.UTC)}
}

// BenchmarkFullBuild10k builds a site of 10,000 meetings (about 60,000
// files) from scratch. Run with -benchtime=1x; it is skipped in -short.
func BenchmarkFullBuild10k(b *testing.B) {
	src := archive(b, 10000)
	b.ResetTimer()
	cpu0 := benchcpu.Now()
	var st Stats
	for i := 0; i < b.N; i++ {
		dir := b.TempDir()
		p, err := New(src, benchOptions(dir))
		if err != nil {
			b.Fatal(err)
		}
		if st, err = p.Build(context.Background()); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(st.Files), "files")
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N)/float64(st.Files), "ms/file")
	b.ReportMetric(float64(benchcpu.Now()-cpu0)/1e6/float64(b.N)/float64(st.Files), "cpu-ms/file")
}

// BenchmarkIncremental10k publishes one more meeting into a built site of
// 10,000 meetings, with the Publisher that built it (as gavel run keeps
// one for the process).
func BenchmarkIncremental10k(b *testing.B) { benchIncremental(b, false) }

// BenchmarkIncremental10kNewPublisher is BenchmarkIncremental10k with a
// new Publisher for each publish (no memory of the pages and feeds
// written before, as gavel run did before it kept one).
func BenchmarkIncremental10kNewPublisher(b *testing.B) { benchIncremental(b, true) }

func benchIncremental(b *testing.B, fresh bool) {
	src := archive(b, 10000)
	dsrc := &changingSource{memSource: src}
	dir := b.TempDir()
	p, err := New(dsrc, benchOptions(dir))
	if err != nil {
		b.Fatal(err)
	}
	if _, err := p.Build(context.Background()); err != nil {
		b.Fatal(err)
	}
	last := src.recs[len(src.recs)-1].Started
	b.ResetTimer()
	cpu0 := benchcpu.Now()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		m := runMeeting(b, "#team00", "team00", last.Add(time.Duration(i+1)*time.Hour),
			"alice: #startmeeting Team team00", "alice: #topic late addition", "alice: #action bob to write the quokka report", "alice: #endmeeting")
		src.add(m, "")
		var ids []string
		for _, it := range m.Actions() {
			ids = append(ids, src.nextID())
			src.actions = append(src.actions, Action{ID: ids[len(ids)-1], Raised: []string{m.ID + "#" + it.ActionID}, Text: it.Text, Owners: it.Owners, Status: "open",
				Series: "team00", Meetings: []string{m.ID}, Created: m.Ended, Updated: m.Ended})
		}
		dsrc.changed([]string{m.ID}, ids)
		b.StartTimer()
		if fresh {
			if p, err = New(dsrc, benchOptions(dir)); err != nil {
				b.Fatal(err)
			}
		}
		if _, err := p.PublishMeeting(context.Background(), m.ID); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	benchcpu.Report(b, cpu0)
}

// BenchmarkPublishActions10k closes one open action item of the
// 10,000-meeting site and publishes the action pages and calendars (what
// an owner's private "done" makes gavel run do), with the Publisher that
// built the site.
func BenchmarkPublishActions10k(b *testing.B) {
	src := archive(b, 10000)
	dir := b.TempDir()
	p, err := New(src, benchOptions(dir))
	if err != nil {
		b.Fatal(err)
	}
	if _, err := p.Build(context.Background()); err != nil {
		b.Fatal(err)
	}
	var open []int
	for i, a := range src.actions {
		if a.Open() {
			open = append(open, i)
		}
	}
	b.ResetTimer()
	cpu0 := benchcpu.Now()
	var st Stats
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		a := &src.actions[open[i%len(open)]]
		if a.Open() {
			a.Status = "done"
		} else {
			a.Status = "open"
		}
		a.Updated = a.Updated.Add(time.Minute)
		b.StartTimer()
		if st, err = p.PublishActions(context.Background()); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(st.Written), "written/op")
	benchcpu.Report(b, cpu0)
}

// BenchmarkHugo60k builds, with Debian's hugo, a site of 60,000 Markdown
// pages of about the size of a meeting's minutes, for comparison.
func BenchmarkHugo60k(b *testing.B) {
	hugo := testenv.Need(b, "hugo", "apt-get install -y hugo")
	const pages = 60000
	site := b.TempDir()
	must := func(err error) {
		if err != nil {
			b.Fatal(err)
		}
	}
	must(os.WriteFile(filepath.Join(site, "config.toml"), []byte("baseURL = \"https://example.org/\"\ntitle = \"bench\"\ndisableKinds = [\"taxonomy\", \"term\", \"RSS\", \"sitemap\", \"robotsTXT\", \"404\"]\n"), 0o644))
	must(os.MkdirAll(filepath.Join(site, "layouts", "_default"), 0o755))
	layout := `<!DOCTYPE html><html lang="en"><head><title>{{ .Title }}</title></head><body><main>{{ .Content }}</main></body></html>`
	must(os.WriteFile(filepath.Join(site, "layouts", "_default", "single.html"), []byte(layout), 0o644))
	must(os.WriteFile(filepath.Join(site, "layouts", "_default", "list.html"), []byte(`<!DOCTYPE html><html lang="en"><head><title>{{ .Title }}</title></head><body><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></body></html>`), 0o644))
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < pages; i++ {
		dir := filepath.Join(site, "content", fmt.Sprintf("team%02d", i%20))
		if i < 20 {
			must(os.MkdirAll(dir, 0o755))
		}
		var body strings.Builder
		fmt.Fprintf(&body, "---\ntitle: \"Meeting %d\"\ndate: 2019-01-01\n---\n\n## Meeting summary\n\n", i)
		for t := 0; t < 3; t++ {
			fmt.Fprintf(&body, "1. **%s** (alice, 12:0%d)\n", benchWords[r.IntN(len(benchWords))], t)
			for k := 0; k < 3; k++ {
				fmt.Fprintf(&body, "   * %s %s %s %s\n", benchWords[r.IntN(len(benchWords))], benchWords[r.IntN(len(benchWords))], benchWords[r.IntN(len(benchWords))], benchWords[r.IntN(len(benchWords))])
			}
		}
		must(os.WriteFile(filepath.Join(dir, fmt.Sprintf("m%05d.md", i)), []byte(body.String()), 0o644))
	}
	b.ResetTimer()
	var cpu time.Duration
	for i := 0; i < b.N; i++ {
		out := b.TempDir()
		cmd := exec.Command(hugo, "--quiet", "-s", site, "-d", out)
		if o, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("hugo: %v\n%s", err, o)
		}
		cpu += cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N)/pages, "ms/page")
	b.ReportMetric(float64(cpu.Microseconds())/1e3/float64(b.N)/pages, "cpu-ms/page")
}

// changingSource is a memSource that says what changed (deltaSource), as
// the store does with its change log: what the benchmark changes it notes
// with changed.
type changingSource struct {
	*memSource
	log [][2][]string
}

// changed notes that the meetings and action items of ids changed.
func (s *changingSource) changed(meetings, actions []string) {
	s.log = append(s.log, [2][]string{meetings, actions})
}

func (s *changingSource) sourceState(ctx context.Context) (int, error) { return len(s.log) + 1, nil }

func (s *changingSource) delta(ctx context.Context, since int) (sourceDelta, bool, error) {
	d := sourceDelta{at: len(s.log) + 1}
	if since < 1 || since > d.at {
		return d, false, nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range s.log[since-1:] {
		for _, id := range c[0] {
			for i := len(s.recs) - 1; i >= 0; i-- { // new meetings are at the end
				if s.recs[i].ID == id {
					d.meetings = append(d.meetings, s.recs[i])
					break
				}
			}
		}
		for _, id := range c[1] {
			for i := len(s.actions) - 1; i >= 0; i-- {
				if s.actions[i].ID == id {
					d.actions = append(d.actions, s.actions[i])
					break
				}
			}
		}
	}
	return d, true, nil
}
