package config

import (
	"strings"
	"testing"
)

// TestRelayUnwrap reads lines of the common bridges with their default
// formats (as gavel.example.toml documents them).
func TestRelayUnwrap(t *testing.T) {
	for _, tc := range []struct {
		format, line, nick, text string
		ok                       bool
	}{
		// matterbridge, RemoteNickFormat="[{PROTOCOL}] <{NICK}> "
		{"[{PROTOCOL}] <{NICK}> {text}", "[matrix] <alice> #info the venue is booked", "alice", "#info the venue is booked", true},
		{"[{PROTOCOL}] <{NICK}> {text}", "[discord] <Bob Smith> #topic Budget", "BobSmith", "#topic Budget", true},
		// matterbridge, RemoteNickFormat="<{NOPINGNICK}> " (zero-width space in the nick)
		{"<{NOPINGNICK}> {text}", "<a\u200blice> #action alice to call", "alice", "#action alice to call", true},
		// discord-irc, format.ircText "<{$displayUsername}> {$text}", nick coloured
		{"<{nick}> {text}", "<\x0312carol\x03> #agreed ship it", "carol", "#agreed ship it", true},
		{"<{nick}> {text}", "<\x02\x0304,01dave\x0f> hello <there>", "dave", "hello <there>", true},
		// the relay's own lines
		{"<{nick}> {text}", "alice joined the Matrix room", "", "", false},
		{"<{nick}> {text}", "<> empty nick", "", "", false},
		{"[{protocol}] <{nick}> {text}", "<alice> no protocol", "", "", false},
		// literal braces that are not placeholders
		{"{nick}: {text} {x-y}", "erin: #info a {x-y}", "erin", "#info a", true},
	} {
		r := Relay{Nick: "bridge", Format: tc.format}
		if err := r.compile(); err != nil {
			t.Fatalf("%q: %v", tc.format, err)
		}
		nick, text, ok := r.Unwrap(tc.line)
		if ok != tc.ok || nick != tc.nick || text != tc.text {
			t.Errorf("%q on %q = %q %q %v, want %q %q %v", tc.format, tc.line, nick, text, ok, tc.nick, tc.text, tc.ok)
		}
	}
}

// TestRelayConfig: relays are validated at load, errors naming the key.
func TestRelayConfig(t *testing.T) {
	base := "[irc]\nserver = \"127.0.0.1:6667\"\nnick = \"gavel\"\n"
	c, err := Parse([]byte(base+`relays = [{nick = "matrixbot", format = "<{nick}> {text}"}, {nick = "mb", format = "[{PROTOCOL}] <{NICK}> {text}"}]`), "t.toml")
	if err != nil {
		t.Fatal(err)
	}
	r, ok := c.IRC.RelayFor("MatrixBot")
	if !ok {
		t.Fatal("relay matrixbot not found")
	}
	if n, x, ok := r.Unwrap("<zoe> #info hi"); !ok || n != "zoe" || x != "#info hi" {
		t.Errorf("unwrap: %q %q %v", n, x, ok)
	}
	if _, ok := c.IRC.RelayFor("alice"); ok {
		t.Error("alice is no relay")
	}
	for _, tc := range []struct{ toml, want string }{
		{`relays = [{nick = "m b", format = "<{nick}> {text}"}]`, `irc.relays[0].nick: "m b" is not a valid IRC nick`},
		{`relays = [{nick = "gavel", format = "<{nick}> {text}"}]`, `irc.relays[0].nick: "gavel" is the bot's own nick`},
		{`relays = [{nick = "mb", format = "<{nick}>"}]`, `irc.relays[0].format: "<{nick}>" must hold {nick} once and {text} once`},
		{`relays = [{nick = "mb", format = "{text}"}]`, `irc.relays[0].format`},
		{`relays = [{nick = "mb", format = "<{nick}> <{nick}> {text}"}]`, `irc.relays[0].format`},
		{`relays = [{nick = "mb", format = "<{nick}> {text}"}, {nick = "MB", format = "{nick}: {text}"}]`, `irc.relays[1].nick: "MB" is configured twice`},
		{`relays = [{nick = "mb", formt = "<{nick}> {text}"}]`, `unknown key(s): irc.relays.formt`},
	} {
		_, err := Parse([]byte(base+tc.toml), "t.toml")
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want %q", tc.toml, err, tc.want)
		}
	}
}

// FuzzRelayUnwrap: any format that loads and any line never panic, and a
// nick read is never empty nor holds blanks.
func FuzzRelayUnwrap(f *testing.F) {
	f.Add("<{nick}> {text}", "<alice> #info x")
	f.Add("[{PROTOCOL}] <{NICK}> {text}", "[irc] <\x03bob> hi")
	f.Add("{nick}: {text}", "\x04ff00ff,00ff00x: y")
	f.Fuzz(func(t *testing.T, format, line string) {
		r := Relay{Nick: "b", Format: format}
		if r.compile() != nil {
			return
		}
		nick, _, ok := r.Unwrap(line)
		if ok && (nick == "" || strings.ContainsAny(nick, " \t")) {
			t.Errorf("%q on %q: nick %q", format, line, nick)
		}
	})
}
