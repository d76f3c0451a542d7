package atomicfile

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// leftovers returns the names in dir other than want.
func leftovers(t *testing.T, dir string, want ...string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	keep := map[string]bool{}
	for _, w := range want {
		keep[w] = true
	}
	var out []string
	for _, e := range ents {
		if !keep[e.Name()] {
			out = append(out, e.Name())
		}
	}
	return out
}

func readFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestWriteCreatesAndReplaces(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "a.txt")
	if err := Write(name, []byte("one"), 0o600); err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, name); got != "one" {
		t.Fatalf("content %q, want one", got)
	}
	st, err := os.Stat(name)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", st.Mode().Perm())
	}
	if err := Write(name, []byte("two, longer"), 0o600); err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, name); got != "two, longer" {
		t.Fatalf("content %q after the second write", got)
	}
	if extra := leftovers(t, dir, "a.txt"); len(extra) > 0 {
		t.Errorf("temporary files left: %v", extra)
	}
}

func TestWriteWithFailureKeepsOld(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "b.db")
	if err := Write(name, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("disk on fire")
	err := WriteWith(name, 0o644, func(w io.Writer) error {
		io.WriteString(w, "half")
		return boom
	}, nil)
	if err != boom {
		t.Fatalf("error %v: want the write's error as it is", err)
	}
	// The check sees the complete temporary file; refusing keeps the old.
	var seen string
	err = WriteWith(name, 0o644, func(w io.Writer) error {
		_, err := io.WriteString(w, "new but bad")
		return err
	}, func(tmp string) error {
		seen = readFile(t, tmp)
		return errors.New("verify failed")
	})
	if err == nil || !strings.Contains(err.Error(), "verify failed") {
		t.Fatalf("error %v, want the check's", err)
	}
	if seen != "new but bad" {
		t.Errorf("check saw %q, want the whole new content", seen)
	}
	if got := readFile(t, name); got != "old" {
		t.Errorf("content %q after failed writes, want old", got)
	}
	if extra := leftovers(t, dir, "b.db"); len(extra) > 0 {
		t.Errorf("temporary files left: %v", extra)
	}
}

func TestWriteMissingFolder(t *testing.T) {
	name := filepath.Join(t.TempDir(), "no", "such", "c.txt")
	err := Write(name, []byte("x"), 0o644)
	if err == nil || !strings.Contains(err.Error(), name) {
		t.Fatalf("error %v, want one naming %s", err, name)
	}
}

// TestReadersNeverSeeHalf rewrites a file with two large contents while
// readers read it: every read is one content or the other, whole.
func TestReadersNeverSeeHalf(t *testing.T) {
	for _, mode := range []string{"Write", "Batch"} {
		t.Run(mode, func(t *testing.T) {
			dir := t.TempDir()
			name := filepath.Join(dir, "page.html")
			a := bytes.Repeat([]byte("a"), 256<<10)
			b := bytes.Repeat([]byte("b"), 256<<10+4096)
			batch := NewBatch()
			put := func(data []byte) error {
				if mode == "Batch" {
					return batch.Write(name, data, 0o644)
				}
				return Write(name, data, 0o644)
			}
			if err := put(a); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithCancel(context.Background())
			var wg sync.WaitGroup
			var bad []string
			var mu sync.Mutex
			reads := 0
			for r := 0; r < 2; r++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for ctx.Err() == nil {
						got, err := os.ReadFile(name)
						mu.Lock()
						reads++
						if err != nil {
							bad = append(bad, err.Error())
						} else if !bytes.Equal(got, a) && !bytes.Equal(got, b) {
							bad = append(bad, fmt.Sprintf("a read of %d bytes that is neither content", len(got)))
						}
						mu.Unlock()
					}
				}()
			}
			for i := 0; i < 20; i++ {
				data := a
				if i%2 == 0 {
					data = b
				}
				if err := put(data); err != nil {
					cancel()
					wg.Wait()
					t.Fatal(err)
				}
			}
			// Let the readers read at least a few times.
			deadline := time.Now().Add(10 * time.Second)
			for {
				mu.Lock()
				n := reads
				mu.Unlock()
				if n >= 10 || time.Now().After(deadline) {
					break
				}
				time.Sleep(time.Millisecond)
			}
			cancel()
			wg.Wait()
			if err := batch.Commit(); err != nil {
				t.Fatal(err)
			}
			if len(bad) > 0 {
				t.Fatalf("%d bad reads of %d, first: %s", len(bad), reads, bad[0])
			}
			if reads == 0 {
				t.Fatal("the readers never read")
			}
			if extra := leftovers(t, dir, "page.html"); len(extra) > 0 {
				t.Errorf("temporary files left: %v", extra)
			}
		})
	}
}

// TestBatch writes many files from several goroutines, in new folders and
// over old files, and commits them, with syncfs and with an fsync of each.
func TestBatch(t *testing.T) {
	for _, useSyncfs := range []bool{haveSyncfs, false} {
		t.Run(fmt.Sprintf("syncfs=%v", useSyncfs), func(t *testing.T) {
			// 2n files: more than manyFiles, so that the syncfs case
			// is the one taken where there is syncfs.
			const n = manyFiles/2 + 20
			root := t.TempDir()
			old := filepath.Join(root, "old")
			if err := os.Mkdir(old, 0o755); err != nil {
				t.Fatal(err)
			}
			for i := 0; i < n; i++ {
				if err := os.WriteFile(filepath.Join(old, fmt.Sprint(i)), []byte("stale"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			b := NewBatch()
			b.syncfs = useSyncfs
			var wg sync.WaitGroup
			errs := make(chan error, 2*n)
			for g := 0; g < 4; g++ {
				wg.Add(1)
				go func(g int) {
					defer wg.Done()
					for i := g; i < n; i += 4 {
						if err := b.Write(filepath.Join(old, fmt.Sprint(i)), []byte(fmt.Sprint("new ", i)), 0o644); err != nil {
							errs <- err
						}
						dir := filepath.Join(root, "fresh", fmt.Sprint(i%7), "deep")
						if err := b.MkdirAll(dir, 0o755); err != nil {
							errs <- err
							continue
						}
						if err := b.Create(filepath.Join(dir, fmt.Sprint(i)), []byte(fmt.Sprint("fresh ", i)), 0o644); err != nil {
							errs <- err
						}
					}
				}(g)
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Fatal(err)
			}
			if err := b.Commit(); err != nil {
				t.Fatal(err)
			}
			for i := 0; i < n; i++ {
				if got := readFile(t, filepath.Join(old, fmt.Sprint(i))); got != fmt.Sprint("new ", i) {
					t.Errorf("old/%d = %q", i, got)
				}
				if got := readFile(t, filepath.Join(root, "fresh", fmt.Sprint(i%7), "deep", fmt.Sprint(i))); got != fmt.Sprint("fresh ", i) {
					t.Errorf("fresh/%d = %q", i, got)
				}
			}
			var names []string
			for i := 0; i < n; i++ {
				names = append(names, fmt.Sprint(i))
			}
			if extra := leftovers(t, old, names...); len(extra) > 0 {
				t.Errorf("temporary files left: %v", extra)
			}
			if len(b.files) != 0 {
				t.Errorf("%d files still pending after Commit", len(b.files))
			}
			// A second commit with nothing new has nothing to do.
			if err := b.Commit(); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestBatchWriteMissingFolder(t *testing.T) {
	b := NewBatch()
	name := filepath.Join(t.TempDir(), "gone", "x.html")
	if err := b.Write(name, []byte("x"), 0o644); err == nil || !strings.Contains(err.Error(), name) {
		t.Fatalf("Write: error %v, want one naming %s", err, name)
	}
	if err := b.Create(name, []byte("x"), 0o644); err == nil || !strings.Contains(err.Error(), name) {
		t.Fatalf("Create: error %v, want one naming %s", err, name)
	}
}

// TestBatchWriteWith: a streamed write replaces the file; a failing one
// returns its error as it is, keeps the old content and leaves no
// temporary file, and is not committed.
func TestBatchWriteWith(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "m.log.html")
	if err := os.WriteFile(name, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	b := NewBatch()
	boom := errors.New("disk on fire")
	if err := b.WriteWith(name, 0o644, func(w io.Writer) error {
		io.WriteString(w, "half")
		return boom
	}); err != boom {
		t.Fatalf("error %v: want the write's error as it is", err)
	}
	if got := readFile(t, name); got != "old" {
		t.Errorf("content %q after a failed write, want old", got)
	}
	if len(b.files) != 0 {
		t.Errorf("a failed write is pending for Commit: %v", b.files)
	}
	if err := b.WriteWith(name, 0o644, func(w io.Writer) error {
		for i := 0; i < 3; i++ {
			if _, err := fmt.Fprintf(w, "part %d;", i); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if err := b.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, name); got != "part 0;part 1;part 2;" {
		t.Errorf("content %q, want the three parts", got)
	}
	if extra := leftovers(t, dir, "m.log.html"); len(extra) > 0 {
		t.Errorf("temporary files left: %v", extra)
	}
}

// TestBatchMkdir: Mkdir makes a folder and its missing parents and says
// it made it; a folder already there is no error and not "made"; a file in
// the way is an error naming it. Create writes and truncates in place.
func TestBatchMkdir(t *testing.T) {
	root := t.TempDir()
	b := NewBatch()
	dir := filepath.Join(root, "a", "b", "c")
	made, err := b.Mkdir(dir, 0o755)
	if err != nil || !made {
		t.Fatalf("Mkdir(new): made %v, error %v", made, err)
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		t.Fatalf("Mkdir did not make %s: %v", dir, err)
	}
	if made, err := b.Mkdir(dir, 0o755); err != nil || made {
		t.Fatalf("Mkdir(existing): made %v, error %v", made, err)
	}
	name := filepath.Join(dir, "x.html")
	if err := b.Create(name, []byte("long content"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := b.Create(name, []byte("short"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, name); got != "short" {
		t.Fatalf("Create over a file: %q, want %q", got, "short")
	}
	if st, _ := os.Stat(name); st.Mode().Perm() != 0o644&^umask(t) {
		t.Fatalf("Create: mode %v", st.Mode().Perm())
	}
	if _, err := b.Mkdir(name, 0o755); err == nil || !strings.Contains(err.Error(), name) {
		t.Fatalf("Mkdir over a file: error %v, want one naming %s", err, name)
	}
	if err := b.Commit(); err != nil {
		t.Fatal(err)
	}
}

// umask returns the process's umask (files are made with perm &^ umask).
func umask(t *testing.T) os.FileMode {
	t.Helper()
	name := filepath.Join(t.TempDir(), "probe")
	if err := os.WriteFile(name, nil, 0o777); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(name)
	if err != nil {
		t.Fatal(err)
	}
	return 0o777 &^ st.Mode().Perm()
}

// TestBatchEarlySync: a batch big enough to end in syncfs starts syncing
// in the background as it grows (at most one sync at a time), and Commit
// waits for that sync before its own, so no goroutine outlives it.
func TestBatchEarlySync(t *testing.T) {
	if !haveSyncfs {
		t.Skip("no syncfs on this system: Commit fsyncs each file")
	}
	root := t.TempDir()
	b := NewBatch()
	b.earlyAt = 64 << 10
	data := bytes.Repeat([]byte("x"), 1<<10)
	started := 0
	for i := 0; i < 2*manyFiles; i++ {
		if err := b.Create(filepath.Join(root, fmt.Sprint(i)), data, 0o644); err != nil {
			t.Fatal(err)
		}
		b.earlyMu.Lock()
		running := b.early != nil
		b.earlyMu.Unlock()
		if running && i < manyFiles-1 {
			t.Fatalf("an early sync started at file %d, before the batch had %d files", i, manyFiles)
		}
		if running {
			started++
		}
	}
	if started == 0 {
		t.Fatalf("no early sync started for %d files of 1 KiB with earlyAt 64 KiB", 2*manyFiles)
	}
	if err := b.Commit(); err != nil {
		t.Fatal(err)
	}
	if b.early != nil {
		t.Error("Commit left an early sync behind")
	}
	for i := 0; i < 2*manyFiles; i++ {
		if got := readFile(t, filepath.Join(root, fmt.Sprint(i))); got != string(data) {
			t.Fatalf("file %d: %d bytes", i, len(got))
		}
	}
}

// TestRenameBatchNoEarlySync: a batch of NewRenameBatch, which is never
// committed, starts no sync in the background however much it writes (a
// goroutine would outlive it), and its files are in place.
func TestRenameBatchNoEarlySync(t *testing.T) {
	root := t.TempDir()
	b := NewRenameBatch()
	b.earlyAt = 1 << 10
	data := bytes.Repeat([]byte("x"), 1<<10)
	for i := 0; i < 2*manyFiles; i++ {
		if err := b.Write(filepath.Join(root, fmt.Sprint(i)), data, 0o644); err != nil {
			t.Fatal(err)
		}
		b.earlyMu.Lock()
		running := b.early != nil
		b.earlyMu.Unlock()
		if running {
			t.Fatalf("a sync started in the background at file %d", i)
		}
	}
	for i := 0; i < 2*manyFiles; i++ {
		if got := readFile(t, filepath.Join(root, fmt.Sprint(i))); got != string(data) {
			t.Fatalf("file %d: %d bytes", i, len(got))
		}
	}
}

// TestBatchEarlySyncError: an error of a sync started early is Commit's
// error (a later syncfs would not report it again).
func TestBatchEarlySyncError(t *testing.T) {
	b := NewBatch()
	e := &earlySync{done: make(chan struct{}), err: errors.New("sync of the file system of /x: input/output error")}
	close(e.done)
	b.early = e
	if err := b.Commit(); err == nil || !strings.Contains(err.Error(), "input/output error") {
		t.Fatalf("Commit = %v, want the early sync's error", err)
	}
	if err := b.Commit(); err != nil {
		t.Fatalf("second Commit = %v, want nil (the error was reported)", err)
	}
}

// TestSwapDir: a folder takes the place of a missing one, then of an
// existing one, whose content is left at the first name.
func TestSwapDir(t *testing.T) {
	if !CanSwapDir {
		t.Skip("no exchange of folders on this system")
	}
	parent := t.TempDir()
	dir, next := filepath.Join(parent, "site"), filepath.Join(parent, ".site.next")
	for i, content := range []string{"one", "two"} {
		if err := os.Mkdir(next, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(next, "f"), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		had, err := SwapDir(next, dir)
		if err != nil {
			t.Fatal(err)
		}
		if had != (i == 1) {
			t.Errorf("swap %d: had = %v", i, had)
		}
		if got, _ := os.ReadFile(filepath.Join(dir, "f")); string(got) != content {
			t.Errorf("swap %d: the folder holds %q, want %q", i, got, content)
		}
		old, err := os.ReadFile(filepath.Join(next, "f"))
		if i == 0 && err == nil {
			t.Errorf("swap into a missing folder left %s", next)
		}
		if i == 1 {
			if string(old) != "one" {
				t.Errorf("the old folder at %s holds %q, %v", next, old, err)
			}
			os.RemoveAll(next)
		}
	}
	if _, err := SwapDir(next, filepath.Join(t.TempDir(), "elsewhere")); err == nil {
		t.Error("SwapDir across folders: no error")
	}
}

// TestLinkSame: a file is linked only when its content is exactly the
// data (same size, same bytes, a regular file).
func TestLinkSame(t *testing.T) {
	dir := t.TempDir()
	data := bytes.Repeat([]byte("0123456789abcdef"), 10000) // several reads
	old := filepath.Join(dir, "old")
	if err := os.WriteFile(old, data, 0o644); err != nil {
		t.Fatal(err)
	}
	b := NewBatch()
	same := filepath.Join(dir, "same")
	if !b.LinkSame(old, same, data) {
		t.Fatal("same content not linked")
	}
	st1, _ := os.Stat(old)
	st2, _ := os.Stat(same)
	if !os.SameFile(st1, st2) {
		t.Error("LinkSame did not make a hard link")
	}
	other := bytes.Clone(data)
	other[len(other)-1] ^= 1
	for name, d := range map[string][]byte{"last byte": other, "shorter": data[:len(data)-1], "longer": append(bytes.Clone(data), 'x')} {
		if b.LinkSame(old, filepath.Join(dir, "x"), d) {
			t.Errorf("%s: linked", name)
		}
	}
	if b.LinkSame(filepath.Join(dir, "missing"), filepath.Join(dir, "y"), nil) {
		t.Error("a missing file linked")
	}
	if b.LinkSame(dir, filepath.Join(dir, "z"), nil) {
		t.Error("a folder linked")
	}
	if _, err := os.Lstat(filepath.Join(dir, "x")); err == nil {
		t.Error("a refused link left a file")
	}
}

// TestIsTemp checks that IsTemp knows every name tempName makes, which a
// full build's carry-over skips, and no ordinary site file.
func TestIsTemp(t *testing.T) {
	for _, name := range []string{"/site/index.html", "/site/a b/x.tmp.html", "CNAME"} {
		if tmp := filepath.Base(tempName(name, randomTag(), 7)); !IsTemp(tmp) {
			t.Errorf("IsTemp(%q) = false for tempName(%q)", tmp, name)
		}
		if IsTemp(filepath.Base(name)) {
			t.Errorf("IsTemp(%q) = true for a site file", name)
		}
	}
}

// TestPending: a pending file is written under a temporary name (IsTemp)
// and renamed over the old file by Place, noted for Commit; a Place that
// fails (no such folder) leaves it pending, and Discard removes it.
func TestPending(t *testing.T) {
	dir := t.TempDir()
	sub := filepath.Join(dir, "series")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	name := filepath.Join(sub, "m.log.txt")
	if err := os.WriteFile(name, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	b := NewRenameBatch()
	p, err := b.Pending(dir, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	for _, part := range []string{"new ", "log"} {
		if _, err := io.WriteString(p, part); err != nil {
			t.Fatalf("writing the pending file: %v", err)
		}
	}
	tmp := leftovers(t, dir, "series")
	if len(tmp) != 1 || !IsTemp(tmp[0]) {
		t.Fatalf("pending file %v: want one temporary name", tmp)
	}
	if got := readFile(t, name); got != "old" {
		t.Errorf("%q before Place, want old", got)
	}
	if err := p.Place(name); err != nil {
		t.Fatal(err)
	}
	p.Discard() // placed: nothing to remove
	if got := readFile(t, name); got != "new log" {
		t.Errorf("%q after Place, want the new log", got)
	}
	if extra := leftovers(t, dir, "series"); len(extra) > 0 {
		t.Errorf("left in the folder: %v", extra)
	}
	if len(b.files) != 1 || b.files[0] != name {
		t.Errorf("batch notes %v, want %s", b.files, name)
	}

	q, err := b.Pending(dir, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.WriteString(q, "lost"); err != nil {
		t.Fatalf("writing the pending file: %v", err)
	}
	if err := q.Place(filepath.Join(dir, "no such folder", "x")); err == nil || !strings.Contains(err.Error(), "no such folder") {
		t.Errorf("Place into a missing folder: %v", err)
	}
	if extra := leftovers(t, dir, "series"); len(extra) != 1 {
		t.Errorf("after a failed Place %v: want the file still pending", extra)
	}
	q.Discard()
	if extra := leftovers(t, dir, "series"); len(extra) > 0 {
		t.Errorf("after Discard: %v", extra)
	}
	if _, err := b.Pending(filepath.Join(dir, "missing"), 0o644); err == nil {
		t.Error("Pending in a missing folder: no error")
	}
}

// TestBatchSyncSoon: SyncSoon starts the background sync at once for a
// batch that will end in syncfs (its early threshold not reached), not for
// a smaller one nor a rename batch, and Commit waits for it.
func TestBatchSyncSoon(t *testing.T) {
	if !haveSyncfs {
		t.Skip("no syncfs on this system: Commit fsyncs each file")
	}
	running := func(b *Batch) bool {
		b.earlyMu.Lock()
		defer b.earlyMu.Unlock()
		return b.early != nil
	}
	data := []byte("x")
	for _, c := range []struct {
		name   string
		batch  *Batch
		files  int
		starts bool
	}{
		{"big batch", NewBatch(), manyFiles, true},
		{"small batch", NewBatch(), manyFiles - 1, false},
		{"rename batch", NewRenameBatch(), manyFiles, false},
	} {
		root := t.TempDir()
		b := c.batch
		for i := 0; i < c.files; i++ {
			name := filepath.Join(root, fmt.Sprint(i))
			var err error
			if b.renameOnly {
				err = b.Write(name, data, 0o644)
			} else {
				err = b.Create(name, data, 0o644)
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		if running(b) {
			t.Fatalf("%s: a sync started before SyncSoon (%d bytes, early at %d)", c.name, c.files, b.earlyAt)
		}
		b.SyncSoon()
		if got := running(b); got != c.starts {
			t.Errorf("%s of %d files: sync running after SyncSoon = %v, want %v", c.name, c.files, got, c.starts)
		}
		if b.renameOnly {
			continue
		}
		if err := b.Commit(); err != nil {
			t.Fatal(err)
		}
		if running(b) {
			t.Errorf("%s: Commit left the sync behind", c.name)
		}
	}
}
