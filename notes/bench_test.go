package notes

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/meeting"
)

// bigNotes returns a notes file of about lines lines: topics with owners,
// deadlines, actions, Done lines and nested information — dense: one
// action in four lines, a pessimistic mix.
func bigNotes(lines int) string {
	var b strings.Builder
	b.WriteString("Planning meeting\n\nPresent: Rahul, PJP, Kushal, Saleem\n\n")
	n := 4
	for i := 0; n < lines; i++ {
		fmt.Fprintf(&b, "  • Topic number %d\n", i)
		fmt.Fprintf(&b, "    • Owner: %s\n", []string{"PJP", "Kushal Das", "Saleem", "Rahul"}[i%4])
		fmt.Fprintf(&b, "    • Deadline: %d Aug\n", 1+i%28)
		b.WriteString("    • Most work has been done, needs help from Rahul on content\n")
		fmt.Fprintf(&b, "    • Rahul to follow up with vendor %d\n", i)
		b.WriteString("      • boxed lunches\n")
		b.WriteString("      • buffet — Suchakra + Shravan\n")
		b.WriteString("    • Done: Rahul sent an email\n")
		n += 8
	}
	return b.String()
}

// seedLike returns about lines lines made of the three real seeds, one
// after the other, repeated: the mix of prose, topics and actions of real
// notes (about one action in eight lines).
func seedLike(tb testing.TB, lines int) string {
	tb.Helper()
	var parts []string
	for _, day := range []string{"2011-07-12", "2011-07-19", "2011-07-26"} {
		b, err := os.ReadFile(filepath.Join("testdata", "f2f-"+day+".txt"))
		if err != nil {
			tb.Fatal(err)
		}
		// Drop the title line: one title for the whole file.
		_, rest, _ := strings.Cut(string(b), "\n")
		parts = append(parts, rest)
	}
	var b strings.Builder
	b.WriteString("Big planning meeting\n\n")
	for i := 0; strings.Count(b.String(), "\n") < lines; i++ {
		b.WriteString(parts[i%3])
		b.WriteString("\n")
	}
	return b.String()
}

func BenchmarkParseSeedLike5000Lines(b *testing.B) {
	src := seedLike(b, 5000)
	date := time.Date(2011, 7, 19, 15, 0, 0, 0, time.UTC)
	b.ReportAllocs()
	cpu0 := cpuTime()
	for b.Loop() {
		n, err := Parse(strings.NewReader(src), "big", Options{Date: date})
		if err != nil {
			b.Fatal(err)
		}
		c := meeting.NewChannel("f2f", meeting.Options{Series: "big", Source: "f2f"})
		if _, _, err := n.Feed(c, EventOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, cpu0)
}

func BenchmarkParse5000Lines(b *testing.B) {
	src := bigNotes(5000)
	date := time.Date(2011, 7, 19, 15, 0, 0, 0, time.UTC)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	cpu0 := cpuTime()
	for b.Loop() {
		if _, err := Parse(strings.NewReader(src), "big", Options{Date: date}); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, cpu0)
}

// BenchmarkParseFeed5000Lines is the import without the store: parse, then
// every event through the engine.
func BenchmarkParseFeed5000Lines(b *testing.B) {
	src := bigNotes(5000)
	date := time.Date(2011, 7, 19, 15, 0, 0, 0, time.UTC)
	b.ReportAllocs()
	cpu0 := cpuTime()
	for b.Loop() {
		n, err := Parse(strings.NewReader(src), "big", Options{Date: date})
		if err != nil {
			b.Fatal(err)
		}
		c := meeting.NewChannel("f2f", meeting.Options{Series: "big", Source: "f2f"})
		if _, _, err := n.Feed(c, EventOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, cpu0)
}

// cpuTime is the CPU time (user + system) this process used so far. The
// machine the figures were taken on is shared, so wall-clock ns/op
// overstate the cost; cpu-ms/op does not.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func reportCPU(b *testing.B, start time.Duration) {
	if b.N > 0 {
		b.ReportMetric(float64(cpuTime()-start)/float64(b.N)/1e6, "cpu-ms/op")
	}
}

// markdownNotes returns GitHub-style Markdown notes of about lines lines:
// an attendance list, then per topic a heading, discussion bullets, a
// nested list and an "Action items" section with task boxes and handles.
func markdownNotes(lines int) string {
	var b strings.Builder
	b.WriteString("# Weekly call\n\n**Attendance:**\n\n- @alice\n- Bob Smith (Acme)\n- @carol\n\n")
	n := 8
	for i := 0; n < lines; i++ {
		fmt.Fprintf(&b, "## Topic %d\n\n", i)
		b.WriteString("- Discussed the **release** plan, see [the issue](https://example.org/i/1)\n")
		b.WriteString("  - the mirror is fine\n  - `make test` is slow\n\n")
		b.WriteString("### Action items\n\n")
		fmt.Fprintf(&b, "- [ ] @alice Write the post for release %d by Friday\n", i)
		b.WriteString("- [x] Bob to renew the certificate\n- carol: review the patch\n\n")
		n += 12
	}
	return b.String()
}

// BenchmarkParseMarkdown5000Lines parses 5,000 lines of Markdown notes
// through goldmark's parser and the forms (one action in four lines), then
// feeds the engine.
func BenchmarkParseMarkdown5000Lines(b *testing.B) {
	src := markdownNotes(5000)
	date := time.Date(2026, 5, 12, 15, 0, 0, 0, time.UTC)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	cpu0 := cpuTime()
	for b.Loop() {
		n, err := Parse(strings.NewReader(src), "big.md", Options{Date: date})
		if err != nil {
			b.Fatal(err)
		}
		c := meeting.NewChannel("f2f", meeting.Options{Series: "big", Source: "f2f"})
		if _, _, err := n.Feed(c, EventOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, cpu0)
}

// BenchmarkParse8MBParagraph parses one paragraph of 8 MB (issue 13: it
// took 82 s when its text was built with +=).
func BenchmarkParse8MBParagraph(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("Title\n\n")
	for sb.Len() < 8<<20 {
		sb.WriteString("some words of a long paragraph that goes on and on\n")
	}
	src := sb.String()
	date := time.Date(2026, 5, 12, 15, 0, 0, 0, time.UTC)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	cpu0 := cpuTime()
	for b.Loop() {
		if _, err := Parse(strings.NewReader(src), "para", Options{Date: date}); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, cpu0)
}
