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

// createFile writes data to name in place (created, or truncated).
func createFile(name string, data []byte, perm fs.FileMode) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, perm)
	if err != nil {
		return err
	}
	_, werr := f.Write(data)
	return errors.Join(werr, f.Close())
}
