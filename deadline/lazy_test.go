package deadline

import (
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/olebedev/when"
	"github.com/olebedev/when/rules"
	"github.com/olebedev/when/rules/en"
)

// TestWhenParseMatchesWhen: whenParse, gavel's copy of when's Parser.Parse
// loop (so the root package and its four languages' regexps are not
// linked), gives what when's own Parser gives with the same rules.
func TestWhenParseMatchesWhen(t *testing.T) {
	p := when.New(&rules.Options{Distance: 1, MatchByOrder: true})
	p.Add(en.Weekday(rules.Override), en.CasualDate(rules.Override), en.Deadline(rules.Override))
	base := time.Date(2026, 7, 22, 12, 0, 0, 0, mustLoc(t, "Asia/Kolkata"))
	for _, s := range []string{
		"next Friday", "friday", "this friday", "last monday", "today", "tomorrow", "tonight", "yesterday",
		"within a week", "in 3 days", "in two weeks", "in half a year", "by Friday next week", "tomorrow or friday",
		"nothing here", "", "tue, wed", "in 2 hours tomorrow", "within 10 minutes", "next week", "Friday, today",
	} {
		idx, text, got, ok := whenParse(s, base)
		r, err := p.Parse(s, base)
		if err != nil || r == nil {
			if ok {
				t.Errorf("%q: whenParse read %v at %d, when read nothing (%v)", s, got, idx, err)
			}
			continue
		}
		if !ok || idx != r.Index || text != r.Text || !got.Equal(r.Time) {
			t.Errorf("%q: whenParse (%v, %d, %q, %v), when (%d, %q, %v)", s, ok, idx, text, got, r.Index, r.Text, r.Time)
		}
	}
}

// TestNoRegexpsAtInit: a program that links the package without reading a
// deadline compiles none of its regexps: deadline's init allocates little
// (it used to allocate about 450 KB).
func TestNoRegexpsAtInit(t *testing.T) {
	if os.Getenv("DEADLINE_INIT_CHILD") == "1" {
		return
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "-test.run=^TestNoRegexpsAtInit$")
	cmd.Env = append(os.Environ(), "DEADLINE_INIT_CHILD=1", "GODEBUG=inittrace=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	seen := false
	for _, l := range strings.Split(string(out), "\n") {
		// init PKG @16 ms, 9.5 ms clock, 387080 bytes, 2387 allocs
		f := strings.Fields(l)
		if len(f) < 9 || f[0] != "init" || f[1] != "github.com/gavel-irc/gavel/deadline" {
			continue
		}
		seen = true
		n, err := strconv.Atoi(f[7])
		if err != nil || f[8] != "bytes," {
			t.Fatalf("cannot read inittrace line %q", l)
		}
		if n > 20000 {
			t.Errorf("deadline's init allocates %d bytes: regexps compiled at start-up? %q", n, l)
		}
	}
	if !seen {
		t.Fatalf("no inittrace line for the package in:\n%s", out)
	}
}

// TestNoWhenRoot: the package does not import olebedev/when's root
// package, whose init compiles the regexps of four languages, nor its
// rules/en, whose init compiles all eight English rules.
func TestNoWhenRoot(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), name, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			if imp.Path.Value == `"github.com/olebedev/when"` || imp.Path.Value == `"github.com/olebedev/when/rules/en"` {
				t.Errorf("%s imports %s", name, imp.Path.Value)
			}
		}
	}
}

// TestPrepare: Prepare compiles the patterns (in a new process, where
// nothing has compiled them yet), so that the first deadline read after it
// compiles nothing; it may run beside reads.
func TestPrepare(t *testing.T) {
	if os.Getenv("DEADLINE_PREPARE_CHILD") == "1" {
		mallocs := func(f func()) uint64 {
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			f()
			runtime.ReadMemStats(&after)
			return after.Mallocs - before.Mallocs
		}
		prepare := mallocs(Prepare)
		day := time.Date(2026, 7, 22, 12, 0, 0, 0, time.UTC)
		read := mallocs(func() { Read("alice to send the draft by next Friday", day) })
		if prepare < 1000 || read > 200 {
			t.Fatalf("Prepare allocated %d times, the first read after it %d: the read compiled patterns", prepare, read)
		}
		return
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "-test.run=^TestPrepare$", "-test.v")
	cmd.Env = append(os.Environ(), "DEADLINE_PREPARE_CHILD=1")
	if out, err := cmd.CombinedOutput(); err != nil || !strings.Contains(string(out), "--- PASS: TestPrepare") {
		t.Fatalf("%v: %s", err, out)
	}
	done := make(chan struct{})
	go func() { Prepare(); close(done) }()
	day := time.Date(2026, 7, 22, 12, 0, 0, 0, time.UTC)
	if _, date, found, ok := Read("bob to fix it by 2026-08-01", day); !found || !ok || date.Format("2006-01-02") != "2026-08-01" {
		t.Errorf("Read beside Prepare: %v %v %v", date, found, ok)
	}
	<-done
}

// TestWhenRulesAsEn: the three rules copied from olebedev/when's rules/en
// have en's patterns and give, on every phrase, what en's give: the same
// match and the same context after applying it.
func TestWhenRulesAsEn(t *testing.T) {
	ours := []rules.Rule{enWeekday(rules.Override), enCasualDate(rules.Override), enDeadline(rules.Override)}
	theirs := []rules.Rule{en.Weekday(rules.Override), en.CasualDate(rules.Override), en.Deadline(rules.Override)}
	phrases := []string{
		"next Friday", "friday", "this friday", "last monday", "past tue", "on Wed", "sat next week", "sun this week",
		"today", "tomorrow", "tmr", "tonight", "yesterday", "last night", "now", "within a week", "in 3 days",
		"in two weeks", "in half a year", "in half an hour", "in a few days", "within 10 minutes", "in 2 hours",
		"in 1 second", "in 5 months", "in 3 years", "in half a day", "in half a week", "in half a month",
		"in 99999999999999999999 days", "by Friday next week", "nothing here", "", "Thursday, today",
	}
	for i := range ours {
		if a, b := ours[i].(*rules.F).RegExp.String(), theirs[i].(*rules.F).RegExp.String(); a != b {
			t.Errorf("rule %d: pattern %q, en's %q", i, a, b)
		}
		for _, p := range phrases {
			for _, wd := range []int{22, 23, 24, 25, 26, 27, 28} { // every weekday
				ref := time.Date(2026, 7, wd, 12, 0, 0, 0, time.UTC)
				m1, m2 := ours[i].Find(p), theirs[i].Find(p)
				if (m1 == nil) != (m2 == nil) {
					t.Fatalf("rule %d on %q: match %v, en's %v", i, p, m1, m2)
				}
				if m1 == nil {
					continue
				}
				c1, c2 := &rules.Context{Text: p}, &rules.Context{Text: p}
				a1, e1 := m1.Apply(c1, &rules.Options{}, ref)
				a2, e2 := m2.Apply(c2, &rules.Options{}, ref)
				if a1 != a2 || (e1 == nil) != (e2 == nil) || !reflect.DeepEqual(c1, c2) || m1.Left != m2.Left || m1.Right != m2.Right {
					t.Errorf("rule %d on %q at %s: (%v, %v, %+v), en's (%v, %v, %+v)", i, p, ref.Weekday(), a1, e1, c1, a2, e2, c2)
				}
			}
		}
	}
}
