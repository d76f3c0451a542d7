//go:build unix

package publisher

import (
	"io/fs"
	"syscall"
)

// groupOf returns the group owning a file.
func groupOf(st fs.FileInfo) (int, bool) {
	if sys, ok := st.Sys().(*syscall.Stat_t); ok {
		return int(sys.Gid), true
	}
	return 0, false
}
