package bot

import (
	"strings"
	"testing"

	"github.com/gavel-irc/gavel/internal/ircdtest"
)

// TestNonChairs checks that someone who is neither chair nor operator
// cannot end the meeting, set the topic or rename the meeting, and that a
// channel operator can chair when ops_are_chairs is on.
func TestNonChairs(t *testing.T) {
	srv := ircdtest.Start(t)
	pub := &recPublisher{}
	bot := startBot(t, testConfig(t, srv.Addr, "", ""), pub)
	alice := joinAfterBot(t, srv, "alice", "#meet")
	bob := joinAfterBot(t, srv, "bob", "#meet")
	carol := joinAfterBot(t, srv, "carol", "#meet")

	alice.Privmsg("#meet", "#startmeeting chairs")
	waitBot(alice, "#meet", `Meeting started`)
	for _, cmd := range []string{"#endmeeting", "#topic bob's topic", "#meetingname bobs_meeting", "#meetingtopic bob's title"} {
		bob.Privmsg("#meet", cmd)
	}
	bob.Privmsg("#meet", "#commands") // a reply: bob's lines above are handled
	waitBot(alice, "#meet", `Available commands`)
	for _, l := range alice.Lines() {
		if strings.Contains(l, " TOPIC ") && strings.HasPrefix(l, ":gavel!") || strings.Contains(l, "Meeting ended") {
			t.Errorf("a non-chair changed the meeting: %s", l)
		}
	}
	m := bot.meetingIn(t, "#meet")
	if m == nil || m.Series != "chairs" || m.Title != "chairs" || len(m.Items) != 0 {
		t.Fatalf("meeting after non-chair commands: %+v", m)
	}

	// carol becomes channel operator (through an IRC operator): she chairs.
	carol.Raw("OPER " + ircdtest.OperName + " " + ircdtest.OperPass)
	carol.Wait(` 381 carol `)
	carol.Raw("MODE #meet +o carol")
	alice.Wait(`MODE #meet \+o carol`)
	carol.Privmsg("#meet", "#topic carol's topic")
	alice.Wait(`^:gavel!\S+ TOPIC #meet :carol's topic$`)
	carol.Privmsg("#meet", "#endmeeting")
	waitBot(alice, "#meet", `Meeting ended`)
}

// TestOpsNotChairs: with ops_are_chairs = false an operator is not a chair.
func TestOpsNotChairs(t *testing.T) {
	srv := ircdtest.Start(t)
	bot := startBot(t, testConfig(t, srv.Addr, "ops_are_chairs = false", ""), nil)
	alice := joinAfterBot(t, srv, "alice", "#meet")
	carol := joinAfterBot(t, srv, "carol", "#meet")
	carol.Raw("OPER " + ircdtest.OperName + " " + ircdtest.OperPass)
	carol.Wait(` 381 carol `)
	carol.Raw("MODE #meet +o carol")
	alice.Wait(`MODE #meet \+o carol`)
	alice.Privmsg("#meet", "#startmeeting no ops")
	waitBot(alice, "#meet", `Meeting started`)
	carol.Privmsg("#meet", "#endmeeting")
	carol.Privmsg("#meet", "#commands")
	waitBot(alice, "#meet", `Available commands`)
	if m := bot.meetingIn(t, "#meet"); m == nil {
		t.Fatal("an operator ended the meeting with ops_are_chairs = false")
	}
}

// TestNickChangeFollowsChair: a chair who changes nick keeps chairing
// under the new nick, and the change is in the minutes.
func TestNickChangeFollowsChair(t *testing.T) {
	srv := ircdtest.Start(t)
	pub := &recPublisher{}
	startBot(t, testConfig(t, srv.Addr, "", ""), pub)
	alice := joinAfterBot(t, srv, "alice", "#meet")
	bob := joinAfterBot(t, srv, "bob", "#meet")
	alice.Privmsg("#meet", "#startmeeting renames")
	waitBot(alice, "#meet", `Meeting started`)
	alice.Privmsg("#meet", "#chair bob")
	waitBot(alice, "#meet", `Current chairs: .*bob`)
	bob.Raw("NICK robert")
	alice.Wait(`^:bob!\S+ NICK :?robert$`)
	bob.Privmsg("#meet", "#topic chaired as robert")
	alice.Wait(`^:gavel!\S+ TOPIC #meet :chaired as robert$`)
	bob.Privmsg("#meet", "#endmeeting")
	waitBot(alice, "#meet", `Log: `)
	m := pub.endedMeetings()[0]
	var sawNick bool
	for _, l := range m.Log {
		sawNick = sawNick || (l.Kind == "nick" && l.Nick == "bob" && l.Text == "robert")
	}
	if !sawNick || !m.Chairs["robert"] || m.Chairs["bob"] {
		t.Errorf("nick change not followed: chairs %v, nick line %v", m.Chairs, sawNick)
	}
}

// TestActionsListed: the tracker is live. An #action is tracked by the
// line that says it, and the bot's reply names its tracker id; #actions
// lists this meeting's items and the series' other open ones, in a
// meeting and between meetings, with no publisher at all.
func TestActionsListed(t *testing.T) {
	srv := ircdtest.Start(t)
	startBot(t, testConfig(t, srv.Addr, "", ""), nil)
	alice := joinAfterBot(t, srv, "alice", "#meet")
	alice.Privmsg("#meet", "#startmeeting weekly")
	waitBot(alice, "#meet", `Meeting started`)
	alice.Privmsg("#meet", "#actions")
	waitBot(alice, "#meet", `No open action items for weekly\.`)
	alice.Privmsg("#meet", "#action alice to write the report")
	waitBot(alice, "#meet", `ACTION \[a1\] alice to write the report$`)
	alice.Privmsg("#meet", "#action bob to book the venue due 2026-12-10")
	waitBot(alice, "#meet", `ACTION \[a2\] bob to book the venue due 2026-12-10 \(due Thu 2026-12-10\)$`)
	alice.Privmsg("#meet", "#actions")
	waitBot(alice, "#meet", `Action items of this meeting \(2\):`)
	waitBot(alice, "#meet", `\[a2\] bob to book the venue due 2026-12-10 \(bob\) due Thu 2026-12-10$`)
	waitBot(alice, "#meet", `\[a1\] alice to write the report \(alice\)$`)
	alice.Privmsg("#meet", "#done a1 sent")
	waitBot(alice, "#meet", `DONE \[a1\] alice to write the report$`)
	alice.Privmsg("#meet", "#endmeeting")
	waitBot(alice, "#meet", `Meeting ended`)

	// Between meetings: the series' open items.
	alice.Privmsg("#meet", "#actions")
	waitBot(alice, "#meet", `Open action items for weekly \(1\):`)
	waitBot(alice, "#meet", `\[a2\] bob to book the venue`)
	alice.Privmsg("#meet", "#actions other series")
	waitBot(alice, "#meet", `No open action items for other_series\.`)

	// The next meeting lists the items of the earlier one apart.
	alice.Privmsg("#meet", "#startmeeting weekly")
	waitBot(alice, "#meet", `Meeting started`)
	alice.Privmsg("#meet", "#actions")
	waitBot(alice, "#meet", `Open action items for weekly \(1\):`)
	waitBot(alice, "#meet", `\[a2\] bob to book the venue`)
}

// TestUndoTrackedActionLive: #undo of an #action on a real ngIRCd takes
// the item out of the tracker at once: the bot says so with its id, and
// #actions no longer lists it; the next #action gets a new id.
func TestUndoTrackedActionLive(t *testing.T) {
	srv := ircdtest.Start(t)
	startBot(t, testConfig(t, srv.Addr, "", ""), nil)
	alice := joinAfterBot(t, srv, "alice", "#meet")
	alice.Privmsg("#meet", "#startmeeting weekly")
	waitBot(alice, "#meet", `Meeting started`)
	alice.Privmsg("#meet", "#action alice to bake a cake")
	waitBot(alice, "#meet", `ACTION \[a1\] alice to bake a cake$`)
	alice.Privmsg("#meet", "#undo")
	waitBot(alice, "#meet", `UNDONE \[a1\] alice to bake a cake \(no longer tracked\)$`)
	alice.Privmsg("#meet", "#actions")
	waitBot(alice, "#meet", `No open action items for weekly\.`)
	alice.Privmsg("#meet", "#action alice to buy flowers")
	waitBot(alice, "#meet", `ACTION \[a2\] alice to buy flowers$`)
	alice.Privmsg("#meet", "#endmeeting")
	waitBot(alice, "#meet", `Meeting ended`)
	alice.Privmsg("#meet", "#actions")
	waitBot(alice, "#meet", `Open action items for weekly \(1\):`)
	waitBot(alice, "#meet", `\[a2\] alice to buy flowers`)
}

// TestKickedRejoins: kicked from its channel, the bot rejoins and the
// meeting goes on.
func TestKickedRejoins(t *testing.T) {
	srv := ircdtest.Start(t)
	bot := startBot(t, testConfig(t, srv.Addr, "", ""), nil)
	alice := joinAfterBot(t, srv, "alice", "#meet")
	alice.Privmsg("#meet", "#startmeeting kicks")
	waitBot(alice, "#meet", `Meeting started`)
	alice.Raw("OPER " + ircdtest.OperName + " " + ircdtest.OperPass)
	alice.Wait(` 381 alice `)
	alice.Raw("KICK #meet gavel :out")
	alice.Wait(`KICK #meet gavel`)
	alice.Wait(`^:gavel!\S+ JOIN :?#meet`)
	eventually(t, "the bot to be back in #meet", func() bool { return bot.client.IsInChannel("#meet") })
	alice.Privmsg("#meet", "#info after the kick")
	alice.Privmsg("#meet", "#endmeeting")
	waitBot(alice, "#meet", `Meeting ended`)
}
