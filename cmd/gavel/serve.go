package main

import (
	"context"
	"errors"
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

func runServe(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(e.Stderr)
	cfgPath := fs.String("c", "gavel.toml", "configuration `FILE`")
	listen := fs.String("listen", "", "`HOST:PORT` to serve on (default: site.listen, else 127.0.0.1:8080)")
	fs.Usage = func() {
		fmt.Fprintln(e.Stderr, "usage: gavel serve -c gavel.toml [--listen HOST:PORT]")
		fmt.Fprintln(e.Stderr, "Serves site.dir for preview, with the right content types (.atom as application/atom+xml).")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return fmt.Errorf("%v: %w", err, errUsage)
	}
	cfg, err := config.Load(*cfgPath)
	if err != nil {
		return err
	}
	addr := *listen
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
	ln, err := (&net.ListenConfig{}).Listen(ctx, "tcp", addr)
	if err != nil {
		return fmt.Errorf("listen %s: %w", addr, err)
	}
	srv := publisher.NewServer(ln, cfg.Site.Dir, siteServeOptions(cfg, slog.New(slog.NewTextHandler(e.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))))
	fmt.Fprintf(e.Stdout, "serving %s on http://%s/ (Ctrl-C to stop)\n", cfg.Site.Dir, ln.Addr())
	return srv.Run(ctx)
}

// siteServeOptions are the site server's limits from [site].
func siteServeOptions(cfg *config.Config, log *slog.Logger) publisher.ServeOptions {
	s := cfg.Site
	return publisher.ServeOptions{ReadHeaderTimeout: s.ReadHeaderTimeout.Duration, ReadTimeout: s.ReadTimeout.Duration,
		WriteTimeout: s.WriteTimeout.Duration, IdleTimeout: s.IdleTimeout.Duration, MaxConnsPerClient: s.MaxConnsPerClient, Log: log}
}
