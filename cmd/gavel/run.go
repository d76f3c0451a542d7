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
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gavel-irc/gavel/bot"
	"github.com/gavel-irc/gavel/config"
	"github.com/gavel-irc/gavel/life"
	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/minutes"
	"github.com/gavel-irc/gavel/people"
	"github.com/gavel-irc/gavel/publisher"
	"github.com/gavel-irc/gavel/remind"
	"github.com/gavel-irc/gavel/sitepath"
	"github.com/gavel-irc/gavel/store"
)

// salvageHint is said with every error of gavel run that comes from a
// damaged store.
const salvageHint = `the store is damaged: "gavel salvage -c CONFIG NEW.db" copies every readable meeting and event into a new store and lists what it drops; then point store.path at it`

// runCommand is the table entry of gavel run.
func runCommand() command {
	return command{Name: "run", Summary: "run the IRC meeting bot (and serve the site on site.listen)",
		Usage: "-c FILE [--debug]", Doc: "Runs the meeting bot; serves the site on site.listen when it is set.",
		Flags: func(fs *flag.FlagSet) runFunc {
			o := &runFlags{}
			fs.StringVar(&o.cfgPath, "c", "gavel.toml", "configuration `FILE`")
			fs.BoolVar(&o.debug, "debug", false, "log the IRC protocol to stderr")
			return func(ctx context.Context, e *env, c *call) error {
				err := o.run(ctx, e, c)
				if errors.Is(err, store.ErrDamaged) {
					return fmt.Errorf("%w\n%s", err, salvageHint)
				}
				return err
			}
		}}
}

// runFlags are the flags of gavel run.
type runFlags struct {
	cfgPath string
	debug   bool
}

// run is "gavel run -c FILE": the live bot. It opens the store, serves
// backups next to it, serves the site on site.listen when set, starts the
// reminders, and runs the bot until SIGTERM or SIGINT (then QUIT, store
// closed). runCommand adds the way out of a damaged store.
func (o *runFlags) run(ctx context.Context, e *env, c *call) error {
	cfg, err := config.Load(o.cfgPath)
	if err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(e.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))

	// The backup and control sockets live beside the store: a path too
	// long for them is an error now, not two missing sockets later.
	for _, sock := range []string{store.SocketPath(cfg.Store.Path), ctlPath(cfg.Store.Path)} {
		if err := store.CheckSocketPath(sock); err != nil {
			return fmt.Errorf("store.path: %w", err)
		}
	}
	st, err := store.Open(cfg.Store.Path, store.Options{LockTimeout: cfg.Store.LockTimeout.Duration})
	if err != nil {
		return err
	}
	defer st.Close()
	if err := os.MkdirAll(cfg.Site.Dir, 0o755); err != nil {
		return fmt.Errorf("site.dir: %w", err)
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	defer wg.Wait()
	defer cancel()

	wg.Add(1)
	go func() {
		defer wg.Done()
		if err := st.ServeBackup(ctx, store.SocketPath(st.Path())); err != nil {
			log.Error("backup socket", "err", err)
		}
	}()

	if cfg.Site.Listen != "" {
		ln, err := (&net.ListenConfig{}).Listen(ctx, "tcp", cfg.Site.Listen)
		if err != nil {
			return fmt.Errorf("site.listen %s: %w", cfg.Site.Listen, err)
		}
		srv := publisher.NewServer(ln, cfg.Site.Dir, siteServeOptions(cfg, log))
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := srv.Run(ctx); err != nil {
				log.Error("site server", "addr", cfg.Site.Listen, "err", err)
			}
		}()
		fmt.Fprintf(e.Stderr, "gavel: site %s served on http://%s/\n", cfg.Site.Dir, cfg.Site.Listen)
	}

	keeper := life.New(st, people.FromConfig(cfg))
	site, err := newSitePublisher(cfg, st, log)
	if err != nil {
		return err
	}
	if err := ensureHome(ctx, cfg, site.pub); err != nil {
		log.Error("site", "err", err)
		if errors.Is(err, store.ErrDamaged) {
			log.Error(salvageHint)
		}
	}
	wg.Add(1)
	go func() { defer wg.Done(); site.runActions(ctx) }()
	wg.Add(1)
	go func() { defer wg.Done(); site.runAgendas(ctx) }()

	// The reminders, made once the bot is (they talk through it); the
	// control socket's commands reach them through remP.
	var remP atomic.Pointer[remind.Reminder]
	// gavel notes, import and publish hand their work to us while we
	// hold the store (see control.go).
	wg.Add(1)
	go func() {
		defer wg.Done()
		h := &host{cfg: cfg, st: st, life: keeper, pub: site.pub, mailSoon: func() {
			if r := remP.Load(); r != nil {
				r.MailMinutesSoon()
			}
		}}
		if err := serveControl(ctx, ctlPath(st.Path()), h); err != nil {
			log.Error("control socket", "err", err)
		}
	}()

	var rem *remind.Reminder
	opt := bot.Options{
		Config:    cfg,
		Store:     st,
		Life:      keeper,
		Publisher: site,
		Log:       log,
		OnSeen: func(ctx context.Context, nick string) {
			if rem != nil {
				if _, err := rem.OnSeen(ctx, nick); err != nil {
					log.Error("reminders for a nick seen", "nick", nick, "err", err)
				}
			}
		},
		// An #undo that took a tracked item back: its pages change.
		OnItemsRemoved: site.ActionsChanged,
		// The minutes mail goes right after #endmeeting (and its
		// publish), not at the next sweep.
		OnEnded: func(string) {
			if rem != nil {
				rem.MailMinutesSoon()
			}
		},
		PrivateHelp: remind.Help(),
		OnPrivate: func(ctx context.Context, nick, text string) (string, bool) {
			if rem == nil {
				return "", false
			}
			return rem.OnPrivmsg(ctx, nick, text)
		},
	}
	if o.debug {
		opt.Debug = e.Stderr
	}
	b, err := bot.New(opt)
	if err != nil {
		return err
	}
	rem, err = remind.New(remind.Options{Config: cfg, Store: st, Messenger: b, Logger: log, Life: keeper, OnChange: site.ActionsChanged})
	if err != nil {
		return err
	}
	remP.Store(rem)
	if err := rem.Start(ctx); err != nil {
		return err
	}
	defer rem.Stop() // before the store closes
	fmt.Fprintf(e.Stderr, "gavel: connecting to %s as %s, channels %s\n", cfg.IRC.Server, cfg.IRC.Nick, strings.Join(cfg.AllChannels(), " "))
	return b.Run(ctx)
}

// sitePublisher is what the bot calls at #endmeeting and #save, and what
// the reminders call when an owner changed an action item: the site
// builder publishes what changed (the meeting and its action items are
// already in the store: life.Keeper put them there line by line).
// It keeps one publisher for the process (its memory of the pages and
// feeds it wrote makes incremental publishes fast); the publisher
// serialises its publishes, and gavel run is the only writer of the site
// while it holds the store.
type sitePublisher struct {
	cfg *config.Config
	st  *store.Store
	log *slog.Logger
	pub *publisher.Publisher
	// actions holds one pending request to republish the action-item
	// pages (requests made while one is pending are merged into it).
	actions chan struct{}
	// agendas are the series whose agenda pages wait to be published
	// again; agendaWake wakes runAgendas.
	agendaMu   sync.Mutex
	agendas    map[string]bool
	agendaWake chan struct{}
}

func newSitePublisher(cfg *config.Config, st *store.Store, log *slog.Logger) (*sitePublisher, error) {
	opt := publisherOptions(cfg, time.Now())
	opt.Clock = time.Now
	pub, err := publisher.New(publisher.NewStoreSource(st), opt)
	if err != nil {
		return nil, err
	}
	return &sitePublisher{cfg: cfg, st: st, log: log, pub: pub,
		actions: make(chan struct{}, 1), agendas: map[string]bool{}, agendaWake: make(chan struct{}, 1)}, nil
}

// MeetingEnded publishes the meeting; the URLs it returns are of files
// that exist.
func (p *sitePublisher) MeetingEnded(ctx context.Context, m *meeting.Meeting) (map[string]string, error) {
	if _, err := p.pub.PublishReplayed(ctx, m); err != nil {
		return nil, &bot.StepError{Step: "writing the site", Err: err}
	}
	return p.urls(m)
}

// MeetingSaved publishes the interim minutes of the running meeting (at
// the paths of the final ones, marked in progress, in no feed or list) and
// the action-item pages (the items it made are tracked already).
func (p *sitePublisher) MeetingSaved(ctx context.Context, m *meeting.Meeting) (map[string]string, error) {
	if _, err := p.pub.PublishActions(ctx); err != nil {
		p.log.Error("could not publish the action items", "meeting", m.ID, "err", err)
	}
	if _, err := p.pub.PublishReplayed(ctx, m); err != nil {
		return nil, &bot.StepError{Step: "writing the interim minutes", Err: err}
	}
	return p.urls(m)
}

// urls returns the URLs of m's minutes, checking that the files exist.
func (p *sitePublisher) urls(m *meeting.Meeting) (map[string]string, error) {
	paths, err := minutes.Paths(m, minutes.Options{Pattern: p.cfg.Site.FilePattern})
	if err != nil {
		return nil, err
	}
	urls := map[string]string{}
	for format, key := range map[string]string{minutes.FormatHTML: "html", minutes.FormatText: "txt", minutes.FormatLogHTML: "log"} {
		rel, ok := paths[format]
		if !ok {
			continue
		}
		if _, err := os.Stat(filepath.Join(p.cfg.Site.Dir, filepath.FromSlash(rel))); err != nil {
			return nil, &bot.StepError{Step: "checking the published files", Err: fmt.Errorf("published meeting %s but %s is missing: %w", m.ID, rel, err)}
		}
		urls[key] = p.cfg.Site.BaseURL + rel
	}
	if rec, err := p.st.Meeting(m.ID); err == nil && strings.TrimSpace(rec.Summary) != "" && !rec.Open() {
		// A meeting with a chair's summary is a post, with a page of its own.
		urls["post"] = p.cfg.Site.BaseURL + strings.TrimSuffix(publisher.PostPath(m.ID), sitepath.IndexPage)
	}
	return urls, nil
}

// AgendaChanged asks for the pages that show series' next agenda (its
// series page, the home page) to be published again. It never blocks:
// the publish runs on runAgendas' goroutine; requests for a series already
// waiting are merged.
func (p *sitePublisher) AgendaChanged(series string) {
	p.agendaMu.Lock()
	p.agendas[series] = true
	p.agendaMu.Unlock()
	select {
	case p.agendaWake <- struct{}{}:
	default:
	}
}

// runAgendas publishes the agenda pages on request until ctx is done.
func (p *sitePublisher) runAgendas(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-p.agendaWake:
		}
		p.agendaMu.Lock()
		series := make([]string, 0, len(p.agendas))
		for s := range p.agendas {
			series = append(series, s)
		}
		clear(p.agendas)
		p.agendaMu.Unlock()
		sort.Strings(series)
		for _, s := range series {
			pctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
			if _, err := p.pub.PublishAgenda(pctx, s); err != nil && ctx.Err() == nil {
				p.log.Error("could not publish the agenda pages", "series", s, "err", err)
			}
			cancel()
		}
	}
}

// ActionsChanged asks for the action-item pages to be published again
// (after an owner's private answer changed an item). It never blocks: the
// publish runs on runActions' goroutine.
func (p *sitePublisher) ActionsChanged(ctx context.Context) {
	select {
	case p.actions <- struct{}{}:
	default: // one is pending already; it will see this change too
	}
}

// runActions publishes the action-item pages on request until ctx is done.
func (p *sitePublisher) runActions(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-p.actions:
		}
		pctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
		stats, err := p.pub.PublishActions(pctx)
		cancel()
		if err != nil {
			p.log.Error("could not publish the action items", "err", err)
			continue
		}
		p.log.Info("action items published", "files", stats.Files, "changed", stats.Written)
	}
}
