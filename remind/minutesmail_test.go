package remind

import (
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

	"github.com/emersion/go-message/mail"

	"github.com/gavel-irc/gavel/config"
	"github.com/gavel-irc/gavel/internal/ircdtest"
	"github.com/gavel-irc/gavel/internal/testenv"
	"github.com/gavel-irc/gavel/life"
	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/store"
)

// startAiosmtpd runs Debian's python3-aiosmtpd with its Mailbox handler: a
// real SMTP server that delivers every accepted message into a maildir.
func startAiosmtpd(t *testing.T) (addr, maildir string) {
	t.Helper()
	py := testenv.Python(t, "aiosmtpd")
	addr = fmt.Sprintf("127.0.0.1:%d", ircdtest.FreePort(t))
	maildir = filepath.Join(t.TempDir(), "Maildir")
	out := &syncBuffer{}
	cmd := exec.Command(py, "-m", "aiosmtpd", "-n", "-l", addr, "-c", "aiosmtpd.handlers.Mailbox", maildir)
	cmd.Stdout, cmd.Stderr = out, out
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	deadline := time.Now().Add(15 * time.Second)
	for {
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			return addr, maildir
		}
		if time.Now().After(deadline) {
			t.Fatalf("aiosmtpd not listening on %s: %s", addr, out.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// liveMeeting runs lines ("nick: text", a minute apart from start) through
// the engine and the meeting's life, as the bot does, and returns its id.
func liveMeeting(t *testing.T, st *store.Store, channel, series string, start time.Time, lines ...string) string {
	t.Helper()
	k := life.New(st, nil)
	eng := meeting.NewChannel(channel, meeting.Options{Series: series, BotNick: "gavel"})
	ctx := context.Background()
	var id string
	for i, l := range lines {
		nick, text, _ := strings.Cut(l, ": ")
		ev := meeting.Event{Time: start.Add(time.Duration(i) * time.Minute), Channel: channel, Nick: nick, Text: text}
		res := eng.Handle(ev)
		if !res.Recorded {
			continue
		}
		m := res.Meeting
		var err error
		if res.Started {
			id = m.ID
			_, err = k.Start(ctx, store.MeetingRecord{ID: m.ID, Channel: m.Channel, Series: m.Series, Title: m.Title,
				Source: m.Source, TimeZone: m.Location.String(), Started: m.Started, BotNick: "gavel", SeriesOption: series}, ev)
		} else {
			_, err = k.Line(ctx, m, ev, res)
		}
		if err != nil {
			t.Fatalf("line %q: %v", l, err)
		}
	}
	return id
}

// maildirMessages reads every message delivered into maildir.
func maildirMessages(t *testing.T, maildir string) []*mail.Reader {
	t.Helper()
	var out []*mail.Reader
	for _, sub := range []string{"new", "cur"} {
		files, _ := filepath.Glob(filepath.Join(maildir, sub, "*"))
		for _, f := range files {
			fh, err := os.Open(f)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { fh.Close() })
			r, err := mail.CreateReader(fh)
			if err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			out = append(out, r)
		}
	}
	return out
}

// TestMinutesMailOnceAcrossACrash: the minutes of a meeting in a channel
// with minutes_to arrive at a real SMTP server (aiosmtpd) exactly once, with
// the action items by person, the links and a Message-ID made from the
// meeting id, although the first sender "crashed" between the meeting's end
// (the store is the outbox) and sending (its server was down), and although
// it and a restarted sender sweep again afterwards.
func TestMinutesMailOnceAcrossACrash(t *testing.T) {
	addr, maildir := startAiosmtpd(t)
	dead := fmt.Sprintf("127.0.0.1:%d", ircdtest.FreePort(t)) // nothing listens
	conf := func(smtp string) *config.Config {
		c, err := config.Parse([]byte(`
[site]
base_url = "https://minutes.example.org/"
[[channel]]
name = "#fudcon-planning"
timezone = "Asia/Kolkata"
series = "fudcon"
minutes_to = ["FUDCon list <fudcon@lists.example.org>"]
[remind.smtp]
addr = "`+smtp+`"
from = "gavel <gavel@example.org>"
`), "")
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	dbPath := filepath.Join(t.TempDir(), "gavel.db")
	st := openStoreAt(t, dbPath)
	clock := newClock("2026-11-27T12:00:00Z")
	first := newReminder(t, conf(dead), st, newRecorder(clock), clock)
	first.MailMinutes(context.Background()) // mailing starts for the channel: nothing to send yet
	start := utc("2026-11-27T13:00:00Z")
	id := liveMeeting(t, st, "#fudcon-planning", "fudcon", start,
		"pjp: #startmeeting FUDCon planning",
		"pjp: #topic Venue",
		"pjp: #agreed The Pune campus it is",
		"pjp: #action kushal to book the hall by 2026-12-10",
		"pjp: #action satya to send the CFP",
		"pjp: #endmeeting")
	clock.Set(start.Add(10 * time.Minute))
	if n, _ := first.MailMinutes(context.Background()); n != 0 {
		t.Fatalf("mailed %d through a server that is down", n)
	}
	// "Restarted" with the server up: the store still holds the meeting unmailed.
	second := newReminder(t, conf(addr), st, newRecorder(clock), clock)
	for i := 0; i < 3; i++ {
		res := tick(t, second)
		if want := map[bool]int{true: 1, false: 0}[i == 0]; res.MinutesMailed != want {
			t.Fatalf("tick %d mailed %d, want %d", i, res.MinutesMailed, want)
		}
	}
	msgs := maildirMessages(t, maildir)
	if len(msgs) != 1 {
		t.Fatalf("%d messages at the SMTP server, want 1", len(msgs))
	}
	h := msgs[0].Header
	if got, _ := h.MessageID(); got != "minutes."+id+"@minutes.example.org" {
		t.Errorf("Message-ID %q, want one made from the meeting id %s", got, id)
	}
	if got, _ := h.Subject(); got != "Minutes of FUDCon planning, 2026-11-27" {
		t.Errorf("subject %q", got)
	}
	if to, _ := h.AddressList("To"); len(to) != 1 || to[0].Address != "fudcon@lists.example.org" {
		t.Errorf("To %v", to)
	}
	p, err := msgs[0].NextPart()
	if err != nil {
		t.Fatal(err)
	}
	raw, err := io.ReadAll(p.Body)
	if err != nil {
		t.Fatal(err)
	}
	body := string(raw)
	for _, want := range []string{
		"Action items, by person", "* kushal", "kushal to book the hall", "(due Thu 2026-12-10,", "* satya",
		"html:     https://minutes.example.org/fudcon/2026-11-27/fudcon.2026-11-27-13.00.html",
		"The Pune campus it is", // the text minutes follow
	} {
		if !strings.Contains(body, want) {
			t.Errorf("mail body lacks %q:\n%s", want, body)
		}
	}
}

// TestStartBeginsMinutesMail: mailing of a channel's minutes begins when
// Start returns (gavel run starts the bot after it), not at the catch-up
// Tick that runs later in the background: a meeting that ends before that
// Tick is not taken for the archive and left unmailed.
func TestStartBeginsMinutesMail(t *testing.T) {
	cfg, err := config.Parse([]byte(`
[[channel]]
name = "#fudcon"
series = "fudcon"
minutes_to = ["fudcon@lists.example.org"]
[remind.smtp]
addr = "`+fmt.Sprintf("127.0.0.1:%d", ircdtest.FreePort(t))+`"
`), "")
	if err != nil {
		t.Fatal(err)
	}
	st := openStore(t)
	clock := newClock("2026-11-27T12:00:00Z")
	r := newReminder(t, cfg, st, newRecorder(clock), clock)
	if err := r.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	clock.Set(utc("2026-11-27T13:00:00Z")) // a meeting ends meanwhile
	r.Stop()                               // the catch-up Tick, if it came, is over
	var at time.Time
	var ok bool
	if err := st.View(func(tx *store.Tx) error { at, ok, err = tx.MarkedAt(mailSince + "#fudcon"); return err }); err != nil {
		t.Fatal(err)
	}
	if !ok || !at.Equal(utc("2026-11-27T12:00:00Z")) {
		t.Fatalf("mail/since/#fudcon = %v (set %v), want the time of Start, 2026-11-27T12:00:00Z", at, ok)
	}
}
