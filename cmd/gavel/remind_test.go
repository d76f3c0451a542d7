package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gavel-irc/gavel/store"
)

func TestRemindCommand(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "gavel.toml")
	conf := `[store]
path = "data/gavel.db"

[[channel]]
name = "#fudcon-planning"
timezone = "Asia/Kolkata"

[[people]]
name = "Saleem Ansari"
nicks = ["saleem"]
timezone = "Asia/Kolkata"

[[schedule]]
channel = "#fudcon-planning"
cron = "CRON_TZ=Asia/Kolkata 0 15 * * TUE"
before = ["6h30m"]
series = "fudcon"
`
	if err := os.WriteFile(cfg, []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(filepath.Join(dir, "data/gavel.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	err = st.PutAction(store.ActionRecord{ID: "a1", Text: "Website + voting", Owners: []string{"Saleem"}, Due: "2026-08-11",
		Series: "fudcon", Status: store.StatusOpen})
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	// The agenda carried to the meeting (added from the shell here).
	if rc, out, errOut := gavel(t, "agenda", "-c", cfg, "--series", "fudcon", "--by", "pjp", "add", "Venue contract (15m)"); rc != 0 {
		t.Fatalf("gavel agenda add: %d %s %s", rc, out, errOut)
	}
	remind := func(args ...string) (string, string, int) {
		var so, se bytes.Buffer
		rc := run(append([]string{"remind", "-c", cfg}, args...), &so, &se)
		return so.String(), se.String(), rc
	}
	// Tuesday 2026-08-11 08:30 IST: the day-before reminder (Monday 09:00)
	// was never sent, so it is due; the 15:00 face-to-face meeting is
	// announced at 08:30.
	out, errOut, rc := remind("--at", "2026-08-11T08:30:00+05:30", "--dry-run")
	if rc != 0 {
		t.Fatalf("exit %d: %s", rc, errOut)
	}
	want := "ping saleem (Saleem Ansari), 2026-08-11 08:30 IST:\n" +
		"  Reminder: [a1] Website + voting (due Tue 2026-08-11, today)\n" +
		"  Reply to me privately: done ID | snooze ID 2d | due ID DATE | list\n" +
		"say in #fudcon-planning, for 2026-08-11 09:30 UTC:\n" +
		"  Reminder: the fudcon meeting starts in 6h30m (Tue 2026-08-11 09:30 UTC (15:00 IST)) in #fudcon-planning.\n" +
		"  Open action items (1): [a1] Website + voting (Saleem, due 2026-08-11)\n" +
		"  Agenda (1): 1. Venue contract (15m)\n" +
		"1 reminder(s), 1 channel message(s) due at 2026-08-11T03:00:00Z; dry run, nothing marked\n"
	if out != want {
		t.Errorf("dry run at 08:30 IST\n got %q\nwant %q", out, want)
	}
	out, errOut, rc = remind("--at", "2026-08-11 03:30", "--dry-run")
	if rc != 0 || !strings.HasPrefix(out, "ping saleem (Saleem Ansari), 2026-08-11 09:00 IST:\n  Reminder: [a1] Website + voting (due Tue 2026-08-11, today)\n") {
		t.Fatalf("dry run at 09:00 IST: exit %d\n%s%s", rc, out, errOut)
	}
	// Without --dry-run: printed and marked; a second run finds nothing.
	out, _, rc = remind("--at", "2026-08-11 03:30")
	if rc != 0 || !strings.Contains(out, "1 reminder(s), 0 channel message(s) due at 2026-08-11T03:30:00Z; marked 1 as sent (not delivered)") {
		t.Fatalf("marking run: exit %d\n%s", rc, out)
	}
	out, _, _ = remind("--at", "2026-08-11 03:30", "--dry-run")
	if !strings.Contains(out, "0 reminder(s)") {
		t.Fatalf("after marking:\n%s", out)
	}

	for _, bad := range [][]string{{"--at", "tomorrow"}, {}, {"--at", "2026-08-11 03:30", "extra"}} {
		_, errOut, rc := remind(bad...)
		if rc != 2 {
			t.Errorf("remind %q: exit %d, want 2 (usage): %s", bad, rc, errOut)
		}
	}
	if _, errOut, _ := remind("--at", "tomorrow"); !strings.Contains(errOut, `--at "tomorrow"`) {
		t.Errorf("error does not name the input: %s", errOut)
	}
}

func FuzzParseAt(f *testing.F) {
	for _, s := range []string{"2026-08-09T09:00:00+05:30", "2026-08-11 03:30", "2026-08-11T03:30", "tomorrow", "", "2026-13-01 25:99", "0001-01-01 00:00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		at, err := parseAt(s)
		if err != nil {
			if !strings.Contains(err.Error(), "--at") {
				t.Fatalf("error does not name the flag: %v", err)
			}
			return
		}
		if at.IsZero() {
			t.Fatalf("parseAt(%q) = zero time without an error", s)
		}
	})
}
