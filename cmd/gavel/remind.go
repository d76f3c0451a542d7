package main

import (
	"context"
	"flag"
	"fmt"
	"strings"
	"time"

	"github.com/gavel-irc/gavel/remind"
	"github.com/gavel-irc/gavel/store"
)

// remindCommand is the table entry of gavel remind.
func remindCommand() command {
	return command{Name: "remind", Summary: "print the reminders and announcements due at a time (--dry-run marks nothing)",
		Usage:    "-c FILE --at TIME [--dry-run]",
		Doc:      "Prints the reminders and announcements due at TIME; without --dry-run marks them as sent.",
		Required: []string{"at"},
		HandOff:  true,
		Flags: func(fs *flag.FlagSet) runFunc {
			o := &remindFlags{}
			fs.StringVar(&o.cfgPath, "c", "gavel.toml", "configuration `FILE`")
			fs.StringVar(&o.at, "at", "", "the instant to compute for: RFC 3339 (2026-08-09T09:00:00+05:30) or \"YYYY-MM-DD HH:MM\" in UTC (required)")
			fs.BoolVar(&o.dry, "dry-run", false, "print only; mark nothing")
			return o.run
		}}
}

// remindFlags are the flags of gavel remind.
type remindFlags struct {
	cfgPath string
	at      string
	dry     bool
}

// run is "gavel remind -c FILE --at TIME [--dry-run]": it prints the
// reminders, announcements and digests due at TIME, as the sweep of a
// running gavel would compute them. Without --dry-run it then marks them as
// sent (nothing is delivered), so that a running gavel will not send them;
// with --dry-run the store is opened read-only and nothing changes.
func (o *remindFlags) run(ctx context.Context, e *env, c *call) error {
	now, err := parseAt(o.at)
	if err != nil {
		return usageError{err.Error()}
	}
	cfg, err := e.loadConfig(o.cfgPath)
	if err != nil {
		return err
	}
	var st *store.Store
	if o.dry && e.host == nil {
		// Marks nothing: a read-only view, which works while gavel run holds
		// the store (a copy through its backup socket).
		st, err = store.OpenReadOnly(ctx, cfg.Store.Path, store.Options{LockTimeout: cfg.Store.LockTimeout.Duration})
		if err != nil {
			return err
		}
		defer st.Close()
	} else {
		// Marks: the store itself, or the running gavel that holds it.
		var closeStore func()
		var handed bool
		st, closeStore, handed, err = e.storeFor(ctx, cfg, "remind", c.Raw, nil)
		if handed || err != nil {
			return err
		}
		defer closeStore()
	}
	r, err := remind.New(remind.Options{Config: cfg, Store: st, Clock: remind.ClockFunc(func() time.Time { return now })})
	if err != nil {
		return err
	}
	var pings []remind.Ping
	if cfg.Remind.Enabled == nil || *cfg.Remind.Enabled {
		if pings, err = r.Due(now); err != nil {
			return err
		}
	}
	anns, err := r.DueAnnouncements(now)
	if err != nil {
		return err
	}
	for _, p := range pings {
		to := p.Person.Name
		if len(p.Person.Nicks) > 0 && !strings.EqualFold(p.Person.Nicks[0], p.Person.Name) {
			to = p.Person.Nicks[0] + " (" + p.Person.Name + ")"
		}
		local := now.In(p.Person.Location).Format("2006-01-02 15:04 MST")
		fmt.Fprintf(e.Stdout, "ping %s, %s:\n", to, local)
		for _, l := range p.Lines(now) {
			fmt.Fprintf(e.Stdout, "  %s\n", l)
		}
	}
	for _, a := range anns {
		fmt.Fprintf(e.Stdout, "say in %s, for %s:\n", a.Channel, a.Occurrence.UTC().Format("2006-01-02 15:04 MST"))
		for _, l := range a.Lines {
			fmt.Fprintf(e.Stdout, "  %s\n", l)
		}
	}
	summary := fmt.Sprintf("%d reminder(s), %d channel message(s) due at %s", len(pings), len(anns), now.UTC().Format(time.RFC3339))
	if o.dry {
		fmt.Fprintln(e.Stdout, summary+"; dry run, nothing marked")
		return nil
	}
	n, err := r.MarkSent(pings, now)
	if err != nil {
		return err
	}
	m, err := r.MarkAnnounced(anns, now)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.Stdout, "%s; marked %d as sent (not delivered)\n", summary, n+m)
	return nil
}

// parseAt reads --at: RFC 3339, or "YYYY-MM-DD HH:MM" (also with a T) in UTC.
func parseAt(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	t, err := time.Parse(time.RFC3339, s)
	for _, layout := range []string{"2006-01-02 15:04", "2006-01-02T15:04", "2006-01-02 15:04:05"} {
		if err == nil {
			break
		}
		t, err = time.ParseInLocation(layout, s, time.UTC)
	}
	if err != nil {
		return time.Time{}, fmt.Errorf("--at %q: want RFC 3339 (2026-08-09T09:00:00+05:30) or \"YYYY-MM-DD HH:MM\" in UTC", s)
	}
	if y := t.UTC().Year(); y < 1970 || y > 9999 {
		return time.Time{}, fmt.Errorf("--at %q: year %d is out of range 1970..9999", s, y)
	}
	return t, nil
}
