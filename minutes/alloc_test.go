package minutes

import (
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/gavel-irc/gavel/internal/allocs"
	"github.com/gavel-irc/gavel/logfile"
	"github.com/gavel-irc/gavel/meeting"
)

// TestWritersLinear: each minutes format allocates linearly in the
// meeting's size (a meeting of 2,000 and of 16,000 lines with topics,
// #info, #action and talk).
func TestWritersLinear(t *testing.T) {
	replay := func(n int) *meeting.Meeting {
		var b strings.Builder
		b.WriteString("10:00:00 <alice> #startmeeting grow\n")
		for i := 0; i < n; i++ {
			fmt.Fprintf(&b, "%02d:%02d:%02d <bob> ", 10+i/3600%12, i/60%60, i%60)
			switch i % 20 {
			case 0:
				fmt.Fprintf(&b, "#topic part %d\n", i)
			case 1, 2:
				fmt.Fprintf(&b, "#info item %d of a long meeting\n", i)
			case 3:
				fmt.Fprintf(&b, "#action carol%d to look at %d\n", i%7, i)
			default:
				fmt.Fprintf(&b, "we talk about thing %d for a while\n", i)
			}
		}
		b.WriteString("23:00:00 <alice> #endmeeting\n")
		evs, _, err := logfile.ReadString(b.String(), "grow.2020-01-01-10.00.log.txt", logfile.ReadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		ms := Replay(evs, evs[0].Channel, meeting.Options{})
		if len(ms) != 1 {
			t.Fatalf("%d meetings", len(ms))
		}
		return ms[0].Meeting
	}
	small, big := replay(2000), replay(16000)
	for _, f := range Formats() {
		render := func(m *meeting.Meeting) func() {
			return func() {
				if err := Render(io.Discard, m, Options{}, f); err != nil {
					t.Fatal(err)
				}
			}
		}
		if fig, err := allocs.Linear("the "+f+" minutes", render(small), render(big)); err != nil {
			t.Error(err)
		} else {
			t.Log(fig)
		}
	}
}
