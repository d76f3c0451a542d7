package publisher

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"

	"github.com/gavel-irc/gavel/minutes"
	"github.com/gavel-irc/gavel/sitepath"
)

// PublishMoved publishes a meeting that moved from series old to another
// (gavel rename --series), whose minutes' paths may have moved with it:
// what Publish publishes (the meeting at its new path, its new series,
// feeds, home, actions), and also what only the move changes — the pages
// of the meetings before and after it in the series it left (their links
// named it), that series' page and feed (removed, with its latest
// redirect, when no meeting is left in it), its search entry at the old
// path, and its minutes files at the old path, which are removed.
func (p *Publisher) PublishMoved(ctx context.Context, id, old string) (Stats, error) {
	stats, err := p.Publish(ctx)
	if err != nil {
		return stats, err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	b, err := p.begin(ctx)
	if err != nil {
		return stats, err
	}
	r := b.byID[id]
	if r == nil {
		return stats, fmt.Errorf("publisher: meeting %q not found", id)
	}
	if r.Series == old {
		return stats, nil
	}
	m, err := p.load(ctx, b, id)
	if err != nil {
		return stats, fmt.Errorf("publisher: loading meeting %s: %w", id, err)
	}
	now, err := minutes.Paths(m, minutes.Options{Pattern: p.opt.FilePattern})
	if err != nil {
		return stats, fmt.Errorf("publisher: meeting %s: %w", id, err)
	}
	was := *m
	was.Series = old
	before, err := minutes.Paths(&was, minutes.Options{Pattern: p.opt.FilePattern})
	if err != nil {
		return stats, fmt.Errorf("publisher: meeting %s in series %s: %w", id, old, err)
	}
	// The neighbours it had in the old series link to each other now.
	var prev, next *ref
	for _, o := range b.bySeries[old] {
		if refLess(o, r) {
			prev = o
		} else if next == nil && refLess(r, o) {
			next = o
		}
	}
	n := 0
	for _, o := range []*ref{prev, next} {
		if o == nil {
			continue
		}
		pp, nn := b.neighbours(o)
		if _, err := p.renderMeeting(ctx, b, o, pp, nn, false); err != nil {
			return stats, err
		}
		n++
	}
	oldPage, moved := before[minutes.FormatHTML], before[minutes.FormatHTML] != r.Path
	if moved {
		if err := p.writeSearch(b, []searchDoc{meetingDoc(r, m)}, []string{oldPage, r.Path}); err != nil {
			return stats, err
		}
	}
	var gone []string
	if len(b.bySeries[old]) > 0 {
		dg, err := p.digestsFor(ctx, b, []string{old})
		if err != nil {
			return stats, err
		}
		if err := p.writeSeries(b, old, dg); err != nil {
			return stats, err
		}
		fc := &feedCache{entries: map[string]*entryContent{}, reuse: true}
		if err := p.writeFeeds(ctx, b, []string{old}, nil, fc); err != nil {
			return stats, err
		}
	} else {
		if err := p.prunePeriods(b, old, nil); err != nil {
			return stats, err
		}
		gone = append(gone, seriesDir(old)+sitepath.IndexPage, seriesDir(old)+sitepath.FeedFile,
			sitepath.LatestDir+"/"+sitepath.Slug(old)+"/"+sitepath.IndexPage)
	}
	for format, rel := range before {
		if now[format] != rel {
			gone = append(gone, rel)
		}
	}
	for _, rel := range gone {
		if err := p.remove(rel); err != nil {
			return stats, err
		}
	}
	if err := b.state.save(ctx, p.src); err != nil {
		return stats, err
	}
	more := b.out.stats(n)
	stats.Meetings += more.Meetings
	stats.Files += more.Files
	stats.Written += more.Written + len(gone)
	return stats, nil
}

// remove removes the file rel of the site (nothing when it is gone) and
// the folders it leaves empty, up to the site folder.
func (p *Publisher) remove(rel string) error {
	if err := checkRel(rel); err != nil {
		return err
	}
	if err := os.Remove(filepath.Join(p.opt.Dir, filepath.FromSlash(rel))); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("publisher: removing %s: %w", rel, err)
	}
	for dir := path.Dir(rel); dir != "." && dir != "/"; dir = path.Dir(dir) {
		if os.Remove(filepath.Join(p.opt.Dir, filepath.FromSlash(dir))) != nil {
			break // not empty (or gone): the folders above are not empty either
		}
	}
	return nil
}
