package bot

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/gavel-irc/gavel/internal/ircdtest"
)

// TestKilledMidMeeting kills the bot process with SIGKILL in the middle of
// a meeting, starts it again, and checks that the meeting goes on and that
// the minutes hold every line the bot had acknowledged.
func TestKilledMidMeeting(t *testing.T) {
	srv := ircdtest.Start(t)
	cfg := testConfig(t, srv.Addr, "", "")
	alice := ircdtest.Dial(t, srv.Addr, "alice")
	alice.Join("#meet")
	bob := ircdtest.Dial(t, srv.Addr, "bob")
	bob.Join("#meet")

	child := startChild(t, cfg.Path)
	alice.Wait(`^:gavel!\S+ JOIN :?#meet`)
	alice.Privmsg("#meet", "#startmeeting restart drill")
	waitBot(alice, "#meet", `Meeting started`)
	var acked []string
	for i := 1; i <= 20; i++ {
		a, b := fmt.Sprintf("#info alice line %d", i), fmt.Sprintf("bob line %d", i)
		alice.Privmsg("#meet", a)
		bob.Privmsg("#meet", b)
		acked = append(acked, "<alice> "+a, "<bob> "+b)
	}
	// A reply to each client's last line acknowledges all its lines (lines
	// from two connections may reach the bot in either order).
	bob.Privmsg("#meet", "#commands")
	waitBot(bob, "#meet", `Available commands`)
	alice.Privmsg("#meet", "#chair bob")
	waitBot(alice, "#meet", `Current chairs: .*bob`)
	acked = append(acked, "<bob> #commands", "<alice> #chair bob")

	if err := child.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	alice.Wait(`^:gavel!\S+ QUIT`)

	t.Log("killed")
	startChild(t, cfg.Path)
	alice.Wait(`^:gavel!\S+ JOIN :?#meet`)
	waitBot(alice, "#meet", `Meeting resumed after a restart`)
	t.Log("resumed")
	bob.Privmsg("#meet", "#info after the restart")
	acked = append(acked, "<bob> #info after the restart")
	bob.Privmsg("#meet", "#endmeeting") // bob was chaired before the kill
	waitBot(alice, "#meet", `Meeting ended`)
	line := waitBot(alice, "#meet", `Log: +http://minutes\.test/\S+$`)
	url := line[strings.LastIndex(line, " ")+1:]
	data, err := os.ReadFile(filepath.Join(cfg.Site.Dir, strings.TrimPrefix(url, "http://minutes.test/")))
	if err != nil {
		t.Fatal(err)
	}
	log := string(data)
	for _, want := range acked {
		if !strings.Contains(log, want+"\n") {
			t.Errorf("minutes lack acknowledged line %q", want)
		}
	}
	if n := strings.Count(log, "<alice> #startmeeting"); n != 1 {
		t.Errorf("#startmeeting appears %d times", n)
	}
	if t.Failed() {
		t.Logf("log:\n%s", log)
	}
}
