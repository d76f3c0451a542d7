package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"
)

// runSummary is "gavel summary -c FILE --meeting ID (--text T | --file F)":
// it sets or replaces a meeting's chair's summary (the text of its blog
// post, Markdown) after the meeting, through life.Keeper.SetSummary, and
// publishes what changed. While gavel run holds the store, the running
// gavel does it (control socket).
func runSummary(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("summary", flag.ContinueOnError)
	fs.SetOutput(e.Stderr)
	cfgPath := fs.String("c", "gavel.toml", "configuration `FILE`")
	id := fs.String("meeting", "", "the meeting `ID`")
	text := fs.String("text", "", "the summary `TEXT` (Markdown)")
	file := fs.String("file", "", "read the summary (Markdown) from `FILE`")
	noPublish := fs.Bool("no-publish", false, "store only; do not publish the changed pages to site.dir")
	fs.Usage = func() {
		fmt.Fprintln(e.Stderr, "usage: gavel summary -c gavel.toml --meeting ID (--text TEXT | --file FILE) [--no-publish]")
		fmt.Fprintln(e.Stderr, "Sets (replaces) a meeting's chair's summary, which makes its minutes a blog post, and publishes the pages it changes. An empty text removes it.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return fmt.Errorf("%v: %w", err, errUsage)
	}
	if fs.NArg() != 0 {
		fs.Usage()
		return fmt.Errorf("unexpected arguments %q: %w", fs.Args(), errUsage)
	}
	if *id == "" {
		return fmt.Errorf("--meeting is required: %w", errUsage)
	}
	set := 0
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "text" || f.Name == "file" {
			set++
		}
	})
	if set != 1 {
		return fmt.Errorf("give one of --text and --file: %w", errUsage)
	}
	cfg, err := e.loadConfig(*cfgPath)
	if err != nil {
		return err
	}
	summary := *text
	var files []string
	if *file != "" {
		files = []string{*file}
		if summary, err = e.readLimited(*file, notesLimit(cfg.Limits)); err != nil {
			return err
		}
	}
	st, closeStore, handed, err := e.storeFor(ctx, cfg, "summary", args, files)
	if handed || err != nil {
		return err
	}
	defer closeStore()
	changed, err := e.keeper(cfg, st).SetSummary(ctx, *id, summary)
	if err != nil {
		return err
	}
	if !changed {
		fmt.Fprintf(e.Stdout, "meeting %s: the summary is already that text; nothing changed\n", *id)
		return nil
	}
	if strings.TrimSpace(summary) == "" {
		fmt.Fprintf(e.Stdout, "meeting %s: summary removed\n", *id)
	} else {
		fmt.Fprintf(e.Stdout, "meeting %s: summary set (%d bytes)\n", *id, len(strings.TrimSpace(summary)))
	}
	if *noPublish {
		return nil
	}
	return publishChanges(ctx, e, cfg, st, "gavel summary")
}
