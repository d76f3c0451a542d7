package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/gavel-irc/gavel/config"
	"github.com/gavel-irc/gavel/life"
	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/notes"
	"github.com/gavel-irc/gavel/people"
	"github.com/gavel-irc/gavel/remind"
	"github.com/gavel-irc/gavel/store"
)

// notesCommand is the table entry of gavel notes.
func notesCommand() command {
	return command{Name: "notes", Summary: "store face-to-face meeting notes (a bullet outline) as a meeting and track its actions",
		Usage:    "-c FILE --series NAME --date YYYY-MM-DD [--time HH:MM] [--tz ZONE] [--title T] [--attendees a,b] [--merge ID] [--summary FILE] [--dry-run] [--no-publish] FILE",
		Doc:      "Stores face-to-face meeting notes (a bullet outline) as a meeting, in one transaction, tracks its action items and publishes what changed to site.dir.",
		Args:     nargs{Min: 1, Max: 1, Name: "notes file"},
		Required: []string{"date"},
		HandOff:  true,
		Flags: func(fs *flag.FlagSet) runFunc {
			o := &notesFlags{}
			fs.StringVar(&o.cfgPath, "c", "gavel.toml", "configuration `FILE` (its [store] is written to)")
			fs.StringVar(&o.series, "series", "", "meeting series `NAME` (the IRC meetings' series, so items link)")
			fs.StringVar(&o.date, "date", "", "meeting date `YYYY-MM-DD` (deadlines are read against it)")
			fs.StringVar(&o.at, "time", "00:00", "meeting start time `HH:MM` (default: the series' [[schedule]] meeting of that day, else none: a date-only meeting, its minutes without clock times)")
			fs.StringVar(&o.tz, "tz", "", "time `ZONE` of --date and --time (default: the series' channel zone, else meeting.timezone)")
			fs.StringVar(&o.title, "title", "", "meeting `TITLE` (default: the notes' heading or first line)")
			fs.StringVar(&o.attendees, "attendees", "", "comma-separated `NAMES` present (default: a Present: line in the notes)")
			fs.StringVar(&o.merge, "merge", "", "fold the notes into the IRC meeting `ID` (ended or not) instead of a new meeting")
			fs.StringVar(&o.chair, "chair", notes.DefaultChair, "`NICK` that says the meeting's events")
			fs.BoolVar(&o.dry, "dry-run", false, "print what would be recorded; store nothing")
			fs.BoolVar(&o.noPublish, "no-publish", false, "store only; do not publish the changed pages to site.dir")
			fs.StringVar(&o.summaryFile, "summary", "", "set the meeting's chair's summary (Markdown, its blog post's text) from `FILE`")
			return o.run
		}}
}

// notesFlags are the flags of gavel notes.
type notesFlags struct {
	cfgPath     string
	series      string
	date        string
	at          string
	tz          string
	title       string
	attendees   string
	merge       string
	chair       string
	dry         bool
	noPublish   bool
	summaryFile string
}

// run runs gavel notes.
func (o *notesFlags) run(ctx context.Context, e *env, c *call) error {
	if o.series == "" && o.merge == "" {
		return usagef("--series is required (or --merge ID)")
	}
	path := c.Args[0]
	cfg, err := e.loadConfig(o.cfgPath)
	if err != nil {
		return err
	}
	// The zone of --date: --tz, else the series' (config.SeriesLocation).
	loc := cfg.SeriesLocation(meeting.SanitizeName(o.series))
	if o.tz != "" {
		if loc, err = time.LoadLocation(o.tz); err != nil {
			return usagef("--tz %q: unknown time zone", o.tz)
		}
	}
	when, err := time.ParseInLocation("2006-01-02 15:04", o.date+" "+o.at, loc)
	if err != nil {
		return usagef("--date %q --time %q: want YYYY-MM-DD and HH:MM", o.date, o.at)
	}
	dateOnly := false
	if !c.Set("time") {
		// Without --time: the series' [[schedule]] meeting of that day,
		// else the meeting has a date and no time of day.
		if t, ok := cfg.ScheduledOn(o.series, when); ok {
			when = t
		} else {
			dateOnly = true
		}
	}
	maxBytes := int64(cfg.Limits.NotesBytes) // [limits] max_notes_bytes
	if maxBytes <= 0 {
		maxBytes = notes.DefaultMaxBytes
	}
	lim := fileLimit{key: "max_notes_bytes", bytes: maxBytes}
	text, err := e.readLimited(path, lim)
	if err != nil {
		return fmt.Errorf("%w (nothing stored)", err)
	}
	ownGC := e.host == nil && len(text) <= shortRunGCMaxNotes
	if ownGC {
		// Its own process (not a command handed to gavel run), and notes
		// of the usual size.
		defer shortRunGC()()
		notesHugeHeap(len(text))
	}
	content := []byte(text)
	summary := ""
	if o.summaryFile != "" {
		if summary, err = e.readLimited(o.summaryFile, lim); err != nil {
			return err
		}
	}
	dir := people.FromConfig(cfg)
	opt := notes.Options{Date: when, People: dir, Title: o.title, MaxBytes: maxBytes, DateOnly: dateOnly}
	if o.attendees != "" {
		for _, a := range strings.Split(o.attendees, ",") {
			if a = strings.TrimSpace(a); a != "" {
				opt.Attendees = append(opt.Attendees, a)
			}
		}
	}
	var early *earlyStore
	if !o.dry {
		// The store opens beside the parse (a new file's creation and
		// its fdatasyncs on the other core).
		early = e.openEarly(ctx, cfg)
	}
	n, err := notes.ParseContext(ctx, bytes.NewReader(content), path, opt)
	if err != nil {
		if early != nil {
			early.drop()
		}
		return fmt.Errorf("%w (nothing stored)", err)
	}
	if ownGC {
		afterParseGC()
	}
	if o.dry {
		fmt.Fprint(e.Stdout, n.Summary())
		if o.merge == "" {
			c := meeting.NewChannel("f2f", meeting.Options{Location: loc, Series: meeting.SanitizeName(o.series), Source: "f2f", DateOnly: dateOnly})
			evs, m, err := n.Feed(c, notes.EventOptions{Chair: o.chair, People: dir})
			if err != nil {
				return err
			}
			fmt.Fprintf(e.Stdout, "dry run: would store meeting %s (%d events) and track %d action items; nothing stored\n", m.ID, len(evs), len(m.Actions()))
		} else {
			fmt.Fprintf(e.Stdout, "dry run: would merge into meeting %s; nothing stored\n", o.merge)
		}
		return nil
	}
	sent := []string{path}
	if o.summaryFile != "" {
		sent = append(sent, o.summaryFile)
	}
	st, closeStore, handed, err := e.storeFrom(ctx, cfg, "notes", c.Raw, sent, early)
	if handed || err != nil {
		return err
	}
	defer closeStore()
	for _, w := range n.Warnings {
		fmt.Fprintf(e.Stderr, "gavel notes: warning: %s:%d: %s\n", path, w.Line, w.Msg)
	}
	s := o.series
	if s == "" {
		rec, err := st.Meeting(o.merge)
		if err != nil {
			return err
		}
		s = rec.Series
	}
	imp, err := e.keeper(cfg, st).ImportNotes(ctx, n, life.NotesOptions{
		Series: s, Chair: o.chair, Merge: o.merge,
		Key: "notes:" + importKey(content, 0),
	})
	if errors.Is(err, store.ErrExists) {
		return fmt.Errorf("%s: %w (nothing stored)", path, err)
	}
	if err != nil {
		return fmt.Errorf("importing %s into %s: %w (nothing stored)", path, cfg.Store.Path, err)
	}
	verb := "imported"
	if o.merge != "" {
		verb = "merged into"
	}
	// One write for the list, not one per line (a 5,000-line file lists
	// about 800 changes; handed off, each write is a frame on the socket).
	out := bufio.NewWriterSize(e.Stdout, 64<<10)
	fmt.Fprintf(out, "%s meeting %s: %d topics, %d action items, %d events from %s\n",
		verb, imp.Meeting.ID, len(n.Topics), len(n.Actions()), len(imp.Events), path)
	for _, c := range imp.Changes {
		fmt.Fprintf(out, "  %s\n", c)
	}
	out.Flush() // as before, a failing stdout does not undo what is stored
	if o.summaryFile != "" {
		changed, err := e.keeper(cfg, st).SetSummary(ctx, imp.Meeting.ID, summary)
		if err != nil {
			return fmt.Errorf("%w (the notes are stored; set the summary with gavel summary)", err)
		}
		if changed {
			fmt.Fprintf(e.Stdout, "  summary set from %s\n", o.summaryFile)
		}
	}
	if !o.noPublish {
		if err := publishChanges(ctx, e, cfg, st, "gavel notes"); err != nil {
			return err
		}
	}
	if e.host != nil && e.host.mailSoon != nil {
		// Inside gavel run: the minutes mail of the series goes now,
		// not at the next sweep.
		e.host.mailSoon()
	} else if !o.noPublish {
		mailMinutesNow(ctx, e, cfg, st, "gavel notes")
	}
	return nil
}

// mailMinutesNow sends, without gavel run, the minutes mail of the meetings
// that are due one (remind.Reminder.MailMinutes: the store is the outbox,
// so what is mailed here is not mailed again by gavel run). A failure is
// a warning: what was stored stays, and gavel run mails it at its start's
// catch-up or next sweep.
func mailMinutesNow(ctx context.Context, e *env, cfg *config.Config, st *store.Store, who string) {
	// MailMinutes decides what is due (nothing without minutes_to); a
	// meeting whose mail failed is logged here and retried by gavel run.
	log := slog.New(slog.NewTextHandler(e.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	r, err := remind.New(remind.Options{Config: cfg, Store: st, Logger: log})
	if err == nil {
		var n int
		n, err = r.MailMinutes(ctx)
		if n > 0 {
			fmt.Fprintf(e.Stdout, "minutes mailed for %d meeting(s)\n", n)
		}
	}
	if err != nil {
		fmt.Fprintf(e.Stderr, "%s: warning: minutes mail not sent now (%v); gavel run sends it at its next sweep\n", who, err)
	}
}
