package minutes

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/logfile"
	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/notes"
)

// TestLiveRoundTrip: the minutes of a live meeting (the engine with a bot
// nick, logging its own replies) and the minutes replayed from the
// .log.txt written for it are the same, byte for byte.
func TestLiveRoundTrip(t *testing.T) {
	kolkata, err := time.LoadLocation("Asia/Kolkata")
	if err != nil {
		t.Skip("no tzdata")
	}
	script := []struct{ nick, text string }{
		{"alice", "#startmeeting FUDCon planning"},
		{"alice", "#chair bob"},
		{"alice", "#topic Venue"},
		{"bob", "#info the venue holds 200 <people> & more"},
		{"carol", "#link https://example.org/venue see [x](javascript:alert(1))"},
		{"alice", "#action bob to book the venue due 2026-08-10"},
		{"alice", "#action someone to call the caterer"},
		{"dave", "I can help"},
		{"alice", "#startvote Which day? Friday, Saturday"},
		{"bob", "#vote Friday"},
		{"dave", "#vote Saturday"},
		{"alice", "#endvote"},
		{"alice", "#agreed Friday it is"},
		{"alice", "#endmeeting"},
	}
	start := time.Date(2026, 7, 26, 23, 58, 0, 0, time.UTC) // crosses midnight UTC
	ch := meeting.NewChannel("#fudcon", meeting.Options{Location: kolkata, BotNick: "gavel"})
	var live *meeting.Meeting
	for i, l := range script {
		res := ch.Handle(meeting.Event{Time: start.Add(time.Duration(i*20) * time.Second), Channel: "#fudcon", Nick: l.nick, Text: l.text})
		if res.Ended {
			live = res.Meeting
		}
	}
	if live == nil {
		t.Fatal("meeting did not end")
	}
	liveFiles, err := Write(live, Options{})
	if err != nil {
		t.Fatal(err)
	}
	logTxt := fileOf(liveFiles, FormatLogText)
	if !bytes.HasPrefix(logTxt, []byte("# #fudcon meeting log, 2026-07-26 (UTC), bot gavel\n")) {
		t.Fatalf("header: %q", strings.SplitN(string(logTxt), "\n", 2)[0])
	}
	evs, warns, err := logfile.ReadString(string(logTxt), "fudcon.log.txt", logfile.ReadOptions{})
	if err != nil || len(warns) != 0 {
		t.Fatalf("reading the .log.txt back: %v %v", err, warns)
	}
	rs := Replay(evs, "#fudcon", meeting.Options{Location: kolkata})
	if len(rs) != 1 {
		t.Fatalf("%d meetings replayed", len(rs))
	}
	replayed, err := Write(rs[0].Meeting, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(replayed) != len(liveFiles) {
		t.Fatalf("%d files, live %d", len(replayed), len(liveFiles))
	}
	for i := range liveFiles {
		if !bytes.Equal(liveFiles[i].Data, replayed[i].Data) {
			t.Errorf("%s differs between the live meeting and its replayed log:\n%s", liveFiles[i].Path,
				firstDiff(replayed[i].Data, liveFiles[i].Data))
		}
	}
}

// TestMergedNotesRoundTrip: notes merged into an ended IRC meeting (as
// `gavel notes --merge` does: the engine's KindNotes events after the end)
// are written to the .log.txt as "<nick> [notes] ..." lines; reading that
// log back and replaying it gives the same minutes, byte for byte, as the
// merged meeting and as a replay of the stored events.
func TestMergedNotesRoundTrip(t *testing.T) {
	opt := meeting.Options{Series: "fudcon", BotNick: "gavel", Source: "irc"}
	script := []struct{ nick, text string }{
		{"alice", "#startmeeting FUDCon planning"},
		{"alice", "#topic Venue"},
		{"bob", "#info the venue holds 200 people"},
		{"alice", "#action bob to book the venue"},
		{"alice", "#endmeeting"},
	}
	start := time.Date(2026, 7, 26, 13, 0, 0, 0, time.UTC)
	ch := meeting.NewChannel("#fudcon", opt)
	var stored []meeting.Event
	var m *meeting.Meeting
	for i, l := range script {
		ev := meeting.Event{Time: start.Add(time.Duration(i*20) * time.Second), Channel: "#fudcon", Nick: l.nick, Text: l.text}
		if res := ch.Handle(ev); res.Recorded {
			stored = append(stored, ev)
			m = res.Meeting
		}
	}
	if m == nil || m.Ended.IsZero() {
		t.Fatal("meeting did not end")
	}
	text := "Catering\n\n  • Kushal to order the goodies by 2026-08-31\n  • The caterer confirmed 200 lunches\n"
	n, err := notes.Parse(strings.NewReader(text), "f2f.txt", notes.Options{Date: start})
	if err != nil {
		t.Fatal(err)
	}
	out, merged, err := n.Feed(ch, notes.EventOptions{Chair: m.Owner, Merge: true, Start: m.Ended.Add(time.Minute), Kind: meeting.KindNotes})
	if err != nil {
		t.Fatal(err)
	}
	if len(out) == 0 || merged != m {
		t.Fatalf("merge: %d events, meeting %p want %p", len(out), merged, m)
	}
	stored = append(stored, out...)
	mergedFiles, err := Write(merged, Options{})
	if err != nil {
		t.Fatal(err)
	}
	logTxt := fileOf(mergedFiles, FormatLogText)
	if !bytes.Contains(logTxt, []byte("> "+logfile.NotesMark)) {
		t.Fatalf("no notes lines in the .log.txt:\n%s", logTxt)
	}
	fromStore := Replay(stored, "#fudcon", opt)
	if len(fromStore) != 1 {
		t.Fatalf("%d meetings replayed from the stored events", len(fromStore))
	}
	storeFiles, err := Write(fromStore[0].Meeting, Options{})
	if err != nil {
		t.Fatal(err)
	}
	evs, warns, err := logfile.ReadString(string(logTxt), "fudcon.log.txt", logfile.ReadOptions{})
	if err != nil || len(warns) != 0 {
		t.Fatalf("reading the .log.txt back: %v %v", err, warns)
	}
	notesLines := 0
	for _, ev := range evs {
		if ev.Kind == meeting.KindNotes {
			notesLines++
			if strings.HasPrefix(ev.Text, logfile.NotesMark) {
				t.Errorf("notes event keeps the mark: %q", ev.Text)
			}
		}
	}
	if notesLines != len(out) {
		t.Errorf("%d notes events read back, %d merged", notesLines, len(out))
	}
	// The log has the bot's replies as lines of their own: replayed
	// without a bot nick, as gavel replay does.
	logOpt := opt
	logOpt.BotNick = ""
	rs := Replay(evs, "#fudcon", logOpt)
	if len(rs) != 1 {
		t.Fatalf("%d meetings replayed from the .log.txt", len(rs))
	}
	replayed, err := Write(rs[0].Meeting, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range [][]File{mergedFiles, storeFiles} {
		if len(replayed) != len(want) {
			t.Fatalf("%d files, want %d", len(replayed), len(want))
		}
		for i := range want {
			if !bytes.Equal(want[i].Data, replayed[i].Data) {
				t.Errorf("%s differs between the merged meeting and its replayed log:\n%s", want[i].Path,
					firstDiff(replayed[i].Data, want[i].Data))
			}
		}
	}
}
