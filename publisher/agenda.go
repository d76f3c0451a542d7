package publisher

import (
	"context"
	"fmt"
	"sort"

	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/usertext"
)

// AgendaSource is what a Source implements when it keeps the series'
// agendas (StoreSource does): the open items of each series' agenda, which
// the series pages and the home page show as the next meeting's agenda.
type AgendaSource interface {
	Agendas(ctx context.Context) (map[string][]meeting.AgendaItem, error)
}

// homeAgendaItems is how many items of each series' agenda the home page
// lists; the series page has them all.
const homeAgendaItems = 5

// agendaView is one item of a next meeting's agenda as shown.
type agendaView struct {
	Text    string
	By      string
	Minutes int
}

// seriesAgenda is a series' next agenda on the home page.
type seriesAgenda struct {
	Series     string
	SeriesPage bool
	Items      []agendaView
	// More is how many items the home page leaves to the series page.
	More int
}

// loadAgendas reads the open agendas into b (none when the Source keeps
// no agendas).
func (p *Publisher) loadAgendas(ctx context.Context, b *build) error {
	as, ok := p.src.(AgendaSource)
	if !ok {
		return nil
	}
	var err error
	if b.agendas, err = as.Agendas(ctx); err != nil {
		return fmt.Errorf("publisher: reading the agendas: %w", err)
	}
	return nil
}

// agendaOf returns series' next agenda as shown (its text through the one
// rule for user text).
func agendaOf(b *build, series string) []agendaView {
	var out []agendaView
	for _, it := range b.agendas[series] {
		out = append(out, agendaView{Text: usertext.Clean(it.Text), By: usertext.Clean(it.By), Minutes: it.Minutes})
	}
	return out
}

// homeAgendas returns the next agendas of every series that has one, by
// series name, each cut at homeAgendaItems.
func homeAgendas(b *build) []seriesAgenda {
	names := make([]string, 0, len(b.agendas))
	for s := range b.agendas {
		names = append(names, s)
	}
	sort.Strings(names)
	var out []seriesAgenda
	for _, s := range names {
		items := agendaOf(b, s)
		sa := seriesAgenda{Series: s, SeriesPage: len(b.bySeries[s]) > 0, Items: items}
		if len(items) > homeAgendaItems {
			sa.Items, sa.More = items[:homeAgendaItems], len(items)-homeAgendaItems
		}
		out = append(out, sa)
	}
	return out
}

// PublishAgenda writes the pages that show series' next agenda after it
// changed (#agenda, gavel agenda): the series' page and the home page.
// The action-item pages and calendars are rendered with the home page's
// due items, as PublishActions does, and written only when their content
// changed; every other file stays as it is.
func (p *Publisher) PublishAgenda(ctx context.Context, series string) (Stats, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.tick()
	b, err := p.begin(ctx)
	if err != nil {
		return Stats{}, err
	}
	if !b.state.built {
		// A site never built is built whole by the next Publish.
		return b.out.stats(0), nil
	}
	dg, err := p.digestsFor(ctx, b, []string{series})
	if err != nil {
		return Stats{}, err
	}
	due, err := p.writeActions(b)
	if err != nil {
		return Stats{}, err
	}
	if err := p.writeHome(b, dg, due); err != nil {
		return Stats{}, err
	}
	if err := p.writeSeries(b, series, dg); err != nil {
		return Stats{}, err
	}
	return b.out.stats(0), nil
}
