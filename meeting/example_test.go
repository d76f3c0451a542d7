package meeting_test

import (
	"fmt"
	"time"

	"github.com/gavel-irc/gavel/meeting"
)

func Example() {
	c := meeting.NewChannel("#fudcon", meeting.Options{})
	t := time.Date(2026, 7, 22, 13, 0, 0, 0, time.UTC)
	for i, l := range [][2]string{
		{"pjp", "#startmeeting FUDCon planning"},
		{"kushal", "hello"},
		{"pjp", "#topic Hotels"},
		{"pjp", "#action kushal to book rooms by Aug 10"},
		{"kushal", "#agreed too soon"},
	} {
		res := c.Handle(meeting.Event{Time: t.Add(time.Duration(i) * time.Minute), Nick: l[0], Text: l[1]})
		for _, r := range res.Replies {
			fmt.Println(r)
		}
	}
	m := c.Meeting()
	a := m.Actions()[0]
	fmt.Println(m.ID, a.Owners, a.Due)
	// Output:
	// Meeting started Wed Jul 22 13:00:00 2026 UTC. The chair is pjp. Information about gavel: #commands lists what it understands.
	// Useful commands: #action #agreed #help #info #idea #link #topic #done #actions.
	// The meeting name has been set to 'fudcon_planning'
	// kushal: only a chair can use #agreed.
	// fudcon_planning.2026-07-22T130000Z [kushal] 2026-08-10
}
