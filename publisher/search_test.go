package publisher

import (
	"math/rand"
	"slices"
	"strings"
	"testing"
)

// TestWordsASCII: the ASCII path of words.add gives the words the general
// one (addText) gives, in the same order: cases, separators, digits and
// '_', one-letter words, words of 60 and 61 letters, words seen before.
func TestWordsASCII(t *testing.T) {
	texts := []string{
		"Alice to FIX the build_2 by next week",
		"a b cc DD e_f (x) [y] {zz} #agreed we go with the venue; venue VENUE",
		strings.Repeat("x", 60) + " " + strings.Repeat("y", 61) + " " + strings.Repeat("Z", 59),
		"tab\tnew\nline\x01ctl\x7fdel  ",
		"", " ", "__", "_", "9", "99", "https://example.org/a-b?c=d#e",
	}
	rnd := rand.New(rand.NewSource(1))
	const alphabet = "aZ_9 .-\t\x02Qq~"
	for i := 0; i < 500; i++ {
		b := make([]byte, rnd.Intn(80))
		for j := range b {
			b[j] = alphabet[rnd.Intn(len(alphabet))]
		}
		texts = append(texts, string(b))
	}
	var fast words
	slow := words{seen: map[string]bool{}}
	for _, s := range texts {
		fast.add(s)
		slow.addText(s)
		if !slices.Equal(fast.list, slow.list) {
			t.Fatalf("after %q: ASCII path %q, general %q", s, fast.list, slow.list)
		}
	}
	if len(fast.list) < 20 {
		t.Fatalf("only %d words from %d texts: %q", len(fast.list), len(texts), fast.list)
	}
	// Non-ASCII text takes the general path.
	var w words
	w.add("Ünïcode Straße straße")
	if got := w.String(); got != "ünïcode straße" {
		t.Fatalf("non-ASCII words: %q", got)
	}
}
