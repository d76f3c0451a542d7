package bot

import (
	"context"
	"regexp"
	"testing"

	"github.com/gavel-irc/gavel/internal/ircdtest"
	"github.com/gavel-irc/gavel/store"
)

// TestPrivateCommands: help, status, and "end #channel" for admins only.
func TestPrivateCommands(t *testing.T) {
	srv := ircdtest.Start(t)
	pub := &recPublisher{}
	startBotWith(t, testConfig(t, srv.Addr, `admins = ["root"]`, ""), func(o *Options, _ *store.Store) {
		o.Publisher = pub
		o.PrivateHelp = []string{"list: your open action items", "done ID: close your action item ID"}
	})
	alice := joinAfterBot(t, srv, "alice", "#meet")
	root := ircdtest.Dial(t, srv.Addr, "root")
	mallory := ircdtest.Dial(t, srv.Addr, "mallory")

	alice.Privmsg("gavel", "help")
	alice.Wait(`^:gavel!\S+ PRIVMSG alice :I am gavel`)
	for _, l := range []string{"help: ", "status [#channel]: ", "end #channel: ", "list: your open action items", "done ID: close your action item ID"} {
		alice.Wait(`^:gavel!\S+ PRIVMSG alice :` + regexp.QuoteMeta(l))
	}
	alice.Privmsg("gavel", "status")
	alice.Wait(`^:gavel!\S+ PRIVMSG alice :No meeting in progress`)

	alice.Privmsg("#meet", "#startmeeting stuck")
	waitBot(alice, "#meet", `Meeting started`)
	alice.Privmsg("gavel", "status")
	alice.Wait(`^:gavel!\S+ PRIVMSG alice :1 meeting\(s\) in progress: #meet\. "status #channel" for one\.$`)
	alice.Privmsg("gavel", "status #meet")
	alice.Wait(`^:gavel!\S+ PRIVMSG alice :#meet: 'stuck' since .* started by alice, \d+ lines; chairs: alice\.`)

	mallory.Privmsg("gavel", "end #meet")
	mallory.Wait(`^:gavel!\S+ PRIVMSG mallory :Sorry, only the bot's admins`)
	root.Privmsg("gavel", "end #meet")
	root.Wait(`^:gavel!\S+ PRIVMSG root :Ended the meeting in #meet\.`)
	waitBot(alice, "#meet", `Meeting ended`)
	waitBot(alice, "#meet", `Log: `)
	if m := pub.endedMeetings(); len(m) != 1 || !contains(logTexts(m[0]), "root: #endmeeting") {
		t.Fatalf("published %d meetings; want one ended by root", len(m))
	}
	root.Privmsg("gavel", "frobnicate")
	root.Wait(`^:gavel!\S+ PRIVMSG root :Unknown command`)
}

// TestHooks: OnSeen hears joins (and a nick's first line, not every line),
// OnPrivate answers private messages the bot's commands do not.
func TestHooks(t *testing.T) {
	srv := ircdtest.Start(t)
	cfg := testConfig(t, srv.Addr, "", "")
	st, err := openStore(t, cfg)
	if err != nil {
		t.Fatal(err)
	}
	seen := make(chan string, 100)
	b, err := New(Options{Config: cfg, Store: st,
		OnSeen: func(ctx context.Context, nick string) { seen <- nick },
		OnPrivate: func(ctx context.Context, nick, text string) (string, bool) {
			if text == "done a1" {
				return "a1 closed\nthanks, " + nick, true
			}
			return "", false
		}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := contextWithCancel()
	done := make(chan error, 1)
	go func() { done <- b.Run(ctx) }()
	defer func() { cancel(); <-done }()
	<-b.connected
	eventually(t, "the bot to join", func() bool { return b.client.IsInChannel("#meet") })

	alice := joinAfterBot(t, srv, "alice", "#meet")
	if n := <-seen; n != "alice" {
		t.Fatalf("seen %q", n)
	}
	for i := 0; i < 5; i++ {
		alice.Privmsg("#meet", "hello")
	}
	alice.Privmsg("gavel", "done a1")
	alice.Wait(`^:gavel!\S+ PRIVMSG alice :a1 closed$`)
	alice.Wait(`^:gavel!\S+ PRIVMSG alice :thanks, alice$`)
	alice.Privmsg("gavel", "what")
	alice.Wait(`^:gavel!\S+ PRIVMSG alice :Unknown command`)
	if n := len(seen); n != 0 {
		t.Errorf("OnSeen called %d more times for lines within a minute of the join", n)
	}
}
