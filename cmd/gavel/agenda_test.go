package main

import (
	"strings"
	"testing"

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
	alice.Privmsg("#meet", "#agenda add Venue")
	botSays(alice, "#meet", `Agenda item 2 added: Venue$`)
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
