package hugeheap

import (
	"testing"
	"unsafe"
)

type rec struct {
	s string
	n int64
	b bool
}

// TestMake: Make's slice has length 0 and the capacity asked for, holds
// what is appended up to it without moving, and a large one begins at a
// 2 MiB boundary (where huge pages are 2 MiB); a small one is a plain
// make.
func TestMake(t *testing.T) {
	for _, n := range []int{0, 1, 1000, minBytes - 1, minBytes, 3 * blockBytes / 2, 5*blockBytes + 7} {
		b := Make[byte](n)
		if len(b) != 0 || cap(b) != n {
			t.Fatalf("Make[byte](%d): len %d cap %d", n, len(b), cap(b))
		}
		for i := range n {
			b = append(b, byte(i))
		}
		for i := range n {
			if b[i] != byte(i) {
				t.Fatalf("Make[byte](%d): byte %d is %d", n, i, b[i])
			}
		}
		if n >= minBytes && supported() && uintptr(unsafe.Pointer(unsafe.SliceData(b)))%blockBytes != 0 {
			t.Errorf("Make[byte](%d) at %p: not at a 2 MiB boundary", n, unsafe.SliceData(b))
		}
	}
	size := int(unsafe.Sizeof(rec{}))
	for _, n := range []int{10, minBytes/size + 1, 3 * blockBytes / size} {
		r := Make[rec](n)
		if len(r) != 0 || cap(r) != n {
			t.Fatalf("Make[rec](%d): len %d cap %d", n, len(r), cap(r))
		}
		p := unsafe.SliceData(r[:1])
		for i := range n {
			r = append(r, rec{s: "x", n: int64(i), b: i%2 == 0})
		}
		if unsafe.SliceData(r) != p || r[n-1].n != int64(n-1) || r[n-1].s != "x" {
			t.Fatalf("Make[rec](%d): the array moved or lost what was appended", n)
		}
		if off := uintptr(unsafe.Pointer(p)) % blockBytes; n*size >= minBytes && supported() && off >= uintptr(size) {
			t.Errorf("Make[rec](%d): begins %d bytes after a 2 MiB boundary, not within one element", n, off)
		}
	}
}

// TestAdvise: Advise leaves the array where it is and as it is, whatever
// its size.
func TestAdvise(t *testing.T) {
	for _, n := range []int{0, 10, minBytes, 3*blockBytes + 5} {
		b := make([]byte, n, n+3)
		for i := range b {
			b[i] = byte(i * 7)
		}
		p := unsafe.SliceData(b)
		Advise(b)
		if unsafe.SliceData(b) != p || len(b) != n {
			t.Fatalf("Advise of %d bytes moved the array", n)
		}
		for i := range b {
			if b[i] != byte(i*7) {
				t.Fatalf("Advise of %d bytes: byte %d changed", n, i)
			}
		}
	}
}
