package notes

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
	wa, wb := Words(a), Words(b)
	if len(wa) == 0 || len(wb) == 0 {
		return 0
	}
	set := make(map[string]int, len(wa))
	for _, w := range wa {
		set[w] = 1
	}
	inter, union := 0, len(set)
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
