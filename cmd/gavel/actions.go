package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/gavel-irc/gavel/config"
	"github.com/gavel-irc/gavel/ical"
	"github.com/gavel-irc/gavel/internal/atomicfile"
	"github.com/gavel-irc/gavel/people"
	"github.com/gavel-irc/gavel/store"
	"github.com/gavel-irc/gavel/tracker"
)

// actionJSON is one item of "gavel actions --json". The field names are
// part of gavel's interface: add, never rename.
type actionJSON struct {
	ID        string   `json:"id"`
	Text      string   `json:"text"`
	Owners    []string `json:"owners"`
	Due       string   `json:"due"`
	DueText   string   `json:"due_text"`
	DueUnread bool     `json:"due_unread"`
	Status    string   `json:"status"`
	Series    string   `json:"series"`
	Topic     string   `json:"topic"`
	Meetings  []string `json:"meetings"`
	Created   string   `json:"created"`
	Updated   string   `json:"updated"`
}

// actionsCommand is the table entry of gavel actions.
func actionsCommand() command {
	return command{Name: "actions", Summary: "list the tracked action items (--json, --ics FILE for a calendar feed)",
		Usage: "-c FILE [--owner NAME] [--series NAME] [--open] [--overdue] [--json] [--ics FILE] [--ics-dir DIR]",
		Doc:   "Lists the tracked action items of every meeting.",
		Flags: func(fs *flag.FlagSet) runFunc {
			o := &actionsFlags{}
			fs.StringVar(&o.cfgPath, "c", "gavel.toml", "configuration `FILE` (its [store] is read)")
			fs.StringVar(&o.owner, "owner", "", "only items of `NAME` (a name, alias or nick of the people directory)")
			fs.StringVar(&o.series, "series", "", "only items of series `NAME`")
			fs.BoolVar(&o.open, "open", false, "only open items")
			fs.BoolVar(&o.overdue, "overdue", false, "only open items whose due date has passed")
			fs.StringVar(&o.today, "today", "", "the date `YYYY-MM-DD` --overdue compares with (default: today in meeting.timezone)")
			fs.BoolVar(&o.asJSON, "json", false, "print a JSON list")
			fs.StringVar(&o.icsPath, "ics", "", "also write the iCalendar feed of the selected open deadlines to `FILE`")
			fs.StringVar(&o.icsDir, "ics-dir", "", "also write actions.ics and one feed per owner (actions/NAME.ics) into `DIR`")
			return o.run
		}}
}

// actionsFlags are the flags of gavel actions.
type actionsFlags struct {
	cfgPath string
	owner   string
	series  string
	open    bool
	overdue bool
	today   string
	asJSON  bool
	icsPath string
	icsDir  string
}

// run runs gavel actions.
func (o *actionsFlags) run(ctx context.Context, e *env, c *call) error {
	cfg, err := config.Load(o.cfgPath)
	if err != nil {
		return err
	}
	day := o.today
	if day == "" {
		loc, err := time.LoadLocation(cfg.Meeting.TimeZone)
		if err != nil {
			loc = time.UTC
		}
		day = time.Now().In(loc).Format("2006-01-02")
	} else if _, err := time.Parse("2006-01-02", day); err != nil {
		return usagef("--today %q is not YYYY-MM-DD", day)
	}
	// A read-only view: while gavel run holds the store, a consistent copy
	// comes from it through the backup socket.
	st, err := store.OpenReadOnly(ctx, cfg.Store.Path, store.Options{LockTimeout: cfg.Store.LockTimeout.Duration})
	if err != nil {
		return err
	}
	defer st.Close()
	f := store.ActionFilter{Series: o.series}
	if o.open || o.overdue {
		f.Status = store.StatusOpen
	}
	if o.overdue {
		f.DueBefore = day
	}
	items, err := st.Actions(f)
	if err != nil {
		return fmt.Errorf("listing action items in %s: %w", cfg.Store.Path, err)
	}
	if o.owner != "" {
		items = tracker.OwnedBy(items, o.owner, people.FromConfig(cfg))
	}
	tracker.SortByDue(items)
	if err := ctx.Err(); err != nil {
		return err
	}
	if o.icsPath != "" {
		if err := writeICSFile(o.icsPath, items, cfg); err != nil {
			return err
		}
	}
	if o.icsDir != "" {
		files, err := ical.WriteFeeds(o.icsDir, items, icsOptions(cfg))
		if err != nil {
			return err
		}
		fmt.Fprintf(e.Stderr, "gavel actions: wrote %d calendar feeds into %s\n", len(files), o.icsDir)
	}
	if o.asJSON {
		out := make([]actionJSON, 0, len(items))
		for _, a := range items {
			out = append(out, toJSON(a))
		}
		enc := json.NewEncoder(e.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	tw := tabwriter.NewWriter(e.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSTATUS\tDUE\tOWNERS\tTEXT")
	for _, a := range items {
		due := a.Due
		if a.DueUnread {
			due = "? " + a.DueText
		}
		if due == "" {
			due = "-"
		}
		owners := strings.Join(a.Owners, ", ")
		if owners == "" {
			owners = "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", a.ID, a.Status, due, owners, oneLine(a.Text, 80))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(e.Stdout, "%d items\n", len(items))
	return nil
}

func toJSON(a store.ActionRecord) actionJSON {
	j := actionJSON{ID: a.ID, Text: a.Text, Owners: a.Owners, Due: a.Due, DueText: a.DueText, DueUnread: a.DueUnread,
		Status: a.Status, Series: a.Series, Topic: a.Topic, Meetings: a.Meetings}
	if j.Owners == nil {
		j.Owners = []string{}
	}
	if j.Meetings == nil {
		j.Meetings = []string{}
	}
	if j.Status == "" {
		j.Status = store.StatusOpen
	}
	if !a.Created.IsZero() {
		j.Created = a.Created.UTC().Format(time.RFC3339)
	}
	if !a.Updated.IsZero() {
		j.Updated = a.Updated.UTC().Format(time.RFC3339)
	}
	return j
}

func oneLine(s string, max int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > max {
		return string(r[:max-1]) + "…"
	}
	return s
}

// icsOptions are the feeds' options: UIDs' host from site.base_url.
func icsOptions(cfg *config.Config) ical.Options {
	return ical.Options{Host: ical.HostFromURL(cfg.Site.BaseURL), Name: cfg.Site.Title + " — action items"}
}

// writeICSFile writes the feed of items to path: atomically and durably
// (atomicfile) for a file, straight to a device or pipe such as
// /dev/stdout.
func writeICSFile(path string, items []store.ActionRecord, cfg *config.Config) error {
	write := func(w io.Writer) error { return ical.WriteICS(w, items, icsOptions(cfg)) }
	if st, err := os.Stat(path); err == nil && !st.Mode().IsRegular() {
		f, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err != nil {
			return err
		}
		if err := write(f); err != nil {
			f.Close()
			return fmt.Errorf("%s: %w", path, err)
		}
		return f.Close()
	}
	if err := atomicfile.WriteWith(path, 0o644, write, nil); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}
