package hugeheap

import "golang.org/x/sys/unix"

// advise sets MADV_HUGEPAGE on [lo, lo+n).
func advise(lo, n uintptr) {
	_, _, _ = unix.Syscall(unix.SYS_MADVISE, lo, n, unix.MADV_HUGEPAGE)
}
