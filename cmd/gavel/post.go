package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/gavel-irc/gavel/publisher"
	"github.com/gavel-irc/gavel/store"
)

// runPost is "gavel post new -c FILE --meeting ID [--title T]": it writes
// the Markdown draft of a blog post about a meeting into site.posts
// (publisher.DraftPost), for the chair to edit. The draft (draft: true) is
// built only by gavel serve --drafts until the line is removed.
func runPost(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] != "new" {
		fmt.Fprintln(e.Stderr, "usage: gavel post new -c gavel.toml --meeting ID [--title T] [--force]")
		return fmt.Errorf("want the subcommand new: %w", errUsage)
	}
	fs := flag.NewFlagSet("post new", flag.ContinueOnError)
	fs.SetOutput(e.Stderr)
	cfgPath := fs.String("c", "gavel.toml", "configuration `FILE`")
	id := fs.String("meeting", "", "the meeting `ID` the post is about")
	title := fs.String("title", "", "the post's `TITLE` (default: \"Minutes of the X meeting, DATE\")")
	force := fs.Bool("force", false, "overwrite a draft of the same name")
	fs.Usage = func() {
		fmt.Fprintln(e.Stderr, "usage: gavel post new -c gavel.toml --meeting ID [--title T] [--force]")
		fmt.Fprintln(e.Stderr, "Writes a Markdown draft (draft: true) about the meeting into site.posts: its summary, decisions, action items by person and links to the minutes.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return fmt.Errorf("%v: %w", err, errUsage)
	}
	if fs.NArg() != 0 || *id == "" {
		fs.Usage()
		return fmt.Errorf("--meeting is required, and nothing else: %w", errUsage)
	}
	cfg, err := e.loadConfig(*cfgPath)
	if err != nil {
		return err
	}
	if cfg.Site.Posts == "" {
		return fmt.Errorf("site.posts is not set: the draft has nowhere to go (set [site] posts to a folder)")
	}
	st, err := store.OpenReadOnly(ctx, cfg.Store.Path, store.Options{LockTimeout: cfg.Store.LockTimeout.Duration})
	if err != nil {
		return err
	}
	defer st.Close()
	p, err := publisher.New(publisher.StoreSource{Store: st}, publisherOptions(cfg, time.Now()))
	if err != nil {
		return err
	}
	name, data, err := p.DraftPost(ctx, *id, *title)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(cfg.Site.Posts, 0o755); err != nil {
		return fmt.Errorf("site.posts: %w", err)
	}
	path := filepath.Join(cfg.Site.Posts, name)
	flags := os.O_WRONLY | os.O_CREATE | os.O_EXCL
	if *force {
		flags = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	}
	f, err := os.OpenFile(path, flags, 0o644)
	if errors.Is(err, os.ErrExist) {
		return fmt.Errorf("%s exists: edit it, or write it again with --force", path)
	}
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	fmt.Fprintf(e.Stdout, "wrote %s (draft: true): preview it with gavel serve --drafts; remove the draft line and run gavel publish to publish it\n", path)
	return nil
}
