package bot

import (
	"strings"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/internal/ircdtest"
	"github.com/gavel-irc/gavel/meeting"
)

// TestFullMeeting plays a meeting with three real client connections and
// checks the replies, the topic, and that the published meeting holds
// every line said.
func TestFullMeeting(t *testing.T) {
	srv := ircdtest.Start(t)
	pub := &recPublisher{}
	bot := startBot(t, testConfig(t, srv.Addr, "", ""), pub)
	alice := joinAfterBot(t, srv, "alice", "#meet")
	bob := joinAfterBot(t, srv, "bob", "#meet")
	carol := joinAfterBot(t, srv, "carol", "#meet")

	alice.Raw("TOPIC #meet :before the meeting")
	alice.Wait(`TOPIC #meet :before the meeting`)
	alice.Privmsg("#meet", "#startmeeting FUDCon planning")
	waitBot(alice, "#meet", `Meeting started .* UTC\. The chair is alice\.`)
	alice.Privmsg("#meet", "#topic Venue")
	alice.Wait(`^:gavel!\S+ TOPIC #meet :Venue$`)
	bob.Privmsg("#meet", "#info the hotel has 200 rooms")
	carol.Action("#meet", "reads the contract")
	bob.Privmsg("#meet", "#action bob to call the hotel")
	alice.Privmsg("#meet", "#agreed we book the hotel")
	alice.Privmsg("#meet", "#chair carol")
	waitBot(alice, "#meet", `.*carol`)
	carol.Privmsg("#meet", "#endmeeting")
	waitBot(alice, "#meet", `Meeting ended`)
	alice.Wait(`^:gavel!\S+ TOPIC #meet :before the meeting$`)
	waitBot(alice, "#meet", `Minutes: +http://minutes.test/\S+\.html$`)
	waitBot(alice, "#meet", `Minutes \(text\): +http://minutes.test/\S+\.txt$`)
	waitBot(alice, "#meet", `Log: +http://minutes.test/\S+\.log\.html$`)

	ended := pub.endedMeetings()
	if len(ended) != 1 {
		t.Fatalf("published %d meetings, want 1", len(ended))
	}
	m := ended[0]
	log := logTexts(m)
	for _, want := range []string{
		"alice: #startmeeting FUDCon planning", "alice: #topic Venue", "bob: #info the hotel has 200 rooms",
		"carol: reads the contract", "bob: #action bob to call the hotel", "alice: #agreed we book the hotel",
		"carol: #endmeeting",
	} {
		if !contains(log, want) {
			t.Errorf("log lacks %q; log:\n%s", want, joinLines(log))
		}
	}
	if m.Ended.IsZero() || m.Title != "FUDCon planning" {
		t.Errorf("meeting ended=%v title=%q", m.Ended, m.Title)
	}
	var kinds []string
	for _, it := range m.Items {
		kinds = append(kinds, string(it.Kind)+":"+it.Text)
	}
	got := strings.Join(kinds, "|")
	for _, want := range []string{"topic:Venue", "info:the hotel has 200 rooms", "action:bob to call the hotel", "agreed:we book the hotel"} {
		if !strings.Contains(got, want) {
			t.Errorf("items %q lack %q", got, want)
		}
	}
	recs, err := bot.st.OpenMeetings()
	if err != nil || len(recs) != 0 {
		t.Errorf("open meetings after #endmeeting: %v, %v", recs, err)
	}
	rec, err := bot.st.Meeting(m.ID)
	if err != nil || rec.Ended.IsZero() || rec.Title != "FUDCon planning" {
		t.Errorf("record %+v, %v", rec, err)
	}
}

// TestSave: #save hands the publisher the running meeting, replayed from
// what was committed (every line so far, not ended, under the record's
// id), says the interim minutes' URL, and the meeting goes on.
func TestSave(t *testing.T) {
	srv := ircdtest.Start(t)
	pub := &recPublisher{}
	bot := startBot(t, testConfig(t, srv.Addr, "", ""), pub)
	alice := joinAfterBot(t, srv, "alice", "#meet")
	alice.Privmsg("#meet", "#startmeeting Save test")
	waitBot(alice, "#meet", `Meeting started`)
	alice.Privmsg("#meet", "#info saved before")
	alice.Privmsg("#meet", "#save")
	waitBot(alice, "#meet", `Minutes: +http://minutes.test/\S+\.html$`)
	pub.mu.Lock()
	saved := append([]*meeting.Meeting(nil), pub.saved...)
	pub.mu.Unlock()
	if len(saved) != 1 {
		t.Fatalf("saved %d meetings, want 1", len(saved))
	}
	m := saved[0]
	recs, err := bot.st.OpenMeetings()
	if err != nil || len(recs) != 1 || recs[0].ID != m.ID {
		t.Fatalf("open meetings %+v (%v); saved %s", recs, err, m.ID)
	}
	if !m.Ended.IsZero() || !contains(logTexts(m), "alice: #info saved before") {
		t.Errorf("saved meeting ended=%v log:\n%s", m.Ended, joinLines(logTexts(m)))
	}
	alice.Privmsg("#meet", "#info after the save")
	alice.Privmsg("#meet", "#endmeeting")
	waitBot(alice, "#meet", `Minutes: +http://minutes.test/\S+\.html$`)
	ended := pub.endedMeetings()
	if len(ended) != 1 || ended[0].ID != m.ID || !contains(logTexts(ended[0]), "alice: #info after the save") {
		t.Errorf("ended meetings %d, want %s with the lines after the save", len(ended), m.ID)
	}
}

// TestEndedMeetingForgotten: once an ended meeting's minutes are published,
// the channel's engine holds no meeting (not even the ended one), and the
// next meeting in the channel still works.
func TestEndedMeetingForgotten(t *testing.T) {
	srv := ircdtest.Start(t)
	pub := &recPublisher{}
	bot := startBot(t, testConfig(t, srv.Addr, "", ""), pub)
	alice := joinAfterBot(t, srv, "alice", "#meet")
	held := func() (running, ended string) {
		bot.onWorker(t, func() {
			ch, ok := bot.chans[chanKey("#meet")]
			if !ok {
				return
			}
			if m := ch.eng.Meeting(); m != nil {
				running = m.ID
			}
			if m := ch.eng.Ended(); m != nil {
				ended = m.ID
			}
		})
		return running, ended
	}
	for i := 0; i < 2; i++ {
		alice.Privmsg("#meet", "#startmeeting Forget test")
		waitBot(alice, "#meet", `Meeting started`)
		alice.Privmsg("#meet", "#info a line")
		if r, _ := held(); r == "" {
			t.Fatalf("meeting %d: the engine holds no running meeting", i+1)
		}
		alice.Privmsg("#meet", "#endmeeting")
		waitBot(alice, "#meet", `Minutes: +http://minutes.test/\S+\.html$`)
		if n := len(pub.endedMeetings()); n != i+1 {
			t.Fatalf("published %d ended meetings, want %d", n, i+1)
		}
		// The published message is queued before the URLs are said.
		if r, e := held(); r != "" || e != "" {
			t.Errorf("after the end and publish of meeting %d the channel holds running %q, ended %q", i+1, r, e)
		}
		time.Sleep(1100 * time.Millisecond) // the next meeting gets another id
	}
}

// TestTopicFromBeforeTheBot restores, at #endmeeting, a topic the channel
// had before gavel joined it (the server tells it on joining: RPL_TOPIC),
// while a MODE line changes the channel's state at the same time: gavel
// keeps the topics itself and does not copy girc's channel state, which
// girc changes for MODE under its read lock.
func TestTopicFromBeforeTheBot(t *testing.T) {
	srv := ircdtest.Start(t)
	alice := ircdtest.Dial(t, srv.Addr, "alice")
	alice.Join("#meet")
	alice.Raw("TOPIC #meet :set before gavel came")
	alice.Wait(`TOPIC #meet :set before gavel came`)
	startBot(t, testConfig(t, srv.Addr, "", ""), &recPublisher{})
	alice.Wait(`^:gavel!\S+ JOIN :?#meet`)
	alice.Raw("MODE #meet +o gavel")
	alice.Wait(`MODE #meet \+o gavel`)
	alice.Privmsg("#meet", "#startmeeting early birds")
	waitBot(alice, "#meet", `Meeting started .* UTC\.`)
	alice.Privmsg("#meet", "#topic Venue")
	alice.Wait(`^:gavel!\S+ TOPIC #meet :Venue$`)
	alice.Raw("MODE #meet +m")
	alice.Privmsg("#meet", "#endmeeting")
	waitBot(alice, "#meet", `Meeting ended`)
	alice.Wait(`^:gavel!\S+ TOPIC #meet :set before gavel came$`)
}
