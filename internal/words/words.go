// Package words is the normal form gavel compares action items in: the
// lower-case, lightly stemmed words of a text without stop words, and the
// overlap of two texts' words. The notes parser, the tracker and the
// store's index of open items all use it, so that they agree on what
// "the same words" means.
//
// The store keeps the words of every open item in an index: changing what
// Words returns needs a store migration that rebuilds that index.
package words

import (
	"strings"
	"unicode"
)

// stopWords are left out when comparing texts: they say nothing about the
// subject of an action item.
var stopWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`a an and are as at be by for from has have in is it of on or
		the this that to too with will do does did about up our we us our all owner owners
		deadline due`) {
		m[w] = true
	}
	return m
}()

// Words returns the lower-case words of s (letters and digits), without
// stop words and lightly stemmed. It is the normal form used to compare
// action items.
func Words(s string) []string {
	f := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	out := f[:0]
	for _, w := range f {
		if !stopWords[w] {
			out = append(out, stem(w))
		}
	}
	return out
}

// Joined is Words(s) joined by single spaces: the form the store's index
// keeps, and two texts are the same topic when their Joined forms are
// equal ("Caterers" and "Catering").
func Joined(s string) string { return strings.Join(Words(s), " ") }

// stem strips common English endings so that "caterers", "catering" and
// "cater" compare equal: a light stemmer, not Porter's.
func stem(w string) string {
	if len(w) <= 4 {
		return w
	}
	for _, suf := range []string{"ings", "ing", "ers", "er", "es", "ed", "s"} {
		if strings.HasSuffix(w, suf) && len(w)-len(suf) >= 3 {
			w = w[:len(w)-len(suf)]
			break
		}
	}
	if len(w) > 4 && strings.HasSuffix(w, "e") {
		w = w[:len(w)-1]
	}
	return w
}

// Similarity is the word overlap of a and b, from 0 (no word in common) to
// 1 (the same words): the Jaccard index of their Words.
func Similarity(a, b string) float64 {
	return Jaccard(Words(a), Words(b))
}

// Jaccard is the Jaccard index of two word lists taken as sets: the number
// of distinct words in both over the number of distinct words in either
// (0 when either is empty).
func Jaccard(wa, wb []string) float64 {
	if len(wa) == 0 || len(wb) == 0 {
		return 0
	}
	set := make(map[string]int8, len(wa)+len(wb))
	inter, union := 0, 0
	for _, w := range wa {
		if set[w] == 0 {
			set[w] = 1
			union++
		}
	}
	for _, w := range wb {
		switch set[w] {
		case 1:
			inter++
			set[w] = 2
		case 0:
			union++
			set[w] = 3
		}
	}
	return float64(inter) / float64(union)
}

// JaccardJoined is Jaccard of wa and the words of joined (a Joined form:
// words separated by single spaces), without allocating: the comparison
// the tracker makes against every candidate from the store's index. wa
// must hold distinct words (see Distinct).
func JaccardJoined(wa []string, joined string) float64 {
	if len(wa) == 0 || joined == "" {
		return 0
	}
	inter, distinctB := 0, 0
	rest := joined
	for rest != "" {
		w, tail, _ := strings.Cut(rest, " ")
		start := len(joined) - len(rest)
		rest = tail
		if w == "" || seenBefore(joined[:start], w) {
			continue
		}
		distinctB++
		for _, x := range wa {
			if x == w {
				inter++
				break
			}
		}
	}
	if distinctB == 0 {
		return 0
	}
	return float64(inter) / float64(len(wa)+distinctB-inter)
}

// seenBefore reports whether word w is one of the space-separated words of
// prefix.
func seenBefore(prefix, w string) bool {
	for prefix != "" {
		x, tail, _ := strings.Cut(prefix, " ")
		if x == w {
			return true
		}
		prefix = tail
	}
	return false
}

// Distinct returns ws without repeated words, keeping the first order. It
// may reuse ws's array.
func Distinct(ws []string) []string {
	out := ws[:0]
	for _, w := range ws {
		dup := false
		for _, x := range out {
			if x == w {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, w)
		}
	}
	return out
}
