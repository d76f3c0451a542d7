package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gavel-irc/gavel/internal/testenv"
)

// TestImportProgressOnTerminal runs the gavel binary under util-linux's
// script(1), which gives it a real pseudo-terminal: gavel import then draws a
// progress bar instead of a line per meeting. Through a pipe (the other
// import tests) it prints a line per meeting.
func TestImportProgressOnTerminal(t *testing.T) {
	script := testenv.Need(t, "script", "apt-get install -y bsdutils")
	dir, cfg := notesSetup(t)
	bin := filepath.Join(dir, "gavel")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	var logs []string
	for _, name := range []string{"magazine.2020-06-10-12.02.log.txt", "fedora_iot_working_group_meeting.2020-06-10-14.10.log.txt"} {
		logs = append(logs, filepath.Join(corpusDir, "meetbot", "fedora", name))
	}
	for i, l := range logs {
		abs, err := filepath.Abs(l)
		if err != nil {
			t.Fatal(err)
		}
		logs[i] = abs
	}
	cmd := exec.Command(script, "-qec", strings.Join(append([]string{bin, "import", "-c", cfg, "--no-publish"}, logs...), " "), "/dev/null")
	cmd.Env = append(os.Environ(), "TERM=dumb")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("gavel import under a terminal: %v\n%s", err, out)
	}
	s := string(out)
	if !strings.Contains(s, "\rimporting [") || !strings.Contains(s, "100% 2/2 logs") {
		t.Errorf("no progress bar on a terminal:\n%q", s)
	}
	if strings.Contains(s, "imported magazine") {
		t.Errorf("per-meeting lines printed under the bar:\n%q", s)
	}
	if !strings.Contains(s, "2 meetings imported") {
		t.Errorf("summary missing:\n%q", s)
	}
}
