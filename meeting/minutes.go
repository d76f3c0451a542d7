package meeting

import (
	"sort"
	"strings"
)

// Topics returns the items grouped under their topics, in the order said.
// Items said before the first #topic are under a Topic with an empty Title
// (present only when there are such items; its Line is the first item's).
func (m *Meeting) Topics() []Topic {
	// Sized once: the topics, and one array for every item under them
	// (each topic's Items a full slice expression of it, so an append to
	// one never writes into the next).
	topics, lead := 0, false
	for i, it := range m.Items {
		if it.Kind == ItemTopic {
			topics++
		} else if i == 0 {
			lead = true
		}
	}
	if len(m.Items) == 0 {
		return nil
	}
	if lead {
		topics++
	}
	out := make([]Topic, 0, topics)
	items := make([]Item, 0, len(m.Items)-topics+btoi(lead))
	start := 0
	end := func() {
		if len(out) > 0 && len(items) > start {
			out[len(out)-1].Items = items[start:len(items):len(items)]
		}
		start = len(items)
	}
	for _, it := range m.Items {
		if it.Kind == ItemTopic {
			end()
			out = append(out, Topic{Title: it.Text, Nick: it.Nick, At: it.At, Line: it.Line})
			continue
		}
		if len(out) == 0 {
			out = append(out, Topic{Line: it.Line})
		}
		items = append(items, it)
	}
	end()
	return out
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Actions returns the action items in the order said.
func (m *Meeting) Actions() []Item {
	n := 0
	for _, it := range m.Items {
		if it.Kind == ItemAction {
			n++
		}
	}
	if n == 0 {
		return nil
	}
	out := make([]Item, 0, n)
	for _, it := range m.Items {
		if it.Kind == ItemAction {
			out = append(out, it)
		}
	}
	return out
}

// Attendees returns the people present with the lines each said: by lines
// said (descending), then nick (ascending, case-insensitively, then
// byte-wise). Chairs that said nothing are listed with 0, as zodbot does.
// The bot is not attendance: the nick of the bot's own lines (KindBot,
// see BotNick) is left out. A raw log of another bot read without its
// nick (zodbot's lines are ordinary lines there) lists that bot, as
// MeetBot and zodbot list themselves.
func (m *Meeting) Attendees() []Attendee {
	bot := m.BotNick()
	out := make([]Attendee, 0, len(m.Lines)+len(m.Chairs))
	for n, l := range m.Lines {
		if bot != "" && n == bot || m.isNotesPen(n) {
			continue
		}
		out = append(out, Attendee{Nick: n, Lines: l})
	}
	for n := range m.Chairs {
		if _, ok := m.Lines[n]; !ok && !m.isNotesPen(n) {
			out = append(out, Attendee{Nick: n})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Lines != out[j].Lines {
			return out[i].Lines > out[j].Lines
		}
		return nickLess(out[i].Nick, out[j].Nick)
	})
	return out
}

// BotNick returns the nick of the bot's own lines (KindBot) in the log,
// or "" when it has none.
func (m *Meeting) BotNick() string {
	for _, l := range m.Log {
		if l.Kind == KindBot {
			return l.Nick
		}
	}
	return ""
}

// NotesNick is the nick that says a face-to-face meeting's lines when no
// chair is named (gavel notes' default --chair): the notes themselves, not
// a person, so Attendees leaves it out.
const NotesNick = "notes"

// isNotesPen reports whether nick is the NotesNick of a face-to-face
// meeting.
func (m *Meeting) isNotesPen(nick string) bool {
	return nick == NotesNick && m.Source == "f2f"
}

// nickLess orders nicks case-insensitively, then byte-wise, so the order
// is total and stable.
func nickLess(a, b string) bool {
	la, lb := strings.ToLower(a), strings.ToLower(b)
	if la != lb {
		return la < lb
	}
	return a < b
}

// ChairList returns the chairs, sorted.
func (m *Meeting) ChairList() []string {
	out := make([]string, 0, len(m.Chairs))
	for n, ok := range m.Chairs {
		if ok {
			out = append(out, n)
		}
	}
	sort.Slice(out, func(i, j int) bool { return nickLess(out[i], out[j]) })
	return out
}

// ActionsByPerson returns the action items grouped by owner, and the
// actions nobody owns (listed even when there is only one). Persons are
// sorted by nick (case-insensitively), as MeetBot and zodbot list them; an
// owner named with "NAME to ..." who was not present is listed too. An
// action with two owners is listed under both.
func (m *Meeting) ActionsByPerson() (byPerson []PersonActions, unassigned []Item) {
	idx := map[string]int{}
	for _, it := range m.Actions() {
		if len(it.Owners) == 0 {
			unassigned = append(unassigned, it)
			continue
		}
		for _, o := range it.Owners {
			k := strings.ToLower(o)
			i, ok := idx[k]
			if !ok {
				i = len(byPerson)
				idx[k] = i
				byPerson = append(byPerson, PersonActions{Nick: o})
			}
			byPerson[i].Items = append(byPerson[i].Items, it)
		}
	}
	sort.SliceStable(byPerson, func(i, j int) bool { return nickLess(byPerson[i].Nick, byPerson[j].Nick) })
	return byPerson, unassigned
}

// Results returns each option of the vote with its voters (in the order
// their final ballots were first cast), options in the order declared.
// Ballots for options not declared are ignored.
func (v *Vote) Results() []VoteResult {
	out := make([]VoteResult, len(v.Options))
	idx := make(map[string]int, len(v.Options))
	for i, o := range v.Options {
		out[i].Option = o
		idx[strings.ToLower(o)] = i
	}
	for _, b := range v.Ballots {
		if i, ok := idx[strings.ToLower(b.Option)]; ok {
			out[i].Voters = append(out[i].Voters, b.Nick)
		}
	}
	return out
}
