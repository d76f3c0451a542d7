package main

import (
	"context"
	"flag"
	"fmt"
	"strings"
	"time"

	"github.com/gavel-irc/gavel/life"
	"github.com/gavel-irc/gavel/publisher"
)

// renameCommand is the table entry of gavel rename.
func renameCommand() command {
	return command{Name: "rename", Summary: "rename an ended meeting (its series, its title) and publish the pages that change",
		Usage:    "-c FILE --meeting ID [--series NAME] [--title TITLE] [--by NAME] [--no-publish]",
		Doc:      "Renames an ended meeting: --series as #meetingname would (refused when its channel's series is fixed by the configuration, unless allow_rename), --title as #meetingtopic would; then publishes the pages that change.",
		Required: []string{"meeting"},
		HandOff:  true,
		Flags: func(fs *flag.FlagSet) runFunc {
			o := &renameFlags{}
			fs.StringVar(&o.cfgPath, "c", "gavel.toml", "configuration `FILE`")
			fs.StringVar(&o.id, "meeting", "", "the meeting `ID`")
			fs.StringVar(&o.series, "series", "", "the new series `NAME` (a-z, 0-9, '_', '-', '.')")
			fs.StringVar(&o.title, "title", "", "the new `TITLE`")
			fs.StringVar(&o.by, "by", "", "`NAME` the log shows as who renamed it (default: $USER)")
			fs.BoolVar(&o.noPublish, "no-publish", false, "store only; do not publish the changed pages to site.dir")
			return o.run
		}}
}

// renameFlags are the flags of gavel rename.
type renameFlags struct {
	cfgPath       string
	id            string
	series, title string
	by            string
	noPublish     bool
}

// run is "gavel rename -c FILE --meeting ID [--series S] [--title T]":
// life.Keeper.Rename in one transaction, then the publisher's incremental
// publish. While gavel run holds the store, the running gavel does it
// (control socket).
func (o *renameFlags) run(ctx context.Context, e *env, c *call) error {
	if !c.Set("series") && !c.Set("title") {
		return usagef("give --series, --title or both")
	}
	args := c.Raw
	if o.by == "" && e.host == nil {
		// Who runs the command (the running gavel, if it runs it, is
		// told through the arguments).
		o.by = userName()
		args = append([]string{"--by", o.by}, args...)
	}
	cfg, err := e.loadConfig(o.cfgPath)
	if err != nil {
		return err
	}
	st, closeStore, handed, err := e.storeFor(ctx, cfg, "rename", args, nil)
	if handed || err != nil {
		return err
	}
	defer closeStore()
	r, err := e.keeper(cfg, st).Rename(ctx, o.id, life.Rename{Series: o.series, Title: o.title, By: o.by})
	if err != nil {
		return err
	}
	if !r.Changed {
		fmt.Fprintf(e.Stdout, "meeting %s: already named so; nothing changed\n", o.id)
		return nil
	}
	var said []string
	if r.Meeting.Series != r.OldSeries {
		said = append(said, fmt.Sprintf("series %s -> %s", r.OldSeries, r.Meeting.Series))
	}
	if r.Meeting.Title != r.OldTitle {
		said = append(said, fmt.Sprintf("title %q -> %q", r.OldTitle, r.Meeting.Title))
	}
	fmt.Fprintf(e.Stdout, "meeting %s renamed: %s\n", o.id, strings.Join(said, ", "))
	if o.noPublish {
		return nil
	}
	if r.Meeting.Series == r.OldSeries {
		return publishChanges(ctx, e, cfg, st, "gavel rename")
	}
	// Its pages move with the series: the publisher removes them at the
	// old path and republishes the series it left.
	p, err := e.publisher(st, publisherOptions(cfg, time.Now()))
	if err == nil {
		var stats publisher.Stats
		if stats, err = p.PublishMoved(ctx, o.id, r.OldSeries); err == nil {
			fmt.Fprintf(e.Stdout, "published into %s: %d files changed\n", cfg.Site.Dir, stats.Written)
			return nil
		}
	}
	return fmt.Errorf("gavel rename: stored, but publishing into %s failed (run gavel publish --full): %w", cfg.Site.Dir, err)
}
