// Package bot is gavel's IRC adapter: it connects with girc, reconnects,
// paces its output, and turns what happens on IRC (channel lines, CTCP
// ACTIONs, nick changes, who is operator) into meeting.Events.
//
// The bot is thin. girc's handlers only copy facts into an inbox; one worker
// goroutine per bot feeds each event to the channel's meeting.Channel,
// appends it to the store (committed and fsynced; events that waited
// together are committed in one transaction) and only then queues the
// replies, which a sender goroutine paces to the server. Nothing ever
// blocks girc's event loop.
//
// Restart safety: Run replays every open meeting from the store through a
// fresh engine before it connects, so a bot killed in the middle of a
// meeting goes on where it stopped. Replies are not stored: the engine logs
// them itself (Options.BotNick), so a replay produces them again.
package bot

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/lrstanley/girc"

	"github.com/gavel-irc/gavel/config"
	"github.com/gavel-irc/gavel/life"
	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/people"
	"github.com/gavel-irc/gavel/store"
)

// Publisher writes a meeting's minutes where readers find them and returns
// their URLs by format ("html", "txt", "log"). The bot calls it after the
// meeting's events are committed; the URLs it returns must already serve
// the files. The Meeting passed is the bot's own replay of the stored
// events: the publisher may keep it.
type Publisher interface {
	// MeetingEnded publishes the minutes of a meeting that just ended.
	MeetingEnded(ctx context.Context, m *meeting.Meeting) (urls map[string]string, err error)
	// MeetingSaved publishes interim minutes of a running meeting (#save).
	MeetingSaved(ctx context.Context, m *meeting.Meeting) (urls map[string]string, err error)
}

// AgendaPublisher is what a Publisher implements to have the pages that
// show a series' next agenda written again after it changed (#agenda,
// #next, a change from outside the meeting). It must not block.
type AgendaPublisher interface {
	AgendaChanged(series string)
}

// Options configure a Bot.
type Options struct {
	// Config is the validated configuration ([irc], channels, meeting).
	Config *config.Config
	// Store is the open store: every meeting line is appended to it
	// before the bot replies.
	Store *store.Store
	// Publisher publishes minutes at #endmeeting and #save; nil means
	// minutes are not published by the bot.
	Publisher Publisher
	// Life stores each line and tracks the meeting's action items; nil
	// makes one for Store with the configuration's people.
	Life *life.Keeper
	// Log receives the bot's log; nil discards it.
	Log *slog.Logger
	// Debug, when set, receives girc's raw protocol log.
	Debug io.Writer
	// RegainEvery is how often the bot tries to get its configured nick
	// back while it uses an alternate (default 30s).
	RegainEvery time.Duration
	// OnItemsRemoved, when set, is told after a committed line took
	// tracked action items back (#undo of an #action): the pages that
	// list action items are published again. It must not block.
	OnItemsRemoved func(ctx context.Context)
	// OnSeen, when set, is told (from a goroutine of its own) each time a
	// nick joins, speaks or takes a new nick: reminders held for an
	// offline owner go out then.
	OnSeen func(ctx context.Context, nick string)
	// OnEnded, when set, is called once a meeting ended and its minutes
	// were published (at once without a Publisher; not when publishing
	// failed: Run publishes it again at the next start): gavel run mails
	// the minutes then, not at the next reminder sweep. It must not
	// block.
	OnEnded func(id string)
	// OnPrivate, when set, gets the private messages the bot's own
	// commands (help, status, end) do not answer; its reply (lines
	// separated by "\n") goes back to nick when handled is true.
	OnPrivate func(ctx context.Context, nick, text string) (reply string, handled bool)
	// PrivateHelp lists the commands OnPrivate answers, one line each
	// ("done ID: close your action item ID"); the private help lists
	// them after the bot's own.
	PrivateHelp []string
	// FlushTimeout bounds how long shutdown waits for queued lines to go
	// out before QUIT (default 3s).
	FlushTimeout time.Duration
	// TimerEvery is how often the meeting timers (time-boxes, scheduled
	// ends, idle_end) are checked (default 20s).
	TimerEvery time.Duration
	// Now is the clock of the meeting timers (default time.Now); tests
	// move it forward.
	Now func() time.Time
}

// Bot is one connection to one IRC server. Create it with New and start it
// with Run.
type Bot struct {
	// lookupMu serialises gavel's reads of girc's state: girc copies a
	// user or channel under its read lock by writing into the shared
	// slice, so two copies at once race (see lookupUser).
	lookupMu sync.Mutex
	cfg      *config.Config
	st       *store.Store
	life     *life.Keeper
	pub      Publisher
	log      *slog.Logger
	client   *girc.Client
	out      *queue
	in       *inbox
	hooks    *inbox
	opt      Options

	nicks      []string
	nickMu     sync.Mutex
	nickTry    int
	registered atomic.Bool
	// inConnect is true while girc's Connect runs.
	inConnect atomic.Bool

	// chans is owned by the worker goroutine.
	chans map[string]*channel

	// topics holds each joined channel's topic as the server last said it
	// (RPL_TOPIC, TOPIC), keyed by girc.ToRFC1459 of the channel. gavel
	// keeps it itself instead of reading girc's channel state: girc v1.1.2
	// applies a MODE to that state under its read lock, so copying a
	// channel (LookupChannel) races with every MODE line.
	topicMu sync.Mutex
	topics  map[string]string

	bg sync.WaitGroup // publishing goroutines

	// onCommit, when set (tests, benchmarks), is called by the worker after
	// each recorded line is committed, with the line's arrival time and
	// how long the store took.
	onCommit atomic.Pointer[commitHook]
	// connected is signalled (non-blocking) on each RPL_WELCOME.
	connected chan struct{}
	// connect runs one connection (client.Connect; tests use MockConnect).
	connect func() error
}

// commitHook observes each committed line (tests and benchmarks).
type commitHook func(ev meeting.Event, arrived time.Time, store time.Duration)

// New builds a bot from opt; it does not connect yet.
func New(opt Options) (*Bot, error) {
	if opt.Config == nil {
		return nil, errors.New("bot: no configuration")
	}
	if opt.Store == nil {
		return nil, errors.New("bot: no store")
	}
	cfg := opt.Config
	if opt.Log == nil {
		opt.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if opt.Life == nil {
		opt.Life = life.New(opt.Store, people.FromConfig(cfg))
	}
	if opt.RegainEvery <= 0 {
		opt.RegainEvery = 30 * time.Second
	}
	if opt.TimerEvery <= 0 {
		opt.TimerEvery = 20 * time.Second
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.FlushTimeout <= 0 {
		opt.FlushTimeout = 3 * time.Second
	}
	host, portStr, err := net.SplitHostPort(cfg.IRC.Server)
	if err != nil {
		return nil, fmt.Errorf("bot: irc.server %q: %w", cfg.IRC.Server, err)
	}
	port, err := strconv.Atoi(portStr)
	if err != nil || port <= 0 || port > 65535 {
		return nil, fmt.Errorf("bot: irc.server %q: bad port", cfg.IRC.Server)
	}
	b := &Bot{
		cfg:       cfg,
		st:        opt.Store,
		life:      opt.Life,
		pub:       opt.Publisher,
		log:       opt.Log,
		opt:       opt,
		out:       newQueue(cfg.IRC.SendInterval.Duration, cfg.IRC.SendBurst),
		in:        newInbox(),
		hooks:     newInbox(),
		chans:     map[string]*channel{},
		connected: make(chan struct{}, 1),
		nicks:     append([]string{cfg.IRC.Nick}, cfg.IRC.AltNicks...),
	}
	gc := girc.Config{
		Server:      host,
		Port:        port,
		ServerPass:  cfg.IRC.ServerPassword,
		Nick:        cfg.IRC.Nick,
		User:        cfg.IRC.User,
		Name:        cfg.IRC.RealName,
		SSL:         cfg.IRC.TLS,
		AllowFlood:  true, // the bot paces itself (queue.go)
		RecoverFunc: girc.DefaultRecoverHandler,
		Version:     ctcpVersion,
		Debug:       opt.Debug,
		PingDelay:   60 * time.Second,
		PingTimeout: 60 * time.Second,
		// Always handle collisions: return "" to keep the current nick.
		HandleNickCollide: b.nickCollide,
	}
	if cfg.IRC.TLS {
		gc.TLSConfig = &tls.Config{ServerName: host, InsecureSkipVerify: cfg.IRC.TLSSkipVerify, MinVersion: tls.VersionTLS12} //nolint:gosec // opt-in by config
	}
	if cfg.IRC.SASLUser != "" {
		gc.SASL = &girc.SASLPlain{User: cfg.IRC.SASLUser, Pass: cfg.IRC.SASLPassword}
	}
	b.client = girc.New(gc)
	b.connect = b.client.Connect
	b.addHandlers()
	return b, nil
}

// Nick returns the nick the bot uses now.
func (b *Bot) Nick() string { return b.client.GetNick() }

// Run resumes the open meetings from the store, then connects and stays
// connected (reconnecting with backoff) until ctx is cancelled. On
// cancellation it sends what is queued (up to FlushTimeout), QUITs, records
// every line already received, and returns nil. The caller closes the store
// after Run returns.
func (b *Bot) Run(ctx context.Context) error {
	if err := b.resume(ctx); err != nil {
		return err
	}
	workCtx, stopWork := context.WithCancel(context.Background())
	workDone := make(chan struct{})
	go func() { defer close(workDone); b.work(workCtx) }()
	// Agenda changes made outside a running meeting go through its
	// engine, on the worker, while it runs.
	b.life.SetAgendaHolder(b.agendaHeld)
	sendCtx, stopSend := context.WithCancel(context.Background())
	sendDone := make(chan struct{})
	go func() { defer close(sendDone); b.out.run(sendCtx, b.send) }()
	hooksDone := make(chan struct{})
	go func() { defer close(hooksDone); b.runHooks(workCtx) }()
	regainDone := make(chan struct{})
	go func() { defer close(regainDone); b.regainLoop(ctx) }()
	timersDone := make(chan struct{})
	go func() { defer close(timersDone); b.timerLoop(ctx) }()

	// On cancellation: flush, QUIT, and make sure Connect returns.
	quitDone := make(chan struct{})
	go func() {
		defer close(quitDone)
		<-ctx.Done()
		deadline := time.Now().Add(b.opt.FlushTimeout)
		for b.client.IsConnected() && (b.out.len() > 0 || b.in.len() > 0) && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
		}
		// QUIT ends the connection (girc's Connect then returns). Quit is
		// safe at any moment, unlike Close, which races with a Connect
		// that is starting; it is repeated while a connection is being
		// set up, and Close is the last resort.
		stopBy := time.Now().Add(5 * time.Second)
		for b.inConnect.Load() && time.Now().Before(stopBy) {
			b.client.Quit("gavel shutting down")
			time.Sleep(50 * time.Millisecond)
		}
		if b.inConnect.Load() {
			b.client.Close()
		}
	}()

	backoff := b.cfg.IRC.ReconnectMin.Duration
	for ctx.Err() == nil {
		start := time.Now()
		b.nickMu.Lock()
		b.nickTry = 0 // each connection starts with the configured nick
		b.nickMu.Unlock()
		b.log.Info("connecting", "server", b.cfg.IRC.Server, "tls", b.cfg.IRC.TLS)
		b.inConnect.Store(true)
		if ctx.Err() != nil { // the shutdown goroutine may have looked already
			b.inConnect.Store(false)
			break
		}
		err := b.connect()
		b.inConnect.Store(false)
		b.registered.Store(false)
		if ctx.Err() != nil {
			break
		}
		if err == nil {
			err = errors.New("connection closed")
		}
		if time.Since(start) > 2*b.cfg.IRC.ReconnectMax.Duration {
			backoff = b.cfg.IRC.ReconnectMin.Duration
		}
		wait := jitter(backoff)
		b.log.Warn("disconnected; reconnecting", "server", b.cfg.IRC.Server, "err", err, "in", wait.Round(time.Millisecond))
		select {
		case <-ctx.Done():
		case <-time.After(wait):
		}
		backoff = min(2*backoff, b.cfg.IRC.ReconnectMax.Duration)
	}
	<-quitDone
	<-regainDone
	<-timersDone
	b.life.SetAgendaHolder(nil)
	stopWork()
	<-workDone
	<-hooksDone
	stopSend()
	<-sendDone
	b.bg.Wait()
	return nil
}

// jitter returns d plus or minus up to 25%, at least 1ms.
func jitter(d time.Duration) time.Duration {
	if d <= 0 {
		return time.Millisecond
	}
	j := time.Duration(rand.Int64N(int64(d)/2+1)) - d/4
	return max(d+j, time.Millisecond)
}

// send hands one line to girc; false when not connected (the queue keeps it).
func (b *Bot) send(e *girc.Event) bool {
	if !b.registered.Load() || !b.client.IsConnected() {
		return false
	}
	b.client.Send(e)
	return true
}

// maxText returns how many bytes of text fit in one command to target, as
// the server relays it with the bot's full prefix, within irc.line_limit,
// and as girc sends it without splitting it.
func (b *Bot) maxText(command, target string) int {
	nick := b.client.GetNick()
	user := b.client.GetIdent()
	if user == "" {
		user = "~" + b.cfg.IRC.User
	}
	host := b.client.GetHost()
	if host == "" {
		host = strings.Repeat("x", 63)
	}
	n := b.cfg.IRC.LineLimit - prefixLen(nick, user, host, command, target)
	// girc splits again any line longer than its own estimate
	// (MaxEventLength: the server's line length minus the longest prefix
	// its NICKLEN, USERLEN and HOSTLEN allow): a line must fit that too,
	// or one paced line would leave as two.
	n = min(n, b.client.MaxEventLength()-(len(command)+1+len(target)+2)-1)
	return max(n, 16)
}

// say queues text for target, sanitised and split to fit the line limit.
func (b *Bot) say(target, text string) {
	target = SanitizeParam(target)
	for _, part := range Split(Sanitize(text), b.maxText(girc.PRIVMSG, target)) {
		b.out.push(&girc.Event{Command: girc.PRIVMSG, Params: []string{target, part}})
	}
}

// setTopic queues a TOPIC change, sanitised and cut to the line limit.
func (b *Bot) setTopic(channel, topic string) {
	channel = SanitizeParam(channel)
	parts := Split(Sanitize(topic), b.maxText(girc.TOPIC, channel))
	t := ""
	if len(parts) > 0 {
		t = parts[0]
	}
	b.out.push(&girc.Event{Command: girc.TOPIC, Params: []string{channel, t}})
}

// lookupUser is girc's LookupUser, one call at a time.
func (b *Bot) lookupUser(nick string) *girc.User {
	b.lookupMu.Lock()
	defer b.lookupMu.Unlock()
	return b.client.LookupUser(nick)
}

// topic is channel's topic as the server last announced it ("" when it has
// none or the bot has not joined it).
func (b *Bot) topic(channel string) string {
	b.topicMu.Lock()
	defer b.topicMu.Unlock()
	return b.topics[girc.ToRFC1459(channel)]
}

// setKnownTopic records the topic the server announced for channel.
func (b *Bot) setKnownTopic(channel, topic string) {
	b.topicMu.Lock()
	defer b.topicMu.Unlock()
	if b.topics == nil {
		b.topics = make(map[string]string)
	}
	b.topics[girc.ToRFC1459(channel)] = topic
}

// onTopic keeps the channel topics the server announces: RPL_TOPIC on
// joining (me, channel, topic), RPL_NOTOPIC (me, channel) and TOPIC when
// anyone changes it (channel, topic).
func (b *Bot) onTopic(c *girc.Client, e girc.Event) {
	switch e.Command {
	case girc.RPL_TOPIC:
		if len(e.Params) >= 3 {
			b.setKnownTopic(e.Params[1], e.Params[2])
		}
	case girc.RPL_NOTOPIC:
		if len(e.Params) >= 2 {
			b.setKnownTopic(e.Params[1], "")
		}
	case girc.TOPIC:
		if len(e.Params) >= 2 {
			b.setKnownTopic(e.Params[0], e.Params[1])
		} else if len(e.Params) == 1 {
			b.setKnownTopic(e.Params[0], "")
		}
	}
}

// isOp reports whether nick is operator in channel, from girc's state.
func (b *Bot) isOp(nick, channel string) bool {
	u := b.lookupUser(nick)
	if u == nil || u.Perms == nil {
		return false
	}
	p, ok := u.Perms.Lookup(channel)
	return ok && p.IsAdmin()
}
