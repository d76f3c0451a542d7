package publisher

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"time"
)

// changedLimit is how many changed meetings Publish handles one by one
// before it rebuilds the whole site instead.
const changedLimit = 200

// recordHash is what the site state remembers of a published meeting:
// its revision (what its minutes are made from) and the record's fields
// the pages show.
func recordHash(r *ref) string {
	if r.hash != "" {
		return r.hash
	}
	h := sha256.New()
	for _, s := range []string{r.Revision, r.ID, r.Series, r.Title, r.Channel, r.Source, r.TimeZone,
		r.Started.UTC().Format(time.RFC3339Nano), r.Ended.UTC().Format(time.RFC3339Nano), r.Summary} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:12])
}

// pageHash is what the site state remembers of a published minutes page:
// recordHash, a slash, and a hash of the tracker's items the page lists
// (text, owners, status, deadline, meetings), so that a change of an item
// (a repeat, a merge, an owner's done) republishes every page showing it.
func pageHash(b *build, r *ref) string {
	h := sha256.New()
	// The fields as strings.Join would give them, without joining and
	// through one buffer: a full build hashes every item once per
	// meeting that lists it.
	buf := make([]byte, 0, 8<<10)
	field := func(list ...string) {
		buf = buf[:0]
		for i, s := range list {
			if i > 0 {
				buf = append(buf, 1)
			}
			buf = append(buf, s...)
		}
		buf = append(buf, 0)
		h.Write(buf)
	}
	for _, a := range b.byMeeting[r.ID] {
		field(a.ID)
		field(a.Text)
		field(a.Owners...)
		field(a.Status)
		field(a.Due)
		field(a.DueText)
		if len(a.Meetings) > 4 {
			h.Write(b.meetingsField(a))
		} else {
			field(a.Meetings...)
		}
	}
	return recordHash(r) + "/" + hex.EncodeToString(h.Sum(nil)[:12])
}

// meetingsField returns the bytes pageHash hashes for a's meetings (their
// ids joined by 1, then a 0), made once per publish (b.meetingsFields): an
// item discussed at many meetings is hashed for each of them, and copying
// its long list into pageHash's buffer each time was most of pageHash's
// time in a full build.
func (b *build) meetingsField(a *Action) []byte {
	if f, ok := b.meetingsFields.Load(a); ok {
		return f.([]byte)
	}
	n := len(a.Meetings)
	for _, s := range a.Meetings {
		n += len(s)
	}
	f := make([]byte, 0, n)
	for i, s := range a.Meetings {
		if i > 0 {
			f = append(f, 1)
		}
		f = append(f, s...)
	}
	f = append(f, 0)
	got, _ := b.meetingsFields.LoadOrStore(a, f)
	return got.([]byte)
}

// Publish publishes what changed since the last publish: meetings that are
// new or whose record changed (with their neighbours), every post, the
// action items and the shared pages and feeds. A site never built, or
// with many changes, is rebuilt in full.
func (p *Publisher) Publish(ctx context.Context) (Stats, error) {
	p.mu.Lock()
	b, err := p.begin(ctx)
	if err != nil {
		p.mu.Unlock()
		return Stats{}, err
	}
	if !b.state.built {
		p.mu.Unlock()
		return p.Build(ctx)
	}
	var changed []*ref
	for _, r := range b.recs {
		if b.state.published[r.ID] != pageHash(b, r) {
			changed = append(changed, r)
		}
	}
	if len(changed) > changedLimit {
		p.mu.Unlock()
		return p.Build(ctx)
	}
	defer p.mu.Unlock()
	render := map[string]bool{}
	fresh := map[string]bool{}
	seriesSet := map[string]bool{}
	for _, r := range changed {
		fresh[r.ID] = true
		render[r.ID] = true
		seriesSet[r.Series] = true
		prev, next := b.neighbours(r)
		for _, nb := range []*ref{prev, next} {
			if nb != nil {
				render[nb.ID] = true
			}
		}
	}
	// The minutes pages that posts are about link back to them: render
	// them again (written only when they changed).
	for _, ps := range b.posts {
		if r := b.byID[ps.MeetingID]; r != nil && ps.meeting == nil {
			render[r.ID] = true
		}
	}
	fc := &feedCache{entries: map[string]*entryContent{}, reuse: true, freshPosts: true}
	var docs []searchDoc
	var replace []string
	n := 0
	for _, r := range b.recs {
		if !render[r.ID] {
			continue
		}
		prev, next := b.neighbours(r)
		res, err := p.renderMeeting(ctx, b, r, prev, next, fresh[r.ID])
		if err != nil {
			return Stats{}, err
		}
		n++
		if fresh[r.ID] {
			docs = append(docs, res.doc)
			replace = append(replace, r.Path)
			fc.entries[r.ID] = res.entry
		}
	}
	for _, ps := range b.posts {
		if ps.meeting != nil {
			continue
		}
		if err := p.writePost(b, ps); err != nil {
			return Stats{}, err
		}
		d := p.postDoc(ps)
		docs = append(docs, d)
		replace = append(replace, d.U)
	}
	if len(docs) > 0 {
		if err := p.writeSearch(b, docs, replace); err != nil {
			return Stats{}, err
		}
	}
	if err := p.writeShared(ctx, b, sortedKeys(seriesSet), p.allTags(b), fc); err != nil {
		return Stats{}, err
	}
	b.state.markPublished(b, b.recs, nil, true)
	if err := b.out.commit(); err != nil {
		return Stats{}, err
	}
	if err := p.saveState(ctx, b); err != nil {
		return Stats{}, err
	}
	return b.out.stats(n), nil
}
