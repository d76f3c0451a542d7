package notes

import (
	"fmt"
	"regexp"
	"regexp/syntax"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/gavel-irc/gavel/internal/ascii"
)

// lazyRE returns a function that compiles expr the first time it is
// called and then returns the same (immutable) regexp: the package's
// regexps cost nothing at start-up for commands that never read notes.
func lazyRE(expr string) func() *rule {
	return sync.OnceValue(func() *rule { return compileRule(expr) })
}

// rule is a regexp of the notes rules. Before the regexp package runs it,
// a rule tests what its syntax tree says every match holds, which costs a
// few string searches where a failed match of an unanchored alternation
// costs tens of microseconds on a sentence: the text's first byte (for a
// rule anchored at the start: "^(?:owners?|...)", tried on every item),
// the literal the text must start with ("deadline" or "due" for
// "(?i)^(?:deadline|due\s+date)\s+is"), and the literals it must hold
// (need: "(" and "to" and ")", or "[" and "to" and "]", for
// "\(...\s+to\s+...\)|\[...\s+to\s+...\]"). Every method of a rule tests
// them first. FuzzRuleFirstBytes checks every rule of the package against
// its regexp.
//
// How to write a rule that stays cheap (docs/notes.md, "Writing a rule that
// stays cheap"): spell its fixed words as literals (not classes), anchor it
// with ^ when it reads a label or an opening, and give every branch of an
// alternation a literal of its own ("going\s+to|plans\s+to"): one branch
// without any leaves the whole alternation ungated.
type rule struct {
	// expr is the rule's expression.
	expr string
	// re compiles expr the first time a text passes the gate: a rule
	// whose literals a file never holds is never compiled (its \p{L}
	// classes cost a quarter of a millisecond).
	re func() *regexp.Regexp
	// first holds the bytes a match can start with; nil when the regexp is
	// not anchored at the start or may match the empty text.
	first *[256]bool
	// prefix holds, for a rule anchored at the start, literals one of
	// which the text must start with; nil when none is known.
	prefix []needed
	// need lists sets of literals: every match holds all the literals of
	// one set (a set is one branch of the regexp's alternations: "(",
	// "to", ")" for the parenthesised branch). Each set is a list of
	// indexes into lits. nil when nothing is known.
	need [][]uint8
	// lits are the literals need refers to (at most 64).
	lits []needed
}

// compileRule returns the rule of expr: its gate (what a match needs: its
// first bytes, prefix and literals) from gateTable when the table has
// expr, worked out from its syntax tree otherwise (analyseRule); its regexp
// is compiled, as regexp.MustCompile does, when a text first passes the
// gate. An expression that does not parse panics here.
func compileRule(expr string) *rule {
	r := &rule{expr: expr, re: sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })}
	if g, ok := tableGate(expr); ok {
		r.first, r.prefix, r.need, r.lits = g.firstSet(), g.prefix, g.need, g.lits
		return r
	}
	analyseRule(r)
	return r
}

// analyseRule works out r's gate from the syntax tree of r.expr (what
// compileRule does for an expression gateTable lacks, and what
// TestGateTable checks each entry of the table against).
func analyseRule(r *rule) {
	re, err := parseForGate(r.expr)
	if err != nil {
		r.re() // panics, naming the error
		return
	}
	re = re.Simplify()
	r.first = firstBytes(re)
	a := analyse(re)
	if re.Op == syntax.OpConcat && len(re.Sub) > 0 && re.Sub[0].Op == syntax.OpBeginText && r.first != nil {
		budget := 256
		if p := prefixOf(re.Sub[1:], &budget); p != nil && !slices.Contains(p, needed{}) {
			// "[" holds whenever "[x" does: one search, not two.
			for _, x := range p {
				if !slices.ContainsFunc(p, func(y needed) bool {
					return y != x && y.fold == x.fold && strings.HasPrefix(x.lit, y.lit)
				}) {
					r.prefix = append(r.prefix, x)
				}
			}
		}
	}
	r.setNeed(a.need)
}

//go:generate go test -run TestGateTable -args -update

// gateEntry is the gate of one rule expression as gateTable holds it
// (gatetable.go, written by go generate ./notes: a rule added or changed
// since is analysed when first asked for, as right and a little slower):
// first is the set of first bytes as a bitmap of 32 bytes (byte c is bit
// c%8 of first[c/8]; "" when there is no first-byte test), the rest as in
// rule.
type gateEntry struct {
	expr   string
	first  string
	prefix []needed
	need   [][]uint8
	lits   []needed
}

// firstSet returns g's first bytes as rule.first holds them.
func (g *gateEntry) firstSet() *[256]bool {
	if g.first == "" {
		return nil
	}
	var set [256]bool
	for c := range set {
		set[c] = g.first[c/8]&(1<<(c%8)) != 0
	}
	return &set
}

// tableGate returns the entry of gateTable for expr.
func tableGate(expr string) (*gateEntry, bool) {
	i, ok := slices.BinarySearchFunc(gateTable, expr, func(g gateEntry, e string) int { return strings.Compare(g.expr, e) })
	if !ok {
		return nil, false
	}
	return &gateTable[i], true
}

// parseForGate parses expr for the gate's analysis. The Unicode classes
// (\p{L}, \P{Lu}, \pN) are parsed as a class of their ASCII characters and
// a few private-use ones standing for all the others: the analysis asks of
// a class only which ASCII bytes it holds and whether it holds any other
// (then every byte from 0x80 may start a match), and parsing \p{L} under
// (?i) costs more than the rest of the rule. A class that holds the Kelvin
// sign or the long s holds k or s too (their case partners under (?i)). An
// expression with a Unicode class inside a negated class ("[^\p{L}]") or
// with \Q is parsed as written.
func parseForGate(expr string) (*syntax.Regexp, error) {
	if e, ok := cheapClasses(expr); ok {
		if re, err := syntax.Parse(e, syntax.Perl); err == nil {
			return re, nil
		}
	}
	return syntax.Parse(expr, syntax.Perl)
}

// nonASCII stands, in cheapClasses' classes, for every character past
// ASCII: more than four characters (the analysis takes a class of four or
// fewer as literals), of the private-use plane, without case partners.
const nonASCII = `\x{100000}-\x{100007}`

// cheapClasses returns expr with its Unicode classes written as
// parseForGate says; false when it cannot.
func cheapClasses(expr string) (string, bool) {
	if !strings.Contains(expr, `\p`) && !strings.Contains(expr, `\P`) {
		return expr, true
	}
	var b strings.Builder
	inClass, negated := false, false
	for i := 0; i < len(expr); i++ {
		c := expr[i]
		switch {
		case c == '\\' && i+1 < len(expr):
			d := expr[i+1]
			if d == 'Q' {
				return "", false
			}
			if d != 'p' && d != 'P' {
				b.WriteByte(c)
				b.WriteByte(d)
				i++
				continue
			}
			name, n := "", 0
			if i+2 < len(expr) && expr[i+2] == '{' {
				end := strings.IndexByte(expr[i+2:], '}')
				if end < 0 {
					return "", false
				}
				name, n = expr[i+3:i+2+end], 2+end+1
			} else if i+2 < len(expr) {
				name, n = expr[i+2:i+3], 3
			} else {
				return "", false
			}
			neg := d == 'P'
			if strings.HasPrefix(name, "^") {
				name, neg = name[1:], !neg
			}
			tab := unicode.Categories[name]
			if tab == nil {
				tab = unicode.Scripts[name]
			}
			if tab == nil || inClass && negated {
				return "", false
			}
			body := asciiOf(tab, neg) + nonASCII
			if inClass {
				b.WriteString(body)
			} else {
				b.WriteString("[" + body + "]")
			}
			i += n - 1
		case c == '[' && !inClass:
			inClass, negated = true, false
			b.WriteByte(c)
			if i+1 < len(expr) && expr[i+1] == '^' {
				negated = true
				b.WriteByte('^')
				i++
			}
			if i+1 < len(expr) && expr[i+1] == ']' {
				b.WriteByte(']') // a literal ] opening the class
				i++
			}
		case c == '[' && inClass && i+1 < len(expr) && expr[i+1] == ':':
			end := strings.Index(expr[i:], ":]")
			if end < 0 {
				return "", false
			}
			b.WriteString(expr[i : i+end+2])
			i += end + 1
		case c == ']' && inClass:
			inClass = false
			b.WriteByte(c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), true
}

// asciiOf writes the ASCII characters of the table tab (of those not in it
// when neg is set) as the ranges of a class, with k and s when the class
// holds the Kelvin sign or the long s.
func asciiOf(tab *unicode.RangeTable, neg bool) string {
	var in [utf8.RuneSelf]bool
	for c := rune(0); c < utf8.RuneSelf; c++ {
		in[c] = unicode.Is(tab, c) != neg
	}
	if unicode.Is(tab, '\u212a') != neg {
		in['k'], in['K'] = true, true
	}
	if unicode.Is(tab, '\u017f') != neg {
		in['s'], in['S'] = true, true
	}
	var b strings.Builder
	for lo := 0; lo < utf8.RuneSelf; lo++ {
		if !in[lo] {
			continue
		}
		hi := lo
		for hi+1 < utf8.RuneSelf && in[hi+1] {
			hi++
		}
		fmt.Fprintf(&b, `\x{%x}-\x{%x}`, lo, hi)
		lo = hi
	}
	return b.String()
}

// setNeed keeps the sets of literals c as indexes into r.lits, each set's
// longest literals first (the rarest: the search that fails soonest).
func (r *rule) setNeed(c cond) {
	if c == nil || len(c) == 0 {
		return
	}
	var sets [][]uint8
	for k, conj := range c {
		if len(conj) == 0 {
			return // a branch needs nothing
		}
		if absorbed(c, k) {
			continue
		}
		conj = slices.Clone(conj)
		slices.SortStableFunc(conj, func(a, b needed) int { return len(b.lit) - len(a.lit) })
		var set []uint8
		for _, n := range conj {
			i := slices.Index(r.lits, n)
			if i < 0 {
				if len(r.lits) == 64 {
					r.lits, sets = nil, nil
					return
				}
				i = len(r.lits)
				r.lits = append(r.lits, n)
			}
			set = append(set, uint8(i))
		}
		sets = append(sets, set)
	}
	r.need = sets
}

// absorbed reports whether the set c[k] can be left out of c: another set
// holds whenever it does (each of the other's literals is within one of
// c[k]'s: "bbb" of "abbb", "cc" of "acc"); of two equal sets, the first
// stays.
func absorbed(c cond, k int) bool {
	for j, other := range c {
		if j == k {
			continue
		}
		within := true
		for _, o := range other {
			if !slices.ContainsFunc(c[k], func(n needed) bool { return n.fold == o.fold && strings.Contains(n.lit, o.lit) }) {
				within = false
				break
			}
		}
		if within && (j < k || !equalSets(c[j], c[k])) {
			return true
		}
	}
	return false
}

// simplify returns c without the sets another set holds whenever they
// hold (absorbed).
func simplify(c cond) cond {
	var out cond
	for k, set := range c {
		if !absorbed(c, k) {
			out = append(out, set)
		}
	}
	return out
}

// equalSets reports whether the sets a and b hold the same literals.
func equalSets(a, b []needed) bool {
	if len(a) != len(b) {
		return false
	}
	for _, n := range a {
		if !slices.Contains(b, n) {
			return false
		}
	}
	return true
}

// may reports whether a match of the rule could start at s[0], s starts
// with one of its prefixes and holds all the literals of one of its sets.
func (r *rule) may(s string) bool {
	if r.first != nil && (len(s) == 0 || !r.first[s[0]]) {
		return false
	}
	if r.prefix != nil {
		ok := false
		for _, p := range r.prefix {
			if p.fold && hasPrefixASCIIFold(s, p.lit) || !p.fold && strings.HasPrefix(s, p.lit) {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	if r.need == nil {
		return true
	}
	// Each literal is searched for once: known marks those searched,
	// held those found.
	var known, held uint64
	for _, set := range r.need {
		all := true
		for _, i := range set {
			bit := uint64(1) << i
			if known&bit == 0 {
				known |= bit
				if n := r.lits[i]; n.fold && ascii.ContainsFold(s, n.lit) || !n.fold && strings.Contains(s, n.lit) {
					held |= bit
				}
			}
			if held&bit == 0 {
				all = false
				break
			}
		}
		if all {
			return true
		}
	}
	return false
}

// hasPrefixASCIIFold reports whether s starts with the lower-case ASCII
// letters lit in any ASCII case.
func hasPrefixASCIIFold(s, lit string) bool {
	if len(s) < len(lit) {
		return false
	}
	for i := 0; i < len(lit); i++ {
		if s[i]|0x20 != lit[i] {
			return false
		}
	}
	return true
}

// needed is a literal a match holds: case for case, or, when fold is set,
// in any ASCII case (lit is then lower-case ASCII letters, none of which
// has a case partner past ASCII).
type needed struct {
	lit  string
	fold bool
}

// cond is what a match of a part of a regexp holds: all the literals of
// one of its sets. nil: nothing known (any text may match).
type cond [][]needed

// Bounds of the analysis: the strings a part matches exactly, the sets of
// a cond, the literals of one set.
const (
	maxExact = 16
	maxSets  = 32
	maxLits  = 6
)

// literals is what analyse finds of a part of a regexp.
type literals struct {
	// exact holds every string the part can match (its runes' cases
	// folded when fold is set; "" when it may match the empty text); nil
	// when they are not few and fixed.
	exact []needed
	// prefix holds strings one of which every match starts with; nil when
	// none is known.
	prefix []needed
	// need is what every match holds.
	need cond
}

// analyse returns what every match of re holds (see literals).
//
// A literal matched in any case ((?i)) is kept as its runs of ASCII letters
// whose case partners are all ASCII, lower-cased: the regexp matches "k" on
// the Kelvin sign and "s" on "ſ", which an ASCII search would miss. A
// literal holding U+FFFD is left out: the regexp matches it on an invalid
// byte, which the text does not hold as such.
func analyse(re *syntax.Regexp) literals {
	switch re.Op {
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText,
		syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return literals{exact: []needed{{}}}
	case syntax.OpLiteral:
		return literalRunes(re.Rune, re.Flags&syntax.FoldCase != 0)
	case syntax.OpCharClass:
		// A class of a few characters ("['’]", "[,;]", "[-–—]") is as
		// many literals of one character.
		n := 0
		for i := 0; i+1 < len(re.Rune); i += 2 {
			n += int(re.Rune[i+1]-re.Rune[i]) + 1
			if n > 4 {
				return literals{}
			}
		}
		var ex []needed
		for i := 0; i+1 < len(re.Rune); i += 2 {
			for c := re.Rune[i]; c <= re.Rune[i+1]; c++ {
				if c == utf8.RuneError {
					return literals{}
				}
				ex = append(ex, needed{lit: string(c)})
			}
		}
		return literals{exact: ex, prefix: ex, need: setsOf(ex)}
	case syntax.OpCapture:
		return analyse(re.Sub[0])
	case syntax.OpPlus:
		a := analyse(re.Sub[0])
		return literals{prefix: a.prefix, need: a.need}
	case syntax.OpRepeat:
		if re.Min >= 1 {
			a := analyse(re.Sub[0])
			return literals{prefix: a.prefix, need: a.need}
		}
		return literals{}
	case syntax.OpQuest:
		a := analyse(re.Sub[0])
		if a.exact != nil && !slices.Contains(a.exact, needed{}) && len(a.exact) < maxExact {
			return literals{exact: append(slices.Clip(a.exact), needed{})}
		}
		return literals{}
	case syntax.OpConcat:
		return analyseConcat(re.Sub)
	case syntax.OpAlternate:
		var out literals
		exact, prefix, need := true, true, true
		for _, sub := range re.Sub {
			a := analyse(sub)
			exact = exact && a.exact != nil
			if exact {
				out.exact = union(out.exact, a.exact)
			}
			p := a.prefix
			if p == nil && a.exact != nil && !slices.Contains(a.exact, needed{}) {
				p = a.exact
			}
			prefix = prefix && p != nil
			if prefix {
				out.prefix = union(out.prefix, p)
			}
			need = need && a.need != nil
			if need {
				out.need = append(out.need, a.need...)
			}
		}
		if !exact || len(out.exact) > maxExact {
			out.exact = nil
		}
		if !prefix || len(out.prefix) > maxExact {
			out.prefix = nil
		}
		if !need {
			out.need = nil
		} else if len(out.need) > maxSets {
			if out.need = simplify(out.need); len(out.need) > maxSets {
				out.need = weaken(out.need)
			}
		}
		return out
	}
	return literals{}
}

// prefixOf returns strings one of which every match of the sequence subs
// starts with, looking past optional parts ("(?:(?:new|open)\s+)?action"
// starts with "new", "open" or "action"): "" among them when a match may
// start otherwise (nothing known), nil when there are too many. budget
// bounds the work (each optional part doubles it).
func prefixOf(subs []*syntax.Regexp, budget *int) []needed {
	if *budget--; *budget < 0 {
		return nil
	}
	if len(subs) == 0 {
		return []needed{{}}
	}
	s0, rest := subs[0], subs[1:]
	with := func(first ...*syntax.Regexp) []*syntax.Regexp {
		return append(append(make([]*syntax.Regexp, 0, len(first)+len(rest)), first...), rest...)
	}
	switch s0.Op {
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText,
		syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return prefixOf(rest, budget)
	case syntax.OpCapture:
		return prefixOf(with(s0.Sub[0]), budget)
	case syntax.OpConcat:
		return prefixOf(with(s0.Sub...), budget)
	case syntax.OpAlternate:
		var out []needed
		for _, b := range s0.Sub {
			p := prefixOf(with(b), budget)
			if p == nil {
				return nil
			}
			if out = union(out, p); len(out) > maxExact {
				return nil
			}
		}
		return out
	case syntax.OpQuest, syntax.OpStar:
		// The part, then what follows it (for a star, at least the
		// part's own start), or what follows alone.
		var p []needed
		if s0.Op == syntax.OpQuest {
			p = prefixOf(with(s0.Sub[0]), budget)
		} else {
			p = prefixOf([]*syntax.Regexp{s0.Sub[0]}, budget)
		}
		q := prefixOf(rest, budget)
		if p == nil || q == nil {
			return nil
		}
		if out := union(p, q); len(out) <= maxExact {
			return out
		}
		return nil
	}
	a := analyse(s0)
	if a.exact != nil {
		if p := prefixOf(rest, budget); p != nil {
			if out := product(a.exact, p); out != nil {
				return out
			}
		}
		if !slices.Contains(a.exact, needed{}) {
			return a.exact
		}
		return []needed{{}}
	}
	if a.prefix != nil {
		return a.prefix
	}
	return []needed{{}}
}

// analyseConcat is analyse for a sequence: the strings of its parts with
// few fixed strings are joined (the cross product of "he|she" and "['’]ll"
// is "he'll", "he’ll", "she'll", "she’ll"), and what the sequence needs is
// what each of its parts needs.
func analyseConcat(subs []*syntax.Regexp) literals {
	var out literals
	run := []needed{{}} // the strings of the parts joined so far
	atStart := true     // run began at the sequence's start
	var factors []cond  // what the parts need
	flush := func(next *literals) {
		if atStart {
			// The sequence starts with one of run's strings, followed by
			// the start of next.
			if next != nil && next.prefix != nil {
				if p := product(run, next.prefix); p != nil && !slices.Contains(p, needed{}) {
					out.prefix = p
				}
			}
			if out.prefix == nil && !slices.Contains(run, needed{}) {
				out.prefix = run
			}
			atStart = false
		}
		if !slices.Contains(run, needed{}) {
			factors = append(factors, setsOf(run))
		}
		run = []needed{{}}
	}
	for _, sub := range subs {
		a := analyse(sub)
		if a.exact != nil {
			if p := product(run, a.exact); p != nil {
				run = p
				continue
			}
		}
		flush(&a)
		if a.exact != nil {
			run = a.exact
			continue
		}
		if a.need != nil {
			factors = append(factors, a.need)
		}
	}
	if atStart {
		out.exact = run
	}
	flush(nil)
	out.need = and(factors)
	return out
}

// product returns the strings of a followed by those of b; nil when there
// are too many or a string cannot be written as a needed literal.
func product(a, b []needed) []needed {
	if len(a)*len(b) > maxExact {
		return nil
	}
	var out []needed
	for _, x := range a {
		for _, y := range b {
			j, ok := join(x, y)
			if !ok {
				return nil
			}
			if !slices.Contains(out, j) {
				out = append(out, j)
			}
		}
	}
	return out
}

// join returns x followed by y as one literal: in any ASCII case when
// either is, which needs both to be ASCII letters (a text holding "Will"
// case for case holds "will" in any case).
func join(x, y needed) (needed, bool) {
	switch {
	case x.lit == "":
		return y, true
	case y.lit == "":
		return x, true
	case x.fold == y.fold:
		return needed{lit: x.lit + y.lit, fold: x.fold}, true
	}
	lx, okx := lowerLetters(x.lit)
	ly, oky := lowerLetters(y.lit)
	if !okx || !oky {
		return needed{}, false
	}
	return needed{lit: lx + ly, fold: true}, true
}

// lowerLetters returns s lower-cased when it is all ASCII letters.
func lowerLetters(s string) (string, bool) {
	for i := 0; i < len(s); i++ {
		if c := s[i] | 0x20; c < 'a' || c > 'z' {
			return "", false
		}
	}
	return strings.ToLower(s), true
}

// literalRunes is analyse for a literal: exact when its runes can all be
// searched for as they are (with fold, ASCII letters without case
// partners past ASCII), else the runs of it that can, all needed.
func literalRunes(runes []rune, fold bool) literals {
	if len(runes) == 0 {
		return literals{exact: []needed{{}}}
	}
	if !fold && !slices.Contains(runes, utf8.RuneError) || fold && !slices.ContainsFunc(runes, func(c rune) bool { return !asciiFoldOnly(c) }) {
		// The common case: the whole literal.
		lit := string(runes)
		if fold {
			lit = strings.ToLower(lit)
		}
		one := []needed{{lit: lit, fold: fold}}
		return literals{exact: one, prefix: one, need: cond{one}}
	}
	var runs []needed
	var run []rune
	whole := true
	end := func() {
		if len(run) > 0 {
			runs = append(runs, needed{lit: string(run), fold: fold})
			run = run[:0]
		}
	}
	for _, c := range runes {
		ok := c != utf8.RuneError
		if fold {
			ok = asciiFoldOnly(c)
			c = unicode.ToLower(c)
		}
		if !ok {
			whole = false
			end()
			continue
		}
		run = append(run, c)
	}
	end()
	switch {
	case len(runes) == 0:
		return literals{exact: []needed{{}}}
	case whole:
		return literals{exact: runs, prefix: runs, need: setsOf(runs)}
	case len(runs) == 0:
		return literals{}
	}
	var out literals
	if fold && asciiFoldOnly(runes[0]) || !fold && runes[0] != utf8.RuneError {
		out.prefix = runs[:1]
	}
	out.need = cond{runs}
	return out
}

// setsOf returns the cond "one of the literals xs".
func setsOf(xs []needed) cond {
	var c cond
	for _, x := range xs {
		if x.lit == "" {
			return nil
		}
		c = append(c, []needed{x})
	}
	return c
}

// union returns the strings of a and of b, each once.
func union(a, b []needed) []needed {
	out := slices.Clip(a)
	for _, x := range b {
		if !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

// and returns what holds when all of factors hold: each set of the result
// joins one set of each factor. A factor that would make the result too
// large is left out (what is left still holds); the factors with the
// fewest sets are taken first.
func and(factors []cond) cond {
	slices.SortStableFunc(factors, func(a, b cond) int { return len(a) - len(b) })
	var out cond
	for _, f := range factors {
		if out == nil {
			out = f
			continue
		}
		if len(out)*len(f) > maxSets {
			if out = simplify(out); len(out)*len(f) > maxSets {
				continue
			}
		}
		var next cond
		for _, x := range out {
			for _, y := range f {
				set := slices.Clip(x)
				for _, n := range y {
					if !slices.Contains(set, n) {
						set = append(set, n)
					}
				}
				next = append(next, set)
			}
		}
		out = next
	}
	for i, set := range out {
		if len(set) > maxLits {
			set = slices.Clone(set)
			slices.SortStableFunc(set, func(a, b needed) int { return len(b.lit) - len(a.lit) })
			out[i] = set[:maxLits]
		}
	}
	return out
}

// weaken returns a cond with at most maxSets sets that holds whenever c
// does: each set cut to its longest literal, each literal once; nil when
// that is still too many.
func weaken(c cond) cond {
	var lits []needed
	for _, set := range c {
		best := set[0]
		for _, n := range set[1:] {
			if len(n.lit) > len(best.lit) {
				best = n
			}
		}
		if !slices.Contains(lits, best) {
			lits = append(lits, best)
		}
	}
	if len(lits) > maxSets {
		return nil
	}
	return setsOf(lits)
}

// asciiFoldOnly reports whether r is an ASCII letter whose case partners
// (unicode.SimpleFold) are all ASCII: every letter but k and s.
func asciiFoldOnly(r rune) bool {
	if r >= utf8.RuneSelf || !unicode.IsLetter(r) {
		return false
	}
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		if f >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// String returns the rule's expression.
func (r *rule) String() string { return r.expr }

// MatchString is regexp.Regexp.MatchString.
func (r *rule) MatchString(s string) bool {
	return r.may(s) && r.re().MatchString(s)
}

// FindStringSubmatch is regexp.Regexp.FindStringSubmatch.
func (r *rule) FindStringSubmatch(s string) []string {
	if !r.may(s) {
		return nil
	}
	return r.re().FindStringSubmatch(s)
}

// FindStringSubmatchIndex is regexp.Regexp.FindStringSubmatchIndex.
func (r *rule) FindStringSubmatchIndex(s string) []int {
	if !r.may(s) {
		return nil
	}
	return r.re().FindStringSubmatchIndex(s)
}

// FindString is regexp.Regexp.FindString.
func (r *rule) FindString(s string) string {
	if !r.may(s) {
		return ""
	}
	return r.re().FindString(s)
}

// FindStringIndex is regexp.Regexp.FindStringIndex.
func (r *rule) FindStringIndex(s string) []int {
	if !r.may(s) {
		return nil
	}
	return r.re().FindStringIndex(s)
}

// FindAllString is regexp.Regexp.FindAllString.
func (r *rule) FindAllString(s string, n int) []string {
	if !r.may(s) {
		return nil
	}
	return r.re().FindAllString(s, n)
}

// FindAllStringIndex is regexp.Regexp.FindAllStringIndex.
func (r *rule) FindAllStringIndex(s string, n int) [][]int {
	if !r.may(s) {
		return nil
	}
	return r.re().FindAllStringIndex(s, n)
}

// FindAllStringSubmatch is regexp.Regexp.FindAllStringSubmatch.
func (r *rule) FindAllStringSubmatch(s string, n int) [][]string {
	if !r.may(s) {
		return nil
	}
	return r.re().FindAllStringSubmatch(s, n)
}

// FindAllStringSubmatchIndex is regexp.Regexp.FindAllStringSubmatchIndex.
func (r *rule) FindAllStringSubmatchIndex(s string, n int) [][]int {
	if !r.may(s) {
		return nil
	}
	return r.re().FindAllStringSubmatchIndex(s, n)
}

// ReplaceAllString is regexp.Regexp.ReplaceAllString.
func (r *rule) ReplaceAllString(src, repl string) string {
	if !r.may(src) {
		return src
	}
	return r.re().ReplaceAllString(src, repl)
}

// firstBytes returns the bytes a match of re can start with when re is
// anchored at the start of the text (^ without (?m), or \A) and cannot
// match the empty text; nil otherwise (no test: anything may match).
func firstBytes(re *syntax.Regexp) *[256]bool {
	if re.Op != syntax.OpConcat || len(re.Sub) == 0 || re.Sub[0].Op != syntax.OpBeginText {
		return nil
	}
	var set [256]bool
	if empty, ok := firstOfSeq(re.Sub[1:], &set); !ok || empty {
		return nil
	}
	return &set
}

// firstOfSeq adds to set the bytes a match of the sequence subs can start
// with; empty reports whether the sequence can match the empty text, ok
// false that a node was not understood (the caller then tests nothing).
func firstOfSeq(subs []*syntax.Regexp, set *[256]bool) (empty, ok bool) {
	for _, s := range subs {
		e, ok := firstOf(s, set)
		if !ok {
			return false, false
		}
		if !e {
			return false, true
		}
	}
	return true, true
}

// firstOf is firstOfSeq for one node.
func firstOf(re *syntax.Regexp, set *[256]bool) (empty, ok bool) {
	switch re.Op {
	case syntax.OpNoMatch:
		return false, true
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText,
		syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		// Zero width: what follows starts the match (counting them as
		// matching nothing only lets more texts through).
		return true, true
	case syntax.OpLiteral:
		if len(re.Rune) == 0 {
			return true, true
		}
		r := re.Rune[0]
		addRange(set, r, r)
		if re.Flags&syntax.FoldCase != 0 {
			for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
				addRange(set, f, f)
			}
		}
		return false, true
	case syntax.OpCharClass:
		// The parser has folded the class's letters already.
		for i := 0; i+1 < len(re.Rune); i += 2 {
			addRange(set, re.Rune[i], re.Rune[i+1])
		}
		return false, true
	case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		addRange(set, 0, unicode.MaxRune)
		return false, true
	case syntax.OpCapture:
		return firstOf(re.Sub[0], set)
	case syntax.OpConcat:
		return firstOfSeq(re.Sub, set)
	case syntax.OpAlternate:
		empty := false
		for _, s := range re.Sub {
			e, ok := firstOf(s, set)
			if !ok {
				return false, false
			}
			empty = empty || e
		}
		return empty, true
	case syntax.OpStar, syntax.OpQuest:
		_, ok := firstOf(re.Sub[0], set)
		return true, ok
	case syntax.OpPlus:
		return firstOf(re.Sub[0], set)
	case syntax.OpRepeat:
		e, ok := firstOf(re.Sub[0], set)
		return e || re.Min == 0, ok
	}
	return false, false
}

// addRange adds to set the first bytes of the runes lo..hi. A rune past
// ASCII adds every byte from 0x80: the regexp package reads a byte that is
// not UTF-8 as U+FFFD, which a class may hold; the test is for the ASCII
// letters that start the labels.
func addRange(set *[256]bool, lo, hi rune) {
	for c := lo; c <= hi && c < utf8.RuneSelf; c++ {
		set[c] = true
	}
	if hi >= utf8.RuneSelf && !set[utf8.RuneSelf] {
		// Set together, so once is enough (a class of \p{L} has
		// hundreds of ranges past ASCII).
		for c := utf8.RuneSelf; c < 256; c++ {
			set[c] = true
		}
	}
}
