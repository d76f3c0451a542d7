package publisher

import (
	"strings"
	"testing"
	"time"
)

func TestParseFrontMatter(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      FrontMatter
		err       string
	}{
		{"plain", "---\ntitle: Hi\ndate: 2026-07-26\n---\nbody", FrontMatter{Title: "Hi", Date: time.Date(2026, 7, 26, 0, 0, 0, 0, time.UTC)}, ""},
		{"all", "---\ntitle: \"A: b\"\ndate: 2026-07-26T10:00:00+02:00\nauthor: 'O''Neil'\ntags: [a, \"b c\"]\nsummary: S\nslug: x-y\n---\n",
			FrontMatter{Title: "A: b", Date: time.Date(2026, 7, 26, 8, 0, 0, 0, time.UTC), Author: "O'Neil", Tags: []string{"a", "b c"}, Summary: "S", Slug: "x-y"}, ""},
		{"list", "---\ntitle: T\ndate: 2026-07-26 10:30\ntags:\n  - a\n  - b\n---\n", FrontMatter{Title: "T", Date: time.Date(2026, 7, 26, 10, 30, 0, 0, time.UTC), Tags: []string{"a", "b"}}, ""},
		{"crlf", "---\r\ntitle: T\r\ndate: 2026-07-26\r\n---\r\n", FrontMatter{Title: "T", Date: time.Date(2026, 7, 26, 0, 0, 0, 0, time.UTC)}, ""},
		{"none", "# Title\n", FrontMatter{}, "p.md:1: no front matter"},
		{"unclosed", "---\ntitle: T\n", FrontMatter{}, "no closing ---"},
		{"unknown", "---\ntitle: T\ndate: 2026-07-26\ncolour: red\n---\n", FrontMatter{}, `p.md:4: unknown key "colour"`},
		{"twice", "---\ntitle: T\ntitle: U\n---\n", FrontMatter{}, `p.md:3: key "title" given twice`},
		{"baddate", "---\ntitle: T\ndate: 26/07/2026\n---\n", FrontMatter{}, `p.md:3: date "26/07/2026"`},
		{"notitle", "---\ndate: 2026-07-26\n---\n", FrontMatter{}, "no title"},
		{"nodate", "---\ntitle: T\n---\n", FrontMatter{}, "no date"},
		{"badquote", "---\ntitle: \"T\ndate: 2026-07-26\n---\n", FrontMatter{}, "p.md:2: bad quoted value"},
		{"badslug", "---\ntitle: T\ndate: 2026-07-26\nslug: ../x\n---\n", FrontMatter{}, "slug"},
		{"stray item", "---\ntitle: T\n- x\n---\n", FrontMatter{}, "p.md:3: list item outside of tags"},
		{"no colon", "---\ntitle T\n---\n", FrontMatter{}, "p.md:2: want key: value"},
		{"draft", "---\ntitle: T\ndate: 2026-07-26\ndraft: maybe\n---\n", FrontMatter{}, "draft"},
	} {
		got, _, err := ParseFrontMatter("p.md", []byte(tc.src))
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%s: error %v, want %q", tc.name, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if got.Title != tc.want.Title || !got.Date.Equal(tc.want.Date) || got.Author != tc.want.Author ||
			strings.Join(got.Tags, "|") != strings.Join(tc.want.Tags, "|") || got.Summary != tc.want.Summary || got.Slug != tc.want.Slug {
			t.Errorf("%s: got %+v, want %+v", tc.name, got, tc.want)
		}
	}
}

func FuzzParseFrontMatter(f *testing.F) {
	f.Add([]byte("---\ntitle: Hi\ndate: 2026-07-26\ntags: [a, b]\n---\nbody"))
	f.Add([]byte("---\ntitle: \"x\\\"y\"\ndate: 2026-07-26 10:00\ntags:\n - a\n---\n"))
	f.Add([]byte("---\n---\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		fm, body, err := ParseFrontMatter("f.md", src)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "f.md") {
				t.Errorf("error does not name the file: %v", err)
			}
			return
		}
		if strings.TrimSpace(fm.Title) == "" || fm.Date.IsZero() || len(body) > len(src) {
			t.Errorf("accepted %q as %+v", src, fm)
		}
	})
}
