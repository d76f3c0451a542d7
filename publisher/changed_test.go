package publisher

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"
)

// TestPageHashOfLongItemLists: pageHash hashes an item's long list of
// meetings from bytes made once per publish (meetingsField); the sum must
// be what the sites built before recorded (each field joined by 1 and
// ended by 0, in this order), or every page would look changed after an
// upgrade.
func TestPageHashOfLongItemLists(t *testing.T) {
	var items []*Action
	for n := 0; n < 12; n++ {
		a := &Action{ID: fmt.Sprintf("a%d", n), Text: "text " + strings.Repeat("x", n), Status: []string{"open", "done"}[n%2],
			Due: "2026-12-01", DueText: "by Friday"}
		for k := 0; k < n; k++ {
			a.Owners = append(a.Owners, fmt.Sprintf("owner%d", k))
			a.Meetings = append(a.Meetings, fmt.Sprintf("fudcon-weekly-2019-01-%02d-13.00", k+1))
		}
		items = append(items, a)
	}
	r := &ref{Record: Record{ID: "m1", Series: "fudcon"}}
	b := &build{}
	b.byMeeting = map[string][]*Action{"m1": items}
	h := sha256.New()
	for _, a := range items {
		for _, f := range [][]string{{a.ID}, {a.Text}, a.Owners, {a.Status}, {a.Due}, {a.DueText}, a.Meetings} {
			h.Write([]byte(strings.Join(f, "\x01") + "\x00"))
		}
	}
	want := recordHash(r) + "/" + hex.EncodeToString(h.Sum(nil)[:12])
	for i := 0; i < 2; i++ { // the second time from the memo
		if got := pageHash(b, r); got != want {
			t.Fatalf("pass %d: pageHash %s, want %s", i, got, want)
		}
	}
}
