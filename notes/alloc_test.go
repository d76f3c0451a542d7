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
// with owners and deadlines, and for tasks that repeat one another.
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
	// Carried-over tasks, discussion actions and this meeting's tasks of
	// one owner: each is compared with a bounded number of later ones
	// (dropRepeats), not with all of them.
	repeated := func(n int) string {
		var b strings.Builder
		b.WriteString("# Call\n\n## Previous tasks\n\n")
		for i := 0; i < n; i++ {
			fmt.Fprintf(&b, "- [ ] @alice will review patch %d of the parser\n", i)
		}
		b.WriteString("\n## Minutes\n\n")
		for i := 0; i < n; i++ {
			fmt.Fprintf(&b, "- Patch %d of the parser\n  - @alice will look at the tests of patch %d\n", i, i)
		}
		b.WriteString("\n## Tasks\n\n")
		for i := 0; i < n; i++ {
			fmt.Fprintf(&b, "- [ ] @alice will merge patch %d\n", i)
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
	if fig, err := allocs.Linear("repeated tasks", parse(repeated(100)), parse(repeated(800))); err != nil {
		t.Error(err)
	} else {
		t.Log(fig)
	}
}
