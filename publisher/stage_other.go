//go:build !unix

package publisher

import "io/fs"

// groupOf: no groups of files here.
func groupOf(fs.FileInfo) (int, bool) { return 0, false }
