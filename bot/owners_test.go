package bot

import (
	"testing"

	"github.com/gavel-irc/gavel/internal/ircdtest"
)

// TestAbsentOwner: on a real ngIRCd, an #action whose owner is neither in
// the channel nor in the people directory gets an answer at once, with
// the closest nick present and the command that fixes it; the fix
// replaces the owner; co-owners joined by "and" are both owners though one
// is absent; an English word starting the text owns nothing.
func TestAbsentOwner(t *testing.T) {
	srv := ircdtest.Start(t)
	startBot(t, testConfig(t, srv.Addr, "", ""), nil)
	alice := joinAfterBot(t, srv, "alice", "#meet")
	bobby := joinAfterBot(t, srv, "bobby", "#meet")
	satya := joinAfterBot(t, srv, "satya", "#meet")
	alice.Privmsg("#meet", "#startmeeting weekly")
	waitBot(alice, "#meet", `Meeting started`)
	// The suggestion comes from the meeting's people (who spoke): the
	// server relays to everyone in the order it read the lines, so once
	// alice saw both, the bot has them before her #action (two clients'
	// lines sent at once may reach the server in either order).
	bobby.Privmsg("#meet", "hi")
	alice.Wait(`^:bobby!\S+ PRIVMSG #meet :hi$`)
	satya.Privmsg("#meet", "hello")
	alice.Wait(`^:satya!\S+ PRIVMSG #meet :hello$`)

	alice.Privmsg("#meet", "#action bob to review the patch")
	waitBot(alice, "#meet", `ACTION \[a1\] bob to review the patch$`)
	waitBot(alice, "#meet", "bob is not here; did you mean bobby\\? `#action a1 owner bobby` fixes it$")
	alice.Privmsg("#meet", "#action a1 owner bobby")

	alice.Privmsg("#meet", "#action satya and kushal send the CFP")
	waitBot(alice, "#meet", `ACTION \[a2\] satya and kushal send the CFP$`)
	waitBot(alice, "#meet", "kushal is not here and not in the people directory")

	alice.Privmsg("#meet", "#action Welcome to the meeting")
	waitBot(alice, "#meet", `ACTION \[a3\] Welcome to the meeting$`)

	alice.Privmsg("#meet", "#actions")
	waitBot(alice, "#meet", `Action items of this meeting`)
	waitBot(alice, "#meet", `\[a1\] bob to review the patch \(bobby\)$`)
	waitBot(alice, "#meet", `\[a2\] satya and kushal send the CFP \(satya, kushal\)$`)
	waitBot(alice, "#meet", `\[a3\] Welcome to the meeting$`)
	alice.Privmsg("#meet", "#endmeeting")
	waitBot(alice, "#meet", `Meeting ended`)
}
