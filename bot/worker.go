package bot

import (
	"context"
	"errors"

	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/lrstanley/girc"

	"github.com/gavel-irc/gavel/life"
	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/store"
)

// channel is the worker's state for one channel.
type channel struct {
	name string
	eng  *meeting.Channel
	opt  meeting.Options
	// oldTopic is the topic before the meeting; topicSet the last topic
	// the bot set during it ("" when none).
	oldTopic string
	topicSet string
	// resumed is set when the meeting was rebuilt from the store and the
	// channel has not been told yet.
	resumed bool
}

func chanKey(name string) string { return girc.ToRFC1459(name) }

// engineOptions returns the engine options for a new meeting in channel
// name, from the configuration.
func (b *Bot) engineOptions(name string) meeting.Options {
	cc := b.cfg.ChannelConfig(name)
	return meeting.Options{
		Location:     cc.Location,
		Series:       cc.Series,
		SeriesFixed:  cc.Series != "" && !cc.AllowRename,
		OpsAreChairs: b.cfg.IRC.OpsAreChairs != nil && *b.cfg.IRC.OpsAreChairs,
		BotNick:      b.cfg.IRC.Nick,
		Source:       "irc",
	}
}

// channel returns the worker's state for name, creating it.
func (b *Bot) channel(name string) *channel {
	k := chanKey(name)
	if ch, ok := b.chans[k]; ok {
		return ch
	}
	for _, n := range b.cfg.AllChannels() { // prefer the configured spelling
		if chanKey(n) == k {
			name = n
		}
	}
	opt := b.engineOptions(name)
	ch := &channel{name: name, eng: meeting.NewChannel(name, opt), opt: opt}
	b.chans[k] = ch
	return ch
}

// work is the worker goroutine: it handles inputs in arrival order until
// ctx is done, then handles what is still waiting and returns.
func (b *Bot) work(ctx context.Context) {
	ctx = context.WithValue(ctx, onWorker{}, true)
	for {
		b.handleAll(ctx, b.in.take())
		select {
		case <-b.in.wake:
		case <-ctx.Done():
			b.handleAll(ctx, b.in.take())
			return
		}
	}
}

// maxBatch bounds the channel events committed in one store transaction.
const maxBatch = 256

// handleAll handles inputs in order. Channel events that wait one after
// the other are committed together, up to maxBatch in one store
// transaction (see handleLines); every other input is handled alone,
// between them.
func (b *Bot) handleAll(ctx context.Context, ins []input) {
	for len(ins) > 0 {
		if ins[0].kind != inChannel {
			b.handle(ctx, ins[0])
			ins = ins[1:]
			continue
		}
		n := 1
		for n < len(ins) && n < maxBatch && ins[n].kind == inChannel {
			n++
		}
		ins = ins[b.handleLines(ctx, ins[:n]):]
	}
}

func (b *Bot) handle(ctx context.Context, in input) {
	switch in.kind {
	case inChannel:
		b.handleEvent(ctx, in.ev, in.arrived)
	case inPrivate:
		b.handlePrivate(ctx, in.nick, in.text, in.arrived)
	case inPublished:
		// The ended meeting's minutes are published: the engine need
		// not keep it (notes are merged by `gavel notes` from the store,
		// never said live), so a channel between meetings holds none.
		if ch, ok := b.chans[chanKey(in.channel)]; ok && ch.eng.Meeting() == nil {
			if m := ch.eng.Ended(); m != nil && m.ID == in.text {
				ch.eng.ForgetEnded()
			}
		}
	case inDo:
		in.do()
	case inJoined:
		ch := b.channel(in.channel)
		if ch.resumed {
			ch.resumed = false
			if m := ch.eng.Meeting(); m != nil {
				title := m.Title
				if title == "" {
					title = m.Series
				}
				b.say(ch.name, fmt.Sprintf("Meeting resumed after a restart of the bot: '%s', started %s by %s, %d lines recorded. Chairs: %s.",
					title, m.Started.UTC().Format("2006-01-02 15:04 UTC"), m.Owner, len(m.Log), strings.Join(chairs(m), ", ")))
			}
		}
	}
}

// recorder takes the store step of one line: the Keeper (one transaction
// for the line) or a life.Batch (one transaction for many lines).
type recorder interface {
	Start(ctx context.Context, rec store.MeetingRecord, ev meeting.Event) (life.Step, error)
	Line(ctx context.Context, m *meeting.Meeting, ev meeting.Event, res meeting.Result) (life.Step, error)
}

// handleEvent feeds one channel event to the engine, commits it when it
// belongs to a meeting (one store transaction of its own), and then queues
// the replies.
func (b *Bot) handleEvent(ctx context.Context, ev meeting.Event, arrived time.Time) {
	if after, _, _ := b.recordEvent(ctx, b.life, ev, arrived); after != nil {
		after()
	}
}

// handleLines handles channel events (at least one) that were waiting
// together, and returns how many it took. One event alone is handled by
// handleEvent. Several go through the engine one after the other, each
// taking its store step in ONE life.Batch, so a burst costs one commit
// (one fsync) per batch instead of one per line; only when the batch is
// committed are the replies to its lines queued, in order. A line that
// ends a meeting is the last of its batch: what follows the end (the new
// engine options, publishing) must be in place before the next line; so
// is an #agenda between meetings (recordEvent).
// When the batch fails, the engines it touched are rebuilt from the store
// and all of ins handled again one by one, so that a failing line is
// named as it would have been alone and the others are kept.
func (b *Bot) handleLines(ctx context.Context, ins []input) int {
	if len(ins) == 1 {
		b.handleEvent(ctx, ins[0].ev, ins[0].arrived)
		return 1
	}
	var afters []func()
	saved := map[string]savedChannel{}
	n := 0
	err := b.life.Batch(func(lb *life.Batch) error {
		for _, in := range ins {
			ch := b.channel(in.ev.Channel)
			if _, ok := saved[chanKey(ch.name)]; !ok {
				saved[chanKey(ch.name)] = save(ch)
			}
			after, last, err := b.recordEvent(ctx, lb, in.ev, in.arrived)
			if err != nil {
				return err
			}
			n++
			if after != nil {
				afters = append(afters, after)
			}
			if last {
				break
			}
		}
		return nil
	})
	if err != nil {
		b.log.Warn("could not commit waiting lines together; taking them one by one", "lines", len(ins), "err", err)
		for _, s := range saved {
			b.restore(s)
		}
		for _, in := range ins {
			b.handleEvent(ctx, in.ev, in.arrived)
		}
		return len(ins)
	}
	for _, after := range afters {
		after()
	}
	return n
}

// savedChannel is a channel's state before a batch, to go back to when the
// batch fails: its fields, and the meeting its engine ran ("" when none).
type savedChannel struct {
	ch      *channel
	fields  channel
	meeting string
}

func save(ch *channel) savedChannel {
	s := savedChannel{ch: ch, fields: *ch}
	if m := ch.eng.Meeting(); m != nil {
		s.meeting = m.ID
	}
	return s
}

// restore puts a channel back as it was before a batch that failed: its
// fields as saved, and its engine rebuilt from the store (the engine
// handled the batch's lines, which were not committed).
func (b *Bot) restore(s savedChannel) {
	*s.ch = s.fields
	if s.meeting == "" {
		s.ch.eng = meeting.NewChannel(s.ch.name, s.ch.opt)
		return
	}
	rec, err := b.st.Meeting(s.meeting)
	var evs []meeting.Event
	if err == nil {
		evs, err = b.st.Events(s.meeting)
	}
	if err != nil {
		// The engine keeps the uncommitted lines, as after a line
		// that failed alone.
		b.log.Error("could not rebuild the meeting from the store after a failed batch", "meeting", s.meeting, "err", err)
		return
	}
	s.ch.eng, _ = store.ReplayEvents(rec, evs)
}

// recordEvent feeds one channel event to the engine and takes its store
// step through r. It returns what is to be done once the step is committed
// (the replies, the topic, publishing; nil when nothing), and whether ev
// must be the last of its batch: it ended a meeting, or it changes the
// series' agenda between meetings (after, in a transaction of its own,
// which the next line's start must see). When the store step failed it
// returns the error, and after then says the failure in the channel.
func (b *Bot) recordEvent(ctx context.Context, r recorder, ev meeting.Event, arrived time.Time) (after func(), last bool, err error) {
	ch := b.channel(ev.Channel)
	ev.Channel = ch.name
	var oldTopic string
	if ch.eng.Meeting() == nil {
		oldTopic = b.topic(ch.name)
	}
	res := ch.eng.Handle(ev)
	if !res.Recorded {
		if !res.ListActions && !res.NextMeeting && len(res.Replies) == 0 && res.Agenda == nil && res.SummaryAfterEnd == nil {
			return nil, false, nil
		}
		return func() {
			if res.ListActions { // #actions between meetings
				b.listActions(ch, "", res.ListSeries)
			}
			if res.NextMeeting {
				b.sayNextMeeting(ch.name, ev.Time)
			}
			for _, r := range res.Replies { // refusals between meetings
				b.say(ch.name, r)
			}
			if res.Agenda != nil { // #agenda between meetings
				b.agendaBetween(ctx, ch, *res.Agenda)
			}
			if res.SummaryAfterEnd != nil { // #summary, #undo after the end
				b.summaryAfterEnd(ctx, ch, *res.SummaryAfterEnd)
			}
		}, res.Agenda != nil || res.SummaryAfterEnd != nil, nil
	}
	m := res.Meeting
	var step life.Step
	storeStart := time.Now()
	if res.Started {
		// A meeting id is the series and the start second: another meeting
		// of the series may already have this id (two starts in one
		// second). Start this one a second later, in the engine as in the
		// store, so that live and replayed meetings stay the same.
		for try := 0; ; try++ {
			step, err = b.startMeeting(ctx, r, ch, m, ev, oldTopic)
			if !errors.Is(err, store.ErrExists) || try == 10 {
				break
			}
			ev.Time = ev.Time.Truncate(time.Second).Add(time.Second)
			ch.eng = meeting.NewChannel(ch.name, ch.opt)
			res = ch.eng.Handle(ev)
			m = res.Meeting
		}
		if err != nil {
			// Not stored: the meeting must not run in memory only.
			ch.eng = meeting.NewChannel(ch.name, ch.opt)
			return func() { b.failed(ch.name, m.ID, "starting the meeting (storing it)", err) }, false, err
		}
		if step.Agenda != nil {
			// The series' open agenda, stored after the start line:
			// the engine lists it.
			res.Replies = append(res.Replies, ch.eng.Handle(*step.Agenda).Replies...)
		}
	} else if step, err = r.Line(ctx, m, ev, res); err != nil {
		return func() { b.failed(ch.name, m.ID, "saving "+ev.Nick+"'s line to the store", err) }, false, err
	}
	return func() { b.replied(ctx, ch, ev, res, step, arrived, storeStart) }, res.Ended, nil
}

// replied does what follows a committed line: the replies, the action
// items, the topic, the end of the meeting, publishing.
func (b *Bot) replied(ctx context.Context, ch *channel, ev meeting.Event, res meeting.Result, step life.Step, arrived, storeStart time.Time) {
	m := res.Meeting
	if h := b.onCommit.Load(); h != nil {
		(*h)(ev, arrived, time.Since(storeStart))
	}
	for _, r := range res.Replies {
		b.say(ch.name, r)
	}
	if len(step.Changes) > 0 && !res.Ended {
		b.sayActions(ch.name, step)
		b.checkOwners(ch.name, m, step)
		if b.opt.OnItemsRemoved != nil && res.ActionUndone {
			b.opt.OnItemsRemoved(ctx)
		}
	}
	if res.Started && b.cfg.Meeting.ListActionsOnStart {
		b.listActions(ch, "", m.Series)
	}
	if res.ListActions {
		b.listActions(ch, m.ID, m.Series)
	}
	if res.NextMeeting {
		b.sayNextMeeting(ch.name, ev.Time)
	}
	if res.Ended {
		b.endMeeting(ctx, ch, m)
		return
	}
	if res.Changed {
		b.syncTopic(ch, m)
	}
	if res.AgendaChanged {
		b.agendaChanged(m.Series)
	}
	if res.Save && b.pub != nil {
		b.publish(ctx, ch.name, m.ID, false)
	}
}

// sayActions says the action items a line made, repeated or closed, with
// their tracker ids.
func (b *Bot) sayActions(channel string, step life.Step) {
	items, err := b.life.Items(step.Changes)
	if err != nil {
		b.log.Error("could not read the action items", "err", err)
		return
	}
	for _, l := range life.ActionLines(step.Changes, items) {
		b.say(channel, l)
	}
}

// startMeeting stores the record of meeting m, which ev started, and ev
// itself, through r (in one transaction).
func (b *Bot) startMeeting(ctx context.Context, r recorder, ch *channel, m *meeting.Meeting, ev meeting.Event, oldTopic string) (life.Step, error) {
	ch.oldTopic, ch.topicSet = oldTopic, ""
	rec := store.MeetingRecord{
		ID: m.ID, Channel: m.Channel, Series: m.Series, Title: m.Title, Source: m.Source,
		TimeZone: m.Location.String(), Started: m.Started,
		OpsAreChairs: ch.opt.OpsAreChairs, BotNick: ch.opt.BotNick,
		OldTopic: oldTopic, SeriesOption: ch.opt.Series, SeriesFixed: ch.opt.SeriesFixed,
	}
	return r.Start(ctx, rec, ev)
}

// currentTopic is the meeting's latest #topic, or "".
func currentTopic(m *meeting.Meeting) string {
	for i := len(m.Items) - 1; i >= 0; i-- {
		if m.Items[i].Kind == meeting.ItemTopic {
			return m.Items[i].Text
		}
	}
	return ""
}

// topicEnabled says whether the bot manages channel's topic.
func (b *Bot) topicEnabled(channel string) bool {
	if cc := b.cfg.ChannelConfig(channel); cc.SetTopic != nil {
		return *cc.SetTopic
	}
	return b.cfg.IRC.SetTopic != nil && *b.cfg.IRC.SetTopic
}

// syncTopic sets the channel topic to the meeting's current topic when the
// bot is operator there and topic handling is on.
func (b *Bot) syncTopic(ch *channel, m *meeting.Meeting) {
	t := currentTopic(m)
	if t == "" || t == ch.topicSet || !b.topicEnabled(ch.name) || !b.isOp(b.client.GetNick(), ch.name) {
		return
	}
	ch.topicSet = t
	b.setTopic(ch.name, t)
}

// endMeeting (the record is closed and the items tracked with the last
// line) restores the topic, publishes the minutes and then says where
// they are.
func (b *Bot) endMeeting(ctx context.Context, ch *channel, m *meeting.Meeting) {
	if ch.topicSet != "" && b.topicEnabled(ch.name) && b.isOp(b.client.GetNick(), ch.name) {
		b.setTopic(ch.name, ch.oldTopic)
	}
	ch.topicSet, ch.oldTopic = "", ""
	// The next meeting runs with the options configured now.
	if opt := b.engineOptions(ch.name); opt != ch.opt {
		ch.opt, ch.eng = opt, meeting.NewChannel(ch.name, opt)
	}
	if b.pub != nil {
		b.publish(ctx, ch.name, m.ID, true)
	} else {
		ch.eng.ForgetEnded() // nothing will read it
		if b.opt.OnEnded != nil {
			b.opt.OnEnded(m.ID)
		}
	}
}

// publish replays meeting id from the store and hands it to the publisher
// in the background; then it says the URLs in channel.
func (b *Bot) publish(ctx context.Context, channel, id string, ended bool) {
	b.bg.Add(1)
	go func() {
		defer b.bg.Done()
		pctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Minute)
		defer cancel()
		m, err := b.st.Replay(id)
		var urls map[string]string
		if err == nil {
			if ended {
				urls, err = b.pub.MeetingEnded(pctx, m)
			} else {
				urls, err = b.pub.MeetingSaved(pctx, m)
			}
		}
		if ended {
			// Published (or failed: the store still has it, and Run
			// publishes it again at the next start): the worker
			// drops the engine's copy of the ended meeting.
			b.in.push(input{kind: inPublished, channel: channel, text: id})
		}
		if err != nil {
			b.failed(channel, id, "publishing the minutes", err)
			return
		}
		if ended {
			if err := b.life.MarkPublished(id, time.Now().UTC().Format(time.RFC3339)); err != nil {
				b.log.Error("could not mark the meeting published", "meeting", id, "err", err)
			}
			if b.opt.OnEnded != nil {
				b.opt.OnEnded(id)
			}
		}
		for _, l := range urlLines(urls) {
			b.say(channel, l)
		}
		if ended && b.cfg.ChannelConfig(channel).Posts {
			b.say(channel, postHint(m, b.cfg.Path))
		}
	}()
}

// postHint is what the bot says after the minutes' URLs in a channel whose
// minutes are blog posts ([[channel]] posts = true).
func postHint(m *meeting.Meeting, cfgPath string) string {
	if cfgPath == "" {
		cfgPath = "gavel.toml"
	}
	if len(m.Summary) > 0 {
		return "The summary makes these minutes a blog post; #summary adds to it for " + life.SummaryWindowText + " (chairs), gavel summary -c " + cfgPath + " --meeting " + m.ID + " --file FILE replaces it."
	}
	return "To make these minutes a blog post, add a summary: #summary lines here (chairs, for " + life.SummaryWindowText + "), or gavel summary -c " + cfgPath + " --meeting " + m.ID + " --file FILE."
}

// summaryAfterEnd applies a #summary or #undo said between meetings to the
// summary of the channel's meeting that ended last (life decides whether
// it may), says the reply, and publishes the meeting again in the
// background (only the pages that show the summary change), then says
// where its post is.
func (b *Bot) summaryAfterEnd(ctx context.Context, ch *channel, op meeting.SummaryOp) {
	cfgPath := b.cfg.Path
	if cfgPath == "" {
		cfgPath = "gavel.toml"
	}
	res, err := b.life.SummaryAfterEnd(ctx, ch.name, op, cfgPath)
	if err != nil {
		b.failed(ch.name, res.Meeting.ID, "changing the summary", err)
		return
	}
	if res.Reply != "" {
		b.say(ch.name, res.Reply)
	}
	if !res.Changed || b.pub == nil {
		return
	}
	id, channel := res.Meeting.ID, ch.name
	b.bg.Add(1)
	go func() {
		defer b.bg.Done()
		pctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Minute)
		defer cancel()
		m, err := b.st.Replay(id)
		var urls map[string]string
		if err == nil {
			urls, err = b.pub.MeetingEnded(pctx, m)
		}
		if err != nil {
			b.failed(channel, id, "publishing the summary", err)
			return
		}
		switch {
		case urls["post"] != "":
			b.say(channel, "Post: "+urls["post"])
		case urls["html"] != "":
			b.say(channel, "The summary is removed; minutes: "+urls["html"])
		}
	}()
}

// republishWindow is how far back Run looks for ended meetings whose
// publishing did not finish (the bot stopped in between).
const republishWindow = 7 * 24 * time.Hour

// republish publishes the IRC meetings that ended recently but were never
// marked published.
func (b *Bot) republish(ctx context.Context) error {
	recs, err := b.st.AllMeetings()
	if err != nil {
		return fmt.Errorf("bot: list meetings: %w", err)
	}
	for _, r := range recs {
		if r.Open() || r.Source != "irc" || r.Published != "" || time.Since(r.Ended) > republishWindow {
			continue
		}
		b.log.Info("publishing a meeting whose publishing did not finish", "meeting", r.ID)
		b.publish(ctx, r.Channel, r.ID, true)
	}
	return nil
}

// urlLines formats the minutes URLs as MeetBot does: the HTML minutes,
// the text minutes and the HTML log (other formats sit beside them).
func urlLines(urls map[string]string) []string {
	var out []string
	for _, f := range []struct{ key, label string }{
		{"html", "Minutes:        "}, {"txt", "Minutes (text): "}, {"log", "Log:            "},
	} {
		if u := urls[f.key]; u != "" {
			out = append(out, f.label+u)
		}
	}
	return out
}

// resume rebuilds every open meeting from the store.
func (b *Bot) resume(ctx context.Context) error {
	recs, err := b.st.OpenMeetings()
	if err != nil {
		return fmt.Errorf("bot: list open meetings: %w", err)
	}
	sort.Slice(recs, func(i, j int) bool { return recs[i].Started.Before(recs[j].Started) })
	for _, rec := range recs {
		evs, err := b.st.Events(rec.ID)
		if err != nil {
			return fmt.Errorf("bot: resume meeting %s: %w", rec.ID, err)
		}
		eng, m := store.ReplayEvents(rec, evs)
		if eng.Meeting() == nil {
			// Ended before the record was closed (a crash at
			// #endmeeting), or no line was ever stored.
			ended := rec.Started
			if m != nil && !m.Ended.IsZero() {
				ended = m.Ended
			} else if n := len(evs); n > 0 {
				ended = evs[n-1].Time
			}
			if err := b.life.Close(rec.ID, ended, m == nil); err != nil {
				return fmt.Errorf("bot: close meeting %s: %w", rec.ID, err)
			}
			b.log.Warn("closed a meeting found ended or empty at start", "meeting", rec.ID, "events", len(evs))
			continue
		}
		ch := b.channel(rec.Channel)
		if ch.eng.Meeting() != nil {
			b.log.Warn("two open meetings in one channel; keeping the later", "channel", rec.Channel, "dropped", ch.eng.Meeting().ID)
		}
		ch.eng, ch.opt, ch.resumed = eng, store.EngineOptions(rec), true
		ch.oldTopic, ch.topicSet = rec.OldTopic, currentTopic(m)
		b.log.Info("resumed meeting", "meeting", rec.ID, "channel", rec.Channel, "events", len(evs))
	}
	if b.pub != nil {
		return b.republish(ctx)
	}
	return nil
}

// chairs returns the meeting's chairs, sorted.
func chairs(m *meeting.Meeting) []string {
	var out []string
	for n, ok := range m.Chairs {
		if ok {
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out
}

// listActions says what #actions lists: the items of meeting id (""
// between meetings) and the open items of series.
func (b *Bot) listActions(ch *channel, id, series string) {
	l, err := b.life.List(id, series, ch.name)
	if err != nil {
		b.failed(ch.name, id, "reading the action items of "+l.Series, err)
		return
	}
	for _, line := range l.Lines(10) {
		b.say(ch.name, line)
	}
}

// agendaBetween applies an #agenda said between meetings to the series'
// agenda in the store and says the replies.
func (b *Bot) agendaBetween(ctx context.Context, ch *channel, op meeting.AgendaOp) {
	replies, series, err := b.life.AgendaDo(ctx, op, ch.name)
	if err != nil {
		b.failed(ch.name, "", "changing the agenda of "+series, err)
		return
	}
	for _, r := range replies {
		b.say(ch.name, r)
	}
	if op.Op != "list" {
		b.agendaChanged(series)
	}
}

// onWorker marks the context of the worker goroutine (see agendaHeld).
type onWorker struct{}

// agendaHeld is the bot's life.AgendaHolder: it applies an agenda change
// made outside the meeting (gavel agenda through the control socket, or an
// #agenda between meetings in another channel) to the running meeting id
// in channel on the worker, which owns the meeting's engine, and waits for
// it (at most a minute).
func (b *Bot) agendaHeld(ctx context.Context, op meeting.AgendaOp, id, channel string) ([]string, bool, error) {
	if ctx.Value(onWorker{}) != nil {
		return b.applyHeld(ctx, op, id, channel)
	}
	type result struct {
		replies []string
		handled bool
		err     error
	}
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	done := make(chan result, 1)
	b.in.push(input{kind: inDo, do: func() {
		r, h, err := b.applyHeld(ctx, op, id, channel)
		done <- result{r, h, err}
	}})
	select {
	case r := <-done:
		return r.replies, r.handled, r.err
	case <-ctx.Done():
		return nil, false, fmt.Errorf("the bot's worker did not take the change: %w", ctx.Err())
	}
}

// applyHeld (on the worker) feeds an agenda change to the running meeting
// id in channel as an event (meeting.AgendaOpEvent), stores it like a
// line, and says the replies in the channel; handled is false when that
// meeting does not run there.
func (b *Bot) applyHeld(ctx context.Context, op meeting.AgendaOp, id, channel string) ([]string, bool, error) {
	ch, ok := b.chans[chanKey(channel)]
	if !ok || ch.eng.Meeting() == nil || ch.eng.Meeting().ID != id {
		return nil, false, nil
	}
	ev, err := meeting.AgendaOpEvent(op, ch.name)
	if err != nil {
		return nil, false, err
	}
	res := ch.eng.Handle(ev)
	if !res.Recorded {
		return nil, false, nil
	}
	if _, err := b.life.Line(ctx, res.Meeting, ev, res); err != nil {
		b.failed(ch.name, id, "saving an agenda change to the store", err)
		return nil, true, err
	}
	for _, r := range res.Replies {
		b.say(ch.name, r)
	}
	if res.AgendaChanged {
		b.agendaChanged(res.Meeting.Series)
	}
	return res.Replies, true, nil
}

// agendaChanged asks the Publisher, when it is an AgendaPublisher, to
// write the pages that show series' next agenda again.
func (b *Bot) agendaChanged(series string) {
	if ap, ok := b.pub.(AgendaPublisher); ok && series != "" {
		ap.AgendaChanged(series)
	}
}
