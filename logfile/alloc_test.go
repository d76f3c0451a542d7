package logfile

import (
	"fmt"
	"strings"
	"testing"

	"github.com/gavel-irc/gavel/internal/allocs"
)

// genLog is a MeetBot raw log of n lines (talk, #info, #action).
func genLog(n int) string {
	var b strings.Builder
	b.WriteString("10:00:00 <alice> #startmeeting grow\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "%02d:%02d:%02d <bob> ", 10+i/3600%12, i/60%60, i%60)
		switch i % 5 {
		case 0:
			fmt.Fprintf(&b, "#info item %d of a long meeting\n", i)
		case 1:
			fmt.Fprintf(&b, "#action carol to look at %d\n", i)
		default:
			fmt.Fprintf(&b, "we talk about thing %d for a while\n", i)
		}
	}
	b.WriteString("23:00:00 <alice> #endmeeting\n")
	return b.String()
}

// TestReadLinear: Read and ReadString allocate linearly in the log's
// size (5,000 and 40,000 lines; a quadratic reader would be ~64x).
func TestReadLinear(t *testing.T) {
	small, big := genLog(5000), genLog(40000)
	name := "grow.2020-01-01-10.00.log.txt"
	readString := func(s string) func() {
		return func() {
			if _, _, err := ReadString(s, name, ReadOptions{}); err != nil {
				t.Fatal(err)
			}
		}
	}
	read := func(s string) func() {
		return func() {
			if _, _, err := Read(strings.NewReader(s), name, ReadOptions{}); err != nil {
				t.Fatal(err)
			}
		}
	}
	if fig, err := allocs.Linear("ReadString", readString(small), readString(big)); err != nil {
		t.Error(err)
	} else {
		t.Log(fig)
	}
	if fig, err := allocs.Linear("Read", read(small), read(big)); err != nil {
		t.Error(err)
	} else {
		t.Log(fig)
	}
}
