package bot

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestSanitize(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"plain", "plain"},
		{"a\r\nQUIT :x", "a  QUIT :x"},
		{"nul\x00byte", "nulbyte"},
		{"\x01ACTION evil\x01", "ACTION evil"},
		{"bad \xff\xfe utf8", "bad \uFFFD utf8"},
		{"", ""},
	} {
		if got := Sanitize(tc.in); got != tc.want {
			t.Errorf("Sanitize(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if got := SanitizeParam(":#chan nel\r\n"); got != "#channel" {
		t.Errorf("SanitizeParam = %q", got)
	}
}

func TestSplit(t *testing.T) {
	for _, tc := range []struct {
		in   string
		max  int
		want []string
	}{
		{"", 10, nil},
		{"short", 10, []string{"short"}},
		{"exactly10!", 10, []string{"exactly10!"}},
		{"hello world again", 11, []string{"hello world", "again"}},
		{"abcdefghijkl", 5, []string{"abcde", "fghij", "kl"}},
		{"ééééé", 5, []string{"éé", "éé", "é"}}, // never inside a character
		{"a 😀😀", 4, []string{"a ", "😀", "😀"}},
	} {
		got := Split(tc.in, tc.max)
		if strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("Split(%q, %d) = %q, want %q", tc.in, tc.max, got, tc.want)
		}
	}
}

func TestPrefixLen(t *testing.T) {
	p := ":gavel!~gavel@127.0.0.1 PRIVMSG #meet :"
	if n := prefixLen("gavel", "~gavel", "127.0.0.1", "PRIVMSG", "#meet"); n != len(p) {
		t.Errorf("prefixLen = %d, want %d", n, len(p))
	}
}

// FuzzSplit: pieces are within max, valid UTF-8 when the input is, and
// together hold the input (minus the spaces cut at).
func FuzzSplit(f *testing.F) {
	f.Add("hello world", 5)
	f.Add("ééé ééé", 4)
	f.Add("\xff\xfe\xfd\xfc\xfb", 4)
	f.Fuzz(func(t *testing.T, s string, n int) {
		if n < 0 || n > 1000 {
			return
		}
		parts := Split(s, n)
		lim := max(n, 4)
		total := 0
		for _, p := range parts {
			if len(p) > lim {
				t.Fatalf("piece of %d bytes > %d", len(p), lim)
			}
			if utf8.ValidString(s) && !utf8.ValidString(p) {
				t.Fatalf("invalid UTF-8 piece %q of valid %q", p, s)
			}
			if !strings.Contains(s, p) {
				t.Fatalf("piece %q not in input", p)
			}
			total += len(p)
		}
		if total > len(s) || total < len(s)-len(parts) {
			t.Fatalf("pieces hold %d bytes of %d", total, len(s))
		}
	})
}

// FuzzSanitize: nothing that could end or fork an IRC line survives.
func FuzzSanitize(f *testing.F) {
	f.Add("a\r\nQUIT :x\x00\x01")
	f.Add("\xff")
	f.Fuzz(func(t *testing.T, s string) {
		out := Sanitize(s)
		if strings.ContainsAny(out, "\r\n\x00\x01") || !utf8.ValidString(out) {
			t.Fatalf("Sanitize(%q) = %q", s, out)
		}
		p := SanitizeParam(s)
		if strings.ContainsAny(p, " \r\n\x00\x01") || strings.HasPrefix(p, ":") {
			t.Fatalf("SanitizeParam(%q) = %q", s, p)
		}
	})
}

func TestJoinBatches(t *testing.T) {
	var chans []string
	for i := 0; i < 100; i++ {
		chans = append(chans, "#channel"+itoa(i))
	}
	got := joinBatches(chans, 100)
	if strings.Join(got, ",") != strings.Join(chans, ",") {
		t.Fatalf("batches lost channels: %q", got)
	}
	for _, b := range got {
		if len(b) > 100 {
			t.Errorf("batch of %d bytes", len(b))
		}
	}
	if len(joinBatches(nil, 100)) != 0 {
		t.Error("batches for no channels")
	}
}

func TestJitter(t *testing.T) {
	const d = 1000 * time.Millisecond
	seen := map[time.Duration]bool{}
	for i := 0; i < 200; i++ {
		j := jitter(d)
		if j < d*3/4 || j > d*5/4 {
			t.Fatalf("jitter(%v) = %v, outside ±25%%", d, j)
		}
		seen[j] = true
	}
	if len(seen) < 100 {
		t.Errorf("jitter is not random: %d distinct values of 200", len(seen))
	}
	if jitter(0) <= 0 {
		t.Error("jitter(0) must be positive")
	}
}
