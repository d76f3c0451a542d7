package atomicfile

import (
	"os"
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
