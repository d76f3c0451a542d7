// Command sitefloor measures the floor of a full site build: what writing
// a site gavel built costs with no rendering at all. It reads every folder
// and file of SRC into memory (not timed), then writes the identical tree
// into DST, a folder that must not exist yet, on one goroutine per core
// (GOMAXPROCS), and prints what the writing took: wall time and the
// process's user and system CPU time over it (getrusage), with the counts.
//
//	sitefloor [-sync] SRC DST
//
// Without -sync the files are written as Hugo writes a site: plain
// creations, nothing made durable. With -sync they are written as gavel's
// full build writes them (docs/publisher.md): into a staging folder beside
// DST (".DST.gavel-build", marked the top of directory hierarchies), each
// file with one open, write and close through an internal/atomicfile.Batch
// (whose background syncfs starts every 16 MB written), made durable by the
// batch's Commit (one syncfs) and put in place by atomicfile.SwapDir (a
// rename and an fsync of the parent folder). Nothing gavel computes is
// done in either mode: the difference to a `gavel publish --full` of the
// same site is gavel's own work (deploy/bench-vs-hugo.sh prints both).
//
// The output is one line of fields, for scripts:
//
//	wall=1.234 user=0.123 sys=0.789 files=12131 dirs=2104 bytes=130000000
package main

import (
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sys/unix"

	"github.com/gavel-irc/gavel/internal/atomicfile"
)

// file is one file of the tree, held in memory.
type file struct {
	rel  string // path relative to the tree's root
	data []byte
	perm fs.FileMode
}

// tree is a site read into memory: its folders (parents before children,
// by depth) and its files (in the order of a walk: folder by folder).
type tree struct {
	dirs   [][]string // relative paths by depth: dirs[0] the root's children
	perms  map[string]fs.FileMode
	files  []file
	nbytes int64
}

func main() {
	durable := flag.Bool("sync", false, "write as gavel's full build does: staging folder, syncfs, swap into place")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: sitefloor [-sync] SRC DST")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 2 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(flag.Arg(0), flag.Arg(1), *durable); err != nil {
		fmt.Fprintln(os.Stderr, "sitefloor:", err)
		os.Exit(1)
	}
}

func run(src, dst string, durable bool) error {
	if _, err := os.Lstat(dst); err == nil {
		return fmt.Errorf("%s exists: the floor is measured into a new folder", dst)
	}
	t, err := readTree(src)
	if err != nil {
		return err
	}
	runtime.GC() // the reading's garbage is not the writing's
	r0, t0 := rusage(), time.Now()
	if durable {
		err = writeDurable(t, dst)
	} else {
		err = writePlain(t, dst)
	}
	wall, r1 := time.Since(t0), rusage()
	if err != nil {
		return err
	}
	ndirs := 0
	for _, level := range t.dirs {
		ndirs += len(level)
	}
	fmt.Printf("wall=%.3f user=%.3f sys=%.3f files=%d dirs=%d bytes=%d\n", wall.Seconds(),
		tvSeconds(r1.Utime)-tvSeconds(r0.Utime), tvSeconds(r1.Stime)-tvSeconds(r0.Stime), len(t.files), ndirs, t.nbytes)
	return nil
}

// readTree reads every folder and regular file under root. Anything else
// (a symbolic link, a device) is an error: a site gavel built has none.
func readTree(root string) (*tree, error) {
	t := &tree{perms: map[string]fs.FileMode{}}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		switch {
		case d.IsDir():
			if rel == "." {
				t.perms[rel] = info.Mode().Perm()
				return nil
			}
			depth := strings.Count(rel, string(filepath.Separator))
			for len(t.dirs) <= depth {
				t.dirs = append(t.dirs, nil)
			}
			t.dirs[depth] = append(t.dirs[depth], rel)
			t.perms[rel] = info.Mode().Perm()
		case info.Mode().IsRegular():
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			t.files = append(t.files, file{rel: rel, data: data, perm: info.Mode().Perm()})
			t.nbytes += int64(len(data))
		default:
			return fmt.Errorf("%s: neither a folder nor a regular file (%s)", path, info.Mode().Type())
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("reading the site %s: %w", root, err)
	}
	if len(t.files) == 0 {
		return nil, fmt.Errorf("reading the site %s: no files", root)
	}
	return t, nil
}

// writePlain writes the tree into dst as a static site generator that does
// not sync writes it: each folder made once, each file created with one
// open, write and close (atomicfile.CreateFile, which the durable writes'
// Batch.Create calls too: the same system calls in both modes).
func writePlain(t *tree, dst string) error {
	if err := os.Mkdir(dst, t.perms["."]); err != nil {
		return err
	}
	return writeAll(t, dst,
		func(dir string, perm fs.FileMode) error { return os.Mkdir(dir, perm) },
		atomicfile.CreateFile)
}

// writeDurable writes the tree as gavel's full build does (see the
// package's comment) and returns once it is durable and in place.
func writeDurable(t *tree, dst string) error {
	dst = filepath.Clean(dst)
	stage := filepath.Join(filepath.Dir(dst), "."+filepath.Base(dst)+".gavel-build")
	if _, err := os.Lstat(stage); err == nil {
		return fmt.Errorf("%s exists: the floor is measured into a new folder", stage)
	}
	b := atomicfile.NewBatch()
	if _, err := b.Mkdir(stage, t.perms["."]); err != nil {
		return err
	}
	atomicfile.MarkTopDir(stage)
	err := writeAll(t, stage,
		func(dir string, perm fs.FileMode) error {
			made, err := b.Mkdir(dir, perm)
			if err == nil && !made {
				err = fmt.Errorf("mkdir %s: made already", dir)
			}
			return err
		},
		b.Create)
	if err != nil {
		return err
	}
	if err := b.Commit(); err != nil {
		return err
	}
	_, err = atomicfile.SwapDir(stage, dst)
	return err
}

// writeAll makes t's folders under root, a level at a time, then writes its
// files, each level and the files shared out among one goroutine per core.
func writeAll(t *tree, root string, mkdir func(string, fs.FileMode) error, create func(string, []byte, fs.FileMode) error) error {
	for _, level := range t.dirs {
		if err := parallel(len(level), func(i int) error {
			return mkdir(filepath.Join(root, level[i]), t.perms[level[i]])
		}); err != nil {
			return err
		}
	}
	return parallel(len(t.files), func(i int) error {
		f := &t.files[i]
		return create(filepath.Join(root, f.rel), f.data, f.perm)
	})
}

// parallel runs fn(0) ... fn(n-1) on GOMAXPROCS goroutines, each taking the
// next index in turn, and returns the first error.
func parallel(n int, fn func(int) error) error {
	var next atomic.Int64
	var wg sync.WaitGroup
	var mu sync.Mutex
	var first error
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				if err := fn(i); err != nil {
					mu.Lock()
					if first == nil {
						first = err
					}
					mu.Unlock()
					next.Store(int64(n))
					return
				}
			}
		}()
	}
	wg.Wait()
	return first
}

func rusage() unix.Rusage {
	var r unix.Rusage
	unix.Getrusage(unix.RUSAGE_SELF, &r)
	return r
}

func tvSeconds(tv unix.Timeval) float64 {
	return float64(tv.Sec) + float64(tv.Usec)/1e6
}
