// Package atomicfile is gavel's one way to replace a file so that a reader
// sees either the old content or the new, never part of it, and so that the
// new content survives a crash once the write has returned.
//
// Write (and WriteWith, for content produced by a function) does it for one
// file: a temporary file in the same folder, written and fsynced, renamed
// over the old name, then the folder fsynced. Batch does it for many files
// at once (a full site build writes thousands): each file is written to a
// temporary name and renamed at once, so readers still never see half a
// file, and durability is paid once, at Commit (for a big batch on Linux
// one syncfs of the file system, else an fsync of every file and folder,
// several at once). A big batch on Linux also starts a syncfs in the
// background every 16 MB it writes, one at a time, so that most of its data
// is on disk by the time Commit's own syncfs runs. SwapDir replaces a whole
// folder in one step: a folder written in full beside it (a Batch's plain
// Create, LinkSame and Link into folders it made, then Commit) takes its
// place, so that readers see the old folder or the new one, never a mix.
package atomicfile

import (
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
)

// Write replaces the file name with data (mode perm, before the umask):
// written to a temporary file in name's folder, fsynced, renamed over name,
// and the folder fsynced. The folder must exist.
func Write(name string, data []byte, perm fs.FileMode) error {
	return WriteWith(name, perm, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	}, nil)
}

// WriteWith is Write of what write produces. If check is not nil it is
// called with the temporary file's name once the file is complete and
// fsynced. An error from write or check, returned as it is, leaves name as
// it was.
func WriteWith(name string, perm fs.FileMode, write func(io.Writer) error, check func(tmp string) error) error {
	dir := filepath.Dir(name)
	tmp := tempName(name, randomTag(), 0)
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return fmt.Errorf("writing %s: %w", name, err)
	}
	done := false
	defer func() {
		if !done {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if err := write(f); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("writing %s: fsync: %w", name, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", name, err)
	}
	if check != nil {
		if err := check(tmp); err != nil {
			return err
		}
	}
	if err := os.Rename(tmp, name); err != nil {
		return fmt.Errorf("writing %s: %w", name, err)
	}
	done = true
	if err := syncDir(dir); err != nil {
		return fmt.Errorf("writing %s: %w", name, err)
	}
	return nil
}

// randomTag returns a tag that makes temporary names unique to this
// process and call.
func randomTag() string {
	var r [6]byte
	rand.Read(r[:])
	return fmt.Sprintf("%d-%x", os.Getpid(), r)
}

// tempName is the temporary name, in the same folder, under which the
// content of name is written before it is renamed: hidden (a leading dot)
// and ending in .tmp so that site readers and backups skip it.
func tempName(name, tag string, seq int64) string {
	return filepath.Join(filepath.Dir(name), fmt.Sprintf(".%s.%s-%d.tmp", filepath.Base(name), tag, seq))
}

// IsTemp reports whether base, a file's name without its folder, is one
// tempName makes: what an interrupted write leaves behind.
func IsTemp(base string) bool {
	return strings.HasPrefix(base, ".") && strings.HasSuffix(base, ".tmp")
}

// syncDir fsyncs the folder dir, making the names in it durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("fsync of folder %s: %w", dir, err)
	}
	return nil
}

// Batch writes many files, each atomically for readers, and makes them
// durable together at Commit. It is safe for concurrent use.
//
// Until Commit returns, a crash may leave files of the batch with their old
// content or empty; a caller records that its files are written (gavel's
// publisher: in the store) only after Commit, so the next run writes them
// again.
type Batch struct {
	tag string
	// syncfs: Commit syncs whole file systems (Linux), not each file.
	syncfs bool
	seq    atomic.Int64
	// unsynced counts the bytes written since the last early sync began;
	// one begins at earlyAt (earlyBytes; tests set less).
	unsynced atomic.Int64
	earlyAt  int64
	// early is the background sync of the batch so far, if one was
	// started: done is closed when it returned, err is what it returned.
	earlyMu sync.Mutex
	early   *earlySync
	// renameOnly: a batch of NewRenameBatch, never synced early.
	renameOnly bool

	// bufs are LinkSame's read buffers.
	bufs sync.Pool

	mu    sync.Mutex
	dirs  map[string]bool
	files []string // written files
}

// NewBatch returns an empty batch.
func NewBatch() *Batch {
	return &Batch{tag: randomTag(), syncfs: haveSyncfs, dirs: map[string]bool{}, earlyAt: earlyBytes}
}

// NewRenameBatch returns an empty batch whose files are renamed into place
// whole but not made durable: for files derived from others, which the
// caller writes again after a power cut (gavel replay's minutes). Its
// caller does not commit it, so it starts no sync in the background
// either, however much it writes (Commit, if called, syncs as for any
// batch).
func NewRenameBatch() *Batch {
	b := NewBatch()
	b.renameOnly = true
	return b
}

// Write replaces the file name with data (mode perm before the umask)
// through a temporary file in the same folder renamed over it. The folder
// must exist.
func (b *Batch) Write(name string, data []byte, perm fs.FileMode) error {
	return b.WriteWith(name, perm, func(w io.Writer) error {
		if _, err := w.Write(data); err != nil {
			return fmt.Errorf("writing %s: %w", name, err)
		}
		return nil
	})
}

// WriteWith is Write of what write produces, streamed into the temporary
// file (a large file is never held in memory whole). An error from write,
// returned as it is, leaves name as it was.
func (b *Batch) WriteWith(name string, perm fs.FileMode, write func(io.Writer) error) error {
	dir := filepath.Dir(name)
	tmp := tempName(name, b.tag, b.seq.Add(1))
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return fmt.Errorf("writing %s: %w", name, err)
	}
	cw := &countingWriter{w: f}
	if err := write(cw); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("writing %s: %w", name, err)
	}
	if err := os.Rename(tmp, name); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("writing %s: %w", name, err)
	}
	b.note(dir, name, cw.n)
	return nil
}

// Pending is a file of a batch written under a temporary name before its
// name is known (gavel replay's logs, written while the engine still
// replays the meeting whose name they take): Place renames it into place
// whole, Discard removes it. Its methods are for one goroutine at a time.
type Pending struct {
	b   *Batch
	f   *os.File
	tmp string
	n   int64
}

// Pending creates a file to be written under a temporary name in the
// folder dir (which must exist), with mode perm before the umask.
func (b *Batch) Pending(dir string, perm fs.FileMode) (*Pending, error) {
	tmp := tempName(filepath.Join(dir, "pending"), b.tag, b.seq.Add(1))
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return nil, fmt.Errorf("writing a file in %s: %w", dir, err)
	}
	return &Pending{b: b, f: f, tmp: tmp}, nil
}

// Write writes to the pending file.
func (p *Pending) Write(data []byte) (int, error) {
	n, err := p.f.Write(data)
	p.n += int64(n)
	return n, err
}

// Place closes the file and renames it to name, replacing any file there,
// as Batch.WriteWith does. name's folder must exist, on the file system of
// the folder the file was made in; when the rename fails, the file is still
// pending (Discard it).
func (p *Pending) Place(name string) error {
	if p.f != nil {
		err := p.f.Close()
		p.f = nil
		if err != nil {
			return fmt.Errorf("writing %s: %w", name, err)
		}
	}
	if err := os.Rename(p.tmp, name); err != nil {
		return fmt.Errorf("writing %s: %w", name, err)
	}
	p.tmp = ""
	p.b.note(filepath.Dir(name), name, p.n)
	return nil
}

// Discard closes and removes the file unless Place has put it in place.
func (p *Pending) Discard() {
	if p.f != nil {
		p.f.Close()
		p.f = nil
	}
	if p.tmp != "" {
		os.Remove(p.tmp)
		p.tmp = ""
	}
}

// countingWriter counts the bytes written through it.
type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// Create writes data to name in place, with no temporary file: only for
// files no reader can be reading yet, as in a folder the caller has just
// made. An existing file is truncated first.
func (b *Batch) Create(name string, data []byte, perm fs.FileMode) error {
	if err := CreateFile(name, data, perm); err != nil {
		return fmt.Errorf("writing %s: %w", name, err)
	}
	b.note(filepath.Dir(name), name, int64(len(data)))
	return nil
}

// Mkdir makes the folder dir, and its parents when missing, noting the
// new ones for Commit to make durable. made says whether dir itself was
// made by this call (false: it was there already). It costs one system
// call when the parent exists (MkdirAll asks about each parent first).
func (b *Batch) Mkdir(dir string, perm fs.FileMode) (made bool, err error) {
	dir = filepath.Clean(dir)
	err = os.Mkdir(dir, perm)
	if errors.Is(err, fs.ErrNotExist) && filepath.Dir(dir) != dir {
		if _, err := b.Mkdir(filepath.Dir(dir), perm); err != nil {
			return false, err
		}
		err = os.Mkdir(dir, perm)
	}
	if errors.Is(err, fs.ErrExist) {
		st, serr := os.Stat(dir)
		if serr != nil {
			return false, serr
		}
		if !st.IsDir() {
			return false, fmt.Errorf("mkdir %s: not a folder", dir)
		}
		return false, nil
	}
	if err != nil {
		return false, err
	}
	b.mu.Lock()
	b.dirs[filepath.Dir(dir)] = true
	b.mu.Unlock()
	return true, nil
}

// MkdirAll makes the folder dir and its parents, noting the new ones for
// Commit to make durable.
func (b *Batch) MkdirAll(dir string, perm fs.FileMode) error {
	var made []string
	for d := filepath.Clean(dir); ; d = filepath.Dir(d) {
		if _, err := os.Stat(d); err == nil || filepath.Dir(d) == d {
			break
		}
		made = append(made, d)
	}
	if err := os.MkdirAll(dir, perm); err != nil {
		return err
	}
	b.mu.Lock()
	for _, d := range made {
		b.dirs[filepath.Dir(d)] = true
	}
	b.mu.Unlock()
	return nil
}

func (b *Batch) note(dir, name string, size int64) {
	b.mu.Lock()
	b.dirs[dir] = true
	b.files = append(b.files, name)
	many := len(b.files) >= manyFiles
	b.mu.Unlock()
	if b.syncfs && !b.renameOnly && many && b.unsynced.Add(size) >= b.earlyAt {
		b.startEarly(dir)
	}
}

// earlyBytes is how much a big batch writes before a sync of its file
// system starts in the background (see startEarly).
const earlyBytes = 16 << 20

// earlySync is a sync of a file system that a batch started in the
// background.
type earlySync struct {
	done chan struct{}
	err  error
}

// startEarly starts a syncfs of dir's file system in the background,
// unless one is still running: a batch big enough to end in syncfs (a full
// site build: 12,000 files, 130 MB) then has its data written to disk
// while it goes on producing files, instead of all of it in Commit's
// syncfs at the end (0.8-1 s on this machine's disk, the build's last
// step and during which it did nothing else). Commit waits for it, reports
// its error, and syncs again, so what Commit promises is unchanged.
func (b *Batch) startEarly(dir string) {
	b.earlyMu.Lock()
	defer b.earlyMu.Unlock()
	if b.early != nil {
		select {
		case <-b.early.done:
			if b.early.err != nil {
				return // kept for Commit; no more early syncs
			}
		default:
			return // still running
		}
	}
	b.unsynced.Store(0)
	e := &earlySync{done: make(chan struct{})}
	b.early = e
	go func() {
		defer close(e.done)
		if err := syncfs(dir); err != nil {
			e.err = fmt.Errorf("sync of the file system of %s: %w", dir, err)
		}
	}()
}

// SyncSoon starts, in the background, the sync that a big batch starts
// every earlyBytes it writes (see startEarly), now: for a caller that has
// written the bulk of a batch and has only a little left to write before
// Commit (a full site build, once its meetings are written), so that the
// bulk goes to disk meanwhile rather than in Commit's syncfs. It does
// nothing for a batch Commit will not sync whole file systems for, or
// while a sync is running.
func (b *Batch) SyncSoon() {
	b.mu.Lock()
	dir, many := "", len(b.files) >= manyFiles
	if many {
		for d := range b.dirs {
			dir = d
			break
		}
	}
	b.mu.Unlock()
	if b.syncfs && !b.renameOnly && many && dir != "" && b.unsynced.Load() > 0 {
		b.startEarly(dir)
	}
}

// waitEarly waits for the early sync, if one was started, and returns its
// error; the next one may then start.
func (b *Batch) waitEarly() error {
	b.earlyMu.Lock()
	e := b.early
	b.early = nil
	b.earlyMu.Unlock()
	if e == nil {
		return nil
	}
	<-e.done
	return e.err
}

// manyFiles is the batch size from which Commit syncs whole file systems
// rather than each file: 12,000 fsyncs cost several times one syncfs, while
// a few fsyncs do not wait for other processes' data as syncfs does.
const manyFiles = 256

// Commit makes every file written so far durable: their content, then the
// folders that hold their names. A batch of manyFiles or more files on
// Linux is made durable by one syncfs per file system; a smaller one by an
// fsync of each file and folder, several at once (the file system commits
// concurrent fsyncs together). The batch can be used again after it.
func (b *Batch) Commit() error {
	b.mu.Lock()
	dirs, files := b.dirs, b.files
	b.dirs, b.files = map[string]bool{}, nil
	b.mu.Unlock()
	// A sync started early may have met a write-back error that a new
	// syncfs no longer reports (the file system's error is reported
	// once per open file): it is this commit's error.
	if err := b.waitEarly(); err != nil {
		return err
	}
	b.unsynced.Store(0)
	if len(dirs) == 0 {
		return nil
	}
	if b.syncfs && len(files) >= manyFiles {
		// syncfs writes out every file's data and every folder's
		// entries; folders on other file systems get their own call.
		seen := map[uint64]bool{}
		for d := range dirs {
			dev, err := deviceOf(d)
			if err != nil {
				return fmt.Errorf("sync of %s: %w", d, err)
			}
			if seen[dev] {
				continue
			}
			seen[dev] = true
			if err := syncfs(d); err != nil {
				return fmt.Errorf("sync of the file system of %s: %w", d, err)
			}
		}
		return nil
	}
	if err := each(files, syncFile); err != nil {
		return err
	}
	names := make([]string, 0, len(dirs))
	for d := range dirs {
		names = append(names, d)
	}
	return each(names, syncDir)
}

// each runs fn on every name, a few at once, and returns the first error.
func each(names []string, fn func(string) error) error {
	const workers = 16
	next := make(chan string)
	errs := make(chan error, workers)
	var wg sync.WaitGroup
	for w := 0; w < workers && w < len(names); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var first error
			for name := range next {
				if err := fn(name); err != nil && first == nil {
					first = err
				}
			}
			errs <- first
		}()
	}
	for _, n := range names {
		next <- n
	}
	close(next)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func syncFile(name string) error {
	f, err := os.Open(name)
	if err != nil {
		return fmt.Errorf("fsync of %s: %w", name, err)
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("fsync of %s: %w", name, err)
	}
	return nil
}

// SwapDir puts the folder next, whose content is durable already (a
// committed Batch), in the place of the folder dir, in one step: a reader
// of dir sees the old folder or the new one, never a mix. When dir existed,
// the old folder is left at next for the caller to remove (had is true).
// The change of names is durable when SwapDir returns (the parent folder
// is fsynced). next and dir must be in the same folder of one file system.
// Only where CanSwapDir is true (Linux); elsewhere it returns an error.
func SwapDir(next, dir string) (had bool, err error) {
	if filepath.Dir(filepath.Clean(next)) != filepath.Dir(filepath.Clean(dir)) {
		return false, fmt.Errorf("swapping %s into %s: not in the same folder", next, dir)
	}
	had, err = swapDirs(next, dir)
	if err != nil {
		return false, err
	}
	if err := syncDir(filepath.Dir(filepath.Clean(dir))); err != nil {
		return had, fmt.Errorf("swapping %s into %s: %w", next, dir, err)
	}
	return had, nil
}

// Link makes newname a hard link of the file oldname (a file carried from
// an old folder into the batch's new one: its content is durable already,
// its new name is made durable at Commit). Where the file system refuses
// the link (another file system, a protected file), the file is copied
// (mode kept).
func (b *Batch) Link(oldname, newname string) error {
	err := os.Link(oldname, newname)
	if err != nil {
		data, rerr := os.ReadFile(oldname)
		if rerr != nil {
			return fmt.Errorf("carrying %s to %s: %w (and reading it: %v)", oldname, newname, err, rerr)
		}
		st, serr := os.Stat(oldname)
		if serr != nil {
			return fmt.Errorf("carrying %s to %s: %w", oldname, newname, serr)
		}
		return b.Create(newname, data, st.Mode().Perm())
	}
	b.note(filepath.Dir(newname), newname, 0)
	return nil
}

// Symlink makes newname a symbolic link to target, made durable at Commit.
func (b *Batch) Symlink(target, newname string) error {
	if err := os.Symlink(target, newname); err != nil {
		return fmt.Errorf("carrying a link to %s: %w", newname, err)
	}
	b.mu.Lock()
	b.dirs[filepath.Dir(newname)] = true
	b.mu.Unlock()
	return nil
}

// LinkSame makes newname a hard link of oldname when oldname holds
// exactly data (a full build's file that did not change: its inode and
// modification time stay, nothing is written), and reports whether it did.
func (b *Batch) LinkSame(oldname, newname string, data []byte) bool {
	bp, _ := b.bufs.Get().(*[]byte)
	if bp == nil {
		buf := make([]byte, 64<<10)
		bp = &buf
	}
	same := sameContent(oldname, data, *bp)
	b.bufs.Put(bp)
	if !same || os.Link(oldname, newname) != nil {
		return false
	}
	b.note(filepath.Dir(newname), newname, 0)
	return true
}
