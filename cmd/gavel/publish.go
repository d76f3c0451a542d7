package main

import (
	"context"
	"errors"
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

func runPublish(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("publish", flag.ContinueOnError)
	fs.SetOutput(e.Stderr)
	cfgPath := fs.String("c", "gavel.toml", "configuration `FILE`")
	full := fs.Bool("full", false, "rebuild the whole site, not only what changed")
	one := fs.String("meeting", "", "publish only the meeting with this `ID` (and the pages it affects)")
	at := fs.String("now", "", "reference date for overdue items, RFC 3339 or YYYY-MM-DD (default: now)")
	fs.Usage = func() {
		fmt.Fprintln(e.Stderr, "usage: gavel publish -c gavel.toml [--full] [--meeting ID] [--now DATE]")
		fmt.Fprintln(e.Stderr, "Writes the static site (minutes, series, action items, posts, feeds, search) into site.dir.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return fmt.Errorf("%v: %w", err, errUsage)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q: %w", fs.Args(), errUsage)
	}
	now := time.Now()
	if *at != "" {
		var err error
		if now, err = time.Parse(time.RFC3339, *at); err != nil {
			if now, err = time.Parse("2006-01-02", *at); err != nil {
				return fmt.Errorf("--now %q: want RFC 3339 or YYYY-MM-DD: %w", *at, errUsage)
			}
		}
	}
	cfg, err := e.loadConfig(*cfgPath)
	if err != nil {
		return err
	}
	if e.host != nil && *at != "" {
		return fmt.Errorf("--now: the running gavel publishes with today's date; stop it to publish with --now %s: %w", *at, errUsage)
	}
	st, closeStore, handed, err := e.storeFor(ctx, cfg, "publish", args, nil)
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
	case *one != "":
		stats, err = p.PublishMeeting(ctx, *one)
	case *full:
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
