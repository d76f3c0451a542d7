package publisher

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// The publisher's state lives in the Source (the store: Source.State and
// Source.SaveState), never in the site folder. Its keys:
//
//	site/dir          the absolute site folder it was last built into (a
//	                  publish into another folder, or into one without its
//	                  index.html, is a full build)
//	meeting/ID        the revision of meeting ID last published (Record.Revision
//	                  and what else its page shows: pageHash)
//	entry/TAG-ID      a feed entry's content hash and when it last changed
//	weight/ID         meeting ID's feed weight (feedWeight), so that choosing
//	                  a feed's entries loads no meeting
//	digest/ID         meeting ID's counts, topics and decisions (digest.go),
//	                  so that the home page, timelines and charts load no
//	                  meeting
//	site/gen          a new random value at each save: a Publisher that
//	                  finds the value it saved keeps the state it has in
//	                  memory instead of reading every key again
//
// A site folder written by an older gavel kept the same facts in two files,
// .gavel-state.json and .gavel-published.json; the first publish imports
// them into the Source and removes them (legacyStateFile, legacyPublishedFile).
const (
	keyDir     = "site/dir"
	keyMeeting = "meeting/"
	keyEntry   = "entry/"
	keyWeight  = "weight/"
	keyDigest  = "digest/"
	keyGen     = "site/gen"
)

// The state files of site folders written before the state moved into the
// store.
const (
	legacyStateFile     = ".gavel-state.json"
	legacyPublishedFile = ".gavel-published.json"
)

// siteState is what the publisher knows of the site it published: the
// revision of each meeting published, and for each feed entry the hash of
// its content and when it last changed, so that "updated" moves only when
// content does.
type siteState struct {
	mu sync.Mutex
	// dir is the site folder; built says the state is that of this
	// folder and the folder holds a built site.
	dir   string
	built bool
	// published maps a meeting id to pageHash of what was published.
	published map[string]string
	entries   map[string]entryState
	weights   map[string]int
	// digests are the meetings' encoded digests; counts the ones decoded
	// (texts left out), until the digest changes.
	digests map[string]string
	counts  map[string]digest
	// changed holds the keys to save (value "" deletes).
	changed map[string]string
	// legacy is set when the state came from an old site folder's files,
	// which are removed once it is saved.
	legacy bool
	// gen is the value of keyGen in the Source when it was last read or
	// saved.
	gen string
}

type entryState struct {
	Hash    string    `json:"hash"`
	Updated time.Time `json:"updated"`
}

// loadState reads the state of the site in dir from src, importing the
// files of an older site folder the first time.
func loadState(ctx context.Context, src Source, dir string) (*siteState, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("publisher: site dir %s: %w", dir, err)
	}
	st := &siteState{dir: abs, published: map[string]string{}, entries: map[string]entryState{}, weights: map[string]int{},
		digests: map[string]string{}, counts: map[string]digest{}, changed: map[string]string{}}
	kv, err := src.State(ctx)
	if err != nil {
		return nil, fmt.Errorf("publisher: reading the site state: %w", err)
	}
	if len(kv) == 0 {
		// Never published from this source: an old site folder's
		// files, if any, are its state.
		return st, st.importLegacy()
	}
	for k, v := range kv {
		switch {
		case strings.HasPrefix(k, keyMeeting):
			st.published[k[len(keyMeeting):]] = v
		case strings.HasPrefix(k, keyEntry):
			var e entryState
			if err := json.Unmarshal([]byte(v), &e); err != nil {
				return nil, fmt.Errorf("publisher: site state %s: %w", k, err)
			}
			st.entries[k[len(keyEntry):]] = e
		case strings.HasPrefix(k, keyWeight):
			w, err := strconv.Atoi(v)
			if err != nil {
				return nil, fmt.Errorf("publisher: site state %s: %w", k, err)
			}
			st.weights[k[len(keyWeight):]] = w
		case strings.HasPrefix(k, keyDigest):
			st.digests[k[len(keyDigest):]] = v
		}
	}
	st.gen = kv[keyGen]
	// The history of feed entries holds whatever the folder; the site
	// counts as built only in the folder it was built into.
	st.built = kv[keyDir] == abs && fileExists(filepath.Join(abs, "index.html"))
	return st, nil
}

func fileExists(name string) bool {
	_, err := os.Stat(name)
	return err == nil
}

// importLegacy reads the state files an older gavel left in the site
// folder: the site counts as built when they are there.
func (s *siteState) importLegacy() error {
	b, err := os.ReadFile(filepath.Join(s.dir, legacyStateFile))
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("publisher: reading %s: %w", legacyStateFile, err)
	}
	var old struct {
		Entries map[string]entryState `json:"entries"`
		Weights map[string]int        `json:"weights"`
	}
	if err := json.Unmarshal(b, &old); err != nil {
		return fmt.Errorf("publisher: state file %s: %w", filepath.Join(s.dir, legacyStateFile), err)
	}
	for id, e := range old.Entries {
		s.setEntry(id, e)
	}
	for id, w := range old.Weights {
		s.setWeight(id, w)
	}
	b, err = os.ReadFile(filepath.Join(s.dir, legacyPublishedFile))
	switch {
	case errors.Is(err, os.ErrNotExist):
	case err != nil:
		return fmt.Errorf("publisher: reading %s: %w", legacyPublishedFile, err)
	default:
		pub := map[string]string{}
		if err := json.Unmarshal(b, &pub); err != nil {
			return fmt.Errorf("publisher: %s: %w", filepath.Join(s.dir, legacyPublishedFile), err)
		}
		for id, h := range pub {
			s.setPublished(id, h)
		}
	}
	s.legacy = true
	if s.built = fileExists(filepath.Join(s.dir, "index.html")); s.built {
		s.changed[keyDir] = s.dir
	}
	return nil
}

func (s *siteState) setEntry(id string, e entryState) {
	s.entries[id] = e
	v, _ := json.Marshal(e) // cannot fail: a string and a time
	s.changed[keyEntry+id] = string(v)
}

func (s *siteState) setPublished(id, hash string) {
	if s.published[id] == hash {
		return
	}
	s.published[id] = hash
	s.changed[keyMeeting+id] = hash
}

// weight returns meeting id's feed weight, if known.
func (s *siteState) weight(id string) (int, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	w, ok := s.weights[id]
	return w, ok
}

// setWeight records meeting id's feed weight.
func (s *siteState) setWeight(id string, w int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if old, ok := s.weights[id]; ok && old == w {
		return
	}
	s.weights[id] = w
	s.changed[keyWeight+id] = strconv.Itoa(w)
}

// updated returns the entry's updated time: unchanged while its hash is
// the same, published when first seen, and now (never before published)
// when its content changed.
func (s *siteState) updated(id, hash string, published, now time.Time) time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	old, ok := s.entries[id]
	if ok && old.Hash == hash {
		return old.Updated
	}
	u := published
	if ok && now.After(published) {
		u = now
	}
	u = u.UTC()
	s.setEntry(id, entryState{Hash: hash, Updated: u})
	return u
}

// markPublished records the revisions of the meetings in recs as
// published; with all, the meetings not in recs are forgotten. hashes, when
// not nil, are the recs' pageHash, made already (a full build makes them
// while it renders the meetings, on every core, rather than here after).
func (s *siteState) markPublished(b *build, recs []*ref, hashes []string, all bool) {
	if hashes == nil {
		hashes = make([]string, len(recs))
		for i, r := range recs {
			hashes[i] = pageHash(b, r)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	keep := make(map[string]bool, len(recs))
	for i, r := range recs {
		keep[r.ID] = true
		s.setPublished(r.ID, hashes[i])
	}
	if all {
		for id := range s.published {
			if !keep[id] {
				delete(s.published, id)
				s.changed[keyMeeting+id] = ""
			}
		}
		for id := range s.digests {
			if !keep[id] {
				delete(s.digests, id)
				delete(s.counts, id)
				s.changed[keyDigest+id] = ""
			}
		}
	}
}

// digest returns meeting id's encoded digest.
func (s *siteState) digest(id string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d, ok := s.digests[id]
	return d, ok
}

// decodedCounts returns meeting id's digest decoded without its texts, if
// it was since it last changed.
func (s *siteState) decodedCounts(id string) (digest, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d, ok := s.counts[id]
	return d, ok
}

// keepCounts keeps meeting id's digest decoded without its texts.
func (s *siteState) keepCounts(id string, d digest) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.counts[id] = d
}

// setDigest records meeting id's digest (saved with the state when it
// changed). Safe for the build's workers.
func (s *siteState) setDigest(id string, d digest) error {
	enc, err := d.encode()
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.digests[id] != enc {
		s.digests[id] = enc
		delete(s.counts, id)
		s.changed[keyDigest+id] = enc
	}
	return nil
}

// save writes what changed to src, as built into the site folder, and
// then removes an older gavel's state files.
func (s *siteState) save(ctx context.Context, src Source) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.built {
		s.changed[keyDir] = s.dir // a (full) build into this folder
		s.built = true
	}
	if len(s.changed) == 0 {
		return nil
	}
	var g [12]byte
	rand.Read(g[:])
	gen := hex.EncodeToString(g[:])
	s.changed[keyGen] = gen
	if err := src.SaveState(ctx, s.changed); err != nil {
		return fmt.Errorf("publisher: saving the site state: %w", err)
	}
	s.gen = gen
	s.changed = map[string]string{}
	if s.legacy {
		for _, f := range []string{legacyStateFile, legacyPublishedFile} {
			if err := os.Remove(filepath.Join(s.dir, f)); err != nil && !errors.Is(err, os.ErrNotExist) {
				return fmt.Errorf("publisher: removing the old state file: %w", err)
			}
		}
		s.legacy = false
	}
	return nil
}

// stateKeyReader is a Source that reads one key of the publisher's state
// without the others (StoreSource does).
type stateKeyReader interface {
	StateKey(ctx context.Context, key string) (string, error)
}

// siteState returns the site's state for a publish: the one this Publisher
// saved last, when the Source still holds it (its keyGen unchanged: no
// other publisher saved since), else the one read from the Source. The
// state is handed back by saveState; a publish that fails leaves none, so
// the next one reads the Source.
func (p *Publisher) siteState(ctx context.Context) (*siteState, error) {
	st := p.state
	p.state = nil
	if st == nil {
		// The last publish failed (or there was none): what it noted as
		// written may not be on disk.
		clear(p.listMemo)
		clear(p.pageMemo)
		p.actionOwners, p.actionItems = nil, nil
	}
	if r, ok := p.src.(stateKeyReader); ok && st != nil && st.gen != "" {
		gen, err := r.StateKey(ctx, keyGen)
		if err == nil && gen == st.gen {
			st.built = st.built && fileExists(filepath.Join(st.dir, "index.html"))
			return st, nil
		}
	}
	return loadState(ctx, p.src, p.opt.Dir)
}

// saveState saves the state of publish b and keeps it for the next one.
func (p *Publisher) saveState(ctx context.Context, b *build) error {
	if err := b.state.save(ctx, p.src); err != nil {
		return err
	}
	p.state = b.state
	return nil
}
