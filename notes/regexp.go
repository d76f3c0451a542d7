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
	// need is a literal every match holds, case for case ("to help" of
	// "...\s+to\s+help\)"), tested with strings.Contains before the
	// regexp: the longest one of the regexp's top-level sequence; "" when
	// it has none.
	need string
}

// compileRule compiles expr as regexp.MustCompile does and works out the
// bytes a match can start with.
func compileRule(expr string) *rule {
	r := &rule{Regexp: regexp.MustCompile(expr)}
	if re, err := syntax.Parse(expr, syntax.Perl); err == nil {
		re = re.Simplify()
		r.first = firstBytes(re)
		r.need = neededLiteral(re)
	}
	return r
}

// may reports whether a match of the rule could start at s[0] and s holds
// the literal every match holds.
func (r *rule) may(s string) bool {
	return (r.first == nil || len(s) > 0 && r.first[s[0]]) && (r.need == "" || strings.Contains(s, r.need))
}

// neededLiteral returns the longest literal, matched case for case, that
// is one step of re's top-level sequence (looking into capture groups and
// one-or-more repeats), so that every match holds it; "" when there is
// none. A literal holding U+FFFD is left out: the regexp matches it on an
// invalid byte, which the text does not hold as such.
func neededLiteral(re *syntax.Regexp) string {
	best := ""
	var walk func(re *syntax.Regexp)
	walk = func(re *syntax.Regexp) {
		switch re.Op {
		case syntax.OpConcat:
			for _, sub := range re.Sub {
				walk(sub)
			}
		case syntax.OpCapture, syntax.OpPlus:
			walk(re.Sub[0])
		case syntax.OpRepeat:
			if re.Min >= 1 {
				walk(re.Sub[0])
			}
		case syntax.OpLiteral:
			if re.Flags&syntax.FoldCase != 0 || slices.Contains(re.Rune, utf8.RuneError) {
				return
			}
			if lit := string(re.Rune); len(lit) > len(best) {
				best = lit
			}
		}
	}
	walk(re)
	return best
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
