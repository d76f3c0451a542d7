package publisher

import (
	"bytes"
	"crypto/rand"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
)

// writer writes site files atomically, and only when their content
// changed. It is safe for concurrent use.
type writer struct {
	root    string
	files   atomic.Int64
	written atomic.Int64
	// dirs holds the folders known to exist: true for folders this
	// writer created (no file in them can have old content to compare).
	dirs sync.Map
	seq  atomic.Int64
	// tag makes this writer's temporary names unique.
	tag string
}

func newWriter(root string) *writer {
	var b [6]byte
	rand.Read(b[:])
	return &writer{root: root, tag: fmt.Sprintf("%d-%x", os.Getpid(), b)}
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
// place).
func (w *writer) write(rel string, data []byte) error {
	if err := checkRel(rel); err != nil {
		return err
	}
	w.files.Add(1)
	full := filepath.Join(w.root, filepath.FromSlash(rel))
	dir := filepath.Dir(full)
	var created bool
	if v, known := w.dirs.Load(dir); known {
		created = v.(bool)
	} else {
		_, err := os.Stat(dir)
		created = errors.Is(err, os.ErrNotExist)
		if created {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return fmt.Errorf("publisher: %w", err)
			}
		}
		w.dirs.Store(dir, created)
	}
	if created {
		// A folder this build made has no old file a reader could be
		// reading: write in place (no temporary file, no rename).
		if err := writeNew(full, data); err != nil {
			return err
		}
		w.written.Add(1)
		return nil
	}
	if old, err := os.ReadFile(full); err == nil && bytes.Equal(old, data) {
		return nil
	}
	tmp := filepath.Join(dir, fmt.Sprintf(".gavel-%s-%d.tmp", w.tag, w.seq.Add(1)))
	if err := writeVia(tmp, full, data); err != nil {
		return err
	}
	w.written.Add(1)
	return nil
}

// writeNew writes data to name, in a folder made by this build.
func writeNew(name string, data []byte) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return fmt.Errorf("publisher: writing %s: %w", name, err)
	}
	_, werr := f.Write(data)
	if err := errors.Join(werr, f.Close()); err != nil {
		return fmt.Errorf("publisher: writing %s: %w", name, err)
	}
	return nil
}

// writeVia writes data to the new file tmp (mode 0644 before umask) and
// renames it to name.
func writeVia(tmp, name string, data []byte) error {
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return fmt.Errorf("publisher: writing %s: %w", name, err)
	}
	_, werr := f.Write(data)
	cerr := f.Close()
	if err := errors.Join(werr, cerr); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("publisher: writing %s: %w", name, err)
	}
	if err := os.Rename(tmp, name); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("publisher: writing %s: %w", name, err)
	}
	return nil
}

func (w *writer) stats(meetings int) Stats {
	return Stats{Meetings: meetings, Files: int(w.files.Load()), Written: int(w.written.Load())}
}
