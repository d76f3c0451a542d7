package bot

import (
	"strings"
	"testing"
	"time"

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

// TestTLSAndServerPassword: the bot connects over TLS (self-signed
// certificate, tls_skip_verify) to a server that wants a password
// (GAVEL_SERVER_PASSWORD), and runs a meeting.
func TestTLSAndServerPassword(t *testing.T) {
	srv := ircdtest.StartWith(t, 0, ircdtest.Options{TLS: true, Password: "letmein"})
	cfg := testConfig(t, srv.TLSAddr, "tls = true\ntls_skip_verify = true", "")
	cfg.IRC.ServerPassword = "letmein"
	startBot(t, cfg, nil)
	alice := ircdtest.DialPass(t, srv.Addr, "alice", "letmein")
	alice.Join("#meet")
	alice.Privmsg("#meet", "#startmeeting over tls")
	waitBot(alice, "#meet", `Meeting started`)
}

// TestWrongServerPassword: with a wrong password the bot does not get in
// and keeps retrying with backoff, without exiting.
func TestWrongServerPassword(t *testing.T) {
	srv := ircdtest.StartWith(t, 0, ircdtest.Options{Password: "letmein"})
	cfg := testConfig(t, srv.Addr, "", "")
	cfg.IRC.ServerPassword = "wrong"
	st, err := openStore(t, cfg)
	if err != nil {
		t.Fatal(err)
	}
	b, err := New(Options{Config: cfg, Store: st})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := contextWithCancel()
	done := make(chan error, 1)
	go func() { done <- b.Run(ctx) }()
	select {
	case <-b.connected:
		t.Fatal("registered with a wrong password")
	case err := <-done:
		t.Fatalf("Run returned early: %v", err)
	case <-time.After(time.Second):
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// TestNickServIdentify: with GAVEL_NICKSERV_PASSWORD the bot identifies to
// NickServ (here a plain client holding that nick) after connecting.
func TestNickServIdentify(t *testing.T) {
	srv := ircdtest.Start(t)
	ns := ircdtest.Dial(t, srv.Addr, "NickServ")
	cfg := testConfig(t, srv.Addr, "", "")
	cfg.IRC.NickServPassword = "s3cret\r\nQUIT"
	startBot(t, cfg, nil)
	ns.Wait(`^:gavel!\S+ PRIVMSG NickServ :IDENTIFY gavel s3cret  QUIT$`)
}
