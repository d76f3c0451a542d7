// Package store is gavel's durable state: meetings as append-only sequences of
// events, the action-item tracker, reminder marks and held messages, all in one
// bbolt file. It is the only package that imports bbolt.
//
// A meeting's state is the replay of its events (see package meeting); the
// store keeps the events, a small record per meeting and indexes. Appending a
// line is one small committed and fsynced transaction whose cost does not
// depend on how long the meeting already is.
//
// The bucket layout is described in docs/store.md. Values are JSON with
// stable field names; keys are chosen so that bbolt's byte order is the order
// callers want (sequence numbers and times are big-endian).
package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// DefaultLockTimeout is how long Open waits for another process to release
// the file when Options.LockTimeout is zero.
const DefaultLockTimeout = 2 * time.Second

// Errors returned by the store; test for them with errors.Is.
var (
	// ErrNotFound is returned when a meeting, action or snapshot does not exist.
	ErrNotFound = errors.New("not found")
	// ErrExists is returned when creating a meeting whose id (or import
	// key) is already taken.
	ErrExists = errors.New("already exists")
	// ErrLocked is returned by Open when another process holds the file.
	ErrLocked = errors.New("store is locked by another process")
	// ErrSchemaTooNew is returned by Open when the file was written by a
	// newer gavel with a schema this one does not know.
	ErrSchemaTooNew = errors.New("store schema is newer than this gavel")
	// ErrNeedsMigration is returned by a read-only Open of a file with an
	// older schema: it must be opened read-write once to migrate it.
	ErrNeedsMigration = errors.New("store needs a schema migration")
	// ErrNotStore is returned by Open, Copy and Verify for a file that is
	// not a gavel store: an empty (0-byte) file, a file that is not a bbolt
	// database, or another program's bbolt database. Nothing is written to
	// it.
	ErrNotStore = errors.New("not a gavel store")
)

// initialMmap is the size of the memory mapping reserved at Open.
const initialMmap = 1 << (20 + 10*(strconv.IntSize/64)) // 1 GiB on 64-bit, 1 MiB on 32-bit

// Options configure Open.
type Options struct {
	// LockTimeout is how long to wait for another process holding the
	// file. Zero means DefaultLockTimeout; a negative value tries once.
	LockTimeout time.Duration
	// ReadOnly opens an existing file without writing to it. It takes a
	// shared lock, so it cannot coexist with a running gavel (which holds
	// the exclusive lock); use Backup or ServeBackup for that.
	ReadOnly bool
	// Init also turns an existing empty (0-byte) file into a new store
	// (gavel init); without it such a file is refused with ErrNotStore.
	Init bool
}

// Store is an open gavel store. Its methods are safe for concurrent use by
// several goroutines; write transactions are serialised by bbolt.
type Store struct {
	db    *bolt.DB
	path  string
	cache *actionCache
	// recs keeps the meeting records decoded (recordCache).
	recs *recordCache
	// changes records what each write transaction changed (ChangesSince).
	changes *changeLog
	// imports keeps the import keys in memory (importCache), open the
	// open-items index (openCache).
	imports *importCache
	open    *openCache
	// recent keeps the action records the last commits wrote, for
	// write transactions (recentCache).
	recent *recentCache
	// commits counts the write transactions committed since Open.
	commits atomic.Uint64
	// cleanup runs after Close (OpenReadOnly's temporary copy).
	cleanup func()
}

// Open opens the store at path, creating the file and its parent directories
// when they do not exist (unless opt.ReadOnly), and migrates its schema to the
// current version. An existing file that is not a gavel store (empty, not
// bbolt, another program's bbolt database) is refused with an error wrapping
// ErrNotStore and left as it is. When another process holds the file, Open waits up to
// opt.LockTimeout and then returns an error wrapping ErrLocked that names the
// file. A file with a newer schema is refused with ErrSchemaTooNew.
func Open(path string, opt Options) (*Store, error) {
	if path == "" {
		return nil, errors.New("store: empty path")
	}
	waited := opt.LockTimeout // as said in the error
	switch {
	case waited == 0:
		waited = DefaultLockTimeout
	case waited < 0:
		waited = 0
	}
	timeout := max(waited, time.Nanosecond) // bbolt: 0 would wait forever
	if err := checkFile(path, opt.Init); err != nil {
		if opt.ReadOnly || !errors.Is(err, os.ErrNotExist) {
			return nil, err
		}
	}
	if !opt.ReadOnly {
		if dir := filepath.Dir(path); dir != "" {
			if err := os.MkdirAll(dir, 0o750); err != nil {
				return nil, fmt.Errorf("store %s: creating directory: %w", path, err)
			}
		}
	}
	var db *bolt.DB
	err := guard(path, func() (err error) {
		db, err = bolt.Open(path, 0o600, &bolt.Options{
			Timeout:      timeout,
			ReadOnly:     opt.ReadOnly,
			FreelistType: bolt.FreelistMapType,
			// Address space only (the file grows as data is written): while
			// the file fits the mapping, a long read transaction such as a
			// backup never makes a growing write wait for a remap.
			InitialMmapSize: initialMmap,
		})
		return err
	})
	if errors.Is(err, berrors.ErrTimeout) {
		return nil, &lockedError{path: path, waited: waited}
	}
	if errors.Is(err, ErrDamaged) {
		return nil, err
	}
	if err != nil {
		return nil, openError(path, err)
	}
	s := &Store{db: db, path: path, cache: &actionCache{}, recs: &recordCache{}, changes: &changeLog{}, imports: &importCache{}, open: &openCache{}, recent: &recentCache{}}
	if err := guard(path, func() error { return s.migrate(opt.ReadOnly) }); err != nil {
		db.Close()
		return nil, err
	}
	// The change log starts from the state after the migrations.
	if err := db.View(func(tx *bolt.Tx) error { s.changes.start(tx.ID()); return nil }); err != nil {
		db.Close()
		return nil, openError(path, err)
	}
	return s, nil
}

// lockedError is the error of an Open that timed out waiting for the lock.
type lockedError struct {
	path   string
	waited time.Duration
}

func (e *lockedError) Error() string {
	return fmt.Sprintf("store %s is locked by another gavel process (waited %s)", e.path, e.waited)
}

func (e *lockedError) Is(target error) bool { return target == ErrLocked }

// Path returns the file name the store was opened with.
func (s *Store) Path() string { return s.path }

// Close closes the store and releases its lock.
func (s *Store) Close() error {
	err := s.db.Close()
	if s.cleanup != nil {
		s.cleanup()
		s.cleanup = nil
	}
	if err != nil {
		return fmt.Errorf("store %s: close: %w", s.path, err)
	}
	return nil
}

// Tx is a store transaction. Inside Update every method may write; inside
// View the writing methods return an error. A Tx must not be used after the
// function it was passed to returns.
type Tx struct {
	tx    *bolt.Tx
	cache *actionCache // nil during migrations
	// recs decodes meeting records (nil during migrations: no cache).
	recs *recordCache
	// staged holds the action records this (write) transaction changed,
	// nil for a deleted one, for the cache once it commits.
	staged map[string]*ActionRecord
	// changes is the Store's change log; touched the meetings this
	// (write) transaction wrote, for it.
	changes *changeLog
	touched map[string]bool
	// decoded holds the records this transaction decoded from the file
	// and has not changed, so that reading an item and then replacing it
	// (the tracker linking a repeated action) decodes it once. Never
	// handed out: Action returns copies.
	decoded map[string]*ActionRecord
	// fresh holds the ids NextActionID gave in this transaction: no
	// record had them, so PutAction need not look.
	fresh map[string]bool
	// impCache is the Store's import keys (nil during migrations); imp
	// this transaction's view of them, once asked (imports).
	impCache *importCache
	imp      *importState
	// openCache is the Store's open items (nil during migrations); open
	// this transaction's view of them (openView).
	openCache *openCache
	open      *openState
	// pending holds the index writes waiting for the end of the
	// transaction (Store.Update's only; nil: every write at once).
	pending *pendingWrites
	// recentItems is the Store's recent records (nil during migrations
	// and in read transactions); the generations this transaction reads,
	// once asked (Tx.recent).
	recentItems              *recentCache
	recentRead, recentOK     bool
	recentNewer, recentOlder map[string]*ActionRecord
}

// ActionTx is the name under which the tracker's code knows Tx.
type ActionTx = Tx

// Update runs fn in one read-write transaction: everything fn does is
// committed (and fsynced) together when it returns nil, and nothing is kept
// when it returns an error. A panic inside the transaction (bbolt panics on
// some damaged files) rolls it back and is returned as an error wrapping
// ErrDamaged.
func (s *Store) Update(fn func(tx *Tx) error) error {
	return guard(s.path, func() error { return s.update(fn) })
}

func (s *Store) update(fn func(tx *Tx) error) error {
	return s.db.Update(func(btx *bolt.Tx) error {
		t := &Tx{tx: btx, cache: s.cache, recs: s.recs, changes: s.changes, impCache: s.imports, openCache: s.open,
			pending: &pendingWrites{}, recentItems: s.recent}
		if err := fn(t); err != nil {
			return err
		}
		if err := t.flushPending(); err != nil {
			return err
		}
		id, staged, touched, imp, open := btx.ID(), t.staged, t.touched, t.imp, t.open
		btx.OnCommit(func() {
			s.cache.commit(id, staged)
			s.recent.commit(id, staged)
			s.imports.commit(id, imp)
			s.open.commit(id, open)
			s.changes.record(id, touched, staged)
			s.commits.Add(1)
		})
		return nil
	})
}

// Commits returns how many write transactions (Update, and the methods
// built on it) this Store committed since Open. Each is one bbolt commit:
// its pages and then its meta page written and fdatasynced, whatever it
// holds; tests and benchmarks count them.
func (s *Store) Commits() uint64 { return s.commits.Load() }

// View runs fn in a read-only transaction that sees one consistent state.
func (s *Store) View(fn func(tx *Tx) error) error {
	return guard(s.path, func() error {
		return s.db.View(func(btx *bolt.Tx) error { return fn(&Tx{tx: btx, cache: s.cache, recs: s.recs, changes: s.changes}) })
	})
}

// UpdateActions runs fn in one read-write transaction; it is Update under
// the name the tracker uses (a notes import is one such transaction).
func (s *Store) UpdateActions(fn func(tx *ActionTx) error) error { return s.Update(fn) }

// bucket returns the top-level bucket name, which migrate guarantees exists,
// with the index writes that waited for it written (pending.go).
func (t *Tx) bucket(name []byte) *bolt.Bucket {
	b := t.tx.Bucket(name)
	if t.pending != nil {
		t.pending.flush(name, b)
	}
	return b
}

// lower is the case folding used for nicks and owners in keys.
func lower(s string) string { return strings.ToLower(s) }

// checkFile refuses a file at path that cannot be a gavel store before bbolt
// sees it (bbolt would initialise an empty file as a new database). It
// returns an error wrapping os.ErrNotExist when there is no file, which
// callers that create stores accept. allowEmpty accepts a 0-byte file
// (gavel init).
func checkFile(path string, allowEmpty bool) error {
	fi, err := os.Stat(path)
	if err != nil {
		return fmt.Errorf("store %s: %w", path, err)
	}
	switch {
	case fi.IsDir():
		return fmt.Errorf("store %s is a folder, not a file: %w", path, ErrNotStore)
	case !fi.Mode().IsRegular():
		return fmt.Errorf("store %s is not a regular file: %w", path, ErrNotStore)
	case fi.Size() == 0 && !allowEmpty:
		return fmt.Errorf("store %s is an empty (0-byte) file, %w; nothing was changed. If it should be a new store, delete it or run \"gavel init\"; otherwise restore a backup", path, ErrNotStore)
	}
	return nil
}

// openError words bbolt's refusal of a file that is not its own.
func openError(path string, err error) error {
	if errors.Is(err, berrors.ErrInvalid) || errors.Is(err, berrors.ErrVersionMismatch) {
		return fmt.Errorf("store %s is not a bbolt database (%v), %w; nothing was changed. Check store.path, or restore a backup", path, err, ErrNotStore)
	}
	return fmt.Errorf("store %s: %w", path, err)
}
