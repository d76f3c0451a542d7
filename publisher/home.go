package publisher

import (
	"sort"
	"strings"
	"time"

	"github.com/gavel-irc/gavel/sitepath"
)

// occurrences is how many upcoming dates of each scheduled meeting a page
// lists: the page is static, so the script hides those already past.
const occurrences = 3

// upcoming is one scheduled meeting's next occurrences.
type upcoming struct {
	Title   string
	Channel string
	Series  string
	// SeriesPage says the series has a page to link to; SeriesCalendar
	// that its folder has the schedule's meetings.ics.
	SeriesPage     bool
	SeriesCalendar bool
	When           []when
}

// when is one instant shown in UTC, with its RFC 3339 form for <time>
// (the page's script adds the reader's local time).
type when struct {
	UTC string
	ISO string
}

func whenOf(t time.Time) when {
	t = t.UTC()
	return when{UTC: t.Format("Mon 2 Jan 2006, 15:04 UTC"), ISO: t.Format(time.RFC3339)}
}

// schedules returns the upcoming meetings after now; with series set,
// only that series' (matched by series name or by channel).
func (p *Publisher) schedules(b *build, series string) []upcoming {
	var out []upcoming
	for _, s := range p.opt.Schedules {
		if s.Rule == nil {
			continue
		}
		name := s.Series
		if _, ok := b.bySeries[name]; !ok {
			name = b.seriesOfChannel(s.Channel, name)
		}
		if series != "" && name != series {
			continue
		}
		u := upcoming{Title: s.Title, Channel: s.Channel, Series: name, SeriesPage: len(b.bySeries[name]) > 0,
			SeriesCalendar: s.Series != "" && s.Series == name}
		if u.Title == "" {
			u.Title = s.Channel
		}
		t := p.opt.Now
		for i := 0; i < occurrences; i++ {
			t = s.Rule.Next(t)
			if t.IsZero() {
				break
			}
			u.When = append(u.When, whenOf(t))
		}
		if len(u.When) > 0 {
			out = append(out, u)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].When[0].ISO < out[j].When[0].ISO })
	return out
}

// seriesOfChannel returns the series of the latest meeting held in
// channel, or def when there is none.
func (b *build) seriesOfChannel(channel, def string) string {
	for i := len(b.recs) - 1; i >= 0; i-- {
		if strings.EqualFold(b.recs[i].Channel, channel) {
			return b.recs[i].Series
		}
	}
	return def
}

// homeMeeting is one of the latest minutes on the home page.
type homeMeeting struct {
	*ref
	digest
}

// homeDecision is one of the latest decisions on the home page.
type homeDecision struct {
	decision
	Meeting *ref
}

// homePage is the data of home.html.
type homePage struct {
	Channel   string
	Upcoming  []upcoming
	Agendas   []seriesAgenda
	Overdue   []actionView
	DueSoon   []actionView
	Decisions []homeDecision
	Meetings  []homeMeeting
	Posts     []*post
	AsOf      string
}

// homeDecisions is how many decisions the home page lists.
const homeDecisions = 8

// homeDue is how many overdue (and how many due-soon) items the home page
// lists; the actions page has them all.
const homeDue = 10

// homeData makes the home page's data.
func (p *Publisher) homeData(b *build, dg map[string]digest, due dueSoon) homePage {
	hp := homePage{Upcoming: p.schedules(b, ""), Agendas: homeAgendas(b), AsOf: p.opt.Now.Format("2006-01-02")}
	if len(p.opt.Channels) > 0 {
		hp.Channel = p.opt.Channels[0]
	}
	for i := len(b.recs) - 1; i >= 0 && len(hp.Meetings) < p.opt.HomeEntries; i-- {
		r := b.recs[i]
		hp.Meetings = append(hp.Meetings, homeMeeting{ref: r, digest: dg[r.ID]})
	}
	for i := len(b.recs) - 1; i >= 0 && i >= len(b.recs)-homeTexts && len(hp.Decisions) < homeDecisions; i-- {
		r := b.recs[i]
		ds := dg[r.ID].Decided
		for j := len(ds) - 1; j >= 0 && len(hp.Decisions) < homeDecisions; j-- {
			hp.Decisions = append(hp.Decisions, homeDecision{decision: ds[j], Meeting: r})
		}
	}
	hp.Overdue, hp.DueSoon = due.Overdue, due.Soon
	for _, ps := range b.posts {
		if len(hp.Posts) == p.opt.HomeEntries {
			break
		}
		hp.Posts = append(hp.Posts, ps)
	}
	return hp
}

// writeHome writes the home page.
func (p *Publisher) writeHome(b *build, dg map[string]digest, due dueSoon) error {
	return p.page(b, "home.html", sitepath.IndexPage, "", nil, p.homeData(b, dg, due))
}
