package meeting

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// TestResolveAllOwnersOnce: at #endmeeting the engine resolves again only
// the actions whose owners were resolved before the names last changed.
// Random meetings (actions naming people present, absent, joining later,
// renamed, #nick'ed, undone; IRC and notes lines) end with every action
// owned as a full second pass with the final names gives: each item is
// resolved again here against the ended meeting's state and compared.
func TestResolveAllOwnersOnce(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 11))
	nicks := []string{"alice", "bob", "Carol", "dave", "Erin_", "frank"}
	texts := []string{"%s to book the hotels", "%s and %s to review the draft", "ask %s about the venue",
		"%s, %s: send the invites", "@%s will write the post", "all: read %s's notes", "%s + %s to check the budget"}
	for round := range 300 {
		lines := []string{"alice #startmeeting planning"}
		for range 5 + rng.IntN(30) {
			a, b := nicks[rng.IntN(len(nicks))], nicks[rng.IntN(len(nicks))]
			switch rng.IntN(10) {
			case 0:
				lines = append(lines, fmt.Sprintf("%s hello", a))
			case 1:
				// Anyone but the chair changes nick.
				lines = append(lines, fmt.Sprintf("%s -> %s", nicks[1+rng.IntN(len(nicks)-1)], nicks[rng.IntN(len(nicks))]+"x"))
			case 2:
				lines = append(lines, fmt.Sprintf("alice #nick %s", b))
			case 3:
				lines = append(lines, "alice #undo")
			default:
				text := texts[rng.IntN(len(texts))]
				args := []any{a, b}[:strings.Count(text, "%s")]
				lines = append(lines, "alice #action "+fmt.Sprintf(text, args...))
			}
		}
		lines = append(lines, "alice #endmeeting")
		for _, source := range []string{"irc", "f2f"} {
			c, _ := replay(Options{Source: source}, script(lines...))
			m, st := c.last, c.lastSt
			if m == nil || st == nil {
				t.Fatalf("round %d: the meeting did not end", round)
			}
			c.m, c.st = m, st
			for _, i := range st.actionIdx {
				it := m.Items[i]
				it.Owners = slices.Clone(it.Owners)
				c.resolveOwners(&it)
				if !slices.Equal(it.Owners, m.Items[i].Owners) {
					t.Errorf("round %d (%s): %q owned by %q, a full pass at the end gives %q\n%q", round, source, it.Text, m.Items[i].Owners, it.Owners, lines)
				}
			}
			c.m, c.st = nil, nil
		}
	}
}
