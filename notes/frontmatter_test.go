package notes

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// TestFrontMatter reads YAML front matter in the shapes people write it
// (Hugo, Jekyll, GitHub Pages): lists, inline lists, quoted and folded
// strings, timestamps, nested records; keys gavel does not use are
// ignored, and the body after the closing line is read in full.
func TestFrontMatter(t *testing.T) {
	body := "\n## Action items\n\n- Alice Smith to book the room\n"
	for _, tc := range []struct {
		name, fm  string
		title     string
		date      string // YYYY-MM-DD; Options.Date is left zero
		attendees string // "|"-joined
	}{
		{"block lists",
			"date: 2025-02-10\nmembers:\n  - Emmanuelle Delescolle\n  - Frank Wiles\nother_attendees:\n  - Catherine Holmes\n",
			"", "2025-02-10", "Emmanuelle Delescolle|Frank Wiles|Catherine Holmes"},
		{"inline lists and strings",
			"title: Weekly call\ndate: 2026-05-12\nattendees: [Alice Smith, \"@bob\"]\nparticipants: Carol Jones, Dan Brown and Eve Park\ntags: [minutes]\nauthors: [infra-team]\nlayout: post\n",
			"Weekly call", "2026-05-12", "Alice Smith|@bob|Carol Jones|Dan Brown|Eve Park"},
		{"quoted",
			"title: \"Weekly call: infra\"\ndate: '2026-05-12'\npresent: 'Alice Smith'\n",
			"Weekly call: infra", "2026-05-12", "Alice Smith"},
		{"folded title, timestamp",
			"title: >-\n  Steering council\n  meeting\ndate: 2026-05-12T18:00:00-07:00\n",
			"Steering council meeting", "2026-05-12", ""},
		{"space-separated timestamp",
			"date: 2026-05-12 15:00\n", "", "2026-05-12", ""},
		{"nested records",
			"date: 2026-05-12\nattendees:\n  present:\n    - name: Dana Lee\n      github: dlee\n    - Omar Haddad\n  regrets: [Zed Quinn]\nchair: Priya Raman\nregrets: Yuki Sato\n",
			"", "2026-05-12", "Dana Lee|Omar Haddad|Priya Raman"},
		{"alias",
			"date: 2026-05-12\nteam: &t [Alice Smith, Bob Stone]\nattendees: *t\n",
			"", "2026-05-12", "Alice Smith|Bob Stone"},
		{"empty", "", "", "", ""},
		{"comments only", "# nothing yet\n", "", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opt := Options{}
			if tc.date == "" {
				opt.Date = testDate
			}
			n, err := Parse(strings.NewReader("---\n"+tc.fm+"---\n"+body), tc.name, opt)
			if err != nil {
				t.Fatal(err)
			}
			if tc.title != "" && n.Title != tc.title {
				t.Errorf("title %q, want %q", n.Title, tc.title)
			}
			if tc.date != "" && n.Date.Format(time.DateOnly) != tc.date {
				t.Errorf("date %s, want %s", n.Date.Format(time.DateOnly), tc.date)
			}
			if got := strings.Join(n.Attendees, "|"); got != tc.attendees {
				t.Errorf("attendees %q, want %q", got, tc.attendees)
			}
			if len(n.Warnings) != 0 {
				t.Errorf("warnings %v", n.Warnings)
			}
			if a := n.Actions(); len(a) != 1 || a[0].Text != "Alice Smith to book the room" {
				t.Errorf("actions %+v, want the body's one", a)
			}
		})
	}
}

// TestFrontMatterBroken checks front matter that is not valid YAML: a
// warning names the line, the keys that can be read still are (a title
// with a colon in it, as people type it), the ones that cannot are named,
// and the whole body is read.
func TestFrontMatterBroken(t *testing.T) {
	src := "---\n" + // 1
		"title: Call: Q3 plans\n" + // 2
		"date: 2026-05-12\n" + // 3
		"attendees: [Alice Smith, Bob Stone\n" + // 4
		"present:\n" + // 5
		"  - Carol Jones\n" + // 6
		"---\n" + // 7
		"## Action items\n" + // 8
		"- Alice Smith to book the room\n" + // 9
		"- Bob Stone to send the agenda\n" // 10
	n, err := Parse(strings.NewReader(src), "broken.md", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if n.Title != "Call: Q3 plans" || n.Date.Format(time.DateOnly) != "2026-05-12" {
		t.Errorf("title %q date %s", n.Title, n.Date)
	}
	if got := strings.Join(n.Attendees, "|"); got != "Carol Jones" {
		t.Errorf("attendees %q, want Carol Jones (the broken list is not guessed)", got)
	}
	if len(n.Actions()) != 2 {
		t.Errorf("actions %+v, want the body's two", n.Actions())
	}
	var ws []string
	for _, w := range n.Warnings {
		ws = append(ws, w.String())
	}
	got := strings.Join(ws, "\n")
	for _, want := range []string{"line 2: front matter is not valid YAML", "line 2: front matter line 2 is not valid YAML", `read as the text after "title:"`, "line 4: front matter line 4 not read"} {
		if !strings.Contains(got, want) {
			t.Errorf("warnings:\n%s\nwant one with %q", got, want)
		}
	}
}

// TestFrontMatterOrRule checks that "---" lines that are Markdown rules
// are never taken for front matter, so no line of notes is lost: a rule
// later in the file, a file opening with a rule, front matter that is not
// closed.
func TestFrontMatterOrRule(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		actions   []string
		title     string
		warn      int // line of the one warning, 0: none
	}{
		{"rule later", "---\ntitle: Weekly\n---\n# Infra\n- Alice Smith to renew the cert\n\n---\n\n# Docs\n- Bob Stone to fix the typo\n---\n- Carol Jones to review\n",
			[]string{"Alice Smith to renew the cert", "Bob Stone to fix the typo", "Carol Jones to review"}, "Weekly", 0},
		{"no front matter, rules", "# Weekly\n\n- Alice Smith to renew the cert\n\n---\n\ntitle: not front matter\n\n---\n- Bob Stone to fix the typo\n",
			[]string{"Alice Smith to renew the cert", "Bob Stone to fix the typo"}, "Weekly", 0},
		{"opening rule", "---\n\nNotes of the call.\n\n- Alice Smith to renew the cert\n\n---\n- Bob Stone to fix the typo\n",
			[]string{"Alice Smith to renew the cert", "Bob Stone to fix the typo"}, "", 0},
		{"not closed", "---\ntitle: Weekly\n\n- Alice Smith to renew the cert\n",
			[]string{"Alice Smith to renew the cert"}, "", 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n, err := Parse(strings.NewReader(tc.src), tc.name, Options{Date: testDate})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, a := range n.Actions() {
				got = append(got, a.Text)
			}
			if strings.Join(got, "|") != strings.Join(tc.actions, "|") {
				t.Errorf("actions %q, want %q", got, tc.actions)
			}
			if tc.title != "" && n.Title != tc.title {
				t.Errorf("title %q, want %q", n.Title, tc.title)
			}
			if tc.warn == 0 && len(n.Warnings) != 0 || tc.warn != 0 && (len(n.Warnings) == 0 || n.Warnings[0].Line != tc.warn) {
				t.Errorf("warnings %v, want one on line %d", n.Warnings, tc.warn)
			}
		})
	}
	// The prose of a file opening with a rule is kept.
	n, err := Parse(strings.NewReader("---\n\nNotes of the call.\n\n---\n- Bob Stone to fix the typo\n"), "prose", Options{Date: testDate})
	if err != nil {
		t.Fatal(err)
	}
	if len(n.Preamble) == 0 && !strings.Contains(n.Summary(), "Notes of the call") {
		t.Errorf("the prose between two rules was lost: %s", n.Summary())
	}
}

// TestFrontMatterDate checks the front matter's date: used when no date is
// given, ignored when one is, and refused with its line when unreadable
// and needed.
func TestFrontMatterDate(t *testing.T) {
	src := "---\ntitle: Weekly\ndate: May 12th\n---\n- Alice Smith to book the room\n"
	_, err := Parse(strings.NewReader(src), "date.md", Options{})
	var ne *Error
	if !errors.As(err, &ne) || ne.Line != 3 || !strings.Contains(err.Error(), "date.md:3") || !strings.Contains(ne.Msg, "May 12th") {
		t.Errorf("err = %v, want one naming date.md:3 and the date", err)
	}
	n, err := Parse(strings.NewReader(src), "date.md", Options{Date: testDate})
	if err != nil || !n.Date.Equal(testDate) {
		t.Errorf("with a date given: %v, date %v", err, n)
	}
	// A list is no title: a warning, the notes read.
	n, err = Parse(strings.NewReader("---\ntitle: [a, b]\n---\n# Real title\n- Alice Smith to book the room\n"), "t.md", Options{Date: testDate})
	if err != nil || n.Title != "Real title" || len(n.Warnings) != 1 || n.Warnings[0].Line != 2 {
		t.Errorf("title list: %v, %+v", err, n)
	}
	// CRLF line ends.
	n, err = Parse(strings.NewReader("---\r\ntitle: Weekly\r\nattendees:\r\n  - Alice Smith\r\n---\r\n- Alice Smith to book the room\r\n"), "crlf.md", Options{Date: testDate})
	if err != nil || n.Title != "Weekly" || strings.Join(n.Attendees, "|") != "Alice Smith" {
		t.Errorf("CRLF: %v, %+v", err, n)
	}
}

// FuzzFrontMatter puts fuzzed text between the "---" lines of front matter
// over a fixed body: Parse must return notes or an *Error, never panic, and
// when the front matter opens with a key (so it is taken as front matter,
// valid YAML or not) and holds no closing line, the body is read in full:
// bad front matter never loses the notes under it.
func FuzzFrontMatter(f *testing.F) {
	for _, s := range []string{
		"title: Weekly\ndate: 2026-05-12\n",
		"date: 2025-02-10\nmembers:\n  - Emmanuelle Delescolle\nother_attendees:\n  - Catherine Holmes\n",
		"title: \"a: b\"\nattendees: [A B, '@c']\npresent: D E, F G and H I\n",
		"title: >-\n  two\n  lines\ndate: 2026-05-12T18:00:00-07:00\n",
		"attendees:\n  present:\n    - name: Dana Lee\n  regrets: [Zed]\nchair: P R\n",
		"t: &a [A, B]\nattendees: *a\n",
		"title: Call: Q3\nattendees: [A, B\n\tbad: tab\n",
		"title: x\n- a\n{\n",
		"a: &a [*a, *a]\n",
		"",
	} {
		f.Add(s)
	}
	const body = "## Action items\n\n- Alice Smith to book the room\n"
	f.Fuzz(func(t *testing.T, fm string) {
		n := parseOrError(t, "---\n"+fm+"\n---\n"+body, "fuzz.md", testDate)
		if n == nil {
			return
		}
		first := ""
		closes := false
		for _, l := range strings.Split(strings.ReplaceAll(fm, "\r", "\n"), "\n") {
			if t := strings.TrimRight(l, " \t"); t == "---" || t == "..." {
				closes = true
			}
			if t := trimSpace(l); first == "" && t != "" && !strings.HasPrefix(t, "#") {
				first = l
			}
		}
		if !keyLine(first) || closes {
			return
		}
		found := false
		for _, a := range n.Actions() {
			found = found || a.Text == "Alice Smith to book the room"
		}
		if !found {
			t.Errorf("the body's action is lost; actions %+v, warnings %v", n.Actions(), n.Warnings)
		}
	})
}

// TestFrontMatterAliasBomb checks that aliases repeating a list of empty
// values in four levels (10^12 nodes when expanded) are not expanded
// without bound: the reader stops counting nodes, and the notes are read.
func TestFrontMatterAliasBomb(t *testing.T) {
	var b strings.Builder
	b.WriteString("---\na: &a [" + strings.Repeat("~, ", 999) + "~]\n")
	prev := "a"
	for _, k := range []string{"b", "c", "d"} {
		b.WriteString(k + ": &" + k + " [" + strings.Repeat("*"+prev+", ", 999) + "*" + prev + "]\n")
		prev = k
	}
	b.WriteString("attendees: [" + strings.Repeat("*d, ", 999) + "*d]\n---\n- Alice Smith to book the room\n")
	var fm frontMatter
	lines := strings.Split(b.String(), "\n")
	fm, body := readFrontMatter(len(lines), func(i int) string { return lines[i] })
	if body != 7 || fm.visited > fmMaxVisits+fmMaxDepth+1 {
		t.Errorf("body at %d (want 7), %d nodes visited", body, fm.visited)
	}
	if _, err := Parse(strings.NewReader(b.String()), "bomb.md", Options{Date: testDate}); err != nil {
		t.Fatal(err)
	}
}
