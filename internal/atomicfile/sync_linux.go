package atomicfile

import (
	"io/fs"
	"os"
	"path/filepath"
	"syscall"

	"golang.org/x/sys/unix"
)

// haveSyncfs: Linux makes a whole file system durable in one call.
const haveSyncfs = true

// syncfs makes the file system holding dir durable (syncfs(2)).
func syncfs(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer f.Close()
	return unix.Syncfs(int(f.Fd()))
}

// deviceOf returns the device of the file system holding dir.
func deviceOf(dir string) (uint64, error) {
	st, err := os.Stat(dir)
	if err != nil {
		return 0, err
	}
	return uint64(st.Sys().(*syscall.Stat_t).Dev), nil
}

// CreateFile writes data to name in place (created, or truncated), with
// no temporary file, sync or note for Commit (Batch.Create notes it; the
// floor's plain writes of perf/sitefloor call it alone), with the system
// calls alone: os.OpenFile would also ask the runtime's poller
// to watch the file (an epoll_ctl that fails for a regular file, and four
// fcntl calls), five calls more per file in a full build of 12,000 files.
func CreateFile(name string, data []byte, perm fs.FileMode) error {
	fd, err := unix.Open(name, unix.O_WRONLY|unix.O_CREAT|unix.O_TRUNC|unix.O_CLOEXEC, uint32(perm.Perm()))
	if err != nil {
		return &os.PathError{Op: "open", Path: name, Err: err}
	}
	for len(data) > 0 {
		n, err := unix.Write(fd, data)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			unix.Close(fd)
			return &os.PathError{Op: "write", Path: name, Err: err}
		}
		data = data[n:]
	}
	if err := unix.Close(fd); err != nil {
		return &os.PathError{Op: "close", Path: name, Err: err}
	}
	return nil
}

// CanSwapDir: SwapDir works on this system (renameat2 with
// RENAME_EXCHANGE).
const CanSwapDir = true

// swapDirs puts the folder next at dir: renamed to dir when dir does not
// exist (never replacing one made meanwhile), else exchanged with it in
// one step (RENAME_EXCHANGE), leaving the old folder at next. had says
// whether there was an old folder.
func swapDirs(next, dir string) (had bool, err error) {
	err = unix.Renameat2(unix.AT_FDCWD, next, unix.AT_FDCWD, dir, unix.RENAME_NOREPLACE)
	if err == nil {
		return false, nil
	}
	if err != unix.EEXIST {
		return false, &os.LinkError{Op: "rename", Old: next, New: dir, Err: err}
	}
	if err := unix.Renameat2(unix.AT_FDCWD, next, unix.AT_FDCWD, dir, unix.RENAME_EXCHANGE); err != nil {
		return false, &os.LinkError{Op: "exchange", Old: next, New: dir, Err: err}
	}
	return true, nil
}

// SwapDirWorks reports whether the file system holding the folder that
// next names (a path that need not exist) takes the renames SwapDir makes
// there (renameat2's RENAME_NOREPLACE and RENAME_EXCHANGE: NFS, CIFS and
// many FUSE file systems refuse them). It asks with two empty folders of
// its own beside next (next+".probe1", next+".probe2"), removed after.
func SwapDirWorks(next string) bool {
	a, b := next+".probe1", next+".probe2"
	os.RemoveAll(a)
	os.RemoveAll(b)
	defer os.Remove(a)
	defer os.Remove(b)
	if os.Mkdir(a, 0o700) != nil {
		return false
	}
	if unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_NOREPLACE) != nil {
		return false
	}
	if os.Mkdir(a, 0o700) != nil {
		return false
	}
	return unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE) == nil
}

// IsMountPoint reports whether the folder dir is the root of a mount,
// which cannot be renamed (EBUSY): a file system mounted there, or a bind
// mount, also of a folder of the same file system (same device as its
// parent folder). statx's STATX_ATTR_MOUNT_ROOT says so (Linux 5.8); where
// the kernel does not, a device other than the parent folder's. When
// neither can be asked, true.
func IsMountPoint(dir string) bool {
	var stx unix.Statx_t
	err := unix.Statx(unix.AT_FDCWD, dir, unix.AT_SYMLINK_NOFOLLOW, unix.STATX_BASIC_STATS, &stx)
	if err == nil && stx.Attributes_mask&unix.STATX_ATTR_MOUNT_ROOT != 0 {
		return stx.Attributes&unix.STATX_ATTR_MOUNT_ROOT != 0
	}
	return !SameFileSystem(filepath.Dir(filepath.Clean(dir)), dir)
}

// SameFileSystem reports whether a and b are on one file system (a folder
// and its parent are not when the folder is a mount point).
func SameFileSystem(a, b string) bool {
	da, err := deviceOf(a)
	if err != nil {
		return false
	}
	db, err := deviceOf(b)
	return err == nil && da == db
}

// sameContent reports whether the regular file name holds exactly data:
// its size asked first (fstat), its bytes read only when the size is
// data's, with the system calls alone (no poller registration).
func sameContent(name string, data []byte, buf []byte) bool {
	fd, err := unix.Open(name, unix.O_RDONLY|unix.O_CLOEXEC|unix.O_NOFOLLOW, 0)
	if err != nil {
		return false
	}
	defer unix.Close(fd)
	var st unix.Stat_t
	if unix.Fstat(fd, &st) != nil || st.Mode&unix.S_IFMT != unix.S_IFREG || st.Size != int64(len(data)) {
		return false
	}
	for off := 0; off < len(data); {
		n, err := unix.Read(fd, buf)
		if err == unix.EINTR {
			continue
		}
		if err != nil || n <= 0 || off+n > len(data) || string(buf[:n]) != string(data[off:off+n]) {
			return false
		}
		off += n
	}
	return true
}

// MarkTopDir marks the folder dir as the top of directory hierarchies
// (chattr +T, FS_TOPDIR_FL) for the file system's allocator: on ext4 the
// folders made in it are spread over the block groups (Orlov) instead of
// packed beside it. An error (another file system) is no error: it is a
// hint.
func MarkTopDir(dir string) {
	fd, err := unix.Open(dir, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return
	}
	defer unix.Close(fd)
	flags, err := unix.IoctlGetInt(fd, unix.FS_IOC_GETFLAGS)
	if err != nil || flags&fsTopdirFl != 0 {
		return
	}
	unix.IoctlSetPointerInt(fd, unix.FS_IOC_SETFLAGS, flags|fsTopdirFl)
}

// fsTopdirFl is FS_TOPDIR_FL of linux/fs.h (x/sys/unix does not name it).
const fsTopdirFl = 0x00020000
