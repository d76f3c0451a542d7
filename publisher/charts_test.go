package publisher

import (
	"encoding/xml"
	"strings"
	"testing"
)

// TestChartSVG: each kind of chart is well-formed XML with its title, one
// shape per value, escaped labels, heights in proportion, and a table of
// the same numbers.
func TestChartSVG(t *testing.T) {
	for _, c := range []chart{
		{ID: "b", Title: "Bars <&>", Kind: barChart, LabelTH: "Meeting", Labels: []string{"a", "b", "c"},
			Series: []chartSeries{{"people", []int{2, 4, 0}}}},
		{ID: "l", Title: "Lines", Kind: lineChart, LabelTH: "Month", Labels: []string{"2026-01", "2026-02"},
			Series: []chartSeries{{"opened", []int{3, 1}}, {"closed", []int{0, 2}}, {"open", []int{3, 2}}}},
		{ID: "h", Title: "Owners", Kind: hbarChart, LabelTH: "Owner", Labels: []string{"<alice>", "a-very-long-owner-name"},
			Series: []chartSeries{{"open", []int{5, 1}}, {"overdue", []int{2, 0}}}},
	} {
		v := c.view()
		svg := string(v.SVG)
		if err := xml.Unmarshal([]byte(svg), new(struct{})); err != nil {
			t.Errorf("%s: not well-formed: %v\n%s", c.ID, err, svg)
		}
		if !strings.Contains(svg, `<title id="`+c.ID+`-t">`) || !strings.Contains(svg, `aria-labelledby="`+c.ID+`-t"`) {
			t.Errorf("%s: no title", c.ID)
		}
		if strings.Contains(svg, "<alice>") || strings.Contains(svg, "<&>") {
			t.Errorf("%s: text not escaped", c.ID)
		}
		if len(v.Rows) != len(c.Labels) || len(v.Heads) != len(c.Series) {
			t.Errorf("%s: table %d rows × %d columns", c.ID, len(v.Rows), len(v.Heads))
		}
		for i, r := range v.Rows {
			for j, s := range c.Series {
				if r.Values[j] != s.Values[i] {
					t.Errorf("%s: table cell %d,%d = %d, want %d", c.ID, i, j, r.Values[j], s.Values[i])
				}
			}
		}
		switch c.Kind {
		case barChart:
			if n := strings.Count(svg, "<rect x="); n != 3 {
				t.Errorf("bars: %d bars, want 3", n)
			}
			// 4 people is twice 2: the second bar twice as high.
			if !strings.Contains(svg, `height="82"/>`) || !strings.Contains(svg, `height="164"/>`) {
				t.Errorf("bars not in proportion:\n%s", svg)
			}
		case lineChart:
			if n := strings.Count(svg, "<polyline"); n != 3 {
				t.Errorf("lines: %d lines, want 3", n)
			}
		case hbarChart:
			// Two bars and the legend's key.
			if n := strings.Count(svg, `<rect class="s0" x="120"`); n != 3 {
				t.Errorf("hbars: %d open bars and keys, want 3", n)
			}
			if !strings.Contains(svg, ">a-very-long-o…</text>") {
				t.Errorf("hbars: long label not shortened")
			}
		}
	}
	if (chart{ID: "x"}).view() != nil {
		t.Errorf("a chart without data has a view")
	}
	for in, want := range map[int]int{1: 1, 5: 5, 7: 10, 11: 20, 30: 50, 99: 100, 100: 100, 101: 200} {
		if got := niceTop(in); got != want {
			t.Errorf("niceTop(%d) = %d, want %d", in, got, want)
		}
	}
}

// TestDigestRoundTrip: a digest survives its encoding, with and without
// its texts, and a damaged one is refused.
func TestDigestRoundTrip(t *testing.T) {
	d := digest{Hash: "abc", Topics: 3, Decisions: 1, Actions: 2, People: 7, Votes: 1,
		texts: texts{TopicList: []string{"Venue and travel", "Budget"}, Decided: []decision{{Kind: "agreed", Text: "Brno it is"}}}}
	enc, err := d.encode()
	if err != nil {
		t.Fatal(err)
	}
	got, ok := decodeDigest(enc, true)
	if !ok || got.Hash != d.Hash || got.Topics != 3 || got.People != 7 || len(got.TopicList) != 2 || got.Decided[0].Text != "Brno it is" {
		t.Errorf("decoded %+v from %q", got, enc)
	}
	if got, ok := decodeDigest(enc, false); !ok || got.TopicList != nil || got.Actions != 2 {
		t.Errorf("decoded without texts %+v", got)
	}
	for _, bad := range []string{"", "abc 1 2", "abc x 1 1 1 1 {}", "abc 1 1 1 1 1 {"} {
		if _, ok := decodeDigest(bad, true); ok {
			t.Errorf("damaged digest %q accepted", bad)
		}
	}
}
