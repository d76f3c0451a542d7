package bot

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/gavel-irc/gavel/internal/ircdtest"
)

// TestInjection sends hostile input: CR and CTCP bytes with a QUIT inside
// a line, a hostile nick, lines of 4,000 bytes and invalid UTF-8. The bot
// must stay connected, send only well-formed lines within the limit, and
// record the text (sanitised) without any other effect.
func TestInjection(t *testing.T) {
	srv := ircdtest.Start(t)
	pub := &recPublisher{}
	bot := startBot(t, testConfig(t, srv.Addr, "", ""), pub)
	alice := joinAfterBot(t, srv, "alice", "#meet")
	evil := joinAfterBot(t, srv, "[evil]`^{}|", "#meet")
	watcher := joinAfterBot(t, srv, "watcher", "#meet")
	crlf := joinAfterBot(t, srv, "crlf", "#meet")

	alice.Privmsg("#meet", "#startmeeting safe")
	waitBot(watcher, "#meet", `Meeting started`)
	alice.Privmsg("#meet", "#chair [evil]`^{}|")
	waitBot(watcher, "#meet", `Current chairs`)

	// ngIRCd swallows a line over 512 bytes (and then the client's next
	// lines): the 4,000-byte line goes to the bot from a throwaway client,
	// and the longest line the server relays drives the split replies.
	big := joinAfterBot(t, srv, "big", "#meet")
	big.Privmsg("#meet", "#info "+strings.Repeat("x", 4000))
	long := strings.Repeat("é", 230) // 460 bytes: its reply is longer than a line
	// ngIRCd ends a line at a lone CR: the QUIT after it quits crlf's own
	// connection, and the bot sees "#topic evil" only.
	crlf.RawBytes([]byte("PRIVMSG #meet :#info evil\rQUIT :pwned\r\n"))
	watcher.Wait(`^:crlf!\S+ QUIT`)
	evil.RawBytes([]byte("PRIVMSG #meet :#topic evil \x01ACTION x\x01\r\n"))
	evil.RawBytes([]byte("PRIVMSG #meet :#meetingtopic bad \xff\xfe utf8\r\n"))
	evil.Privmsg("#meet", "#meetingtopic "+long)
	evil.Privmsg("#meet", "#info :QUIT :also text")
	evil.Privmsg("#meet", "#commands")
	waitBot(watcher, "#meet", `Available commands`)

	if !bot.client.IsConnected() {
		t.Fatal("bot disconnected")
	}
	for _, l := range watcher.Lines() {
		if !strings.HasPrefix(l, ":gavel!") {
			continue
		}
		if len(l) > 510 {
			t.Errorf("bot line of %d bytes (limit 510): %.80q", len(l), l)
		}
		if !utf8.ValidString(l) || strings.ContainsAny(l, "\r\x00") {
			t.Errorf("bot line not clean: %q", l)
		}
		f := strings.Fields(l)
		if len(f) < 2 || (f[1] != "PRIVMSG" && f[1] != "TOPIC" && f[1] != "JOIN" && f[1] != "MODE") {
			t.Errorf("bot sent an unexpected command: %q", l)
		}
		if f[1] == "PRIVMSG" && strings.Contains(l, "\x01") {
			t.Errorf("bot sent a CTCP: %q", l)
		}
	}
	m := bot.meetingIn(t, "#meet")
	if m == nil {
		t.Fatal("meeting ended")
	}
	// The long reply was said in pieces that add up to what the engine
	// logged as the bot's line.
	var said strings.Builder
	for _, l := range watcher.Lines() {
		if i := strings.Index(l, " PRIVMSG #meet :"); i > 0 && strings.HasPrefix(l, ":gavel!") {
			if text := l[i+len(" PRIVMSG #meet :"):]; strings.Contains(text, "é") {
				said.WriteString(text)
			}
		}
	}
	var logged string
	for _, l := range m.Log {
		if l.Nick == "gavel" && strings.Contains(l.Text, "éé") {
			logged = l.Text
		}
	}
	if logged == "" || said.String() != logged {
		t.Errorf("long reply said as %q,\nlogged as %q", said.String(), logged)
	}
	log := logTexts(m)
	if !contains(log, "[evil]`^{}|: #info :QUIT :also text") {
		t.Errorf("hostile text not recorded as text:\n%s", joinLines(log))
	}
	var sawBad bool
	for _, l := range m.Log {
		if strings.Contains(l.Text, "bad \uFFFD\uFFFD utf8") {
			sawBad = true
		}
		if !utf8.ValidString(l.Text) || strings.ContainsAny(l.Text, "\r\n\x00") {
			t.Errorf("log line not clean: %q", l.Text)
		}
	}
	if !sawBad {
		t.Error("invalid UTF-8 line not recorded with U+FFFD")
	}
	if len(m.Chairs) != 2 || !m.Chairs["alice"] || !m.Chairs["[evil]`^{}|"] {
		t.Errorf("chairs changed: %v", m.Chairs)
	}
	// Still working: a normal line after all that.
	alice.Privmsg("#meet", "#endmeeting")
	waitBot(watcher, "#meet", `Meeting ended`)
}
