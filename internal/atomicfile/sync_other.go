//go:build !linux

package atomicfile

import "errors"

// haveSyncfs: elsewhere Commit fsyncs every file and folder.
const haveSyncfs = false

func syncfs(string) error { return errors.New("syncfs: not on this system") }

func deviceOf(string) (uint64, error) { return 0, errors.New("syncfs: not on this system") }
