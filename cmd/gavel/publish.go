package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/gavel-irc/gavel/config"
	"github.com/gavel-irc/gavel/publisher"
	"github.com/gavel-irc/gavel/store"
)

// publisherOptions are the publisher's options from the configuration,
// with now as the reference date.
func publisherOptions(cfg *config.Config, now time.Time) publisher.Options {
	s := cfg.Site
	return publisher.Options{Dir: s.Dir, BaseURL: s.BaseURL, Title: s.Title, Author: s.Author, Templates: s.Templates,
		Posts: s.Posts, FilePattern: s.FilePattern, TagAuthority: s.TagAuthority, FeedMinItems: s.FeedMinItems, Now: now,
		Schedules: publisherSchedules(cfg), Channels: cfg.AllChannels()}
}

// publisherSchedules are cfg's [[schedule]] tables as the site shows them.
func publisherSchedules(cfg *config.Config) []publisher.Schedule {
	out := make([]publisher.Schedule, 0, len(cfg.Schedule))
	for _, s := range cfg.Schedule {
		out = append(out, publisher.Schedule{Channel: s.Channel, Series: cfg.ScheduleSeries(s), Title: s.Name(),
			Agenda: s.Agenda, Rule: s.Spec, Duration: s.Duration.Duration})
	}
	return out
}

// publishChanges publishes to site.dir what a command changed in st (the
// publisher's incremental Publish: new or changed meetings, the action
// pages and feeds), for `gavel import` and `gavel notes`. cmd names the
// command in messages.
func publishChanges(ctx context.Context, e *env, cfg *config.Config, st *store.Store, cmd string) error {
	p, err := e.publisher(st, publisherOptions(cfg, time.Now()))
	if err == nil {
		var stats publisher.Stats
		if stats, err = p.Publish(ctx); err == nil {
			fmt.Fprintf(e.Stdout, "published into %s: %d files changed\n", cfg.Site.Dir, stats.Written)
			return nil
		}
	}
	return fmt.Errorf("%s: stored, but publishing into %s failed (run gavel publish): %w", cmd, cfg.Site.Dir, err)
}

// isTerminal reports whether w is a terminal (for the progress bar).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// publishCommand is the table entry of gavel publish.
func publishCommand() command {
	return command{Name: "publish", Summary: "write the static site: minutes, series, action items, posts, feeds, search (--full to rebuild all)",
		Usage:   "-c FILE [--full] [--meeting ID] [--now DATE]",
		Doc:     "Writes the static site (minutes, series, action items, posts, feeds, search) into site.dir.",
		HandOff: true,
		Flags: func(fs *flag.FlagSet) runFunc {
			o := &publishFlags{}
			fs.StringVar(&o.cfgPath, "c", "gavel.toml", "configuration `FILE`")
			fs.BoolVar(&o.full, "full", false, "rebuild the whole site, not only what changed")
			fs.StringVar(&o.one, "meeting", "", "publish only the meeting with this `ID` (and the pages it affects)")
			fs.StringVar(&o.at, "now", "", "reference date for overdue items, RFC 3339 or YYYY-MM-DD (default: now)")
			return o.run
		}}
}

// publishFlags are the flags of gavel publish.
type publishFlags struct {
	cfgPath string
	full    bool
	one     string
	at      string
}

// run runs gavel publish.
func (o *publishFlags) run(ctx context.Context, e *env, c *call) error {
	now := time.Now()
	if o.at != "" {
		var err error
		if now, err = time.Parse(time.RFC3339, o.at); err != nil {
			if now, err = time.Parse("2006-01-02", o.at); err != nil {
				return usagef("--now %q: want RFC 3339 or YYYY-MM-DD", o.at)
			}
		}
	}
	cfg, err := e.loadConfig(o.cfgPath)
	if err != nil {
		return err
	}
	if e.host != nil && o.at != "" {
		return usagef("--now: the running gavel publishes with today's date; stop it to publish with --now %s", o.at)
	}
	st, closeStore, handed, err := e.storeFor(ctx, cfg, "publish", c.Raw, nil)
	if handed || err != nil {
		return err
	}
	defer closeStore()
	opt := publisherOptions(cfg, now)
	if isTerminal(e.Stdout) {
		opt.Progress = e.Stdout
	}
	p, err := e.publisher(st, opt)
	if err != nil {
		return err
	}
	start := time.Now()
	var stats publisher.Stats
	switch {
	case o.one != "":
		stats, err = p.PublishMeeting(ctx, o.one)
	case o.full:
		stats, err = p.Build(ctx)
	default:
		stats, err = p.Publish(ctx)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(e.Stdout, "published %d meetings into %s: %d files, %d changed, in %s\n",
		stats.Meetings, cfg.Site.Dir, stats.Files, stats.Written, time.Since(start).Round(time.Millisecond))
	return nil
}

// ensureHome builds the site into site.dir when it has no home page yet,
// so that the site answers "/" before the first meeting has ended (the
// home page then says where to start one). A site already built is left
// alone.
func ensureHome(ctx context.Context, cfg *config.Config, pub *publisher.Publisher) error {
	if _, err := os.Stat(filepath.Join(cfg.Site.Dir, "index.html")); err == nil {
		return nil
	}
	if _, err := pub.Publish(ctx); err != nil {
		return fmt.Errorf("building the site in %s: %w", cfg.Site.Dir, err)
	}
	return nil
}
