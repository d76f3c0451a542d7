package atomicfile

import (
	"testing"

	"golang.org/x/sys/unix"
)

// TestMarkTopDir: on ext4 a folder is marked the top of directory
// hierarchies (what chattr +T does), and nothing else of its flags
// changes; elsewhere the hint is not taken and nothing fails.
func TestMarkTopDir(t *testing.T) {
	dir := t.TempDir()
	var fs unix.Statfs_t
	if err := unix.Statfs(dir, &fs); err != nil {
		t.Fatal(err)
	}
	flags := func() int {
		fd, err := unix.Open(dir, unix.O_RDONLY|unix.O_DIRECTORY, 0)
		if err != nil {
			t.Fatal(err)
		}
		defer unix.Close(fd)
		f, err := unix.IoctlGetInt(fd, unix.FS_IOC_GETFLAGS)
		if err != nil {
			return -1
		}
		return f
	}
	before := flags()
	MarkTopDir(dir)
	after := flags()
	if fs.Type != unix.EXT4_SUPER_MAGIC {
		t.Skipf("not ext4 (file system type %#x): the hint is not checked", fs.Type)
	}
	if after != before|fsTopdirFl {
		t.Errorf("flags %#x -> %#x, want %#x", before, after, before|fsTopdirFl)
	}
	MarkTopDir(dir) // marked already: nothing changes
	if again := flags(); again != after {
		t.Errorf("flags %#x after a second mark, want %#x", again, after)
	}
}
