package bot

import (
	"regexp"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/internal/ircdtest"
)

// nextOddWednesday is, from the definition, the first Wednesday 18:30 in
// Asia/Kolkata of an odd ISO week strictly after now.
func nextOddWednesday(t *testing.T, now time.Time) time.Time {
	loc, err := time.LoadLocation("Asia/Kolkata")
	if err != nil {
		t.Fatal(err)
	}
	n := now.In(loc)
	for d := time.Date(n.Year(), n.Month(), n.Day(), 18, 30, 0, 0, loc); ; d = d.AddDate(0, 0, 1) {
		if _, w := d.ISOWeek(); d.Weekday() == time.Wednesday && w%2 == 1 && d.After(now) {
			return d
		}
	}
}

// TestNextMeeting: #nextmeeting on a real ngIRCd, between meetings and in
// one, answers with the next occurrence of the channel's [[schedule]] (odd
// weeks) in UTC and the channel's zone, the agenda and the calendar; a
// channel without a schedule gets a plain answer.
func TestNextMeeting(t *testing.T) {
	srv := ircdtest.Start(t)
	cfg := testConfig(t, srv.Addr, "", `
[[channel]]
name = "#other"

[[channel]]
name = "#meet"
series = "fudcon"
timezone = "Asia/Kolkata"

[[schedule]]
channel = "#meet"
cron = "30 18 * * WED"
weeks = "odd"
title = "FUDCon planning"
`)
	startBot(t, cfg, nil)
	alice := joinAfterBot(t, srv, "alice", "#meet")
	alice.Join("#other")
	check := func() {
		t.Helper()
		before := time.Now()
		alice.Privmsg("#meet", "#nextmeeting")
		line := waitBot(alice, "#meet", `Next meeting: `)
		want := nextOddWednesday(t, before)
		when := want.UTC().Format("Mon 2006-01-02 15:04 MST") + " (" + want.Format("15:04 MST") + ")"
		re := regexp.MustCompile(`Next meeting: FUDCon planning, ` + regexp.QuoteMeta(when) + `, in \d+ (days|hours|minutes)\. Agenda: http://minutes\.test/series/fudcon/ Calendar: http://minutes\.test/series/fudcon/meetings\.ics`)
		if !re.MatchString(line) {
			t.Errorf("#nextmeeting answered %q, want the meeting of %s", line, when)
		}
	}
	check()
	alice.Privmsg("#meet", "#startmeeting planning")
	waitBot(alice, "#meet", `Meeting started`)
	check()
	alice.Privmsg("#meet", "#endmeeting")
	waitBot(alice, "#meet", `Meeting ended`)
	alice.Privmsg("#other", "#nextmeeting")
	waitBot(alice, "#other", `No meeting is scheduled in #other\.`)
}
