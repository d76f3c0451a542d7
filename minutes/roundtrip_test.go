package minutes

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/logfile"
	"github.com/gavel-irc/gavel/meeting"
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
