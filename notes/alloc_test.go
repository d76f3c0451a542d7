package notes

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/internal/allocs"
)

// TestParseLinear: the notes reader allocates linearly in its input, for
// one long paragraph (issue 13: 1, 2, 4, 8 MB took 2, 6.7, 23, 82 s when
// its text was built with +=) and for an outline of topics and bullets
// with owners and deadlines.
func TestParseLinear(t *testing.T) {
	date := time.Date(2026, 5, 12, 15, 0, 0, 0, time.UTC)
	paragraph := func(size int) string {
		var b strings.Builder
		b.WriteString("Title\n\n")
		for b.Len() < size {
			b.WriteString("some words of a long paragraph that goes on and on\n")
		}
		return b.String()
	}
	outline := func(topics int) string {
		var b strings.Builder
		b.WriteString("Planning\n\nPresent: alice, bob, carol\n\n")
		for i := 0; i < topics; i++ {
			fmt.Fprintf(&b, "# Topic %d\n\n", i)
			for j := 0; j < 10; j++ {
				if j%3 == 0 {
					fmt.Fprintf(&b, "- ACTION: alice to review patch %d-%d by Friday\n", i, j)
				} else {
					fmt.Fprintf(&b, "- we talked about the build %d-%d\n", i, j)
				}
			}
			b.WriteString("\n")
		}
		return b.String()
	}
	parse := func(src string) func() {
		return func() {
			if _, err := Parse(strings.NewReader(src), "notes", Options{Date: date}); err != nil {
				t.Fatal(err)
			}
		}
	}
	if fig, err := allocs.Linear("a long paragraph", parse(paragraph(128<<10)), parse(paragraph(1<<20))); err != nil {
		t.Error(err)
	} else {
		t.Log(fig)
	}
	if fig, err := allocs.Linear("an outline", parse(outline(100)), parse(outline(800))); err != nil {
		t.Error(err)
	} else {
		t.Log(fig)
	}
}
