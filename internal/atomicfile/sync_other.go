//go:build !linux

package atomicfile

import (
	"errors"
	"io/fs"
	"os"
)

// haveSyncfs: elsewhere Commit fsyncs every file and folder.
const haveSyncfs = false

func syncfs(string) error { return errors.New("syncfs: not on this system") }

func deviceOf(string) (uint64, error) { return 0, errors.New("syncfs: not on this system") }

// CreateFile writes data to name in place (created, or truncated), with
// no temporary file, sync or note for Commit (Batch.Create notes it; the
// floor's plain writes of perf/sitefloor call it alone).
func CreateFile(name string, data []byte, perm fs.FileMode) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, perm)
	if err != nil {
		return err
	}
	_, werr := f.Write(data)
	return errors.Join(werr, f.Close())
}

// CanSwapDir: elsewhere a folder cannot replace another in one step.
const CanSwapDir = false

func swapDirs(next, dir string) (bool, error) {
	return false, errors.New("exchanging folders: not on this system")
}

// SwapDirWorks: SwapDir does not work here.
func SwapDirWorks(string) bool { return false }

// IsMountPoint cannot say here: true (nothing may be renamed).
func IsMountPoint(string) bool { return true }

// SameFileSystem cannot say here: false.
func SameFileSystem(a, b string) bool { return false }

// sameContent reports whether the regular file name holds exactly data.
func sameContent(name string, data []byte, _ []byte) bool {
	st, err := os.Lstat(name)
	if err != nil || !st.Mode().IsRegular() || st.Size() != int64(len(data)) {
		return false
	}
	old, err := os.ReadFile(name)
	return err == nil && string(old) == string(data)
}

// MarkTopDir is a hint that this system does not take.
func MarkTopDir(string) {}
