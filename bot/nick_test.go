package bot

import (
	"strings"
	"testing"

	"github.com/gavel-irc/gavel/internal/ircdtest"
)

// TestNickInUse: the configured nick is taken, so the bot registers with
// its alternate nick, and takes its nick back when the holder leaves.
func TestNickInUse(t *testing.T) {
	srv := ircdtest.Start(t)
	squatter := ircdtest.Dial(t, srv.Addr, "gavel")
	cfg := testConfig(t, srv.Addr, `alt_nicks = ["gavel_alt"]`, "")
	bot := startBot(t, cfg, nil)
	if n := bot.Nick(); n != "gavel_alt" {
		t.Fatalf("nick %q, want the alternate gavel_alt", n)
	}
	alice := ircdtest.Dial(t, srv.Addr, "alice")
	alice.Join("#meet")
	squatter.Close()
	alice.Wait(`^:gavel_alt!\S+ NICK :?gavel$`)
	eventually(t, "the bot to use its nick", func() bool { return bot.Nick() == "gavel" })
	alice.Privmsg("#meet", "#startmeeting regained")
	waitBot(alice, "#meet", `Meeting started`)
}

// TestNickRejected: the server rejects the configured nick (432, too long
// here); registration must not stall: the bot goes on with an alternate.
func TestNickRejected(t *testing.T) {
	srv := ircdtest.StartWith(t, 0, ircdtest.Options{MaxNickLength: 9})
	cfg := testConfig(t, srv.Addr, `nick = "gavel_is_too_long"
alt_nicks = ["gavel"]`, "")
	bot := startBot(t, cfg, nil)
	if n := bot.Nick(); n != "gavel" {
		t.Fatalf("nick %q, want the alternate gavel", n)
	}
	alice := ircdtest.Dial(t, srv.Addr, "alice")
	alice.Join("#meet")
	alice.Privmsg("#meet", "#startmeeting short nick")
	waitBot(alice, "#meet", `Meeting started`)
}

// TestManyChannels: 60 channels do not fit one JOIN line; the bot joins
// them all (startBot waits until it is in each).
func TestManyChannels(t *testing.T) {
	srv := ircdtest.Start(t)
	var chans []string
	for i := 0; i < 60; i++ {
		chans = append(chans, `"#many-channels-`+itoa(i)+`"`)
	}
	cfg := testConfig(t, srv.Addr, "", "")
	cfg.IRC.Channels = nil
	for _, c := range chans {
		cfg.IRC.Channels = append(cfg.IRC.Channels, strings.Trim(c, `"`))
	}
	startBot(t, cfg, nil)
}
