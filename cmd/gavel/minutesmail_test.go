package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/internal/ircdtest"
	"github.com/gavel-irc/gavel/internal/testenv"
)

// TestMinutesMailAtEnd runs gavel on a real ngIRCd with a channel whose
// minutes are mailed (minutes_to) through a real SMTP server (Debian's
// python3-aiosmtpd) and a reminder sweep that never comes during the test
// (once a year): the minutes of a meeting arrive after #endmeeting, and
// those of face-to-face notes imported into the series (handed to the
// running gavel) after the import, each exactly once although the mail was
// asked for twice (the second meeting's end asks again for the first).
func TestMinutesMailAtEnd(t *testing.T) {
	py := testenv.Python(t, "aiosmtpd")
	srv := ircdtest.Start(t)
	smtpAddr := fmt.Sprintf("127.0.0.1:%d", ircdtest.FreePort(t))
	maildir := filepath.Join(t.TempDir(), "Maildir")
	smtp := exec.Command(py, "-m", "aiosmtpd", "-n", "-l", smtpAddr, "-c", "aiosmtpd.handlers.Mailbox", maildir)
	var smtpOut bytes.Buffer
	smtp.Stdout, smtp.Stderr = &syncWriter{w: &smtpOut}, &syncWriter{w: &smtpOut}
	smtp.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := smtp.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { smtp.Process.Kill(); smtp.Wait() }()
	for deadline := time.Now().Add(15 * time.Second); ; {
		if c, err := net.Dial("tcp", smtpAddr); err == nil {
			c.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("aiosmtpd not listening on %s", smtpAddr)
		}
		time.Sleep(20 * time.Millisecond)
	}
	dir := t.TempDir()
	cfgPath := filepath.Join(dir, "gavel.toml")
	src := fmt.Sprintf(`[irc]
server = %q
channels = ["#fudcon"]
send_interval = "1ms"
[store]
path = "data/gavel.db"
[site]
dir = "public"
base_url = "https://minutes.example.org/"
[remind]
sweep = "0 0 1 1 *"
[remind.smtp]
addr = %q
from = "gavel <gavel@example.org>"
[[channel]]
name = "#fudcon"
series = "fudcon"
minutes_to = ["FUDCon list <fudcon@lists.example.org>"]
`, srv.Addr, smtpAddr)
	if err := os.WriteFile(cfgPath, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stderr bytes.Buffer
	done := make(chan error, 1)
	go func() {
		done <- runCommand().exec(ctx, &env{Stdout: io.Discard, Stderr: &syncWriter{w: &stderr}}, []string{"-c", cfgPath})
	}()
	alice := ircdtest.Dial(t, srv.Addr, "alice")
	for deadline := time.Now().Add(10 * time.Second); ; {
		alice.Raw("NAMES #fudcon")
		if l := alice.Wait(` 353 alice . #fudcon :| 366 alice #fudcon `); strings.Contains(l, "gavel") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("gavel did not join #fudcon")
		}
		time.Sleep(20 * time.Millisecond)
	}
	alice.Join("#fudcon")
	// messages returns the mails delivered so far, by Message-ID.
	messages := func() map[string]int {
		out := map[string]int{}
		for _, sub := range []string{"new", "cur"} {
			files, _ := filepath.Glob(filepath.Join(maildir, sub, "*"))
			for _, f := range files {
				b, err := os.ReadFile(f)
				if err != nil {
					t.Fatal(err)
				}
				for _, l := range strings.Split(string(b), "\n") {
					if strings.HasPrefix(strings.ToLower(l), "message-id:") {
						out[strings.TrimSpace(l[len("message-id:"):])]++
					}
				}
			}
		}
		return out
	}
	// waitFor waits until a mail whose Message-ID holds id arrived.
	waitFor := func(id string) {
		t.Helper()
		for deadline := time.Now().Add(60 * time.Second); ; {
			for mid := range messages() {
				if strings.Contains(mid, id) {
					return
				}
			}
			if time.Now().After(deadline) {
				t.Fatalf("no mail for %s (have %v)\n%s\n%s", id, messages(), stderr.String(), smtpOut.String())
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	meetingID := func() string {
		alice.Privmsg("#fudcon", "#startmeeting FUDCon planning")
		l := alice.Wait(`^:gavel!\S+ PRIVMSG #fudcon :Meeting started`)
		_ = l
		alice.Privmsg("#fudcon", "#action alice to call the campus due 2026-12-20")
		alice.Privmsg("#fudcon", "#endmeeting")
		line := alice.Wait(`^:gavel!\S+ PRIVMSG #fudcon :Minutes: +\S+\.html$`)
		base := filepath.Base(line[strings.LastIndex(line, " ")+1:])
		return strings.TrimSuffix(base, ".html")
	}
	first := meetingID()
	// The Message-ID is made from the meeting id (series.date-time):
	// fudcon.YYYY-MM-DDTHHMMSSZ; the minutes file is fudcon.YYYY-MM-DD-HH.MM.
	day := strings.TrimPrefix(first, "fudcon.")[:10]
	waitFor("fudcon." + day)
	if n := len(messages()); n != 1 {
		t.Fatalf("%d mails after the first meeting, want 1: %v", n, messages())
	}

	// Notes of a face-to-face meeting of the series, handed to the running
	// gavel: their minutes are mailed after the import.
	notes := filepath.Join(dir, "f2f.md")
	if err := os.WriteFile(notes, []byte("# FUDCon F2F\n\nAttendees: alice, bob\n\n## Venue\n\n- Action: bob to book the hall by Dec 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	f2fDay := time.Now().UTC().AddDate(0, 0, -1).Format("2006-01-02")
	if rc, so, se := gavel(t, "notes", "-c", cfgPath, "--series", "fudcon", "--date", f2fDay, "--time", "09:30", "--tz", "UTC", notes); rc != 0 {
		t.Fatalf("gavel notes: exit %d\n%s\n%s", rc, so, se)
	}
	waitFor("fudcon." + f2fDay)
	if n := len(messages()); n != 2 {
		t.Fatalf("%d mails after the notes, want 2: %v", n, messages())
	}
	// Another meeting's end asks for the mail again: the first two are not
	// sent again.
	second := meetingID()
	_ = second
	for deadline := time.Now().Add(60 * time.Second); len(messages()) < 3; {
		if time.Now().After(deadline) {
			t.Fatalf("no mail for the second meeting: %v", messages())
		}
		time.Sleep(50 * time.Millisecond)
	}
	for mid, n := range messages() {
		if n != 1 {
			t.Errorf("%s arrived %d times", mid, n)
		}
	}
	if n := len(messages()); n != 3 {
		t.Errorf("%d mails, want 3: %v", n, messages())
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("run: %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("run did not return after cancel")
	}

	// Without gavel run, gavel notes mails the minutes of what it imported
	// itself, once, and not the meetings mailed before.
	notes2 := filepath.Join(dir, "f2f2.md")
	if err := os.WriteFile(notes2, []byte("# FUDCon F2F, day two\n\nAttendees: alice, carol\n\n## Budget\n\n- Action: carol to send the budget by Dec 3\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	day2 := time.Now().UTC().AddDate(0, 0, -2).Format("2006-01-02")
	rc, so, se := gavel(t, "notes", "-c", cfgPath, "--series", "fudcon", "--date", day2, "--time", "09:30", "--tz", "UTC", notes2)
	if rc != 0 || !strings.Contains(so, "minutes mailed for 1 meeting") {
		t.Fatalf("gavel notes without gavel run: exit %d\n%s\n%s", rc, so, se)
	}
	waitFor("fudcon." + day2)
	for mid, n := range messages() {
		if n != 1 {
			t.Errorf("%s arrived %d times", mid, n)
		}
	}
	if n := len(messages()); n != 4 {
		t.Errorf("%d mails after the notes without gavel run, want 4: %v", n, messages())
	}
}
