package bot

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/lrstanley/girc"
)

// hook is one call for the hooks goroutine: a nick seen, or a private
// message no bot command answered.
type hook struct {
	seen    string
	join    bool
	private bool
	nick    string
	text    string
}

// runHooks calls Options.OnSeen and Options.OnPrivate from a goroutine of
// their own, so that slow hooks (store transactions, e-mail) delay neither
// girc's event loop nor the meeting worker.
func (b *Bot) runHooks(ctx context.Context) {
	// lastSeen throttles OnSeen to once a minute per nick for lines (a
	// JOIN always counts): a busy meeting must not cost a store
	// transaction per line.
	lastSeen := map[string]time.Time{}
	for {
		for _, in := range b.hooks.take() {
			h := in.hook
			switch {
			case h.seen != "" && b.opt.OnSeen != nil:
				k, now := girc.ToRFC1459(h.seen), time.Now()
				if !h.join && now.Sub(lastSeen[k]) < time.Minute {
					continue
				}
				if len(lastSeen) > 10000 {
					clear(lastSeen)
				}
				lastSeen[k] = now
				b.opt.OnSeen(ctx, h.seen)
			case h.private && b.opt.OnPrivate != nil:
				if reply, ok := b.opt.OnPrivate(ctx, h.nick, h.text); ok {
					for _, l := range strings.Split(reply, "\n") {
						b.say(h.nick, l)
					}
				} else {
					b.say(h.nick, "Unknown command; say help for the list.")
				}
			case h.private:
				b.say(h.nick, "Unknown command; say help for the list.")
			}
		}
		select {
		case <-b.hooks.wake:
		case <-ctx.Done():
			return
		}
	}
}

// seen tells the OnSeen hook that nick is on the network; join is set when
// nick just joined a channel.
func (b *Bot) seen(nick string, join bool) {
	if b.opt.OnSeen != nil && nick != "" && !b.isMe(nick) {
		b.hooks.push(input{hook: hook{seen: nick, join: join}})
	}
}

// ErrNotConnected is returned by Send and Say while the bot is not
// registered on the server; the line is not queued.
var ErrNotConnected = errors.New("bot: not connected")

// Online reports whether nick shares a channel with the bot right now.
func (b *Bot) Online(nick string) bool {
	u := b.lookupUser(nick)
	return u != nil && len(u.ChannelList) > 0
}

// Send queues text (split and sanitised) as private messages to nick.
func (b *Bot) Send(ctx context.Context, nick, text string) error {
	return b.queueText(ctx, nick, text)
}

// Say queues text (split and sanitised) in channel.
func (b *Bot) Say(ctx context.Context, channel, text string) error {
	return b.queueText(ctx, channel, text)
}

func (b *Bot) queueText(ctx context.Context, target, text string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if !b.registered.Load() {
		return ErrNotConnected
	}
	if target == "" || (!girc.IsValidChannel(target) && !girc.IsValidNick(target)) {
		return errors.New("bot: bad target " + target)
	}
	for _, l := range strings.Split(text, "\n") {
		if strings.TrimSpace(l) != "" {
			b.say(target, l)
		}
	}
	return nil
}
