package store

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/meeting"
)

// checkCopy opens the backup at out and checks that it holds meeting "m"
// with at least n events, numbered from 1 without a gap.
func checkCopy(t *testing.T, out string, n uint64) int {
	t.Helper()
	info, err := Verify(out)
	if err != nil {
		t.Fatalf("backup fails its check: %v", err)
	}
	if info.Schema != SchemaVersion {
		t.Errorf("backup schema %d", info.Schema)
	}
	c, err := Open(out, Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("opening the backup: %v", err)
	}
	defer c.Close()
	evs, err := c.Events("m")
	if err != nil {
		t.Fatal(err)
	}
	if uint64(len(evs)) < n {
		t.Fatalf("backup has %d events; %d were committed before it began", len(evs), n)
	}
	for i, e := range evs {
		if want := fmt.Sprintf("line %d", i+1); e.Text != want {
			t.Fatalf("backup event %d is %q, want %q", i+1, e.Text, want)
		}
	}
	if info.Events != len(evs) || info.Meetings != 1 {
		t.Errorf("Verify counted %d meetings, %d events; the copy has 1, %d", info.Meetings, info.Events, len(evs))
	}
	return len(evs)
}

// TestBackupWhileWriting runs the bot's side in this process: the store is
// open (exclusive lock), ServeBackup serves its socket, and a goroutine
// appends continuously. Copy must go through the socket and return a
// consistent copy with everything committed before it began.
func TestBackupWhileWriting(t *testing.T) {
	s, path := openTemp(t)
	if err := s.StartMeeting(rec("m", "fudcon", t0)); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	served := make(chan error, 1)
	go func() { served <- s.ServeBackup(ctx, SocketPath(path)) }()

	var acked atomic.Uint64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 1; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			seq, err := s.Append("m", ev(i))
			if err != nil {
				t.Error(err)
				return
			}
			acked.Store(seq)
		}
	}()
	for acked.Load() < 100 {
		time.Sleep(5 * time.Millisecond)
	}
	waitSocket(t, SocketPath(path))

	out := filepath.Join(t.TempDir(), "backup.db")
	for round := 0; round < 3; round++ {
		before := acked.Load()
		info, err := Copy(ctx, path, out)
		if err != nil {
			t.Fatal(err)
		}
		if info.Via != "socket" {
			t.Errorf("Copy went through %q, want socket", info.Via)
		}
		got := checkCopy(t, out, before)
		t.Logf("round %d: %d events committed before the backup, %d in it, %d bytes", round, before, got, info.Bytes)
	}
	close(stop)
	wg.Wait()

	// Store.Backup gives the same kind of copy.
	var buf bytes.Buffer
	if n, err := s.Backup(&buf); err != nil || n != int64(buf.Len()) {
		t.Fatalf("Backup = %d, %v", n, err)
	}
	if err := os.WriteFile(out, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	if got := checkCopy(t, out, acked.Load()); uint64(got) != acked.Load() {
		t.Errorf("Backup after the writer stopped has %d events, want %d", got, acked.Load())
	}

	cancel()
	select {
	case err := <-served:
		if err != nil {
			t.Fatalf("ServeBackup: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("ServeBackup did not return after cancel")
	}
	if _, err := os.Stat(SocketPath(path)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("socket left behind: %v", err)
	}
}

// TestBackupOtherProcess is the real case: another process holds the store
// and appends continuously while serving backups; Copy runs here.
func TestBackupOtherProcess(t *testing.T) {
	path := filepath.Join(t.TempDir(), "gavel.db")
	c := startChild(t, "serve", path)
	c.waitAcks(t, 100)
	waitSocket(t, SocketPath(path))
	out := filepath.Join(t.TempDir(), "copy.db")
	before := c.acked()
	info, err := Copy(context.Background(), path, out)
	if err != nil {
		t.Fatal(err)
	}
	if info.Via != "socket" {
		t.Errorf("Copy went through %q, want socket", info.Via)
	}
	got := checkCopy(t, out, before)
	// The writer goes on: the backup does not stop it.
	c.waitAcks(t, uint64(got)+10)
	t.Logf("%d committed before, %d in the copy, %d committed by the end", before, got, c.acked())
}

func waitSocket(t *testing.T, sock string) {
	t.Helper()
	for i := 0; i < 500; i++ {
		if fi, err := os.Stat(sock); err == nil && fi.Mode()&os.ModeSocket != 0 {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("socket %s did not appear", sock)
}

func TestBackupWithoutRunningGavel(t *testing.T) {
	s, path := openTemp(t)
	if err := s.StartMeeting(rec("m", "fudcon", t0)); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 20; i++ {
		s.Append("m", ev(i))
	}
	out := filepath.Join(t.TempDir(), "b.db")
	// Locked, and nobody serves the socket: a clear error.
	_, err := Copy(context.Background(), path, out)
	if !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), path) {
		t.Fatalf("Copy of a locked store without a socket: %v", err)
	}
	if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a failed Copy left %s behind", out)
	}
	s.Close()

	// Free: OpenReadOnly reads the file in place.
	r, err := OpenReadOnly(context.Background(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Path() != path {
		t.Errorf("OpenReadOnly of a free store opened %s", r.Path())
	}
	if evs, _ := r.Events("m"); len(evs) != 20 {
		t.Errorf("OpenReadOnly: %d events", len(evs))
	}
	r.Close()

	info, err := Copy(context.Background(), path, out)
	if err != nil {
		t.Fatal(err)
	}
	if info.Via != "file" || info.Events != 20 {
		t.Errorf("Copy = %+v", info)
	}
	if got := checkCopy(t, out, 20); got != 20 {
		t.Errorf("copy has %d events", got)
	}
	if _, err := Copy(context.Background(), path, path); err == nil {
		t.Error("Copy onto the store itself was allowed")
	}
	if _, err := Copy(context.Background(), filepath.Join(t.TempDir(), "none.db"), out); err == nil || !strings.Contains(err.Error(), "none.db") {
		t.Errorf("Copy of a missing store: %v", err)
	}
	// Verify rejects what is not a store.
	junk := filepath.Join(t.TempDir(), "junk.db")
	os.WriteFile(junk, bytes.Repeat([]byte("junk"), 4096), 0o600)
	if _, err := Verify(junk); err == nil || !strings.Contains(err.Error(), "junk.db") {
		t.Errorf("Verify(junk) = %v", err)
	}
}

func TestServeBackupSocketFile(t *testing.T) {
	s, path := openTemp(t)
	sock := SocketPath(path)
	// A regular file where the socket goes is not removed.
	os.WriteFile(sock, []byte("keep"), 0o600)
	if err := s.ServeBackup(context.Background(), sock); err == nil || !strings.Contains(err.Error(), "not a socket") {
		t.Fatalf("ServeBackup over a regular file: %v", err)
	}
	os.Remove(sock)
	// A stale socket (left by a killed gavel) is replaced.
	ln, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	ln.(*net.UnixListener).SetUnlinkOnClose(false)
	ln.Close()
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- s.ServeBackup(ctx, sock) }()
	// The stale socket refuses connections; wait for the new one.
	var conn net.Conn
	for i := 0; i < 500; i++ {
		if conn, err = net.Dial("unix", sock); err == nil {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	if err != nil {
		t.Fatal(err)
	}
	fi, _ := os.Stat(sock)
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("socket mode %v", fi.Mode().Perm())
	}
	// A bad request gets an error line, not a copy.
	fmt.Fprintf(conn, "GIVE ME EVERYTHING\n")
	line, _ := bufio.NewReader(conn).ReadString('\n')
	conn.Close()
	if !strings.HasPrefix(line, "ERR bad request") {
		t.Errorf("answer to a bad request: %q", line)
	}
	// A client that connects and stalls does not keep ServeBackup from
	// returning on cancel.
	stall, err := net.Dial("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer stall.Close()
	time.Sleep(20 * time.Millisecond)
	cancel()
	select {
	case err := <-served:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("ServeBackup hangs on a stalled client after cancel")
	}
}

// TestAppendNotBlockedByStalledBackup: a backup client that stops reading
// holds a read transaction open; the bot must still append, even when the
// file has to grow.
func TestAppendNotBlockedByStalledBackup(t *testing.T) {
	s, path := openTemp(t)
	if err := s.StartMeeting(rec("m", "fudcon", t0)); err != nil {
		t.Fatal(err)
	}
	big := func(from int) []meeting.Event {
		var evs []meeting.Event
		for i := from; i < from+5000; i++ {
			e := ev(i)
			e.Text = strings.Repeat("x", 400)
			evs = append(evs, e)
		}
		return evs
	}
	if err := appendMany(s, "m", big(1)); err != nil { // ~2 MB: more than a socket buffer
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- s.ServeBackup(ctx, SocketPath(path)) }()
	defer func() {
		cancel()
		if err := <-served; err != nil {
			t.Error(err)
		}
	}()
	waitSocket(t, SocketPath(path))
	conn, err := net.Dial("unix", SocketPath(path))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "BACKUP 1\n")
	if line, err := bufio.NewReader(conn).ReadString('\n'); err != nil || !strings.HasPrefix(line, "OK ") {
		t.Fatalf("answer %q, %v", line, err)
	}
	// The client now reads nothing more. Grow the file well past its size.
	done := make(chan error, 1)
	go func() {
		for j := 0; j < 8; j++ {
			if err := appendMany(s, "m", big(10000*(j+1))); err != nil {
				done <- err
				return
			}
		}
		done <- nil
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(3 * time.Minute):
		// Blocked is for ever (bbolt's remap waits on the backup's read
		// transaction): the limit only has to be far above the ~20 s the
		// appends take at load 30 on 2 cores, not a speed requirement.
		t.Fatal("appends blocked behind a stalled backup")
	}
}

func TestOpenReadOnlyWhileRunning(t *testing.T) {
	s, path := openTemp(t)
	if err := s.StartMeeting(rec("m", "fudcon", t0)); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 5; i++ {
		s.Append("m", ev(i))
	}
	s.PutAction(ActionRecord{ID: "a1", Text: "book hotels", Owners: []string{"pjp"}})

	// Held, no socket: waits like Open and fails with ErrLocked.
	if _, err := OpenReadOnly(context.Background(), path, Options{LockTimeout: 100 * time.Millisecond}); !errors.Is(err, ErrLocked) {
		t.Fatalf("OpenReadOnly of a held store without a socket: %v", err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- s.ServeBackup(ctx, SocketPath(path)) }()
	defer func() {
		cancel()
		if err := <-served; err != nil {
			t.Error(err)
		}
	}()
	waitSocket(t, SocketPath(path))
	r, err := OpenReadOnly(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	tmp := r.Path()
	if tmp == path {
		t.Fatal("OpenReadOnly opened the held file itself")
	}
	if evs, err := r.Events("m"); err != nil || len(evs) != 5 {
		t.Fatalf("Events through the copy: %d, %v", len(evs), err)
	}
	if as, err := r.Actions(ActionFilter{Owner: "PJP"}); err != nil || len(as) != 1 {
		t.Fatalf("Actions through the copy: %v, %v", as, err)
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(tmp); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("temporary copy %s left behind", tmp)
	}
	// The writer is unaffected.
	if _, err := s.Append("m", ev(6)); err != nil {
		t.Fatal(err)
	}
}
