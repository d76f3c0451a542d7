package publisher

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/gavel-irc/gavel/meeting"
)

// digest is what the home page, the series timeline and the charts need
// to know of one meeting without loading it: counts, and its topics and
// decisions. It is made whenever the meeting is rendered, from the same
// loaded meeting, and kept in the publisher's state (keyDigest).
type digest struct {
	// Hash is the recordHash of the record the digest was made from.
	Hash      string
	Topics    int
	Decisions int
	Actions   int
	People    int
	Votes     int
	texts
}

// texts are a meeting's topics and decisions, decoded only for the
// meetings whose texts a page shows.
type texts struct {
	TopicList []string   `json:"tl,omitempty"`
	Decided   []decision `json:"dl,omitempty"`
}

// decision is one #agreed, #accepted or #rejected item.
type decision struct {
	Kind string `json:"k"`
	Text string `json:"x"`
}

// textsKept bounds the topics and decisions kept per meeting, textMax
// each text.
const (
	textsKept = 12
	textMax   = 300
)

func clip(s string) string {
	if r := []rune(s); len(r) > textMax {
		return string(r[:textMax-1]) + "…"
	}
	return s
}

// digestOf counts m's items.
func digestOf(r *ref, m *meeting.Meeting) digest {
	d := digest{Hash: recordHash(r), People: len(m.Attendees()), Votes: len(m.Votes)}
	for _, it := range m.Items {
		switch it.Kind {
		case meeting.ItemTopic:
			d.Topics++
			if len(d.TopicList) < textsKept {
				d.TopicList = append(d.TopicList, clip(it.Text))
			}
		case meeting.ItemAction:
			d.Actions++
		case meeting.ItemAgreed, meeting.ItemAccepted, meeting.ItemRejected:
			d.Decisions++
			if len(d.Decided) < textsKept {
				d.Decided = append(d.Decided, decision{Kind: string(it.Kind), Text: clip(it.Text)})
			}
		}
	}
	return d
}

// encode writes d as "HASH T D A P V JSON-TEXTS": the counts read with a
// split, the texts' JSON only when a page needs them.
func (d digest) encode() (string, error) {
	tx, err := json.Marshal(d.texts)
	if err != nil {
		return "", fmt.Errorf("publisher: digest: %w", err)
	}
	return strings.Join([]string{d.Hash, strconv.Itoa(d.Topics), strconv.Itoa(d.Decisions), strconv.Itoa(d.Actions),
		strconv.Itoa(d.People), strconv.Itoa(d.Votes), string(tx)}, " "), nil
}

// decodeDigest reads an encoded digest; withTexts decodes its texts too.
// ok is false for a malformed one (the meeting is then loaded again).
func decodeDigest(s string, withTexts bool) (d digest, ok bool) {
	var f string
	if d.Hash, s, ok = strings.Cut(s, " "); !ok {
		return d, false
	}
	for _, p := range []*int{&d.Topics, &d.Decisions, &d.Actions, &d.People, &d.Votes} {
		if f, s, ok = strings.Cut(s, " "); !ok {
			return d, false
		}
		n, err := strconv.Atoi(f)
		if err != nil {
			return d, false
		}
		*p = n
	}
	if withTexts && json.Unmarshal([]byte(s), &d.texts) != nil {
		return d, false
	}
	return d, true
}

// homeTexts is how many of the latest meetings have their texts decoded
// (the home page's latest minutes and decisions come from them).
const homeTexts = 50

// digestsFor returns the digest of the meetings a publish shows counts
// or texts of: the latest homeTexts (the home page) and, for each of
// series, its meetings (its timeline and charts). It loads (replays) those
// whose digest is missing or stale; the texts are decoded for the latest
// homeTexts meetings only.
func (p *Publisher) digestsFor(ctx context.Context, b *build, series []string) (map[string]digest, error) {
	latest := b.recs[max(0, len(b.recs)-max(homeTexts, p.opt.HomeEntries)):]
	n := len(latest)
	for _, s := range series {
		n += len(b.bySeries[s])
	}
	out := make(map[string]digest, n)
	var cut *ref // the oldest meeting whose texts are decoded
	if len(b.recs) > 0 {
		cut = b.recs[max(0, len(b.recs)-homeTexts)]
	}
	add := func(r *ref) error {
		if _, done := out[r.ID]; done {
			return nil
		}
		texts := !refLess(r, cut)
		if !texts {
			if d, ok := b.state.decodedCounts(r.ID); ok && d.Hash == recordHash(r) {
				out[r.ID] = d
				return nil
			}
		}
		raw, _ := b.state.digest(r.ID)
		d, ok := decodeDigest(raw, texts)
		if ok && !texts {
			b.state.keepCounts(r.ID, d)
		}
		if !ok || d.Hash != recordHash(r) {
			m, err := p.src.Meeting(ctx, r.ID)
			if err != nil {
				return fmt.Errorf("publisher: loading meeting %s: %w", r.ID, err)
			}
			d = digestOf(r, m)
			if err := b.state.setDigest(r.ID, d); err != nil {
				return err
			}
		}
		out[r.ID] = d
		return nil
	}
	for _, r := range latest {
		if err := add(r); err != nil {
			return nil, err
		}
	}
	for _, s := range series {
		for _, r := range b.bySeries[s] {
			if err := add(r); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}
