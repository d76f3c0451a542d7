package atomicfile

import (
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/sys/unix"
)

// TestIsMountPoint: the root folder is a mount point, a folder made in a
// test's temporary folder is not, and a bind mount of a folder of the same
// file system is one although its device is its parent's (where this
// process may mount: as root).
func TestIsMountPoint(t *testing.T) {
	if !IsMountPoint("/") {
		t.Error(`IsMountPoint("/") = false`)
	}
	parent := t.TempDir()
	src, dir := filepath.Join(parent, "src"), filepath.Join(parent, "site")
	for _, d := range []string{src, dir} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if IsMountPoint(dir) {
		t.Errorf("IsMountPoint(%s) = true for a plain folder", dir)
	}
	if err := unix.Mount(src, dir, "", unix.MS_BIND, ""); err != nil {
		t.Skipf("no bind mount here (%v): the rest needs the right to mount", err)
	}
	t.Cleanup(func() { unix.Unmount(dir, 0) })
	if !SameFileSystem(parent, dir) {
		t.Fatalf("the bind mount %s is on another device than %s", dir, parent)
	}
	if !IsMountPoint(dir) {
		t.Errorf("IsMountPoint(%s) = false for a bind mount of the same file system", dir)
	}
}

// TestSwapDirWorks: the file system of a test's temporary folder (tmpfs or
// ext4) takes the renames SwapDir makes, and the probe leaves nothing.
func TestSwapDirWorks(t *testing.T) {
	parent := t.TempDir()
	if !SwapDirWorks(filepath.Join(parent, ".site.gavel-build")) {
		t.Fatalf("SwapDirWorks in %s = false", parent)
	}
	ents, err := os.ReadDir(parent)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		t.Errorf("the probe left %s", e.Name())
	}
}
