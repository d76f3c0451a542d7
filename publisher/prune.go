package publisher

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/gavel-irc/gavel/sitepath"
)

// Pages whose content went away are removed by the publish that finds them
// gone (issue 11): a series' timeline pages of periods it no longer has
// (its meetings renamed or merged into another series, a year split into
// months or joined again), an owner's pages when the owner has no item
// left or fewer pages of them, and numbered item pages no item is on. What
// the last publish wrote is remembered by the Publisher; its first publish
// (and one after a failed publish) reads the folders instead.

// isPeriodKey reports whether name is a timeline period's folder name: a
// year (2026) or a month of one (2026-07).
func isPeriodKey(name string) bool {
	digits := func(s string) bool {
		for i := 0; i < len(s); i++ {
			if s[i] < '0' || s[i] > '9' {
				return false
			}
		}
		return true
	}
	switch len(name) {
	case 4:
		return digits(name)
	case 7:
		return digits(name[:4]) && name[4] == '-' && digits(name[5:])
	}
	return false
}

// prunePeriods removes series s's timeline pages of the periods not in
// keep (nil: the series has none left).
func (p *Publisher) prunePeriods(b *build, s string, keep map[string]bool) error {
	return p.prunePeriodsIn(b, seriesDir(s), keep)
}

// prunePeriodsIn removes the timeline pages in the series folder dir (a
// site path ending in '/') of the periods not in keep.
func (p *Publisher) prunePeriodsIn(b *build, dir string, keep map[string]bool) error {
	ents, err := os.ReadDir(filepath.Join(b.out.root, filepath.FromSlash(dir)))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("publisher: reading %s: %w", dir, err)
	}
	for _, e := range ents {
		if !e.IsDir() || !isPeriodKey(e.Name()) || keep[e.Name()] {
			continue
		}
		if err := p.removePage(b, dir+e.Name()+"/"+sitepath.IndexPage); err != nil {
			return err
		}
	}
	return nil
}

// removePage removes the page rel and its folder when that is left empty.
func (p *Publisher) removePage(b *build, rel string) error {
	if err := b.out.remove(rel); err != nil {
		return err
	}
	p.memoMu.Lock()
	delete(p.listMemo, rel)
	delete(p.pageMemo, rel)
	p.memoMu.Unlock()
	dir := filepath.Dir(filepath.Join(b.out.root, filepath.FromSlash(rel)))
	os.Remove(dir) // only when empty; an error leaves it
	b.out.dirs.Delete(dir)
	return nil
}

// pruneActions removes the action pages no item is on any more: the pages
// and calendar of owners who have no item left (owners maps each owner's
// folder to its number of pages), an owner's pages after its last, and
// the numbered pages not in pages.
func (p *Publisher) pruneActions(b *build, owners map[string]int, pages map[string]bool) error {
	root := sitepath.ActionsDir + "/"
	prevOwners, prevPages := p.actionOwners, p.actionItems
	if prevOwners == nil || prevPages == nil {
		prevOwners, prevPages = map[string]int{}, map[string]bool{}
		ents, err := os.ReadDir(filepath.Join(b.out.root, sitepath.ActionsDir))
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("publisher: reading %s: %w", sitepath.ActionsDir, err)
		}
		for _, e := range ents {
			if e.IsDir() && e.Name() != sitepath.Items {
				prevOwners[e.Name()] = -1 // not known: read its folder
			}
		}
		ents, err = os.ReadDir(filepath.Join(b.out.root, sitepath.ActionsDir, sitepath.Items))
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("publisher: reading %s: %w", sitepath.ActionsDir+"/"+sitepath.Items, err)
		}
		for _, e := range ents {
			if name, ok := strings.CutSuffix(e.Name(), ".html"); ok && !e.IsDir() {
				prevPages[name] = true
			}
		}
	}
	for slug, had := range prevOwners {
		now, ok := owners[slug]
		if ok && had >= 0 && had <= now {
			continue
		}
		ents, err := os.ReadDir(filepath.Join(b.out.root, sitepath.ActionsDir, slug))
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("publisher: reading %s%s: %w", root, slug, err)
		}
		for _, e := range ents {
			pg := ownerPageNumber(e.Name())
			if e.IsDir() || (pg == 0 && (ok || e.Name() != calendarFile)) || (ok && pg <= now) {
				continue
			}
			if err := p.removePage(b, root+slug+"/"+e.Name()); err != nil {
				return err
			}
		}
	}
	for name := range prevPages {
		if !pages[name] {
			if err := p.removePage(b, root+sitepath.Items+"/"+name+".html"); err != nil {
				return err
			}
		}
	}
	p.actionOwners, p.actionItems = owners, pages
	return nil
}

// ownerPageNumber is the number of an owner's page file (index.html is 1,
// N.html is N), 0 for another file.
func ownerPageNumber(name string) int {
	if name == sitepath.IndexPage {
		return 1
	}
	n, ok := strings.CutSuffix(name, ".html")
	if !ok {
		return 0
	}
	i, err := strconv.Atoi(n)
	if err != nil || i < 2 || strconv.Itoa(i) != n {
		return 0
	}
	return i
}

// pruneSeries removes the timeline pages left in the folders of series
// that have no meeting any more (a full build: the incremental publishes
// prune the series they write).
func (p *Publisher) pruneSeries(b *build) error {
	ents, err := os.ReadDir(filepath.Join(b.out.root, sitepath.SeriesDir))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("publisher: reading %s: %w", sitepath.SeriesDir, err)
	}
	have := make(map[string]bool, len(b.series))
	for _, s := range b.series {
		have[sitepath.Slug(s)] = true
	}
	for _, e := range ents {
		if e.IsDir() && !have[e.Name()] {
			if err := p.prunePeriodsIn(b, sitepath.SeriesDir+"/"+e.Name()+"/", nil); err != nil {
				return err
			}
		}
	}
	return nil
}
