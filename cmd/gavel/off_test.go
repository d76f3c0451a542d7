package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gavel-irc/gavel/internal/ircdtest"
	"github.com/gavel-irc/gavel/store"
)

// TestOffRecordLive runs a meeting on a real ngIRCd where people say
// "[off]" lines (a message, a /me, one holding a command): after the
// meeting they are in no event of the store, in no published file (logs,
// minutes, feeds, search index), and the log's lines and l-N anchors are
// those of the lines on the record only.
func TestOffRecordLive(t *testing.T) {
	srv := ircdtest.Start(t)
	g := startLive(t, srv.Addr, "")
	alice := joinWhenBot(t, srv.Addr, "alice", "#meet")
	bob := joinWhenBot(t, srv.Addr, "bob", "#meet")
	alice.Privmsg("#meet", "#startmeeting Off test")
	botSays(alice, "#meet", `Meeting started`)
	bob.Privmsg("#meet", "[off] secret-one my phone is 555")
	bob.Action("#meet", "[OFF] secret-two sighs")
	alice.Privmsg("#meet", "#info on the record")
	bob.Privmsg("#meet", "  [off] #action secret-three bob to leak it")
	alice.Privmsg("#meet", "#endmeeting")
	botSays(alice, "#meet", `Minutes: +http://minutes\.test/\S+\.html$`)
	g.stop(t)

	site := filepath.Join(g.Dir, "public")
	for _, s := range []string{"secret-one", "secret-two", "secret-three", "[off]", "[OFF]"} {
		if files := grepTree(t, site, s); len(files) > 0 {
			t.Errorf("%q published in %v", s, files)
		}
	}
	if files := grepTree(t, site, "on the record"); len(files) == 0 {
		t.Fatal("the line on the record was not published")
	}
	st, err := store.Open(filepath.Join(g.Dir, "data", "gavel.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	recs, err := st.AllMeetings()
	if err != nil || len(recs) != 1 {
		t.Fatalf("meetings %v, %v", recs, err)
	}
	evs, err := st.Events(recs[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, ev := range evs {
		if strings.Contains(ev.Text, "secret") || ev.Nick == "bob" {
			t.Errorf("stored event %+v", ev)
		}
		texts = append(texts, ev.Text)
	}
	if len(evs) != 3 {
		t.Errorf("stored %d events, want 3 (start, info, end): %q", len(evs), texts)
	}
	// The text log: line 2 is the #info (the bot's reply to the start is
	// logged right after it), and the .log.html anchors run without a gap.
	var logTxt, logHTML string
	_ = filepath.Walk(site, func(p string, fi os.FileInfo, err error) error {
		switch {
		case err != nil:
			return err
		case strings.HasSuffix(p, ".log.txt"):
			b, _ := os.ReadFile(p)
			logTxt = string(b)
		case strings.HasSuffix(p, ".log.html"):
			b, _ := os.ReadFile(p)
			logHTML = string(b)
		}
		return nil
	})
	if strings.Contains(logTxt, "bob") || !strings.Contains(logTxt, "<alice> #info on the record") {
		t.Errorf(".log.txt:\n%s", logTxt)
	}
	n := strings.Count(logHTML, `id="l-`)
	if n == 0 || !strings.Contains(logHTML, `id="l-`+itoaPort(n)+`"`) || strings.Contains(logHTML, `id="l-`+itoaPort(n+1)+`"`) {
		t.Errorf(".log.html has %d anchors, not numbered 1..%d", n, n)
	}
}
