package notes

import (
	"regexp"
	"regexp/syntax"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// lazyRE returns a function that compiles expr the first time it is
// called and then returns the same (immutable) regexp: the package's
// regexps cost nothing at start-up for commands that never read notes.
func lazyRE(expr string) func() *rule {
	return sync.OnceValue(func() *rule { return compileRule(expr) })
}

// rule is a regexp of the notes rules. For one anchored at the start of
// the text ("^(?:owners?|...)"), it first looks at the text's first byte,
// which must be one a match can start with: the rules try a dozen such
// labels on every item, and nearly all of them fail on that byte, where the
// regexp package would set up a match first. The methods the rules use on
// whole texts are filtered so, and by a literal every match holds
// (strings.Contains first, for the unanchored ones); the others are the
// regexp's own.
// FuzzRuleFirstBytes checks every rule of the package against its regexp.
type rule struct {
	*regexp.Regexp
	// first holds the bytes a match can start with; nil when the regexp is
	// not anchored at the start or may match the empty text.
	first *[256]bool
	// need holds literals of which every match holds one ("help)" of
	// "\(...\s+to\s+help\)"; "going", "plans", ... of "X\s+(?:going\s+to|
	// plans\s+to|...)"), tested before the regexp: the best such set of
	// the regexp's top-level sequence (neededLiterals); nil when it has
	// none.
	need []needed
}

// compileRule compiles expr as regexp.MustCompile does and works out the
// bytes a match can start with.
func compileRule(expr string) *rule {
	r := &rule{Regexp: regexp.MustCompile(expr)}
	if re, err := syntax.Parse(expr, syntax.Perl); err == nil {
		re = re.Simplify()
		r.first = firstBytes(re)
		r.need = neededLiterals(re)
	}
	return r
}

// may reports whether a match of the rule could start at s[0] and s holds
// one of the literals every match holds.
func (r *rule) may(s string) bool {
	if r.first != nil && (len(s) == 0 || !r.first[s[0]]) {
		return false
	}
	if r.need == nil {
		return true
	}
	for _, n := range r.need {
		if n.fold && containsFoldASCII(s, n.lit) || !n.fold && strings.Contains(s, n.lit) {
			return true
		}
	}
	return false
}

// needed is a literal a match holds: case for case, or, when fold is set,
// in any ASCII case (lit is then lower-case ASCII letters, none of which
// has a case partner past ASCII).
type needed struct {
	lit  string
	fold bool
}

// maxNeeded bounds a rule's set of needed literals: each is a search of
// the text.
const maxNeeded = 12

// neededLiterals returns literals of which every match of re holds one:
// those of one step of re's top-level sequence (looking into capture
// groups, one-or-more repeats and alternations, each of whose branches
// must hold one), the step whose shortest literal is longest (then the
// one with fewest literals); nil when no step has such a set.
//
// A literal matched in any case ((?i)) stands for its longest run of ASCII
// letters whose case partners are all ASCII, lower-cased: the regexp
// matches "k" on the Kelvin sign and "s" on "ſ", which an ASCII search
// would miss. A literal holding U+FFFD is left out: the regexp matches it
// on an invalid byte, which the text does not hold as such.
func neededLiterals(re *syntax.Regexp) []needed {
	switch re.Op {
	case syntax.OpLiteral:
		if len(re.Rune) == 0 || slices.Contains(re.Rune, utf8.RuneError) {
			return nil
		}
		if re.Flags&syntax.FoldCase == 0 {
			return []needed{{lit: string(re.Rune)}}
		}
		best, run := "", []byte(nil)
		for i := 0; i <= len(re.Rune); i++ {
			if i < len(re.Rune) && asciiFoldOnly(re.Rune[i]) {
				run = append(run, byte(unicode.ToLower(re.Rune[i])))
				continue
			}
			if len(run) > len(best) {
				best = string(run)
			}
			run = run[:0]
		}
		if best == "" {
			return nil
		}
		return []needed{{lit: best, fold: true}}
	case syntax.OpCapture, syntax.OpPlus:
		return neededLiterals(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return neededLiterals(re.Sub[0])
		}
	case syntax.OpConcat:
		var best []needed
		for _, sub := range re.Sub {
			if set := neededLiterals(sub); set != nil && betterNeeded(set, best) {
				best = set
			}
		}
		return best
	case syntax.OpAlternate:
		var all []needed
		for _, sub := range re.Sub {
			set := neededLiterals(sub)
			if set == nil {
				return nil // a branch that holds none
			}
			for _, n := range set {
				if !slices.Contains(all, n) {
					all = append(all, n)
				}
			}
		}
		if len(all) > maxNeeded {
			return nil
		}
		return all
	}
	return nil
}

// betterNeeded reports whether the set a of needed literals filters
// better than b (nil: none): its shortest literal is longer, or as long
// with fewer literals.
func betterNeeded(a, b []needed) bool {
	if b == nil {
		return true
	}
	shortest := func(set []needed) int {
		n := len(set[0].lit)
		for _, x := range set[1:] {
			n = min(n, len(x.lit))
		}
		return n
	}
	if la, lb := shortest(a), shortest(b); la != lb {
		return la > lb
	}
	return len(a) < len(b)
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

// MatchString is regexp.Regexp.MatchString.
func (r *rule) MatchString(s string) bool {
	return r.may(s) && r.Regexp.MatchString(s)
}

// FindStringSubmatch is regexp.Regexp.FindStringSubmatch.
func (r *rule) FindStringSubmatch(s string) []string {
	if !r.may(s) {
		return nil
	}
	return r.Regexp.FindStringSubmatch(s)
}

// FindStringSubmatchIndex is regexp.Regexp.FindStringSubmatchIndex.
func (r *rule) FindStringSubmatchIndex(s string) []int {
	if !r.may(s) {
		return nil
	}
	return r.Regexp.FindStringSubmatchIndex(s)
}

// FindString is regexp.Regexp.FindString.
func (r *rule) FindString(s string) string {
	if !r.may(s) {
		return ""
	}
	return r.Regexp.FindString(s)
}

// FindStringIndex is regexp.Regexp.FindStringIndex.
func (r *rule) FindStringIndex(s string) []int {
	if !r.may(s) {
		return nil
	}
	return r.Regexp.FindStringIndex(s)
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
