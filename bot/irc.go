package bot

import (
	"context"
	"strings"
	"sync"
	"time"

	"github.com/lrstanley/girc"

	"github.com/gavel-irc/gavel/meeting"
)

// inputKind says what an input to the worker is.
type inputKind int

const (
	inChannel   inputKind = iota // a channel line or nick change: ev
	inPrivate                    // a private message: nick, text
	inJoined                     // the bot joined channel
	inPublished                  // meeting text of channel was published after its end
	inDo                         // run do on the worker (tests inspect the engines)
)

// input is one fact handed from girc's event loop to the worker.
type input struct {
	kind    inputKind
	ev      meeting.Event
	nick    string
	text    string
	channel string
	arrived time.Time
	hook    hook
	do      func()
}

// inbox is an unbounded FIFO: girc's handlers push without ever blocking;
// the worker takes everything waiting at once.
type inbox struct {
	mu    sync.Mutex
	items []input
	wake  chan struct{}
}

func newInbox() *inbox { return &inbox{wake: make(chan struct{}, 1)} }

func (q *inbox) push(in input) {
	q.mu.Lock()
	q.items = append(q.items, in)
	q.mu.Unlock()
	select {
	case q.wake <- struct{}{}:
	default:
	}
}

func (q *inbox) take() []input {
	q.mu.Lock()
	defer q.mu.Unlock()
	items := q.items
	q.items = nil
	return items
}

func (q *inbox) len() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.items)
}

// addHandlers registers the bot's girc handlers. They run inside girc's
// event loop: each only reads girc's state and pushes to the inbox.
func (b *Bot) addHandlers() {
	h := b.client.Handlers
	h.Add(girc.RPL_WELCOME, b.onWelcome)
	h.Add(girc.ERR_ERRONEUSNICKNAME, b.onBadNick)
	h.Add(girc.JOIN, b.onJoin)
	h.Add(girc.PRIVMSG, b.onPrivmsg)
	h.Add(girc.NICK, b.onNick)
	h.Add(girc.QUIT, b.onQuit)
	h.Add(girc.KICK, b.onKick)
	h.Add(girc.RPL_TOPIC, b.onTopic)
	h.Add(girc.RPL_NOTOPIC, b.onTopic)
	h.Add(girc.TOPIC, b.onTopic)
	h.Add(girc.JOIN, func(c *girc.Client, e girc.Event) {
		if e.Source != nil {
			b.seen(e.Source.Name, true)
		}
	})
	h.Add(girc.DISCONNECTED, func(c *girc.Client, e girc.Event) {
		b.registered.Store(false)
		b.log.Info("disconnected", "server", b.cfg.IRC.Server)
	})
	// girc's own CTCP handlers answer straight to the socket, around the
	// paced queue: remove them all (ClearAll would put them back) and
	// answer through the queue instead.
	for _, cmd := range []string{girc.CTCP_PING, girc.CTCP_PONG, girc.CTCP_VERSION, girc.CTCP_SOURCE, girc.CTCP_TIME, girc.CTCP_FINGER} {
		b.client.CTCP.Clear(cmd)
	}
	b.client.CTCP.Set("*", b.onCTCP)
}

// ctcpVersion is the bot's answer to CTCP VERSION.
const ctcpVersion = "gavel meeting bot"

// onCTCP answers a CTCP query (PING, VERSION, TIME, CLIENTINFO; others are
// ignored, as modern clients do) through the paced queue, at most one
// reply waiting per nick (see queue.pushCTCP). It runs inside girc's event
// loop, before girc's lookup of a handler for the query's command.
func (b *Bot) onCTCP(c *girc.Client, e girc.CTCPEvent) {
	if e.Source == nil {
		return
	}
	nick := e.Source.Name
	// girc v1.1.2 answers a query it has no handler for with an ERRMSG
	// NOTICE sent straight to the socket, unless the query's source is not
	// a valid nick. Every command but "*" is unhandled here, so the source
	// of this decoded copy of the event (girc makes one per CTCP call) is
	// blanked: girc then sends nothing of its own.
	e.Source.Name = ""
	if e.Reply || e.Command == girc.CTCP_ACTION || !girc.IsValidNick(nick) || b.isMe(nick) {
		return
	}
	var text string
	switch e.Command {
	case girc.CTCP_PING:
		text = e.Text
	case girc.CTCP_VERSION:
		text = ctcpVersion
	case girc.CTCP_TIME:
		text = time.Now().UTC().Format(time.RFC1123Z)
	case girc.CTCP_CLIENTINFO:
		text = "ACTION CLIENTINFO PING TIME VERSION"
	default:
		return
	}
	b.ctcpReply(nick, e.Command, text)
}

// ctcpReply queues the CTCP reply "\x01COMMAND text\x01" to nick, the text
// sanitised and cut to fit the line limit.
func (b *Bot) ctcpReply(nick, command, text string) {
	nick = SanitizeParam(nick)
	room := b.maxText(girc.NOTICE, nick) - len(command) - 4 // two \x01, a space, and girc's own margin
	body := command
	if parts := Split(Sanitize(text), max(room, 1)); len(parts) > 0 && text != "" {
		body += " " + parts[0]
	}
	if !b.out.pushCTCP(&girc.Event{Command: girc.NOTICE, Params: []string{nick, "\x01" + body + "\x01"}}) {
		b.log.Debug("CTCP reply dropped: one is waiting already", "nick", nick, "ctcp", command)
	}
}

func (b *Bot) onWelcome(c *girc.Client, e girc.Event) {
	b.registered.Store(true)
	b.nickMu.Lock()
	b.nickTry = 0
	b.nickMu.Unlock()
	nick := b.cfg.IRC.Nick
	if len(e.Params) > 0 {
		nick = e.Params[0]
	}
	b.log.Info("registered", "server", b.cfg.IRC.Server, "nick", nick)
	if pw := b.cfg.IRC.NickServPassword; pw != "" {
		c.Send(&girc.Event{Command: girc.PRIVMSG, Params: []string{"NickServ", "IDENTIFY " + b.cfg.IRC.Nick + " " + Sanitize(pw)}, Sensitive: true})
	}
	for _, batch := range joinBatches(b.cfg.AllChannels(), 400) {
		c.Send(&girc.Event{Command: girc.JOIN, Params: []string{batch}})
	}
	b.out.kick()
	select {
	case b.connected <- struct{}{}:
	default:
	}
}

// joinBatches groups channels into comma-separated lists of at most limit
// bytes, so that one JOIN line never exceeds the server's line length.
func joinBatches(chans []string, limit int) []string {
	var out []string
	cur := ""
	for _, ch := range chans {
		ch = SanitizeParam(ch)
		if ch == "" {
			continue
		}
		if cur != "" && len(cur)+1+len(ch) > limit {
			out = append(out, cur)
			cur = ""
		}
		if cur != "" {
			cur += ","
		}
		cur += ch
	}
	if cur != "" {
		out = append(out, cur)
	}
	return out
}

// nickCollide answers a 433 (nick in use) during registration with the
// next alternate nick; once registered it keeps the current nick (a failed
// attempt to regain the configured nick).
func (b *Bot) nickCollide(old string) string {
	if b.registered.Load() {
		return ""
	}
	return b.nextNick()
}

// onBadNick handles 432 (erroneous nickname): girc does not, and
// registration would stall, so try the next nick.
func (b *Bot) onBadNick(c *girc.Client, e girc.Event) {
	if b.registered.Load() {
		return
	}
	n := b.nextNick()
	b.log.Warn("nick rejected by the server; trying another", "rejected", e.Params, "next", n)
	c.Cmd.Nick(n)
}

// nextNick returns the nick to try after the current one failed: the
// alternates in order, then the configured nick with a number.
func (b *Bot) nextNick() string {
	b.nickMu.Lock()
	defer b.nickMu.Unlock()
	b.nickTry++
	if b.nickTry < len(b.nicks) {
		return b.nicks[b.nickTry]
	}
	n := b.nickTry - len(b.nicks) + 1
	base := b.cfg.IRC.Nick
	if len(base) > 6 {
		base = base[:6]
	}
	if n > 2 {
		base = "gavel"
	}
	return base + "_" + itoa(n)
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var buf [20]byte
	i := len(buf)
	for n > 0 {
		i--
		buf[i] = byte('0' + n%10)
		n /= 10
	}
	return string(buf[i:])
}

// regainLoop tries to take the configured nick back while the bot uses
// another one.
func (b *Bot) regainLoop(ctx context.Context) {
	t := time.NewTicker(b.opt.RegainEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			b.regain()
		}
	}
}

func (b *Bot) regain() {
	if b.registered.Load() && !strings.EqualFold(b.client.GetNick(), b.cfg.IRC.Nick) {
		b.client.Cmd.Nick(b.cfg.IRC.Nick)
	}
}

func (b *Bot) isMe(nick string) bool { return strings.EqualFold(nick, b.client.GetNick()) }

func (b *Bot) onJoin(c *girc.Client, e girc.Event) {
	if e.Source == nil || len(e.Params) == 0 || !b.isMe(e.Source.Name) {
		return
	}
	b.in.push(input{kind: inJoined, channel: e.Params[0], arrived: time.Now()})
}

func (b *Bot) onPrivmsg(c *girc.Client, e girc.Event) {
	if e.Source == nil || len(e.Params) < 2 {
		return
	}
	now := time.Now()
	target, nick := e.Params[0], e.Source.Name
	if !girc.IsValidChannel(target) {
		if b.isMe(target) && !e.IsAction() {
			if ok, _ := e.IsCTCP(); ok {
				return
			}
			b.in.push(input{kind: inPrivate, nick: nick, text: e.Last(), arrived: now})
		}
		return
	}
	ev := meeting.Event{Time: eventTime(e), Channel: target, Nick: nick, Text: e.Last(), Kind: meeting.KindMessage}
	if e.IsAction() {
		ev.Kind, ev.Text = meeting.KindAction, e.StripAction()
	} else if ok, _ := e.IsCTCP(); ok {
		return // VERSION, PING, ...: not meeting lines
	}
	ev.Op = b.isOp(nick, target)
	if r, ok := b.cfg.IRC.RelayFor(nick); ok {
		if inner, text, ok := r.Unwrap(ev.Text); ok {
			// Said by inner through the bridge: its chairs, owners,
			// commands and attendance are inner's. The bridge's
			// operator status is not passed on to the people it
			// relays (they are chaired with #chair).
			ev.Nick, ev.Text, ev.Op = inner, text, false
		}
	}
	b.in.push(input{kind: inChannel, ev: ev, channel: target, arrived: now})
	b.seen(nick, false)
}

// eventTime is when the server says the line was said (server-time), or
// when it arrived, in UTC.
func eventTime(e girc.Event) time.Time {
	if e.Timestamp.IsZero() {
		return time.Now().UTC()
	}
	return e.Timestamp.UTC()
}

func (b *Bot) onNick(c *girc.Client, e girc.Event) {
	if e.Source == nil || len(e.Params) == 0 {
		return
	}
	old, nw := e.Source.Name, e.Params[0]
	b.seen(nw, true)
	if strings.EqualFold(old, b.cfg.IRC.Nick) && !strings.EqualFold(nw, old) && !b.isMe(nw) {
		b.client.Cmd.Nick(b.cfg.IRC.Nick) // someone left our nick
	}
	// girc's own NICK handler runs at the same time: look up both names.
	u := b.lookupUser(old)
	if u == nil {
		u = b.lookupUser(nw)
	}
	if u == nil {
		return
	}
	now := time.Now()
	for _, ch := range u.ChannelList {
		ev := meeting.Event{Time: eventTime(e), Channel: ch, Nick: old, Text: nw, Kind: meeting.KindNick}
		b.in.push(input{kind: inChannel, ev: ev, channel: ch, arrived: now})
	}
}

func (b *Bot) onQuit(c *girc.Client, e girc.Event) {
	if e.Source != nil && strings.EqualFold(e.Source.Name, b.cfg.IRC.Nick) && !b.isMe(e.Source.Name) {
		b.client.Cmd.Nick(b.cfg.IRC.Nick) // the holder of our nick left
	}
}

// rejoinAfter is how long the bot waits before rejoining a channel it was
// kicked from.
const rejoinAfter = 3 * time.Second

// onKick rejoins a configured channel the bot was kicked from, after a
// pause; the meeting in it goes on.
func (b *Bot) onKick(c *girc.Client, e girc.Event) {
	if len(e.Params) < 2 || !b.isMe(e.Params[1]) {
		return
	}
	channel := e.Params[0]
	for _, ch := range b.cfg.AllChannels() {
		if girc.ToRFC1459(ch) == girc.ToRFC1459(channel) {
			b.log.Warn("kicked; rejoining", "channel", channel, "in", rejoinAfter)
			time.AfterFunc(rejoinAfter, func() {
				if b.registered.Load() {
					b.client.Cmd.Join(ch)
				}
			})
			return
		}
	}
}
