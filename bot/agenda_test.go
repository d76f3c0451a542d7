package bot

import (
	"strings"
	"testing"

	"github.com/gavel-irc/gavel/internal/ircdtest"
)

// TestAgendaAcrossMeetings: on a real ngIRCd, the agenda is built between
// meetings (anyone adds, a non-operator may not drop), listed at the
// start, walked with #next (topics), changed during the meeting; what
// the meeting did not reach is carried to the next meeting, which lists it.
func TestAgendaAcrossMeetings(t *testing.T) {
	srv := ircdtest.Start(t)
	cfg := testConfig(t, srv.Addr, "", "[[channel]]\nname = \"#meet\"\nseries = \"weekly\"\n")
	pub := &recPublisher{}
	bot := startBot(t, cfg, pub)
	alice := joinAfterBot(t, srv, "alice", "#meet")
	bob := joinAfterBot(t, srv, "bob", "#meet")

	bob.Privmsg("#meet", "#agenda add Budget (10m)")
	waitBot(alice, "#meet", `Agenda item 1 added: Budget \(10m\)$`)
	alice.Privmsg("#meet", "#agenda add Venue")
	waitBot(alice, "#meet", `Agenda item 2 added: Venue$`)
	bob.Privmsg("#meet", "#agenda add Travel")
	waitBot(alice, "#meet", `Agenda item 3 added: Travel$`)
	bob.Privmsg("#meet", "#agenda drop 1")
	waitBot(alice, "#meet", `bob: only a chair .* can use #agenda drop\.$`)
	bob.Privmsg("#meet", "#agenda")
	waitBot(alice, "#meet", `Agenda \(3\):$`)
	waitBot(alice, "#meet", `1\. Budget \(10m\) \(bob\)$`)

	alice.Privmsg("#meet", "#startmeeting Weekly")
	waitBot(alice, "#meet", `Agenda \(3\):$`)
	waitBot(alice, "#meet", `3\. Travel \(bob\)$`)
	alice.Privmsg("#meet", "#next")
	waitBot(alice, "#meet", `Agenda item 1 of 3: Budget \(10m\)$`)
	alice.Wait(`^:gavel!\S+ TOPIC #meet :Budget \(10m\)$`)
	bob.Privmsg("#meet", "#agenda add Hotel")
	waitBot(alice, "#meet", `Agenda item 4 added: Hotel$`)
	alice.Privmsg("#meet", "#agenda drop 3")
	waitBot(alice, "#meet", `Dropped from the agenda: Travel$`)
	alice.Privmsg("#meet", "#next")
	waitBot(alice, "#meet", `Agenda item 2 of 3: Venue$`)
	alice.Privmsg("#meet", "#endmeeting")
	waitBot(alice, "#meet", `Minutes: `)

	ended := pub.endedMeetings()
	if len(ended) != 1 {
		t.Fatalf("published %d meetings", len(ended))
	}
	var got []string
	for _, a := range ended[0].Agenda {
		got = append(got, a.Text+":"+a.Status)
	}
	if s := strings.Join(got, " "); s != "Budget:covered Venue:covered Travel:dropped Hotel:carried" {
		t.Errorf("the meeting's agenda: %s", s)
	}
	next, err := bot.st.NextAgenda("weekly")
	if err != nil || len(next) != 1 || next[0].Text != "Hotel" || next[0].By != "bob" {
		t.Errorf("the series' open agenda after the meeting: %+v, %v", next, err)
	}

	alice.Privmsg("#meet", "#startmeeting Weekly")
	waitBot(alice, "#meet", `Agenda \(1\):$`)
	waitBot(alice, "#meet", `1\. Hotel \(bob\)$`)
	alice.Privmsg("#meet", "#endmeeting")
	waitBot(alice, "#meet", `Meeting ended`)
}
