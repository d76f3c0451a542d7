package main

import (
	"context"
	"flag"
	"fmt"
	"strings"
)

// summaryCommand is the table entry of gavel summary.
func summaryCommand() command {
	return command{Name: "summary", Summary: "set or replace a meeting's chair's summary (its blog post's text) and publish",
		Usage:    "-c FILE --meeting ID (--text TEXT | --file FILE) [--no-publish]",
		Doc:      "Sets (replaces) a meeting's chair's summary, which makes its minutes a blog post, and publishes the pages it changes. An empty text removes it.",
		Required: []string{"meeting"},
		HandOff:  true,
		Flags: func(fs *flag.FlagSet) runFunc {
			o := &summaryFlags{}
			fs.StringVar(&o.cfgPath, "c", "gavel.toml", "configuration `FILE`")
			fs.StringVar(&o.id, "meeting", "", "the meeting `ID`")
			fs.StringVar(&o.text, "text", "", "the summary `TEXT` (Markdown)")
			fs.StringVar(&o.file, "file", "", "read the summary (Markdown) from `FILE`")
			fs.BoolVar(&o.noPublish, "no-publish", false, "store only; do not publish the changed pages to site.dir")
			return o.run
		}}
}

// summaryFlags are the flags of gavel summary.
type summaryFlags struct {
	cfgPath   string
	id        string
	text      string
	file      string
	noPublish bool
}

// run is "gavel summary -c FILE --meeting ID (--text T | --file F)":
// it sets or replaces a meeting's chair's summary (the text of its blog
// post, Markdown) after the meeting, through life.Keeper.SetSummary, and
// publishes what changed. While gavel run holds the store, the running
// gavel does it (control socket).
func (o *summaryFlags) run(ctx context.Context, e *env, c *call) error {
	if c.Set("text") == c.Set("file") {
		return usagef("give one of --text and --file")
	}
	cfg, err := e.loadConfig(o.cfgPath)
	if err != nil {
		return err
	}
	summary := o.text
	var files []string
	if o.file != "" {
		files = []string{o.file}
		if summary, err = e.readLimited(o.file, notesLimit(cfg.Limits)); err != nil {
			return err
		}
	}
	st, closeStore, handed, err := e.storeFor(ctx, cfg, "summary", c.Raw, files)
	if handed || err != nil {
		return err
	}
	defer closeStore()
	changed, err := e.keeper(cfg, st).SetSummary(ctx, o.id, summary)
	if err != nil {
		return err
	}
	if !changed {
		fmt.Fprintf(e.Stdout, "meeting %s: the summary is already that text; nothing changed\n", o.id)
		return nil
	}
	if strings.TrimSpace(summary) == "" {
		fmt.Fprintf(e.Stdout, "meeting %s: summary removed\n", o.id)
	} else {
		fmt.Fprintf(e.Stdout, "meeting %s: summary set (%d bytes)\n", o.id, len(strings.TrimSpace(summary)))
	}
	if o.noPublish {
		return nil
	}
	return publishChanges(ctx, e, cfg, st, "gavel summary")
}
