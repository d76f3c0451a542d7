package publisher

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/gavel-irc/gavel/internal/atomicfile"
)

// writer writes site files atomically for readers, and only when their
// content changed, in one atomicfile.Batch: commit makes them durable
// together. It is safe for concurrent use.
type writer struct {
	root    string
	files   atomic.Int64
	written atomic.Int64
	// dirs holds the folders known to exist: true for folders this
	// writer created (no file in them can have old content to compare).
	dirs  sync.Map
	batch *atomicfile.Batch
	// staged: the writer writes a full build's staging folder, all of
	// whose folders it makes. old is the old site then ("" when there is
	// none): a file the build writes with the same content is linked from
	// there.
	staged bool
	old    string
}

func newWriter(root string) *writer {
	return &writer{root: root, batch: atomicfile.NewBatch()}
}

// newStagedWriter returns a writer into a full build's staging folder
// root, just made: every file is written in place, or linked from the old
// site old ("" when there is none) when the old file is the same.
func newStagedWriter(root, old string) *writer {
	w := newWriter(root)
	w.staged, w.old = true, old
	w.dirs.Store(filepath.Clean(root), true)
	return w
}

// checkRel rejects site paths that could leave the site folder.
func checkRel(rel string) error {
	if rel == "" || strings.HasPrefix(rel, "/") || strings.Contains(rel, "\\") || strings.ContainsRune(rel, 0) {
		return fmt.Errorf("publisher: bad site path %q", rel)
	}
	if path.Clean(rel) != rel || rel == ".." || strings.HasPrefix(rel, "../") {
		return fmt.Errorf("publisher: bad site path %q", rel)
	}
	return nil
}

// exists reports whether the site path rel is a file.
func (w *writer) exists(rel string) bool {
	st, err := os.Stat(filepath.Join(w.root, filepath.FromSlash(rel)))
	return err == nil && st.Mode().IsRegular()
}

// write puts data at the site path rel: into a temporary file in the same
// folder, then renamed over the old one, so readers never see half a file
// (in a folder this build created there is no old file: it is written in
// place). It is durable once commit has returned.
func (w *writer) write(rel string, data []byte) error {
	if err := checkRel(rel); err != nil {
		return err
	}
	w.files.Add(1)
	full := filepath.Join(w.root, filepath.FromSlash(rel))
	dir := filepath.Dir(full)
	var created bool
	if w.staged {
		// Every folder of a staging folder is the build's.
		if _, known := w.dirs.Load(dir); !known {
			if _, err := w.batch.Mkdir(dir, 0o755); err != nil {
				return fmt.Errorf("publisher: %w", err)
			}
			w.dirs.Store(dir, true)
		}
		created = true
	} else if v, known := w.dirs.Load(dir); known {
		created = v.(bool)
	} else {
		made, err := w.batch.Mkdir(dir, 0o755)
		if err != nil {
			return fmt.Errorf("publisher: %w", err)
		}
		// Another worker may be first to make it: the folder is new
		// to this build all the same.
		v, _ := w.dirs.LoadOrStore(dir, made)
		created = v.(bool)
	}
	if created {
		// A folder this build made has no old file a reader could be
		// reading: write in place (no temporary file, no rename).
		if w.old != "" {
			if w.batch.LinkSame(filepath.Join(w.old, filepath.FromSlash(rel)), full, data) {
				return nil
			}
			// A file written twice may be a link to the old site's:
			// never written through.
			if err := os.Remove(full); err != nil && !errors.Is(err, os.ErrNotExist) {
				return fmt.Errorf("publisher: %w", err)
			}
		}
		if err := w.batch.Create(full, data, 0o644); err != nil {
			return fmt.Errorf("publisher: %w", err)
		}
		w.written.Add(1)
		return nil
	}
	if old, err := os.ReadFile(full); err == nil && bytes.Equal(old, data) {
		return nil
	}
	if err := w.batch.Write(full, data, 0o644); err != nil {
		return fmt.Errorf("publisher: %w", err)
	}
	w.written.Add(1)
	return nil
}

// syncSoon starts writing to disk, in the background, what was written so
// far (atomicfile.Batch.SyncSoon): a full build calls it once its meetings
// are written, before the shared pages.
func (w *writer) syncSoon() { w.batch.SyncSoon() }

// commit makes every file written so far durable (atomicfile.Batch.Commit):
// called before the store records them as published.
func (w *writer) commit() error {
	if err := w.batch.Commit(); err != nil {
		return fmt.Errorf("publisher: site %s: %w", w.root, err)
	}
	return nil
}

// remove deletes the file at the site path rel (a page the site no longer
// has); a file already gone is no error.
func (w *writer) remove(rel string) error {
	if err := checkRel(rel); err != nil {
		return err
	}
	if err := os.Remove(filepath.Join(w.root, filepath.FromSlash(rel))); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("publisher: removing %s: %w", rel, err)
	}
	w.written.Add(1)
	return nil
}

func (w *writer) stats(meetings int) Stats {
	return Stats{Meetings: meetings, Files: int(w.files.Load()), Written: int(w.written.Load())}
}
