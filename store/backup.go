package store

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/gavel-irc/gavel/internal/atomicfile"
	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// backupIdle is how long a backup stream may make no progress before the
// server gives up: a read transaction held open blocks the file from growing.
const backupIdle = 30 * time.Second

// Backup writes a consistent copy of the whole store to w, taken in one read
// transaction (writers go on meanwhile), and returns the number of bytes.
// The copy is a bbolt file that Open accepts.
func (s *Store) Backup(w io.Writer) (int64, error) {
	var n int64
	err := s.db.View(func(tx *bolt.Tx) error {
		var err error
		n, err = tx.WriteTo(w)
		return err
	})
	if err != nil {
		return n, fmt.Errorf("backup of %s: %w", s.path, err)
	}
	return n, nil
}

// writeAtomically writes path atomically and durably (atomicfile), mode
// 0600, through a buffer, checking the whole temporary file with verify (if
// any) before it replaces path.
func writeAtomically(path string, write func(w io.Writer) error, verify func(tmp string) error) error {
	return atomicfile.WriteWith(path, 0o600, func(f io.Writer) error {
		bw := bufio.NewWriterSize(f, 1<<20)
		if err := write(bw); err != nil {
			return err
		}
		if err := bw.Flush(); err != nil {
			return fmt.Errorf("backup to %s: %w", path, err)
		}
		return nil
	}, verify)
}

// SocketPath is where a running gavel serves backups of the store at dbPath:
// dbPath plus ".sock".
func SocketPath(dbPath string) string { return dbPath + ".sock" }

// The backup protocol on the unix socket: the client sends the line
// "BACKUP 1\n"; the server answers "OK <size>\n" followed by exactly size
// bytes of a bbolt file, or "ERR <message>\n".
const backupRequest = "BACKUP 1"

// ServeBackup serves consistent copies of the store on a unix socket at
// sockPath (normally SocketPath(s.Path())) until ctx is cancelled, then
// removes the socket and returns nil. `gavel run` calls it so that `gavel
// backup` works while the bot holds the file's exclusive lock. A stale
// socket file left by a crashed gavel is replaced (the caller holds the
// store's lock, so no other gavel can be serving it). The socket is mode
// 0600 and, on Linux, only clients of the same user (or root) are served.
func (s *Store) ServeBackup(ctx context.Context, sockPath string) error {
	return ServeUnix(ctx, sockPath, "backup socket", s.serveBackupConn)
}

func (s *Store) serveBackupConn(ctx context.Context, conn *net.UnixConn) {
	stop := context.AfterFunc(ctx, func() { conn.SetDeadline(time.Now()) })
	defer stop()
	if err := PeerAllowed(conn); err != nil {
		fmt.Fprintf(conn, "ERR %s\n", oneLine(err.Error()))
		return
	}
	conn.SetReadDeadline(time.Now().Add(backupIdle))
	line, err := bufio.NewReader(io.LimitReader(conn, 256)).ReadString('\n')
	if err != nil || strings.TrimSpace(line) != backupRequest {
		fmt.Fprintf(conn, "ERR bad request %q (want %q)\n", strings.TrimSpace(line), backupRequest)
		return
	}
	w := &idleWriter{conn: conn}
	err = s.db.View(func(tx *bolt.Tx) error {
		if _, err := fmt.Fprintf(w, "OK %d\n", tx.Size()); err != nil {
			return err
		}
		bw := bufio.NewWriterSize(w, 256<<10)
		if _, err := tx.WriteTo(bw); err != nil {
			return err
		}
		return bw.Flush()
	})
	if err != nil && !w.started {
		fmt.Fprintf(conn, "ERR %s\n", oneLine(err.Error()))
	}
}

// idleWriter writes to conn with a deadline renewed before every write, so
// a client that stops reading cannot hold the read transaction for long.
type idleWriter struct {
	conn    net.Conn
	started bool
}

func (w *idleWriter) Write(p []byte) (int, error) {
	w.started = true
	w.conn.SetWriteDeadline(time.Now().Add(backupIdle))
	return w.conn.Write(p)
}

func oneLine(s string) string { return strings.ReplaceAll(s, "\n", " ") }

// FetchBackup asks the gavel serving sockPath for a consistent copy of its
// store and writes it to w. It returns the number of bytes written.
func FetchBackup(ctx context.Context, sockPath string, w io.Writer) (int64, error) {
	var d net.Dialer
	conn, err := d.DialContext(ctx, "unix", sockPath)
	if err != nil {
		return 0, fmt.Errorf("backup socket %s: %w", sockPath, err)
	}
	defer conn.Close()
	stop := context.AfterFunc(ctx, func() { conn.SetDeadline(time.Now()) })
	defer stop()
	if _, err := io.WriteString(conn, backupRequest+"\n"); err != nil {
		return 0, fmt.Errorf("backup socket %s: %w", sockPath, err)
	}
	r := bufio.NewReaderSize(conn, 256<<10)
	head, err := r.ReadString('\n')
	if err != nil {
		return 0, fmt.Errorf("backup socket %s: reading answer: %w", sockPath, err)
	}
	head = strings.TrimSuffix(head, "\n")
	if msg, ok := strings.CutPrefix(head, "ERR "); ok {
		return 0, fmt.Errorf("backup socket %s: server refused: %s", sockPath, msg)
	}
	sz, ok := strings.CutPrefix(head, "OK ")
	size, err := strconv.ParseInt(sz, 10, 64)
	if !ok || err != nil || size < 0 {
		return 0, fmt.Errorf("backup socket %s: bad answer %q", sockPath, head)
	}
	n, err := io.CopyN(w, r, size)
	if err != nil {
		if ctx.Err() != nil {
			err = ctx.Err()
		}
		return n, fmt.Errorf("backup socket %s: after %d of %d bytes: %w", sockPath, n, size, err)
	}
	return n, nil
}

// CopyInfo describes a backup made by Copy.
type CopyInfo struct {
	// Bytes is the size of the copy.
	Bytes int64
	// Via is "file" when the store was read directly (no gavel was
	// running), or "socket" when a running gavel sent the copy.
	Via string
	// Schema is the copy's schema version; Meetings and Events count
	// what it holds.
	Schema   int
	Meetings int
	Events   int
}

// Copy writes a consistent copy of the store at dbPath to out, whether or
// not a gavel is running on it: it reads the file directly under a shared
// lock when it can, and otherwise asks the running gavel through
// SocketPath(dbPath) (see ServeBackup). The copy goes to a temporary file
// next to out, is fsynced and checked with bbolt's consistency check before
// it is renamed to out, so out is never a partial or broken file.
func Copy(ctx context.Context, dbPath, out string) (CopyInfo, error) {
	var info CopyInfo
	if err := checkFile(dbPath, false); err != nil {
		return info, err
	}
	if abs1, err1 := filepath.Abs(dbPath); err1 == nil {
		if abs2, err2 := filepath.Abs(out); err2 == nil && abs1 == abs2 {
			return info, fmt.Errorf("backup of %s: the output is the store itself", dbPath)
		}
	}
	verify := func(tmp string) error {
		v, err := Verify(tmp)
		if err != nil {
			return fmt.Errorf("backup of %s: the copy fails its check: %w", dbPath, err)
		}
		info.Schema, info.Meetings, info.Events = v.Schema, v.Meetings, v.Events
		return nil
	}
	var db *bolt.DB
	err := guard(dbPath, func() (err error) {
		db, err = bolt.Open(dbPath, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Nanosecond})
		return err
	})
	switch {
	case errors.Is(err, ErrDamaged):
		return info, err
	case err == nil:
		defer db.Close()
		info.Via = "file"
		err = writeAtomically(out, func(w io.Writer) error {
			return db.View(func(tx *bolt.Tx) error {
				if v, err := schemaOf(tx); err == nil && v == 0 {
					if err := foreignCheck(tx); err != nil {
						return fmt.Errorf("store %s: %w; nothing was copied", dbPath, err)
					}
				}
				n, err := tx.WriteTo(w)
				info.Bytes = n
				if err != nil {
					return fmt.Errorf("backup of %s: %w", dbPath, err)
				}
				return nil
			})
		}, verify)
		return info, err
	case errors.Is(err, berrors.ErrTimeout):
		sock := SocketPath(dbPath)
		if _, serr := os.Stat(sock); serr != nil {
			return info, fmt.Errorf("store %s is in use by another gavel process that serves no backups at %s: %w", dbPath, sock, ErrLocked)
		}
		info.Via = "socket"
		err = writeAtomically(out, func(w io.Writer) error {
			n, err := FetchBackup(ctx, sock, w)
			info.Bytes = n
			return err
		}, verify)
		return info, err
	default:
		return info, openError(dbPath, err)
	}
}

// VerifyInfo is what Verify found in a store file.
type VerifyInfo struct {
	Schema   int
	Meetings int
	Events   int
	Actions  int
}

// Verify opens the store file at path read-only, runs bbolt's consistency
// check over every page, and counts what it holds.
func Verify(path string) (VerifyInfo, error) {
	var info VerifyInfo
	if err := checkFile(path, false); err != nil {
		return info, err
	}
	var db *bolt.DB
	err := guard(path, func() (err error) {
		db, err = bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second, PreLoadFreelist: true})
		return err
	})
	if err != nil {
		if errors.Is(err, ErrDamaged) {
			return info, err
		}
		return info, openError(path, err)
	}
	defer db.Close()
	err = guard(path, func() error {
		return db.View(func(tx *bolt.Tx) error {
			// bbolt's check asserts (panics) in a goroutine of its own on
			// some damage; find that damage here first.
			if err := checkPages(path, db, tx); err != nil {
				return fmt.Errorf("%w: %v", ErrDamaged, err)
			}
			if err := walk(tx); err != nil {
				return fmt.Errorf("%w: %v", ErrDamaged, err)
			}
			var problems []string
			for e := range tx.Check() { // drain it all: Check's goroutine must end
				if len(problems) < 10 {
					problems = append(problems, e.Error())
				}
			}
			if len(problems) > 0 {
				return fmt.Errorf("%w: bbolt check: %s", ErrDamaged, strings.Join(problems, "; "))
			}
			v, err := schemaOf(tx)
			if err != nil {
				return err
			}
			info.Schema = v
			if v == 0 {
				if err := foreignCheck(tx); err != nil {
					return fmt.Errorf("%s: %w", path, err)
				}
			}
			if b := tx.Bucket(bMeetings); b != nil {
				info.Meetings = b.Stats().KeyN
			}
			if b := tx.Bucket(bEvents); b != nil {
				err := b.ForEachBucket(func(k []byte) error {
					info.Events += b.Bucket(k).Stats().KeyN
					return nil
				})
				if err != nil {
					return err
				}
			}
			if b := tx.Bucket(bActions); b != nil {
				info.Actions = b.Stats().KeyN
			}
			return nil
		})
	})
	if err != nil {
		if strings.HasPrefix(err.Error(), "store "+path) {
			return info, err
		}
		return info, fmt.Errorf("%s: %w", path, err)
	}
	return info, nil
}

// OpenReadOnly opens the store at path for reading, also while a running
// gavel holds it (commands such as "gavel actions" or "gavel remind
// --dry-run"). When the file is free it is opened read-only in place. When a
// gavel holds it and serves SocketPath(path), a consistent copy is fetched
// into a temporary file that Close removes: the reader sees the store as it
// was when it opened. Otherwise it waits opt.LockTimeout like Open.
func OpenReadOnly(ctx context.Context, path string, opt Options) (*Store, error) {
	opt.ReadOnly = true
	s, err := Open(path, Options{ReadOnly: true, LockTimeout: -1})
	if err == nil || !errors.Is(err, ErrLocked) {
		return s, err
	}
	sock := SocketPath(path)
	if _, serr := os.Stat(sock); serr != nil {
		return Open(path, opt) // held by a command without a socket: wait
	}
	f, err := os.CreateTemp("", "gavel-view-*.db")
	if err != nil {
		return nil, fmt.Errorf("store %s: temporary copy: %w", path, err)
	}
	tmp := f.Name()
	_, err = FetchBackup(ctx, sock, f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp)
		return nil, fmt.Errorf("store %s is in use; reading a copy from the running gavel: %w", path, err)
	}
	s, err = Open(tmp, Options{ReadOnly: true, LockTimeout: -1})
	if err != nil {
		os.Remove(tmp)
		return nil, fmt.Errorf("store %s: copy from the running gavel: %w", path, err)
	}
	s.cleanup = func() { os.Remove(tmp) }
	return s, nil
}
