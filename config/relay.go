package config

import (
	"fmt"
	"regexp"
	"strings"
)

// Relay is one entry of irc.relays: a bridge's nick (matterbridge,
// discord-irc, a Matrix relay bot) whose channel lines carry another
// person's nick in the text, and the format of those lines.
//
// Format is the line as the bridge writes it, with {nick} (or
// {nopingnick}, matterbridge's nick with a zero-width space) where the
// person's nick goes and {text} where the message goes; any other
// placeholder ({protocol}, {bridge}, {label}, ...: matterbridge's
// RemoteNickFormat can be copied as it is) matches one word. Placeholders
// are case-insensitive; everything else is matched literally.
type Relay struct {
	Nick   string `toml:"nick"`
	Format string `toml:"format"`
	// pattern is Format compiled at load: the nick and text groups.
	pattern *regexp.Regexp
}

// compile checks the format and builds the pattern.
func (r *Relay) compile() error {
	var b strings.Builder
	b.WriteString(`^`)
	nicks, texts := 0, 0
	rest := r.Format
	for rest != "" {
		i := strings.IndexByte(rest, '{')
		if i < 0 {
			b.WriteString(regexp.QuoteMeta(rest))
			break
		}
		j := strings.IndexByte(rest[i:], '}')
		if j < 0 {
			b.WriteString(regexp.QuoteMeta(rest))
			break
		}
		b.WriteString(regexp.QuoteMeta(rest[:i]))
		name := strings.ToLower(rest[i+1 : i+j])
		switch {
		case name == "nick" || name == "nopingnick":
			nicks++
			b.WriteString(`(?P<nick>.+?)`)
		case name == "text":
			texts++
			b.WriteString(`(?P<text>.*?)`)
		case isWord(name):
			b.WriteString(`\S*?`)
		default:
			b.WriteString(regexp.QuoteMeta(rest[i : i+j+1]))
		}
		rest = rest[i+j+1:]
	}
	b.WriteString(`$`)
	if nicks != 1 || texts != 1 {
		return fmt.Errorf("%q must hold {nick} once and {text} once (e.g. \"<{nick}> {text}\")", r.Format)
	}
	p, err := regexp.Compile(b.String())
	if err != nil {
		return fmt.Errorf("%q: %v", r.Format, err)
	}
	r.pattern = p
	return nil
}

// Unwrap reads line, said by the relay, as the relay's format: the
// person's nick (IRC formatting and zero-width characters removed, blanks
// dropped) and what they said. ok is false when the line does not match
// the format (or leaves no nick): the line is then the relay's own.
func (r Relay) Unwrap(line string) (nick, text string, ok bool) {
	if r.pattern == nil {
		return "", "", false
	}
	m := r.pattern.FindStringSubmatch(stripFormatting(line))
	if m == nil {
		return "", "", false
	}
	nick = strings.Map(func(c rune) rune {
		switch c {
		case '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', ' ', '\t':
			return -1
		}
		return c
	}, m[r.pattern.SubexpIndex("nick")])
	if nick == "" {
		return "", "", false
	}
	return nick, m[r.pattern.SubexpIndex("text")], true
}

// RelayFor returns the relay whose nick is nick (compared
// case-insensitively), or false.
func (i IRC) RelayFor(nick string) (Relay, bool) {
	for _, r := range i.Relays {
		if strings.EqualFold(r.Nick, nick) {
			return r, true
		}
	}
	return Relay{}, false
}

// stripFormatting removes IRC formatting codes (bold, colours with their
// numbers, hex colours, italics, underline, strike-through, monospace,
// reverse, reset): bridges colour the nicks they relay.
func stripFormatting(s string) string {
	if !strings.ContainsAny(s, "\x02\x03\x04\x0f\x11\x16\x1d\x1e\x1f") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case 0x02, 0x0f, 0x11, 0x16, 0x1d, 0x1e, 0x1f:
		case 0x03: // \x03[fg[,bg]] with one or two digits each
			i += digits(s[i+1:], 2)
			if i+2 < len(s) && s[i+1] == ',' && isDigit(s[i+2]) {
				i += 1 + digits(s[i+2:], 2)
			}
		case 0x04: // \x04[RRGGBB[,RRGGBB]]
			i += hexes(s[i+1:])
			if i+1 < len(s) && s[i+1] == ',' && hexes(s[i+2:]) == 6 {
				i += 7
			}
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// isWord says whether s is a placeholder name: letters and '_'.
func isWord(s string) bool {
	for _, c := range s {
		if c != '_' && (c < 'a' || c > 'z') {
			return false
		}
	}
	return s != ""
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// digits counts the leading digits of s, at most max.
func digits(s string, max int) int {
	n := 0
	for n < len(s) && n < max && isDigit(s[n]) {
		n++
	}
	return n
}

// hexes is 6 when s starts with six hex digits, else 0.
func hexes(s string) int {
	if len(s) < 6 {
		return 0
	}
	for i := 0; i < 6; i++ {
		c := s[i]
		if !isDigit(c) && (c < 'a' || c > 'f') && (c < 'A' || c > 'F') {
			return 0
		}
	}
	return 6
}
