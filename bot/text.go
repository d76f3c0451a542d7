package bot

import (
	"strings"
	"unicode/utf8"
)

// Sanitize makes s safe to send as the text of one IRC message: CR and LF
// become spaces, NUL and the CTCP delimiter \x01 are removed, and invalid
// UTF-8 is replaced by U+FFFD. Nothing a user said can therefore end the
// line early and smuggle in a command of its own.
func Sanitize(s string) string {
	if !strings.ContainsAny(s, "\r\n\x00\x01") && utf8.ValidString(s) {
		return s
	}
	s = strings.ToValidUTF8(s, "\uFFFD")
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\r', '\n':
			b.WriteByte(' ')
		case 0, 1:
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// SanitizeParam makes s safe as a middle IRC parameter (a nick or a
// channel): Sanitize, and no spaces and no leading ':'.
func SanitizeParam(s string) string {
	s = strings.ReplaceAll(Sanitize(s), " ", "")
	return strings.TrimLeft(s, ":")
}

// Split cuts text into pieces of at most max bytes each, only between UTF-8
// characters, preferring to cut at a space in the last quarter of a piece
// or right after it (that space is dropped). Empty text gives no pieces. max below 4 is
// treated as 4 so that any character fits.
func Split(text string, max int) []string {
	if max < utf8.UTFMax {
		max = utf8.UTFMax
	}
	var out []string
	for len(text) > max {
		cut := max
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		if cut == 0 { // not UTF-8: cut anywhere rather than loop
			cut = max
		}
		next := cut
		if text[cut] == ' ' {
			next = cut + 1
		} else if sp := strings.LastIndexByte(text[:cut], ' '); sp > 0 && sp >= cut-cut/4 {
			cut, next = sp, sp+1
		}
		out = append(out, text[:cut])
		text = text[next:]
	}
	if text != "" {
		out = append(out, text)
	}
	return out
}

// prefixLen is the length of the prefix the server puts before a message
// the bot sends to target, as others receive it:
// ":nick!user@host PRIVMSG target :".
func prefixLen(nick, user, host, command, target string) int {
	return 1 + len(nick) + 1 + len(user) + 1 + len(host) + 1 + len(command) + 1 + len(target) + 2
}
