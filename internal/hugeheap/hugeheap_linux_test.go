package hugeheap

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"testing"
	"unsafe"
)

// vmFlags returns the VmFlags of the mapping of /proc/self/smaps that
// holds address p ("" when none does, or it has no VmFlags line).
func vmFlags(t *testing.T, p uintptr) string {
	t.Helper()
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Fatalf("reading the process's mappings: %v", err)
	}
	defer f.Close()
	in := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if rng, _, ok := strings.Cut(line, " "); ok && strings.Contains(rng, "-") && !strings.HasSuffix(rng, ":") {
			lo, hi, _ := strings.Cut(rng, "-")
			a, err1 := strconv.ParseUint(lo, 16, 64)
			b, err2 := strconv.ParseUint(hi, 16, 64)
			in = err1 == nil && err2 == nil && uint64(p) >= a && uint64(p) < b
			continue
		}
		if flags, ok := strings.CutPrefix(line, "VmFlags:"); ok && in {
			return flags
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("reading the process's mappings: %v", err)
	}
	return ""
}

// TestAdviceTaken: the memory of a large array from Make, and of one
// given to Advise, is in a mapping advised for huge pages (VmFlags "hg"):
// the advice is asked for, not only the alignment made. The kernel takes the advice
// whatever transparent_hugepage/enabled says; one built without
// transparent huge pages has no such folder and refuses it (nothing to
// check then).
func TestAdviceTaken(t *testing.T) {
	if _, err := os.Stat("/sys/kernel/mm/transparent_hugepage"); err != nil {
		t.Skipf("this kernel has no transparent huge pages: %v", err)
	}
	if !supported() {
		t.Skipf("pages of %d bytes: huge pages are not 2 MiB here", os.Getpagesize())
	}
	hg := func(flags string) bool { return strings.Contains(" "+flags+" ", " hg ") }
	big := Make[byte](3 * blockBytes)
	f := vmFlags(t, uintptr(unsafe.Pointer(unsafe.SliceData(big[:1]))))
	if f == "" {
		t.Skip("/proc/self/smaps shows no VmFlags for the heap here (a sandbox's kernel): nothing to check")
	}
	if !hg(f) {
		t.Errorf("Make of 6 MiB: its mapping's flags %q have no hg", f)
	}
	adv := make([]int64, 0, 3*blockBytes/8)
	Advise(adv)
	if f := vmFlags(t, uintptr(unsafe.Pointer(unsafe.SliceData(adv[:1])))+uintptr(cap(adv))*4); !hg(f) {
		t.Errorf("Advise of 6 MiB: its mapping's flags %q have no hg", f)
	}
}
