package notes

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/meeting"
)

// bigNotes returns a notes file of about lines lines: topics with owners,
// deadlines, actions, Done lines and nested information.
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

func BenchmarkParse5000Lines(b *testing.B) {
	src := bigNotes(5000)
	date := time.Date(2011, 7, 19, 15, 0, 0, 0, time.UTC)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(strings.NewReader(src), "big", Options{Date: date}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseFeed5000Lines is the import without the store: parse, then
// every event through the engine.
func BenchmarkParseFeed5000Lines(b *testing.B) {
	src := bigNotes(5000)
	date := time.Date(2011, 7, 19, 15, 0, 0, 0, time.UTC)
	b.ReportAllocs()
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
}
