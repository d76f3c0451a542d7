package publisher

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/gavel-irc/gavel/internal/atomicfile"
	"golang.org/x/sys/unix"
)

// TestFullBuildBindMount: when site.dir is a bind mount of a folder of the
// same file system (same device as its parent, but a mount point, which no
// rename may move), a full build is made in place instead of failing at
// the swap: the site is a fresh build's, a user's file in it stays, the
// mount stays, and nothing is left beside it. Where this process may not
// mount (not root), skipped.
func TestFullBuildBindMount(t *testing.T) {
	parent := t.TempDir()
	fresh := filepath.Join(parent, "fresh")
	buildFixture(t, fresh)
	want := readTree(t, fresh)

	src, dir := filepath.Join(parent, "src"), filepath.Join(parent, "site")
	for _, d := range []string{src, dir} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := unix.Mount(src, dir, "", unix.MS_BIND, ""); err != nil {
		t.Skipf("no bind mount here (%v): this test needs the right to mount", err)
	}
	t.Cleanup(func() { unix.Unmount(dir, 0) })
	if err := os.WriteFile(filepath.Join(dir, "CNAME"), []byte("minutes.example.org\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	buildFixture(t, dir) // the first build
	buildFixture(t, dir) // a rebuild over it
	got := readTree(t, dir)
	if string(got["CNAME"]) != "minutes.example.org\n" {
		t.Errorf("CNAME = %q after the builds", got["CNAME"])
	}
	delete(got, "CNAME")
	if len(got) != len(want) {
		t.Errorf("the site holds %d files, a fresh build %d", len(got), len(want))
	}
	for rel, data := range want {
		if !bytes.Equal(got[rel], data) {
			t.Errorf("%s differs from a fresh build's", rel)
		}
	}
	if !atomicfile.IsMountPoint(dir) {
		t.Errorf("%s is no longer the mount point", dir)
	}
	ents, err := os.ReadDir(parent)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if n := e.Name(); n != "fresh" && n != "src" && n != "site" {
			t.Errorf("left beside the site: %s", n)
		}
	}
}
