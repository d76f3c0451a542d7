package store

import "testing"

// TestFollow walks a copy's bookkeeping through the cases the three caches
// meet: a reader's load, commits that follow it, one that changed nothing,
// a writer that read the file, a reader that loaded ahead of a commit's
// handler, and a commit the copy could not follow.
func TestFollow(t *testing.T) {
	var f follow
	var data string
	step := func(what string, wantAt int, wantData string) {
		t.Helper()
		if wantAt > 0 && !f.at(wantAt) || wantAt == 0 && f.held {
			t.Fatalf("%s: held %v at %d, want at %d", what, f.held, f.txid, wantAt)
		}
		if data != wantData {
			t.Fatalf("%s: data %q, want %q", what, data, wantData)
		}
	}
	step("new", 0, "")
	f.commit(3, func() { data += "+3" }, nil, func() { data = "" })
	step("a commit with nothing held", 0, "")
	if !f.load(3, func() { data = "s3" }) {
		t.Fatal("load at 3 refused")
	}
	step("loaded", 3, "s3")
	if f.load(2, func() { data = "s2" }) || f.load(3, func() { data = "again" }) {
		t.Fatal("load of an older or the same state installed it")
	}
	step("stale loads", 3, "s3")
	f.commit(4, func() { data += "+4" }, nil, nil)
	step("commit 4 follows", 4, "s3+4")
	f.commit(5, nil, nil, nil)
	step("commit 5 changed nothing held", 5, "s3+4")
	f.commit(7, func() { data += "+7" }, nil, func() { data = "" })
	step("commit 7 skipped 6", 0, "")
	f.commit(8, func() { data += "+8" }, func() { data = "file8" }, func() { data = "" })
	step("commit 8 read the file", 8, "file8")
	f.load(9, func() { data = "s9" })
	f.commit(9, func() { data += "+9" }, func() { data = "file9" }, func() { data = "" })
	step("a reader loaded 9 before its commit's handler ran", 9, "s9")
	f.commit(11, func() { data += "+11" }, nil, func() { data = "" })
	f.commit(10, func() { data += "+10" }, nil, func() { data = "" })
	step("handlers of 10 and 11 out of order", 0, "")
}
