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
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
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
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return wordsUnicode(s)
		}
	}
	// ASCII: the same words, split without decoding runes (the tracker
	// and the store's index ask this of every action item).
	l := strings.ToLower(s)
	out := make([]string, 0, len(l)/6+1)
	for i := 0; i < len(l); {
		for i < len(l) && !alnum(l[i]) {
			i++
		}
		j := i
		for j < len(l) && alnum(l[j]) {
			j++
		}
		if w := l[i:j]; w != "" && !stopWords[w] {
			out = append(out, stem(w))
		}
		i = j
	}
	return out
}

// alnum says whether the ASCII byte c is a letter or a digit (what
// unicode.IsLetter and unicode.IsDigit say of it).
func alnum(c byte) bool {
	return 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || 'A' <= c && c <= 'Z'
}

// wordsUnicode is Words for text that is not all ASCII.
func wordsUnicode(s string) []string {
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
	// The distinct words of joined, each split off once (an item's text
	// has a few dozen words at most: comparing with the ones before is
	// cheaper than a set).
	var buf [32]string
	seen := buf[:0]
	inter := 0
	for rest := joined; rest != ""; {
		var w string
		w, rest, _ = strings.Cut(rest, " ")
		if w == "" || slices.Contains(seen, w) {
			continue
		}
		seen = append(seen, w)
		if slices.Contains(wa, w) {
			inter++
		}
	}
	if len(seen) == 0 {
		return 0
	}
	return float64(inter) / float64(len(wa)+len(seen)-inter)
}

// Set returns the distinct words of joined (a Joined form), sorted: the
// form JaccardSorted compares. The strings are slices of joined.
func Set(joined string) []string {
	var out []string
	for rest := joined; rest != ""; {
		var w string
		w, rest, _ = strings.Cut(rest, " ")
		if w != "" {
			out = append(out, w)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// JaccardSorted is Jaccard of two sets of words each sorted and without
// repeats (Set, or a Distinct list sorted), by merging them: no allocation
// and one pass, the comparison the tracker makes against every open item
// of a new action's owners (the store keeps each item's Set).
func JaccardSorted(a, b []string) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	inter := 0
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] == b[j]:
			inter++
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return float64(inter) / float64(len(a)+len(b)-inter)
}

// JaccardSortedString is JaccardSorted(a, Set) with the Set joined by
// single spaces into one string b of nb words: the form the store keeps of
// each open item (OpenItem.WordSet), so that the items it keeps for a whole
// import hold no pointer per word for the garbage collector to visit. No
// allocation and one pass.
func JaccardSortedString(a []string, b string, nb int) float64 {
	if len(a) == 0 || nb == 0 {
		return 0
	}
	inter, i := 0, 0
	for j := 0; j < len(b) && i < len(a); {
		k := j
		for k < len(b) && b[k] != ' ' {
			k++
		}
		w := b[j:k]
		for i < len(a) && a[i] < w {
			i++
		}
		if i < len(a) && a[i] == w {
			inter++
			i++
		}
		j = k + 1
	}
	return float64(inter) / float64(len(a)+nb-inter)
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

// Bit is the one bit of a 64-bit word mask (Mask) that word w sets: bit
// FNV-1a(w) mod 64.
func Bit(w string) uint64 {
	h := uint32(2166136261)
	for i := 0; i < len(w); i++ {
		h = (h ^ uint32(w[i])) * 16777619
	}
	return 1 << (h & 63)
}

// Mask is the bits (Bit) of the words of set, a summary that
// JaccardAtMost compares without reading the words.
func Mask(set []string) uint64 {
	var m uint64
	for _, w := range set {
		m |= Bit(w)
	}
	return m
}

// JaccardAtMost is an upper bound of JaccardSorted(a, b), from the bits of
// a's words (bits[i] = Bit(a[i]), a sorted and without repeats) and b's
// Mask and length alone: a word of a in b has its bit in bmask, so the
// words of a whose bit is there are at least the words they share. The
// tracker passes over an open item whose bound is under its threshold
// without reading the item's words (an owner's open items grow with the
// archive; their words are memory to fetch, the mask is in the entry).
func JaccardAtMost(bits []uint64, bmask uint64, nb int) float64 {
	if len(bits) == 0 || nb == 0 {
		return 0
	}
	u := 0
	for _, b := range bits {
		if b&bmask != 0 {
			u++
		}
	}
	u = min(u, nb)
	// The same division as JaccardSorted's: increasing in the shared
	// count, so never below what JaccardSorted returns.
	return float64(u) / float64(len(bits)+nb-u)
}
