// Package english knows the ordinary words of English, from an embedded
// copy of Debian's wamerican list (SCOWL; see gen.sh and LICENSE.scowl).
//
// It holds the one rule by which the meeting engine and the notes reader
// tell a person from a word at the start of a sentence: NotAName. "Welcome
// to the meeting", "Colours to be chosen" and "Relevance to the theme" are
// not owned by Welcome, Colours or Relevance.
package english

//go:generate ./gen.sh

import (
	_ "embed" // the word lists
	"strings"
	"unicode"
	"unicode/utf8"
)

var (
	//go:embed words.txt
	wordsTxt string
	//go:embed names.txt
	namesTxt string
)

// list is a word list: sorted (byte order), one word a line, as embedded.
type list string

var (
	words = list(strings.TrimSpace(wordsTxt))
	names = list(strings.TrimSpace(namesTxt))
)

// has reports whether w is a line of l, by binary search over l's bytes:
// the list is never split (a 64,000-string slice was 1 MB for the garbage
// collector to scan in every process that asked once) and nothing is
// allocated.
func (l list) has(w string) bool {
	s := string(l)
	lo, hi := 0, len(s) // s[lo:hi] holds whole lines
	for lo < hi {
		mid := lo + (hi-lo)/2
		start := lo + strings.LastIndexByte(s[lo:mid], '\n') + 1
		end := strings.IndexByte(s[mid:hi], '\n')
		if end < 0 {
			end = hi
		} else {
			end += mid
		}
		switch line := s[start:end]; {
		case w == line:
			return true
		case w < line:
			hi = start
		default:
			lo = end + 1
		}
	}
	return false
}

// IsWord reports whether w (one word, in any letter case) is an ordinary
// English word: in the list as written, or in its American spelling
// ("colours", "organisers", "finalise", "centre", "licence").
func IsWord(w string) bool {
	w = strings.ToLower(strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) }))
	if len(w) < 2 {
		return false
	}
	return words.has(w) || american(w) || agent(w)
}

// agent reports whether w is the agent noun of a listed verb in -ate
// that the list lacks: "facilitator", "moderators".
func agent(w string) bool {
	w = strings.TrimSuffix(w, "s")
	return strings.HasSuffix(w, "ator") && len(w) > 6 && words.has(w[:len(w)-2]+"e")
}

// IsName reports whether w is written capitalised in the list: a given
// name (Bob, Dana, Will), a place or a month.
func IsName(w string) bool {
	return names.has(strings.ToLower(w))
}

// NotAName reports whether w, the first word of a phrase that may name a
// person ("W to VERB", "W will VERB", "W: ..."), is an ordinary English
// word and not also a given name, so it cannot name an owner unless the
// meeting knows a person by it. "Welcome", "Colours", "relevance" are not
// names; "Rahul", "Bob" (a word, but a name too), "PJP" are.
func NotAName(w string) bool {
	w = strings.TrimLeft(w, "@")
	if len(w) < 2 {
		// "I", "a": not names.
		return true
	}
	if pronouns[strings.ToLower(w)] {
		// "It will target Scala 3", "He plans to ...": the list has "It"
		// and "He" capitalised (a title, helium), but a pronoun names no
		// one a reminder could reach.
		return true
	}
	if i := strings.IndexAny(w, "'’"); i > 0 {
		// "I'm going to present it", "We'll ...", "They're ...": a
		// pronoun contracted with its verb ("O'Brien" is a name).
		if head := strings.ToLower(w[:i]); head == "i" || pronouns[head] {
			return true
		}
	}
	if isUpperWord(w) {
		// An acronym or initials: PJP, AI.
		return false
	}
	if nick(w) {
		// "infinity0", "bob2": a nick, whatever word its letters make.
		return false
	}
	// IsName first: a binary search, where IsWord of a name that is no
	// word ("Rahul") tries every British spelling before it says no.
	if !IsName(w) && IsWord(w) {
		return true
	}
	if a, b, ok := strings.Cut(w, "-"); ok && a != "" && b != "" && !IsName(w) {
		// A compound of words the list lacks as one ("Clean-up",
		// "Cool-down", "Follow-ups"): each part a word, none a name
		// ("Jean-Pierre", "Anne-Marie" are names).
		for _, part := range strings.Split(w, "-") {
			if !NotAName(part) || isUpperWord(part) {
				return false
			}
		}
		return true
	}
	return false
}

// nick reports whether w starts with a letter and holds a digit after it:
// a nick ("infinity0", "user42"), not a word of the list.
func nick(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsLetter(r) && strings.IndexFunc(w, unicode.IsDigit) > 0
}

// pronouns are the pronouns that may open a sentence where a name would:
// never a person's name.
var pronouns = map[string]bool{"it": true, "he": true, "she": true, "we": true, "they": true, "you": true,
	"me": true, "us": true, "him": true, "her": true, "them": true, "someone": true, "somebody": true,
	"anyone": true, "anybody": true, "nobody": true, "everyone": true, "everybody": true, "this": true,
	"that": true, "these": true, "those": true, "there": true, "here": true}

// isUpperWord reports whether every letter of w is upper case and it has
// two or more.
func isUpperWord(w string) bool {
	n := 0
	for _, r := range w {
		if unicode.IsLetter(r) {
			if !unicode.IsUpper(r) {
				return false
			}
			n++
		}
	}
	return n >= 2
}

// british are British spellings and their American forms.
var british = [...][2]string{{"our", "or"}, {"isation", "ization"}, {"ise", "ize"}, {"is", "iz"}, {"yse", "yze"},
	{"tre", "ter"}, {"ence", "ense"}, {"ogue", "og"}, {"ll", "l"}}

// american reports whether w is the British spelling of a listed word
// (-our, -ise, -isation, -yse, -tre, -ence, -ogue, doubled l), with an
// inflection (-s, -es, -ed, -ing, -er, -ers) or none: "colours" is
// "colors", "organisers" "organizers".
func american(w string) bool {
	for _, suf := range [...]string{"", "s", "es", "ed", "ing", "er", "ers", "e"} {
		if !strings.HasSuffix(w, suf) || len(w) < len(suf)+3 {
			continue
		}
		stem := w[:len(w)-len(suf)]
		for _, r := range british {
			if i := strings.LastIndex(stem, r[0]); i > 0 {
				if words.has(stem[:i] + r[1] + stem[i+len(r[0]):] + suf) {
					return true
				}
			}
		}
	}
	return false
}

// memoMax bounds a Memo: past it, words are answered without being kept,
// so a long-running reader (the bot's engine) holds at most this many.
const memoMax = 4096

// Memo remembers NotAName's answers for one reader (a notes parse, a
// meeting engine): a notes file asks about the same few names and words on
// thousands of lines, and a map lookup is cheaper than the list's binary
// searches and the British spellings tried for a name that is no word. The
// zero Memo is ready to use; a nil *Memo asks NotAName every time. A Memo
// is not safe for concurrent use.
type Memo struct {
	m map[string]bool
}

// NotAName is NotAName(w), remembered.
func (c *Memo) NotAName(w string) bool {
	if c == nil {
		return NotAName(w)
	}
	if v, ok := c.m[w]; ok {
		return v
	}
	v := NotAName(w)
	if c.m == nil {
		c.m = make(map[string]bool, 64)
	}
	if len(c.m) < memoMax {
		// A copy: w is often a piece of a long line the map would keep.
		c.m[strings.Clone(w)] = v
	}
	return v
}
