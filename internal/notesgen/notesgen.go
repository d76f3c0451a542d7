// Package notesgen makes the generated notes files the notes benchmarks and
// perf/notesdump read: a dense outline, Markdown call notes, and the three
// real seed outlines repeated. One place, so the benchmarks and the
// output-identity check measure the same input.
package notesgen

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// SeedDays are the dates of the three face-to-face seed outlines, whose
// files are notes/testdata/f2f-DAY.txt.
var SeedDays = [...]string{"2011-07-12", "2011-07-19", "2011-07-26"}

// Dense returns a notes file of about lines lines: topics with owners,
// deadlines, actions, Done lines and nested information; one action in four
// lines, a pessimistic mix.
func Dense(lines int) string {
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

// Markdown returns GitHub-style Markdown notes of about lines lines: an
// attendance list, then per topic a heading, discussion bullets, a nested
// list and an "Action items" section with task boxes and handles.
func Markdown(lines int) string {
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

// Seeds reads the three seed outlines (SeedDays' order) from dir, the
// folder notes/testdata.
func Seeds(dir string) ([]string, error) {
	var out []string
	for _, day := range SeedDays {
		b, err := os.ReadFile(filepath.Join(dir, "f2f-"+day+".txt"))
		if err != nil {
			return nil, fmt.Errorf("notesgen: reading the seed of %s: %w", day, err)
		}
		out = append(out, string(b))
	}
	return out, nil
}

// SeedLike returns about lines lines made of the seeds (as Seeds reads
// them), one after the other, repeated, under one title: the mix of prose,
// topics and actions of real notes (about one action in eight lines).
func SeedLike(seeds []string, lines int) string {
	var parts []string
	for _, s := range seeds {
		// Drop the title line: one title for the whole file.
		_, rest, _ := strings.Cut(s, "\n")
		parts = append(parts, rest)
	}
	var b strings.Builder
	b.WriteString("Big planning meeting\n\n")
	for i, n := 0, 2; n < lines && len(parts) > 0; i++ {
		p := parts[i%len(parts)]
		b.WriteString(p)
		b.WriteString("\n")
		n += strings.Count(p, "\n") + 1
	}
	return b.String()
}
