package hugeheap

import (
	"os"

	"golang.org/x/sys/unix"
)

// supported says whether a 2 MiB block is a huge page here: Linux with
// 4 KiB pages (x86-64, arm64's usual kernels). With larger pages (ppc64le,
// arm64 kernels of 16 or 64 KiB pages) a huge page is 16 MiB or more, and
// Make's slack would buy nothing.
func supported() bool { return os.Getpagesize() == 4<<10 }

// advise sets MADV_HUGEPAGE on [lo, lo+n). Its error is not looked at: a
// kernel without transparent huge pages refuses the advice (EINVAL), a hole
// in the range is skipped (ENOMEM, the rest advised), and either way the
// memory is paged as before.
func advise(lo, n uintptr) {
	_, _, _ = unix.Syscall(unix.SYS_MADVISE, lo, n, unix.MADV_HUGEPAGE)
}
