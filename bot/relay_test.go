package bot

import (
	"strings"
	"testing"

	"github.com/gavel-irc/gavel/internal/ircdtest"
	"github.com/gavel-irc/gavel/store"
)

// TestRelayedUsers runs a meeting on a real ngIRCd where two people speak
// through bridge nicks (a matterbridge-style "[matrix] <alice> ..." and a
// discord-irc-style "<bob> ..." with a coloured nick): their commands
// work as theirs (alice starts and chairs, bob is refused a chair command
// until chaired, owns his action), attendance and the log name them, and
// a relay line that does not match is logged as the relay's own. The
// relay's operator status makes nobody it relays a chair.
func TestRelayedUsers(t *testing.T) {
	srv := ircdtest.Start(t)
	cfg := testConfig(t, srv.Addr, `relays = [{nick = "mbridge", format = "[{PROTOCOL}] <{NICK}> {text}"}, {nick = "dbridge", format = "<{nick}> {text}"}]`, "")
	pub := &recPublisher{}
	bot := startBot(t, cfg, pub)
	mb := joinAfterBot(t, srv, "mbridge", "#meet")
	db := joinAfterBot(t, srv, "dbridge", "#meet")
	carol := joinAfterBot(t, srv, "carol", "#meet")
	// dbridge is a channel operator (ops_are_chairs is on): the people
	// it relays are not chairs for that.
	db.Raw("OPER " + ircdtest.OperName + " " + ircdtest.OperPass)
	db.Wait(` 381 dbridge `)
	db.Raw("MODE #meet +o dbridge")
	carol.Wait(`MODE #meet \+o dbridge`)

	mb.Privmsg("#meet", "[matrix] <alice> #startmeeting Bridged")
	waitBot(carol, "#meet", `Meeting started .* The chair is alice\.`)
	db.Privmsg("#meet", "<\x0312bob\x03> #topic Budget")
	waitBot(carol, "#meet", `bob: only a chair can use #topic\.`)
	mb.Privmsg("#meet", "[matrix] <alice> #chair bob")
	waitBot(carol, "#meet", `Current chairs: alice bob`)
	db.Privmsg("#meet", "<\x0312bob\x03> #topic Budget")
	db.Privmsg("#meet", "erin joined the Discord channel")
	db.Privmsg("#meet", "<bob> #action bob to send the numbers")
	waitBot(carol, "#meet", `ACTION \[\w+\] bob to send the numbers`)
	carol.Privmsg("#meet", "#info carol is here too")
	carol.Privmsg("#meet", "#commands") // its reply orders carol's lines before the end
	waitBot(carol, "#meet", `Available commands`)
	mb.Privmsg("#meet", "[matrix] <alice> #endmeeting")
	waitBot(carol, "#meet", `Meeting ended`)
	waitBot(carol, "#meet", `Minutes: `)

	ended := pub.endedMeetings()
	if len(ended) != 1 {
		t.Fatalf("published %d meetings", len(ended))
	}
	m := ended[0]
	if m.Owner != "alice" || !m.Chairs["bob"] || m.Chairs["mbridge"] || m.Chairs["dbridge"] {
		t.Errorf("owner %q chairs %v", m.Owner, m.Chairs)
	}
	log := logTexts(m)
	for _, want := range []string{"alice: #startmeeting Bridged", "bob: #topic Budget", "bob: #action bob to send the numbers",
		"dbridge: erin joined the Discord channel", "carol: #info carol is here too", "alice: #endmeeting"} {
		if !contains(log, want) {
			t.Errorf("log lacks %q:\n%s", want, joinLines(log))
		}
	}
	if m.Lines["alice"] != 3 || m.Lines["bob"] != 3 || m.Lines["dbridge"] != 1 || m.Lines["mbridge"] != 0 {
		t.Errorf("lines said: %v", m.Lines)
	}
	acts := m.Actions()
	if len(acts) != 1 || strings.Join(acts[0].Owners, ",") != "bob" {
		t.Errorf("actions %+v", acts)
	}
	items, err := bot.st.Actions(store.ActionFilter{})
	if err != nil || len(items) != 1 || strings.Join(items[0].Owners, ",") != "bob" {
		t.Errorf("tracked items %+v, %v", items, err)
	}
}
