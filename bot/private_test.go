package bot

import (
	"testing"

	"github.com/gavel-irc/gavel/internal/ircdtest"
)

// TestPrivateCommands: help, status, and "end #channel" for admins only.
func TestPrivateCommands(t *testing.T) {
	srv := ircdtest.Start(t)
	pub := &recPublisher{}
	startBot(t, testConfig(t, srv.Addr, `admins = ["root"]`, ""), pub)
	alice := joinAfterBot(t, srv, "alice", "#meet")
	root := ircdtest.Dial(t, srv.Addr, "root")
	mallory := ircdtest.Dial(t, srv.Addr, "mallory")

	alice.Privmsg("gavel", "help")
	alice.Wait(`^:gavel!\S+ PRIVMSG alice :I am gavel`)
	alice.Privmsg("gavel", "status")
	alice.Wait(`^:gavel!\S+ PRIVMSG alice :No meeting in progress`)

	alice.Privmsg("#meet", "#startmeeting stuck")
	waitBot(alice, "#meet", `Meeting started`)
	alice.Privmsg("gavel", "status")
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
