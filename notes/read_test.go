package notes

import (
	"context"
	"errors"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/meeting"
)

var testDate = time.Date(2026, 5, 12, 15, 0, 0, 0, time.UTC)

// TestMarkdownTree checks what goldmark's tree gives the outline: nested
// lists under headings, task items, emphasis and links read as text, a
// plain "•" outline inside a Markdown file, line numbers.
func TestMarkdownTree(t *testing.T) {
	src := "# Weekly call\n\n" +
		"Notes by *dana*, see [the agenda](https://example.org/agenda).\n\n" +
		"## Infra\n\n" +
		"* Mirror status: **green**\n" +
		"    * [ ] Alice to rotate the [keys](https://example.org/k)\n" +
		"    * [x] Bob to renew the certificate\n" +
		"* `make test` is slow\n\n" +
		"> quoted\n\n" +
		"## Outline\n\n" +
		"  • Venue\n" +
		"    • Owner: Ravi\n"
	n, err := Parse(strings.NewReader(src), "md", Options{Date: testDate})
	if err != nil {
		t.Fatal(err)
	}
	if n.Title != "Weekly call" || len(n.Preamble) != 1 || n.Preamble[0] != "Notes by dana, see the agenda." {
		t.Errorf("title %q preamble %q", n.Title, n.Preamble)
	}
	if len(n.Topics) != 2 {
		t.Fatalf("topics %+v", n.Topics)
	}
	infra := n.Topics[0]
	type row struct {
		kind  Kind
		text  string
		depth int
		line  int
	}
	var got []row
	for _, it := range infra.Items {
		got = append(got, row{it.Kind, it.Text, it.Depth, it.Line})
	}
	want := []row{
		{KindInfo, "Mirror status: green", 1, 7},
		{KindAction, "Alice to rotate the keys", 2, 8},
		{KindDone, "Bob to renew the certificate", 2, 9},
		{KindInfo, "make test is slow", 1, 10},
		{KindInfo, "quoted", 1, 12},
	}
	if len(got) != len(want) {
		t.Fatalf("items %+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("item %d: got %+v want %+v", i, got[i], want[i])
		}
	}
	// Under a heading, "Owner:" under a bullet is that bullet's: "Venue"
	// is Ravi's action (the heading's topic has no owner).
	if o := n.Topics[1]; o.Title != "Outline" || len(o.Items) != 1 || o.Action != nil || o.Items[0].Kind != KindAction || o.Items[0].Text != "Venue" || strings.Join(o.Items[0].Owners, "|") != "Ravi" {
		t.Errorf("outline topic %+v", o)
	}
}

// totalAlloc returns the bytes allocated by f.
func totalAlloc(f func()) uint64 {
	var a, b runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&a)
	f()
	runtime.ReadMemStats(&b)
	return b.TotalAlloc - a.TotalAlloc
}

// TestLinearInLength parses a long paragraph, a long bullet (continuation
// lines) and a long list at 1x and 8x the size: the bytes allocated must
// grow about 8 times, not 64 (text built by repeated += grows with the
// square of the length). Allocation, not time, is compared.
func TestLinearInLength(t *testing.T) {
	for _, tc := range []struct{ name, head, line string }{
		{"paragraph", "Title\n\n", "some words of a long paragraph that goes on and on\n"},
		{"bullet", "Title\n\n  • A topic\n    • the item\n", "      continued on a line of its own, and more\n"},
		{"markdown-item", "# T\n\n- item\n", "  lazy continuation of the item, with *emphasis*\n"},
		{"list", "# T\n\n", "- Rahul to look at one more thing\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := func(size int) string {
				var b strings.Builder
				b.WriteString(tc.head)
				for b.Len() < size {
					b.WriteString(tc.line)
				}
				return b.String()
			}
			small, big := src(128<<10), src(1<<20)
			parse := func(s string) func() {
				return func() {
					if _, err := Parse(strings.NewReader(s), "long", Options{Date: testDate}); err != nil {
						t.Fatal(err)
					}
				}
			}
			a1, a8 := totalAlloc(parse(small)), totalAlloc(parse(big))
			ratio := float64(a8) / float64(a1)
			t.Logf("%s: %d bytes allocated at 128 KiB, %d at 1 MiB: x%.1f", tc.name, a1, a8, ratio)
			if ratio > 16 {
				t.Errorf("allocation grows x%.1f for x8 input: not linear", ratio)
			}
		})
	}
}

// TestParseCancelled checks that a cancelled context stops the parse.
func TestParseCancelled(t *testing.T) {
	var b strings.Builder
	b.WriteString("# T\n\n")
	for b.Len() < 2<<20 {
		b.WriteString("- Rahul to look at one more thing\n")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := ParseContext(ctx, strings.NewReader(b.String()), "big", Options{Date: testDate})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

// TestSizeLimit checks that a file larger than MaxBytes is refused with a
// message naming the limit, and one at the limit is read.
func TestSizeLimit(t *testing.T) {
	src := "# T\n\n- " + strings.Repeat("x", 90) + "\n"
	_, err := Parse(strings.NewReader(src), "big.md", Options{Date: testDate, MaxBytes: int64(len(src) - 1)})
	var ne *Error
	if !errors.As(err, &ne) || !strings.Contains(err.Error(), "size limit") || !strings.Contains(err.Error(), "big.md") {
		t.Fatalf("err = %v", err)
	}
	if _, err := Parse(strings.NewReader(src), "big.md", Options{Date: testDate, MaxBytes: int64(len(src))}); err != nil {
		t.Fatalf("a file at the limit: %v", err)
	}
}

// FuzzMarkdown feeds Markdown-shaped input to the reader: it must return
// notes or an *Error, never panic, and what it returns must go through
// the engine.
func FuzzMarkdown(f *testing.F) {
	for _, s := range []string{
		"# Meeting\n\n**Attendance:**\n- @alice\n- Bob\n\n## Action items\n- [ ] @alice Write a blog post\n- [x] bob: talk to the venue\n",
		"Title\n=====\n\n> * quoted\n>   * nested\n\n```\n- not a list\n```\n\n1. one\n2. two\n   - [ ] three\n",
		"## TODO\n* bob\n  * Set up ticketing\n* all: read the doc\n\n---\n\n<!-- comment -->\n| a | b |\n|---|---|\n",
		"- a\n\t- b\n\t\t- c\n\n    code\n\n  • x\n    • Owner: Y\n",
		"## Attendees\n| Name | Present |\n|---|---|\n| Ann | no |\n\n## Actions\n| Action | Owner | Due | Status |\n|:-|-:|---|---|\n| x | @a, all | Friday | done |\n| y |\n",
		"## Devnet\n| Topic | Details |\n|---|---|\n| **a** | - Pari: x<br>- **ACTION**: Pari to launch it<br/> |\n| | <br > |\n",
		"## Agenda\n\n<table><tr><th>Point</th><th>Actions: Who</th></tr><tr><td>a &amp; b</td><td><ul><li>Hwang to x</li></ul></td></tr></table>\n\n- ☐ y; Bo to z, Cy to w\n  - Owner: Dee\n  - Due: Friday\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		parseAndFeed(t, src, "fuzz.md", testDate)
	})
}

// parseOrError is the fuzz targets' check of Parse on any input: notes
// whose Summary can be made, or an *Error (then nil), never another error
// or a panic.
func parseOrError(t *testing.T, src, name string, date time.Time) *Notes {
	t.Helper()
	n, err := Parse(strings.NewReader(src), name, Options{Date: date})
	if err != nil {
		var ne *Error
		if !errors.As(err, &ne) {
			t.Fatalf("error of type %T: %v", err, err)
		}
		return nil
	}
	_ = n.Summary()
	return n
}

// parseAndFeed is parseOrError, then the notes read go through the engine.
func parseAndFeed(t *testing.T, src, name string, date time.Time) {
	t.Helper()
	n := parseOrError(t, src, name, date)
	if n == nil {
		return
	}
	c := meeting.NewChannel("f2f:x", meeting.Options{Source: "f2f"})
	if _, _, err := n.Feed(c, EventOptions{}); err != nil {
		t.Fatalf("Feed: %v", err)
	}
}

// TestYAMLFrontMatter checks front matter written in YAML with lists, as
// Jekyll and Hugo notes have: the date, the title, and the people of the
// people keys (attendees, members, other_attendees, chair) as attendees, in
// the order written; front matter that is not YAML is reported, the notes
// under it read.
func TestYAMLFrontMatter(t *testing.T) {
	src := "---\ntitle: \"Steering council: February\"\ndate: 2025-02-10\nmembers:\n  - Emma Delescolle\n  - Frank Wiles\nother_attendees:\n  - Catherine Holmes\nchair: [Tim Schilling]\ntags:\n  - governance\n---\n\n## Action items\n\n- Frank to draft the charter\n"
	n, err := Parse(strings.NewReader(src), "yaml.md", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := n.Date.Format("2006-01-02"); got != "2025-02-10" {
		t.Errorf("date %s, want 2025-02-10", got)
	}
	if n.Title != "Steering council: February" {
		t.Errorf("title %q", n.Title)
	}
	if got, want := strings.Join(n.Attendees, "|"), "Emma Delescolle|Frank Wiles|Catherine Holmes|Tim Schilling"; got != want {
		t.Errorf("attendees %q, want %q", got, want)
	}
	if a := n.Actions(); len(a) != 1 || strings.Join(a[0].Owners, "|") != "Frank" {
		t.Errorf("actions %+v", a)
	}
	// Front matter that is not YAML: a warning naming the line, and the
	// notes under it read (TestFrontMatterBroken has more).
	n, err = Parse(strings.NewReader("---\nmembers:\n  - [unclosed\n---\n\n- x\n"), "bad.md", Options{Date: testDate})
	if err != nil || len(n.Warnings) < 2 || n.Warnings[1].Line != 2 || len(n.Topics) != 1 || n.Topics[0].Title != "x" {
		t.Errorf("bad front matter: %v, %+v, want warnings naming line 2 and the topic x", err, n)
	}
}
