package remind

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/gavel-irc/gavel/config"
	"github.com/gavel-irc/gavel/email"
	"github.com/gavel-irc/gavel/ical"
	"github.com/gavel-irc/gavel/minutes"
	"github.com/gavel-irc/gavel/store"
)

// minutesWindow is how far back MailMinutes looks for meetings to mail: a
// meeting that started earlier (an old face-to-face meeting's notes imported
// today are dated by the meeting) is not mailed.
const minutesWindow = 30 * 24 * time.Hour

// Mark keys of the minutes mail: mailSince+channel is when mailing began for
// a channel (so configuring minutes_to does not mail the archive), and
// mailedKey+id that a meeting's minutes were accepted by the SMTP server.
const (
	mailSince = "mail/since/"
	mailedKey = "mail/minutes/"
)

// minutesChannel is a channel whose minutes are mailed.
type minutesChannel struct {
	cfg   config.Channel
	since time.Time
}

// MailMinutes mails the minutes of every ended meeting of a channel with
// minutes_to (and of notes imported into its series) that has not been
// mailed: one message per meeting with the text minutes, the links to every
// format and the action items by person, with a Message-ID made from the
// meeting id. The store is the outbox: a meeting is marked mailed only once
// the server accepted it, so a crash between the end of a meeting and its
// mail sends it at the next sweep; resent after a crash between acceptance
// and mark, it carries the same Message-ID. Logs imported from an archive
// (source "import") are not mailed. It returns how many it mailed.
func (r *Reminder) MailMinutes(ctx context.Context) (int, error) {
	if r.mail == nil {
		return 0, nil
	}
	r.mailMu.Lock()
	defer r.mailMu.Unlock()
	now := r.clock.Now()
	chans, err := r.mailChannels(now)
	if err != nil || len(chans) == 0 {
		return 0, err
	}
	var due []store.MeetingRecord
	var dueCh []*minutesChannel
	err = r.st.View(func(tx *store.Tx) error {
		recs, err := tx.StartedSince(now.Add(-minutesWindow))
		if err != nil {
			return err
		}
		for _, rec := range recs {
			if rec.Ended.IsZero() || rec.Source == "import" {
				continue
			}
			mc := chans[strings.ToLower(rec.Channel)]
			if mc == nil {
				for _, c := range chans {
					if c.cfg.Series != "" && c.cfg.Series == rec.Series {
						mc = c
						break
					}
				}
			}
			if mc == nil || rec.Ended.Before(mc.since) && rec.Source != "f2f" {
				continue
			}
			if _, ok, err := tx.MarkedAt(mailedKey + rec.ID); err != nil {
				return err
			} else if ok {
				continue
			}
			due = append(due, rec)
			dueCh = append(dueCh, mc)
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("remind: minutes mail: %w", err)
	}
	n := 0
	for i, rec := range due {
		if err := ctx.Err(); err != nil {
			return n, err
		}
		msg, err := r.minutesMessage(rec, dueCh[i].cfg, now)
		if err != nil {
			r.log.Error("remind: minutes mail: composing", "meeting", rec.ID, "err", err)
			continue
		}
		if err := r.mail.Send(ctx, msg); err != nil {
			r.log.Warn("remind: minutes mail failed; retried at the next sweep", "meeting", rec.ID, "err", err)
			continue
		}
		if err := r.st.Update(func(tx *store.Tx) error { _, err := tx.Mark(mailedKey+rec.ID, now); return err }); err != nil {
			return n, fmt.Errorf("remind: minutes mail of %s sent but not marked: %w", rec.ID, err)
		}
		n++
	}
	return n, nil
}

// mailChannels returns the channels whose minutes are mailed, each with
// when its mailing began, marking that now for a channel that had no mark.
// The caller holds mailMu.
func (r *Reminder) mailChannels(now time.Time) (map[string]*minutesChannel, error) {
	chans := map[string]*minutesChannel{}
	for _, ch := range r.cfg.Channels {
		if len(ch.MinutesTo) > 0 {
			chans[strings.ToLower(ch.Name)] = &minutesChannel{cfg: ch}
		}
	}
	if len(chans) == 0 {
		return nil, nil
	}
	// The since marks are written once per channel; later sweeps only read
	// (no write transaction, and no fsync, every five minutes).
	var missing []string
	err := r.st.View(func(tx *store.Tx) error {
		for name, mc := range chans {
			at, ok, err := tx.MarkedAt(mailSince + name)
			if err != nil {
				return err
			}
			if !ok {
				at, missing = now, append(missing, name)
			}
			mc.since = at
		}
		return nil
	})
	if err == nil && len(missing) > 0 {
		err = r.st.Update(func(tx *store.Tx) error {
			for _, name := range missing {
				if _, err := tx.Mark(mailSince+name, now); err != nil {
					return err
				}
			}
			return nil
		})
	}
	if err != nil {
		return nil, fmt.Errorf("remind: minutes mail: %w", err)
	}
	return chans, nil
}

// MailMinutesSoon asks for the minutes mail now, not at the next sweep:
// gavel run calls it once a meeting ended (and was published) and after
// notes were imported. It never blocks: MailMinutes runs on the goroutine
// Start began (requests made while one is pending are merged into it);
// before Start, or after Stop, the next Tick mails instead.
func (r *Reminder) MailMinutesSoon() {
	select {
	case r.mailSoon <- struct{}{}:
	default:
	}
}

// mailLoop answers MailMinutesSoon's requests until ctx is done.
func (r *Reminder) mailLoop(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-r.mailSoon:
		}
		if n, err := r.MailMinutes(ctx); err != nil && ctx.Err() == nil {
			r.log.Error("remind: minutes mail failed", "err", err)
		} else if n > 0 {
			r.log.Info("remind: minutes mailed", "meetings", n)
		}
	}
}

// minutesMessage is the mail of rec's minutes to ch's list.
func (r *Reminder) minutesMessage(rec store.MeetingRecord, ch config.Channel, now time.Time) (email.Message, error) {
	m, err := r.st.Replay(rec.ID)
	if err != nil {
		return email.Message{}, err
	}
	site := r.cfg.Site
	opt := minutes.Options{Pattern: site.FilePattern, BaseURL: site.BaseURL}
	var text bytes.Buffer
	if err := minutes.Render(&text, m, opt, minutes.FormatText); err != nil {
		return email.Message{}, err
	}
	paths, err := minutes.Paths(m, opt)
	if err != nil {
		return email.Message{}, err
	}
	var items []store.ActionRecord
	if err := r.st.View(func(tx *store.Tx) error {
		items, err = tx.Actions(store.ActionFilter{Meeting: rec.ID})
		return err
	}); err != nil {
		return email.Message{}, err
	}
	var b strings.Builder
	title := m.Title
	if title == "" {
		title = m.Series
	}
	loc := ch.Location
	fmt.Fprintf(&b, "Minutes of %s, %s\n", title, m.Started.In(locOr(loc)).Format("Mon 2006-01-02"))
	if base := strings.TrimSuffix(site.BaseURL, "/"); base != "" {
		b.WriteString("\n")
		for _, f := range []string{minutes.FormatHTML, minutes.FormatText, minutes.FormatMD, minutes.FormatLogHTML, minutes.FormatJSON} {
			if p, ok := paths[f]; ok {
				fmt.Fprintf(&b, "%-9s %s/%s\n", f+":", base, (&url.URL{Path: p}).EscapedPath())
			}
		}
	}
	if len(items) > 0 {
		b.WriteString("\nAction items, by person\n")
		byOwner := map[string][]store.ActionRecord{}
		for _, a := range items {
			owners := a.Owners
			if len(owners) == 0 {
				owners = []string{"(unassigned)"}
			}
			for _, o := range owners {
				byOwner[o] = append(byOwner[o], a)
			}
		}
		names := make([]string, 0, len(byOwner))
		for o := range byOwner {
			names = append(names, o)
		}
		sort.Strings(names)
		for _, o := range names {
			b.WriteString("* " + o + "\n")
			for _, a := range byOwner[o] {
				line := itemLine(a, now, loc)
				if a.Status != store.StatusOpen {
					line += " [" + a.Status + "]"
				}
				b.WriteString("  " + line + "\n")
			}
		}
	}
	b.WriteString("\n")
	b.Write(text.Bytes())
	return email.Message{
		To:        ch.MinutesTo,
		Subject:   "Minutes of " + title + ", " + m.Started.In(locOr(loc)).Format("2006-01-02"),
		Body:      b.String(),
		MessageID: "minutes." + messageIDPart(rec.ID) + "@" + ical.HostFromURL(site.BaseURL),
		Date:      rec.Ended,
	}, nil
}

func locOr(l *time.Location) *time.Location {
	if l == nil {
		return time.UTC
	}
	return l
}

// messageIDPart keeps the characters of id a Message-ID's left part may hold.
func messageIDPart(id string) string {
	return strings.Map(func(c rune) rune {
		if c < 128 && (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.ContainsRune("!#$%&'*+-/=?^_`{|}~.", c)) {
			return c
		}
		return '-'
	}, id)
}
