package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"time"

	"github.com/gavel-irc/gavel/config"
	"github.com/gavel-irc/gavel/publisher"
	"github.com/gavel-irc/gavel/store"
)

// serveCommand is the table entry of gavel serve.
func serveCommand() command {
	return command{Name: "serve", Summary: "serve the site folder for preview (.atom as application/atom+xml)",
		Usage: "-c FILE [--listen HOST:PORT] [--drafts]",
		Doc:   "Serves site.dir for preview, with the right content types (.atom as application/atom+xml); --drafts builds a preview with the draft posts.",
		Flags: func(fs *flag.FlagSet) runFunc {
			o := &serveFlags{}
			fs.StringVar(&o.cfgPath, "c", "gavel.toml", "configuration `FILE`")
			fs.StringVar(&o.listen, "listen", "", "`HOST:PORT` to serve on (default: site.listen, else 127.0.0.1:8080)")
			fs.BoolVar(&o.drafts, "drafts", false, "serve a preview built with the draft posts, in a temporary folder (site.dir is not touched)")
			return o.run
		}}
}

// serveFlags are the flags of gavel serve.
type serveFlags struct {
	cfgPath string
	listen  string
	drafts  bool
}

// run runs gavel serve.
func (o *serveFlags) run(ctx context.Context, e *env, c *call) error {
	cfg, err := config.Load(o.cfgPath)
	if err != nil {
		return err
	}
	addr := o.listen
	if addr == "" {
		addr = cfg.Site.Listen
	}
	if addr == "" {
		addr = "127.0.0.1:8080"
	}
	_, noHome := os.Stat(filepath.Join(cfg.Site.Dir, "index.html"))
	_, noStore := os.Stat(cfg.Store.Path)
	if noHome != nil && noStore == nil {
		// Never built: build it from the store (a read-only view, so this
		// works beside a gavel run too), so that "/" answers.
		st, err := store.OpenReadOnly(ctx, cfg.Store.Path, store.Options{LockTimeout: cfg.Store.LockTimeout.Duration})
		if err != nil {
			return fmt.Errorf("site %s has no home page and the store cannot be read to build it: %w", cfg.Site.Dir, err)
		}
		pub, err := publisher.New(publisher.StoreSource{Store: st}, publisherOptions(cfg, time.Now()))
		if err == nil {
			err = ensureHome(ctx, cfg, pub)
		}
		st.Close()
		if err != nil {
			return err
		}
		fmt.Fprintf(e.Stdout, "built the site in %s\n", cfg.Site.Dir)
	}
	dir := cfg.Site.Dir
	if o.drafts {
		if dir, err = buildPreview(ctx, cfg); err != nil {
			return err
		}
		defer os.RemoveAll(dir)
	}
	ln, err := (&net.ListenConfig{}).Listen(ctx, "tcp", addr)
	if err != nil {
		return fmt.Errorf("listen %s: %w", addr, err)
	}
	srv := publisher.NewServer(ln, dir, siteServeOptions(cfg, slog.New(slog.NewTextHandler(e.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))))
	fmt.Fprintf(e.Stdout, "serving %s on http://%s/ (Ctrl-C to stop)\n", dir, ln.Addr())
	return srv.Run(ctx)
}

// buildPreview builds the whole site with the draft posts into a new
// temporary folder (the store read as gavel actions reads it, also while
// gavel run holds it) and returns the folder.
func buildPreview(ctx context.Context, cfg *config.Config) (string, error) {
	st, err := store.OpenReadOnly(ctx, cfg.Store.Path, store.Options{LockTimeout: cfg.Store.LockTimeout.Duration})
	if err != nil {
		return "", err
	}
	defer st.Close()
	dir, err := os.MkdirTemp("", "gavel-preview-*")
	if err != nil {
		return "", fmt.Errorf("preview folder: %w", err)
	}
	opt := publisherOptions(cfg, time.Now())
	opt.Dir, opt.Drafts = dir, true
	p, err := publisher.New(previewSource{publisher.StoreSource{Store: st}}, opt)
	if err == nil {
		_, err = p.Build(ctx)
	}
	if err != nil {
		os.RemoveAll(dir)
		return "", fmt.Errorf("building the preview: %w", err)
	}
	return dir, nil
}

// previewSource is the store as a preview reads it: the publisher's state
// (feed entries' updated times) is read but never saved, so a preview
// changes nothing the public site's publishes remember.
type previewSource struct{ publisher.StoreSource }

// SaveState keeps nothing.
func (previewSource) SaveState(ctx context.Context, set map[string]string) error { return nil }

// siteServeOptions are the site server's limits from [site].
func siteServeOptions(cfg *config.Config, log *slog.Logger) publisher.ServeOptions {
	s := cfg.Site
	return publisher.ServeOptions{ReadHeaderTimeout: s.ReadHeaderTimeout.Duration, ReadTimeout: s.ReadTimeout.Duration,
		WriteTimeout: s.WriteTimeout.Duration, IdleTimeout: s.IdleTimeout.Duration, MaxConnsPerClient: s.MaxConnsPerClient, Log: log}
}
