package notes

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gavel-irc/gavel/deadline"
	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/people"
)

// DefaultChair is the nick that says a face-to-face meeting's events when
// EventOptions.Chair is empty.
const DefaultChair = meeting.NotesNick

// MergePrefix starts the text of every item folded into an IRC meeting by
// a merge, so the minutes show which items came from the notes (in an
// action, after its owners: "PJP to do: [notes] Caterers").
const MergePrefix = "[notes] "

// EventOptions configure Feed.
type EventOptions struct {
	// Chair is the nick the events are said by (DefaultChair when empty);
	// in a merge it must be a chair of the meeting (its owner).
	Chair string
	// Start is the time of the first event; each next event is one second
	// later. Zero means the notes' Date. Event times are in UTC.
	Start time.Time
	// Merge folds the notes into the meeting in the engine: no
	// #startmeeting or #endmeeting. With Kind meeting.KindNotes the
	// meeting may have ended already (the engine applies notes lines to
	// the meeting that ended last), the attendees are one "#nick" line
	// and the items are marked by the engine (Item.FromNotes); with
	// another Kind the meeting must be running and every item's text
	// starts with MergePrefix.
	Merge bool
	// Kind is the kind of the events (meeting.KindMessage when empty);
	// meeting.KindNotes for a merge.
	Kind meeting.EventKind
	// People turns owners' names into the one-word tokens the engine
	// matches (a person's nick, or the name with '_' for spaces).
	People *people.Directory
}

// Feed writes the notes as meeting events — "#startmeeting Title", a line
// per attendee, "#topic", "#info", "#action", "#done", "#endmeeting" — feeds
// each one to the engine c, in order, and returns them. The caller stores
// exactly these events: replaying them through a new engine with the same
// options gives the same meeting, so a face-to-face meeting goes through
// the same code as an IRC one. The meeting returned is the engine's
// meeting after the last event (ended, unless merging).
//
// Owners are written so the engine finds them: an action whose text does
// not start with its owners ("Rahul to ...") gets them in front, "A and B
// to do: text"; a deadline an action inherits from its topic is written
// after, "(deadline: ...)".
// "#done" names the closed action by the id the engine gave it.
func (n *Notes) Feed(c *meeting.Channel, opt EventOptions) ([]meeting.Event, *meeting.Meeting, error) {
	chair := opt.Chair
	if chair == "" {
		chair = DefaultChair
	}
	at := opt.Start
	if at.IsZero() {
		at = n.Date
	}
	// Event times are UTC, as the store gives them back; the engine reads
	// deadlines in the meeting's zone.
	at = at.UTC()
	prefix := ""
	asNotes := opt.Merge && opt.Kind == meeting.KindNotes
	last := c.Meeting()
	if asNotes && last == nil {
		last = c.Ended()
	}
	if opt.Merge {
		if !asNotes {
			prefix = MergePrefix
		}
		if last == nil {
			return nil, nil, fmt.Errorf("notes %s: no meeting to merge into", n.Name)
		}
	}
	// One event a line: start, attendees, preamble, each topic's title,
	// action and items, end.
	size := 2 + len(n.Attendees) + len(n.Preamble)
	for _, t := range n.Topics {
		size += 2 + len(t.Items)
	}
	evs := make([]meeting.Event, 0, size)
	var ferr error
	say := func(nick, text string, kind meeting.EventKind) meeting.Result {
		if kind == "" {
			kind = opt.Kind
		}
		ev := meeting.Event{Time: at, Channel: c.Name(), Nick: nick, Text: text, Kind: kind}
		at = at.Add(time.Second)
		evs = append(evs, ev)
		res := c.Handle(ev)
		if res.Meeting != nil {
			last = res.Meeting
		}
		if !res.Recorded && ferr == nil {
			ferr = fmt.Errorf("notes %s: the meeting engine did not record %q", n.Name, text)
		}
		return res
	}
	tok := func(names []string) []string {
		out := make([]string, 0, len(names))
		for _, o := range names {
			if t := opt.People.Token(o); t != "" {
				out = append(out, t)
			}
		}
		return out
	}

	if !opt.Merge {
		say(chair, "#startmeeting "+n.Title, meeting.KindMessage)
		if c.Meeting() == nil {
			return nil, nil, fmt.Errorf("notes %s: the meeting engine did not start the meeting", n.Name)
		}
		c.Reserve(size)
	}
	if asNotes {
		if a := tok(n.Attendees); len(a) > 0 {
			say(chair, "#nick "+strings.Join(a, " "), "")
		}
	} else {
		for _, a := range tok(n.Attendees) {
			say(a, "was present", meeting.KindAction)
		}
	}
	for _, p := range n.Preamble {
		say(chair, "#info "+prefix+p, "")
	}
	ids := map[int]string{} // action line -> engine action id
	action := func(it *Item, inheritDue bool) {
		text := it.Text
		// Owners go first, in the engine's "A, B and C to ..." form,
		// unless the text starts so already: the engine then reads them
		// and does not misread "Talk to Prof. X — A + B" as owned by
		// Talk. They are not made known names (#nick), which would list
		// them among the people present.
		// In a merge the mark comes after the owners.
		text = prefix + text
		if o := tok(it.Owners); len(o) > 0 {
			if phrase := ownersPhrase(o); prefix != "" || !hasPrefixFold(text, phrase+" to ") {
				text = phrase + OwnersSep + text
			}
		}
		// A deadline the engine would not find in the text (the topic's,
		// or a date that ends the text without "by"/"due") is written
		// after it, so the engine and the tracker read the same one.
		if it.DueText != "" {
			add := inheritDue
			if !add {
				_, _, _, kw := deadline.Find(text)
				add = !kw
			}
			if add {
				text += " (deadline: " + it.DueText + ")"
			}
		}
		res := say(chair, "#action "+text, "")
		if m := res.Meeting; m != nil && len(m.Items) > 0 {
			if last := m.Items[len(m.Items)-1]; last.Kind == meeting.ItemAction {
				ids[it.Line] = last.ActionID
			}
		}
	}
	for _, t := range n.Topics {
		if t.Title != "" {
			say(chair, "#topic "+prefix+t.Title, "")
		}
		if t.Action != nil {
			a := *t.Action
			action(&a, true)
		}
		for i := range t.Items {
			it := t.Items[i]
			switch it.Kind {
			case KindAction:
				action(&it, it.DueInherited)
			case KindDone:
				if id := ids[it.Closes]; it.Closes > 0 && id != "" {
					say(chair, "#done "+id+" "+prefix+it.Text, "")
				} else {
					say(chair, "#done "+prefix+it.Text, "")
				}
			default:
				say(chair, "#info "+prefix+indent(it.Depth)+it.Text, "")
			}
		}
	}
	if !opt.Merge {
		say(chair, "#endmeeting", meeting.KindMessage)
	}
	return evs, last, ferr
}

// hasPrefixFold is strings.HasPrefix(strings.ToLower(s),
// strings.ToLower(prefix)), without lower-casing copies when the bytes
// compared are ASCII (FuzzHasPrefixFold).
func hasPrefixFold(s, prefix string) bool {
	if isASCII(prefix) {
		if len(s) < len(prefix) && isASCII(s) {
			return false
		}
		if len(s) >= len(prefix) && isASCII(s[:len(prefix)]) {
			return strings.EqualFold(s[:len(prefix)], prefix)
		}
	}
	return strings.HasPrefix(strings.ToLower(s), strings.ToLower(prefix))
}

// isASCII reports whether s is all ASCII.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// indent marks items nested below the first level, so the flat minutes
// keep a hint of the outline.
func indent(depth int) string {
	if depth <= 1 {
		return ""
	}
	return strings.Repeat("› ", depth-1)
}

// OwnersSep separates the owners Feed puts before an action's text from
// the text: "PJP to do: Caterers (deadline: 10 Aug)".
const OwnersSep = " to do: "

// ownersPhrase writes owners as the engine reads them: "A", "A and B",
// "A, B and C".
func ownersPhrase(o []string) string {
	if len(o) == 1 {
		return o[0]
	}
	return strings.Join(o[:len(o)-1], ", ") + " and " + o[len(o)-1]
}

// StripMeta removes the "A and B to do: " and " (deadline: ...)" that Feed
// adds to an action's text, and a leading MergePrefix, giving the text as
// written in the notes.
func StripMeta(text string) string {
	text = strings.TrimPrefix(text, MergePrefix)
	if i := strings.Index(text, OwnersSep); i > 0 && !strings.ContainsAny(text[:i], "();:") {
		text = text[i+len(OwnersSep):]
	}
	text = strings.TrimPrefix(text, MergePrefix)
	if strings.HasSuffix(text, ")") {
		if i := strings.LastIndex(text, " (deadline: "); i > 0 {
			text = text[:i]
		}
	}
	return text
}
