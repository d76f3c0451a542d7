package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/internal/ircdtest"
)

// TestAgendaCommand: gavel agenda changes the series' agenda through the
// running gavel (control socket) and the channel sees it; #agenda add in
// the channel shows in gavel agenda list; once gavel run stopped, gavel
// agenda reads the store itself. Bad usage exits 2.
func TestAgendaCommand(t *testing.T) {
	srv := ircdtest.Start(t)
	g := startLive(t, srv.Addr, "[[channel]]\nname = \"#meet\"\nseries = \"weekly\"\n")
	alice := joinWhenBot(t, srv.Addr, "alice", "#meet")
	rc, out, errOut := gavel(t, "agenda", "-c", g.Config, "--series", "weekly", "--by", "carol", "add", "Budget", "(10m)")
	if rc != 0 || strings.TrimSpace(out) != "Agenda item 1 added: Budget (10m)" {
		t.Fatalf("gavel agenda add: %d %q %q", rc, out, errOut)
	}
	// The home page shows the next meeting's agenda: gavel agenda (handed
	// to gavel run) publishes it before it answers, #agenda soon after.
	home := func() string {
		b, _ := os.ReadFile(filepath.Join(g.Dir, "public", "index.html"))
		return string(b)
	}
	if !strings.Contains(home(), "Budget <span class=\"meta\">(10 min)</span>") {
		t.Errorf("the home page lacks the agenda item added by gavel agenda")
	}
	alice.Privmsg("#meet", "#agenda add Venue")
	botSays(alice, "#meet", `Agenda item 2 added: Venue$`)
	for deadline := time.Now().Add(20 * time.Second); !strings.Contains(home(), "<li>Venue</li>"); {
		if time.Now().After(deadline) {
			t.Fatalf("the home page does not show the item added by #agenda:\n%s", home())
		}
		time.Sleep(50 * time.Millisecond)
	}
	alice.Privmsg("#meet", "#agenda")
	botSays(alice, "#meet", `1\. Budget \(10m\) \(carol\)$`)
	rc, out, _ = gavel(t, "agenda", "-c", g.Config, "--series", "weekly", "list")
	if rc != 0 || !strings.Contains(out, "1. Budget (10m) (carol)\n2. Venue (alice)\n") {
		t.Errorf("gavel agenda list: %d %q", rc, out)
	}
	rc, out, _ = gavel(t, "agenda", "-c", g.Config, "--series", "weekly", "drop", "1")
	if rc != 0 || strings.TrimSpace(out) != "Dropped from the agenda: Budget" {
		t.Errorf("gavel agenda drop: %d %q", rc, out)
	}
	g.stop(t)
	rc, out, _ = gavel(t, "agenda", "-c", g.Config, "--series", "weekly")
	if rc != 0 || out != "Agenda (1):\n1. Venue (alice)\n" {
		t.Errorf("gavel agenda without gavel run: %d %q", rc, out)
	}
	for _, args := range [][]string{{"list"}, {"--series", "weekly", "bogus"}, {"--series", "weekly", "drop", "x"}} {
		rc, _, errOut := gavel(t, append([]string{"agenda", "-c", g.Config}, args...)...)
		if rc != 2 || errOut == "" {
			t.Errorf("gavel agenda %q: exit %d, stderr %q", args, rc, errOut)
		}
	}
}

// TestAgendaDropHeld: while a meeting runs it owns its series' agenda, so a
// gavel agenda drop from the shell goes through it (the channel is told)
// and stays dropped: #next skips it, gavel agenda list and the store agree.
// With gavel run killed, gavel agenda add goes into the open meeting's
// stored events; the restarted bot resumes the meeting with both changes.
func TestAgendaDropHeld(t *testing.T) {
	srv := ircdtest.Start(t)
	g := startLive(t, srv.Addr, "[[channel]]\nname = \"#meet\"\nseries = \"weekly\"\n")
	alice := joinWhenBot(t, srv.Addr, "alice", "#meet")
	for _, it := range []string{"Budget", "Venue", "Travel"} {
		alice.Privmsg("#meet", "#agenda add "+it)
		botSays(alice, "#meet", `Agenda item \d added: `+it+`$`)
	}
	alice.Privmsg("#meet", "#startmeeting Weekly")
	botSays(alice, "#meet", `#next opens the first agenda item\.$`)
	alice.Privmsg("#meet", "#next")
	botSays(alice, "#meet", `Agenda item 1 of 3: Budget$`)
	rc, out, errOut := gavel(t, "agenda", "-c", g.Config, "--series", "weekly", "--by", "carol", "drop", "2")
	if rc != 0 || strings.TrimSpace(out) != "carol (from outside the meeting): Dropped from the agenda: Venue" {
		t.Fatalf("gavel agenda drop during the meeting: %d %q %q", rc, out, errOut)
	}
	botSays(alice, "#meet", `carol \(from outside the meeting\): Dropped from the agenda: Venue$`)
	alice.Privmsg("#meet", "#next")
	botSays(alice, "#meet", `Agenda item 2 of 2: Travel$`)
	rc, out, _ = gavel(t, "agenda", "-c", g.Config, "--series", "weekly", "list")
	if rc != 0 || out != "Agenda (1):\n1. Travel (alice)\n" {
		t.Errorf("gavel agenda list during the meeting: %d %q", rc, out)
	}
	g.kill(t)
	rc, out, errOut = gavel(t, "agenda", "-c", g.Config, "--series", "weekly", "--by", "carol", "add", "Catering")
	if rc != 0 || strings.TrimSpace(out) != "carol (from outside the meeting): Agenda item 2 added: Catering" {
		t.Fatalf("gavel agenda add into the open meeting without gavel run: %d %q %q", rc, out, errOut)
	}
	g.start(t)
	botSays(alice, "#meet", `Meeting resumed after a restart`)
	alice.Privmsg("#meet", "#agenda")
	botSays(alice, "#meet", `Agenda \(2\):$`)
	botSays(alice, "#meet", `1\. Travel \(alice\) \[now\]$`)
	botSays(alice, "#meet", `2\. Catering \(carol\)$`)
	alice.Privmsg("#meet", "#endmeeting")
	botSays(alice, "#meet", `Minutes: `)
	rc, out, _ = gavel(t, "agenda", "-c", g.Config, "--series", "weekly", "list")
	if rc != 0 || out != "Agenda (1):\n1. Catering (carol)\n" {
		t.Errorf("gavel agenda list after the meeting: %d %q", rc, out)
	}
}
