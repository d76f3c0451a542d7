package notes

import (
	"go/ast"
	goparser "go/parser"
	"go/token"
	"path/filepath"
	"reflect"
	"regexp"
	"regexp/syntax"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// ruleExprs returns the expression of every lazyRE call in the package's
// source (tests included), read with go/parser: a rule added later is
// checked without being listed here.
func ruleExprs(t testing.TB) []string {
	t.Helper()
	return ruleExprsOf(t, true)
}

// ruleExprsOf is ruleExprs, the test files' rules only when tests is set.
func ruleExprsOf(t testing.TB, tests bool) []string {
	t.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	if !tests {
		files = slices.DeleteFunc(files, func(f string) bool { return strings.HasSuffix(f, "_test.go") })
	}
	var out []string
	fset := token.NewFileSet()
	for _, name := range files {
		f, err := goparser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) != 1 {
				return true
			}
			if id, ok := call.Fun.(*ast.Ident); !ok || id.Name != "lazyRE" {
				return true
			}
			if lit, ok := call.Args[0].(*ast.BasicLit); ok && lit.Kind == token.STRING {
				s, err := strconv.Unquote(lit.Value)
				if err != nil {
					t.Fatal(err)
				}
				out = append(out, s)
			}
			return true
		})
	}
	if len(out) < 40 {
		t.Fatalf("found %d lazyRE expressions in the package's source, want the 40 or more it has", len(out))
	}
	return out
}

// checkRules fails when a rule's first-byte test says no where its regexp
// matches s, or a filtered method answers otherwise than the regexp's.
func checkRules(t *testing.T, rules []*rule, s string) {
	t.Helper()
	for _, r := range rules {
		if got, want := r.MatchString(s), r.re().MatchString(s); got != want {
			t.Errorf("%s: MatchString(%q) = %v, the regexp says %v", r, s, got, want)
		}
		if got, want := r.FindStringSubmatchIndex(s), r.re().FindStringSubmatchIndex(s); !slices.Equal(got, want) {
			t.Errorf("%s: FindStringSubmatchIndex(%q) = %v, the regexp gives %v", r, s, got, want)
		}
		if got, want := r.FindAllStringSubmatchIndex(s, -1), r.re().FindAllStringSubmatchIndex(s, -1); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: FindAllStringSubmatchIndex(%q) = %v, the regexp gives %v", r, s, got, want)
		}
		if got, want := r.ReplaceAllString(s, "<$0>"), r.re().ReplaceAllString(s, "<$0>"); got != want {
			t.Errorf("%s: ReplaceAllString(%q) = %q, the regexp gives %q", r, s, got, want)
		}
	}
}

func compiledRules(t *testing.T) []*rule {
	var rules []*rule
	for _, e := range ruleExprs(t) {
		rules = append(rules, compileRule(e))
	}
	return rules
}

func TestRuleFirstBytes(t *testing.T) {
	rules := compiledRules(t)
	filtered := 0
	for _, r := range rules {
		if r.first != nil {
			filtered++
		}
	}
	// Most labels are anchored: owners, deadlines, done, actions, ...
	if filtered < 15 {
		t.Errorf("%d rules have a first-byte test, want the 15 or more anchored ones", filtered)
	}
	if r := compileRule(`(?i)^(?:owners?|done)\s*:`); r.first == nil || !r.first['O'] || !r.first['d'] || r.first['x'] || r.first[' '] {
		t.Errorf("first bytes of an anchored label: %v", r.first)
	}
	if r := compileRule(`(?i)^sk`); r.first == nil || !r.first[0xc5] || !r.first['S'] { // ſ (U+017F) folds with s
		t.Errorf("first bytes of (?i)^sk miss a folded letter")
	}
	for _, e := range []string{`(?:^|\s)@x`, `^(a)?`, `^\b`, `(?m)^x`, `x`} {
		if r := compileRule(e); r.first != nil {
			t.Errorf("%s: a first-byte test on a regexp that is not anchored or may match empty", e)
		}
	}
	for _, s := range []string{"", "Owner: Rahul", "owner(s): x", "DEADLINE: Friday", "Done: x", "ſk", "\xff", "\xefx",
		"Action items:", "- [ ] x", "[AI: x] y", "1st priority: x", "Present: a, b", "@Jen Weber", " x", "(a to help)"} {
		checkRules(t, rules, s)
	}
}

// FuzzRuleFirstBytes: no rule's first-byte test changes what its regexp
// finds.
func FuzzRuleFirstBytes(f *testing.F) {
	for _, s := range []string{"Owner: Rahul", "Deadline: Aug 5", "Done: x", "TODO - x", "1st priority: y", "\xc5\xbfk", "[x] y", "#### x"} {
		f.Add(s)
	}
	var rules []*rule
	f.Fuzz(func(t *testing.T, s string) {
		if rules == nil {
			rules = compiledRules(t)
		}
		checkRules(t, rules, s)
	})
}

func TestRuleNeededLiteral(t *testing.T) {
	needs := 0
	for _, r := range compiledRules(t) {
		if r.need != nil {
			needs++
		}
	}
	if needs < 30 {
		t.Errorf("%d rules test needed literals, want the 30 or more that hold some", needs)
	}
	// Written "lit" case for case, "~lit" in any ASCII case.
	for e, want := range map[string]string{
		`[;,.]\s+(\p{Lu}\pL*)\s+to\s+help\b`: "help&to&, help&to&. help&to&;",
		`\(([^()]{1,80}?)\s+to\s+help\)`:     "help)&to&(",
		`(?i)\s+to\s+help`:                   "~help&~to",
		`(?:x|yy)z`:                          "xz yyz", // joined
		`a?bbb`:                              "bbb",
		`(?:abc)*d`:                          "d",
		`(?:a|b?)cc`:                         "cc",   // "acc" and "bcc" hold it
		`x\x{FFFD}yz`:                        "yz&x", // U+FFFD left out
		`^(\p{Lu}+)\s+(?:going\s+to|plans\s+to|has\s+(?:agreed|offered)\s+to)`: "going&to plans&to agreed&has&to offered&has&to",
		`(?i)^(?:[\p{L}'’]+\s+){0,2}?(?:present|attendees?|guests)\s*:`:        "~pre&~ent ~attendee ~gue&~t",
		`(?i)sk`:           "", // k and s have case partners past ASCII
		`(?i)(?:ab|cd)?xy`: "~xy",
		`(?i)a\.b`:         "~a&~b", // runs of letters only
		`(?:,\s*|;\s*)(?:he|she)(?:['’]ll|\s+will)\s+(\p{Ll}+)`: "'ll&he&, ’ll&he&, will&he&, 'll&he&; ’ll&he&; will&he&;",
		`(?:^|\s)(\p{Lu}+)\s+said`:                              "said",
		`a.*b|c`:                                                "a&b c",
		`a|.*`:                                                  "", // a branch holds none
	} {
		got := describeNeed(compileRule(e))
		if g := got; g != want {
			t.Errorf("%s: needed literals %q, want %q", e, g, want)
		}
	}
	// Literals a text anchored so must start with.
	for e, want := range map[string]string{
		`(?i)^(?:deadline|due\s+date)\s+is\s+(.*)$`:         "~deadline ~due",
		`^(?i:please)\s+\p{Ll}`:                             "~plea",                  // s folds with ſ
		`(?i)^(?:(?:new|open)\s+)?(?:action\s+items?|ais?)`: "~new ~open ~action ~ai", // past an optional part
		`(?i)^(?:[\p{L}'’]+\s+){0,2}?present`:               "",                       // an optional part that is not a literal
		`^(?:x\s+)*y`:                                       "x y",
		`(?i)^(?:action\s+items?|ais?)`:                     "~action ~ai",
		`^(?:and\s+)?(@[\w.-]+|\p{Lu}+)\s+chaired`:          "",
		`^\[\s*x`:         "[",
		`(?i)^owner\(s\)`: "~owner",
		`(?i)^s`:          "",
		`deadline`:        "", // not anchored
		`^x?`:             "", // may match empty
	} {
		var got []string
		for _, n := range compileRule(e).prefix {
			if n.fold {
				got = append(got, "~"+n.lit)
			} else {
				got = append(got, n.lit)
			}
		}
		if g := strings.Join(got, " "); g != want {
			t.Errorf("%s: prefixes %q, want %q", e, g, want)
		}
	}
	rules := compiledRules(t)
	for _, s := range []string{"", "a; Kat to help", "(Amit, Sunita to help)", "to help", "x\xffyz", "help)", "HELP)",
		"Present: Ann", "PRESENT: Ann", "Attendees: x", "preſent: x", "Kat is going to help", "Kat has agreed to help",
		"It was agreed that", "We DECIDED that", "The Board resolved to", "Deadline is Friday", "DUE DATE IS x"} {
		checkRules(t, rules, s)
	}
}

// describeNeed writes a rule's needed literals: "lit" case for case,
// "~lit" in any ASCII case, the literals of one set joined by "&", the
// sets by spaces.
func describeNeed(r *rule) string {
	var sets []string
	for _, set := range r.need {
		var lits []string
		for _, i := range set {
			if n := r.lits[i]; n.fold {
				lits = append(lits, "~"+n.lit)
			} else {
				lits = append(lits, n.lit)
			}
		}
		sets = append(sets, strings.Join(lits, "&"))
	}
	return strings.Join(sets, " ")
}

// TestGateParse: the gate of every rule of the package is the same when
// its Unicode classes are parsed cheaply (parseForGate) as when they are
// parsed as written, and the cheap classes hold every ASCII byte and the
// bytes past ASCII that the real ones do.
func TestGateParse(t *testing.T) {
	exprs := append(ruleExprs(t), `[^\p{L}]x`, `\Q\p{L}\E`, `[]\pL]`, `[[:alpha:]\p{Lu}]`, `\p{^Lu}`, `\PL`,
		`(?i)\p{Greek}k`, `\pN+`)
	for _, e := range exprs {
		full, err := syntax.Parse(e, syntax.Perl)
		if err != nil {
			t.Fatalf("%s: %v", e, err)
		}
		cheap, err := parseForGate(e)
		if err != nil {
			t.Fatalf("%s: parseForGate: %v", e, err)
		}
		full, cheap = full.Simplify(), cheap.Simplify()
		// The cheap classes may hold k and s where the real ones do not
		// (the Kelvin sign and the long s are their case partners only
		// under (?i)), nothing else.
		ff, fc := firstBytes(full), firstBytes(cheap)
		if (ff == nil) != (fc == nil) {
			t.Errorf("%s: first-byte test %v as written, %v with cheap classes", e, ff != nil, fc != nil)
		}
		for c := 0; ff != nil && fc != nil && c < 256; c++ {
			if ff[c] && !fc[c] || fc[c] && !ff[c] && !strings.ContainsRune("kKsS", rune(c)) {
				t.Errorf("%s: first byte %#x: %v as written, %v with cheap classes", e, c, ff[c], fc[c])
			}
		}
		af, ac := analyse(full), analyse(cheap)
		if !reflect.DeepEqual(af.prefix, ac.prefix) || !reflect.DeepEqual(af.need, ac.need) {
			t.Errorf("%s: literals differ: %v %v (as written), %v %v (cheap classes)", e, af.prefix, af.need, ac.prefix, ac.need)
		}
	}
	for _, e := range []string{`[^\p{L}]`, `\Q\p{L}\E`, `\p{Nonesuch}`} {
		if c, ok := cheapClasses(e); ok {
			t.Errorf("%s: cheapClasses gives %s, want it parsed as written", e, c)
		}
	}
	if c, ok := cheapClasses(`[\p{Lu}']\pN`); !ok || c != `[\x{41}-\x{5a}\x{6b}-\x{6b}`+nonASCII+`'][\x{30}-\x{39}`+nonASCII+`]` {
		t.Errorf("cheapClasses of [\\p{Lu}']\\pN = %s, %v", c, ok)
	}
}

// TestRuleCompiledOnNeed: a rule's regexp is compiled when a text first
// passes its gate, and every rule of the package compiles.
func TestRuleCompiledOnNeed(t *testing.T) {
	r := compileRule(`(?i)^(?:deadline|due\s+date)\s+is\s+(\p{L}+)`)
	compiled := 0
	re := r.re
	r.re = func() *regexp.Regexp { compiled++; return re() }
	if r.MatchString("Owner: x") || r.FindStringSubmatch("the deadline is x") != nil {
		t.Fatal("a text without the rule's prefix matched")
	}
	if compiled != 0 {
		t.Errorf("the regexp was asked for %d times by texts its gate refuses", compiled)
	}
	if m := r.FindStringSubmatch("Due date is Friday"); len(m) != 2 || m[1] != "Friday" {
		t.Errorf("FindStringSubmatch = %q", m)
	}
	if compiled != 1 {
		t.Errorf("a text that passes the gate asked for the regexp %d times, want once", compiled)
	}
	for _, r := range compiledRules(t) {
		r.re()
	}
	defer func() {
		if recover() == nil {
			t.Error("compileRule of a bad expression did not panic")
		}
	}()
	compileRule(`(x`)
}
