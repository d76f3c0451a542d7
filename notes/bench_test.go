package notes

import (
	"github.com/gavel-irc/gavel/internal/benchcpu"
	"github.com/gavel-irc/gavel/internal/notesgen"
	"strings"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/meeting"
)

func BenchmarkParseSeedLike5000Lines(b *testing.B) {
	seeds, err := notesgen.Seeds("testdata")
	if err != nil {
		b.Fatal(err)
	}
	src := notesgen.SeedLike(seeds, 5000)
	date := time.Date(2011, 7, 19, 15, 0, 0, 0, time.UTC)
	b.ReportAllocs()
	cpu0 := benchcpu.Now()
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
	benchcpu.Report(b, cpu0)
}

func BenchmarkParse5000Lines(b *testing.B) {
	src := notesgen.Dense(5000)
	date := time.Date(2011, 7, 19, 15, 0, 0, 0, time.UTC)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	cpu0 := benchcpu.Now()
	for b.Loop() {
		if _, err := Parse(strings.NewReader(src), "big", Options{Date: date}); err != nil {
			b.Fatal(err)
		}
	}
	benchcpu.Report(b, cpu0)
}

// BenchmarkParseFeed5000Lines is the import without the store: parse, then
// every event through the engine.
func BenchmarkParseFeed5000Lines(b *testing.B) {
	src := notesgen.Dense(5000)
	date := time.Date(2011, 7, 19, 15, 0, 0, 0, time.UTC)
	b.ReportAllocs()
	cpu0 := benchcpu.Now()
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
	benchcpu.Report(b, cpu0)
}

// BenchmarkParseMarkdown5000Lines parses 5,000 lines of Markdown notes
// through goldmark's parser and the forms (one action in four lines), then
// feeds the engine.
func BenchmarkParseMarkdown5000Lines(b *testing.B) {
	src := notesgen.Markdown(5000)
	date := time.Date(2026, 5, 12, 15, 0, 0, 0, time.UTC)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	cpu0 := benchcpu.Now()
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
	benchcpu.Report(b, cpu0)
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
	cpu0 := benchcpu.Now()
	for b.Loop() {
		if _, err := Parse(strings.NewReader(src), "para", Options{Date: date}); err != nil {
			b.Fatal(err)
		}
	}
	benchcpu.Report(b, cpu0)
}

// BenchmarkCompileRules works out the gates of every rule of the package
// (analyseRule, what a process pays for each rule it asks that gatetable.go
// lacks; BenchmarkCompileRulesTable: through the table, what it pays for
// the others), and BenchmarkCompileRulesRegexps compiles their regexps too
// (what it pays for a rule a text passes the gate of).
func BenchmarkCompileRules(b *testing.B) {
	exprs := ruleExprs(b)
	b.ReportAllocs()
	for b.Loop() {
		for _, e := range exprs {
			analyseRule(&rule{expr: e})
		}
	}
}

func BenchmarkCompileRulesTable(b *testing.B) {
	exprs := ruleExprsOf(b, false)
	b.ReportAllocs()
	for b.Loop() {
		for _, e := range exprs {
			compileRule(e)
		}
	}
}

func BenchmarkCompileRulesRegexps(b *testing.B) {
	exprs := ruleExprs(b)
	b.ReportAllocs()
	for b.Loop() {
		for _, e := range exprs {
			compileRule(e).re()
		}
	}
}
