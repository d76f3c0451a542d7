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

// postCommand is the table entry of gavel post.
func postCommand() command {
	return command{Name: "post", Summary: "write a Markdown draft of a blog post about a meeting into site.posts (post new --meeting ID)",
		Verb:     "new",
		Usage:    "-c FILE --meeting ID [--title T] [--force]",
		Doc:      "Writes a Markdown draft (draft: true) about the meeting into site.posts: its summary, decisions, action items by person and links to the minutes.",
		Required: []string{"meeting"},
		Flags: func(fs *flag.FlagSet) runFunc {
			o := &postFlags{}
			fs.StringVar(&o.cfgPath, "c", "gavel.toml", "configuration `FILE`")
			fs.StringVar(&o.id, "meeting", "", "the meeting `ID` the post is about")
			fs.StringVar(&o.title, "title", "", "the post's `TITLE` (default: \"Minutes of TITLE, DATE\", TITLE the meeting's title, else its series)")
			fs.BoolVar(&o.force, "force", false, "overwrite a draft of the same name")
			return o.run
		}}
}

// postFlags are the flags of gavel post.
type postFlags struct {
	cfgPath string
	id      string
	title   string
	force   bool
}

// run is "gavel post new -c FILE --meeting ID [--title T]": it writes
// the Markdown draft of a blog post about a meeting into site.posts
// (publisher.DraftPost), for the chair to edit. The draft (draft: true) is
// built only by gavel serve --drafts until the line is removed.
func (o *postFlags) run(ctx context.Context, e *env, c *call) error {
	cfg, err := e.loadConfig(o.cfgPath)
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
	name, data, err := p.DraftPost(ctx, o.id, o.title)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(cfg.Site.Posts, 0o755); err != nil {
		return fmt.Errorf("site.posts: %w", err)
	}
	path := filepath.Join(cfg.Site.Posts, name)
	flags := os.O_WRONLY | os.O_CREATE | os.O_EXCL
	if o.force {
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
