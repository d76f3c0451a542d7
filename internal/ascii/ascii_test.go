package ascii

import (
	"encoding/binary"
	"strings"
	"testing"
)

func printable(c byte) bool { return c >= 0x20 && c <= 0x7e }

func TestPrintable(t *testing.T) {
	for s, want := range map[string]bool{
		"":                                true,
		"plain text, 20:00 <nick> #topic": true,
		"ends with DEL\x7f":               false,
		"tab\there and more than eight":   false,
		"caf\u00e9 au lait, long enough":  false,
		"0123456789abcdef~":               true,
		"01234567\x1f":                    false,
	} {
		if got := Printable(s); got != want {
			t.Errorf("Printable(%q) = %v, want %v", s, got, want)
		}
	}
}

// FuzzPrintablePrefix: the word-at-a-time test stops exactly at the first
// 8-byte word that holds a byte outside 0x20-0x7E, and Printable agrees
// with a byte-by-byte loop.
func FuzzPrintablePrefix(f *testing.F) {
	for _, s := range []string{"", "0123456789abcdef", "01234567\x7f", "ab\x1fcdefgh", "\u00e9\u00e9\u00e9\u00e9xxxxxxxx", "        ~~~~~~~~ "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want := 0
		for want+8 <= len(s) {
			ok := true
			for _, c := range []byte(s[want : want+8]) {
				ok = ok && printable(c)
			}
			if !ok {
				break
			}
			want += 8
		}
		if got := PrintablePrefix(s); got != want {
			t.Fatalf("PrintablePrefix(%q) = %d, want %d", s, got, want)
		}
		all := true
		for _, c := range []byte(s) {
			all = all && printable(c)
		}
		if Printable(s) != all {
			t.Fatalf("Printable(%q) = %v, want %v", s, !all, all)
		}
	})
}

// FuzzWord: Word is encoding/binary's little-endian reading of the first
// eight bytes.
func FuzzWord(f *testing.F) {
	for _, s := range []string{"01234567", "\x00\xff\x80\x7f <&>\"'", "caf\u00e9 au lait"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) < 8 {
			return
		}
		if got, want := Word(s), binary.LittleEndian.Uint64([]byte(s)); got != want {
			t.Fatalf("Word(%q) = %#x, want %#x", s, got, want)
		}
	})
}

// TestContainsFold: ContainsFold answers as strings.Contains of the text
// in lower case, for every lower-case word of 1 to 3 letters of a small
// alphabet in texts of those letters in both cases and other bytes, and for
// w at the very start and end of s.
func TestContainsFold(t *testing.T) {
	const alpha = "abAB -9"
	texts := []string{""}
	for n := 0; n < 4; n++ {
		var next []string
		for _, s := range texts {
			for i := 0; i < len(alpha); i++ {
				next = append(next, s+alpha[i:i+1])
			}
		}
		texts = append(texts, next...)
	}
	for _, w := range []string{"a", "b", "ab", "ba", "aab", "b a", "for ", " a", " b ", "-a", "9 b", " ", "-9", "a-"} {
		for _, s := range texts {
			want := strings.Contains(strings.ToLower(s), w)
			if got := ContainsFold(s, w); got != want {
				t.Fatalf("ContainsFold(%q, %q) = %v, want %v", s, w, got, want)
			}
		}
	}
	if !ContainsFold("Bring it FOR the meeting", "for ") || ContainsFold("before", "for ") {
		t.Error(`ContainsFold of "for " in a sentence`)
	}
	// The word compared as strings.EqualFold compares it, past its first
	// byte too.
	for _, c := range []struct{ s, w string }{{"xAB", "ab"}, {"xab", "aB"}, {"x[b", "{b"}, {"x@b", "`b"}, {"x\u212ab", "kb"},
		{"a\u017f", "as"}, {"\u212a", "k"}, {"ab\xff", "b\xff"}} {
		want := false
		for i := 0; i+len(c.w) <= len(c.s); i++ {
			if c.s[i]|0x20 == c.w[0] && strings.EqualFold(c.s[i:i+len(c.w)], c.w) {
				want = true
			}
		}
		if got := ContainsFold(c.s, c.w); got != want {
			t.Errorf("ContainsFold(%q, %q) = %v, strings.EqualFold says %v", c.s, c.w, got, want)
		}
	}
	if !ContainsFold("Rahul WILL do it", " will ") || ContainsFold("Rahul will", " will ") || ContainsFold("willow will", " will ") {
		t.Error(`ContainsFold of " will " (a word opening with a space)`)
	}
}

// FuzzContainsFold: ContainsFold answers as strings.EqualFold at every
// place of s whose byte is w's first in either ASCII case, for any w, and
// for the words the notes rules ask of every item (lower case, as they
// are given).
func FuzzContainsFold(f *testing.F) {
	for _, c := range [][2]string{{"Rahul WILL do it", " will "}, {"x\u212ab", "kb"}, {"ab", "aB"}, {"", "a"}, {"x[b", "{b"},
		{"Rahul owns it", "by"}, {"TAKES the lead", "by"}, {"x BY y", "by"}, {"willow will", "by"}, {"ſ by ſ", "by"}} {
		f.Add(c[0], c[1])
	}
	f.Fuzz(func(t *testing.T, s, w string) {
		for _, w := range []string{w, strings.ToLower(w), " by ", "will", "were", "own", "next step"} {
			if w == "" {
				continue
			}
			want := false
			for i := 0; i+len(w) <= len(s); i++ {
				if s[i]|0x20 == w[0] && strings.EqualFold(s[i:i+len(w)], w) {
					want = true
					break
				}
			}
			if got := ContainsFold(s, w); got != want {
				t.Errorf("ContainsFold(%q, %q) = %v, want %v", s, w, got, want)
			}
		}
	})
}

// BenchmarkContainsFold: the words the notes rules ask of an item, in
// items of the seeds' length.
func BenchmarkContainsFold(b *testing.B) {
	texts := []string{
		"• Kushal will get estimates for T-shirts, posters, banners, buttons, stickers, lanyards",
		"• Registration desk — identify people who will welcome people and distribute swag",
		"Catering: PJP",
		"• Rahul to talk to the venue about the projector and the Wi-Fi before the event",
		"He clarified the bandwidth would be sufficient for our usage, identified a few spots to put access points",
	}
	words := []string{" will ", " to ", "said", "need", " by ", "next step", "agreed", "present", "'ll"}
	for b.Loop() {
		for _, s := range texts {
			for _, w := range words {
				ContainsFold(s, w)
			}
		}
	}
}
