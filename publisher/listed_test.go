package publisher

import (
	"strings"
	"testing"
)

func TestListedMeetings(t *testing.T) {
	var all []*ref
	for i := 0; i < 8; i++ {
		all = append(all, &ref{Record: Record{ID: string(rune('a' + i))}})
	}
	ids := func(rs []*ref) string {
		var s strings.Builder
		for _, r := range rs {
			s.WriteString(r.ID)
		}
		return s.String()
	}
	for n, want := range map[int]string{0: "", 1: "a", 3: "abc", 4: "acd", 8: "agh"} {
		got, skipped := listedMeetings(all[:n])
		wantSkipped := max(0, n-minutesMeetings)
		if ids(got) != want || skipped != wantSkipped {
			t.Errorf("%d meetings: listed %q, %d left out; want %q, %d", n, ids(got), skipped, want, wantSkipped)
		}
	}
}
