package usertext

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestClean(t *testing.T) {
	for in, want := range map[string]string{
		"plain text":                           "plain text",
		"\x02bold\x02 \x0304,12red\x03":        "bold red",
		"a\x01ACTION b\x01":                    "aACTION b",
		"tab\there":                            "tab here",
		"stalls\nand":                          "stalls and",
		"one\r\ntwo\rthree":                    "one two three",
		"c1\u0085x":                            "c1x",
		"abc \u202Edef":                        "\u2068abc \u202Edef\u202C\u2069",
		"stray \u2069\u202Edone":               "\u2068stray \u202Edone\u202C\u2069",
		"\u2067\u05e9\u05dc\u05d5\u05dd\u2069": "\u2068\u2067\u05e9\u05dc\u05d5\u05dd\u2069\u2069",
		"x\u202C":                              "\u2068x\u2069",
		"\u05e9\u05dc\u05d5\u05dd":             "\u05e9\u05dc\u05d5\u05dd", // RTL text alone: as it is
	} {
		if got := Clean(in); got != want {
			t.Errorf("Clean(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzClean: no control character survives, bidirectional controls are
// always balanced inside one outer isolate, and Clean is idempotent.
func FuzzClean(f *testing.F) {
	for _, s := range []string{"", "a\u202Eb", "\u2069\u2069", "\u2068x\u2069y", "\x03,1", "\u2066\u202A\u2069\u202C"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return // gavel's text is valid UTF-8 by the time it is shown
		}
		c := Clean(s)
		if Clean(c) != c {
			t.Fatalf("Clean not idempotent: %q -> %q -> %q", s, c, Clean(c))
		}
		if ctl, _ := scan(c); ctl {
			t.Fatalf("Clean(%q) = %q keeps a control character", s, c)
		}
		if _, bidi := scan(c); bidi && !wrapped(c) {
			t.Fatalf("Clean(%q) = %q is not one isolate", s, c)
		}
		if strings.ContainsRune(s, '\u202E') && !strings.HasSuffix(c, "\u2069") {
			t.Fatalf("override not closed: %q", c)
		}
		if IsClean(s) {
			// Clean leaves s and every part of it cut between two
			// characters as they are (the .log.html relies on it).
			if c != s {
				t.Fatalf("IsClean(%q) but Clean gives %q", s, c)
			}
			for i := range s {
				if Clean(s[i:]) != s[i:] || Clean(s[:i]) != s[:i] {
					t.Fatalf("IsClean(%q) but Clean changes a part cut at %d", s, i)
				}
			}
		} else if !strings.ContainsAny(s, "\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069") && c == s {
			t.Fatalf("IsClean(%q) is false but Clean leaves it as it is", s)
		}
	})
}

func TestIsClean(t *testing.T) {
	for s, want := range map[string]bool{
		"":                          true,
		"plain text: http://x.org/": true,
		"caf\u00e9 \u00fcber":       true,
		"tab\there":                 false,
		"colour \x0304red":          false,
		"C1 \u0085 control":         false,
		"override \u202Eevil":       false,
		"isolated \u2068x\u2069":    false,
	} {
		if got := IsClean(s); got != want {
			t.Errorf("IsClean(%q) = %v, want %v", s, got, want)
		}
	}
}
