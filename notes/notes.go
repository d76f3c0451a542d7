// Package notes reads face-to-face meeting notes — a plain-text or Markdown
// outline typed in after the meeting — into topics, items and action items,
// and turns them into meeting events so that a face-to-face meeting is
// stored, replayed and published like an IRC meeting.
//
// The file is read with goldmark's parser (headings, nested lists, task
// items, emphasis, links); each paragraph goes through a plain-text outline
// reader, so plain outlines work too: bullets ("•", "◦", "▪", "-", "*", "+", "1.", "1)") nest by
// indentation (spaces, or tabs counted as 4 columns); "#" headings and
// underlined headings; other lines are prose paragraphs, kept as text.
// Top-level bullets (or headings, when the notes use them) are topics and
// the bullets under them their items.
//
// Recognised, in any letter case:
//
//   - "Owner: X", "Owners: X, Y", "Owner: X + Y": the topic's owners;
//   - "Deadline: DATE", also with free text around the date ("Deadline:
//     Kushal to have updates next week"), and "Deadline of DATE": the
//     topic's deadline;
//   - "Done: ...": closes the matching action item (in the same topic when
//     one is there, else an open item of an earlier meeting);
//   - "Action: ...", "X to VERB ...", "X and Y to VERB ...", "(X to VERB
//     ...)" and "text — X + Y" (a name list after a dash): action items owned
//     by X (X must look like a name: a person of the directory, or
//     capitalised words whose first is no ordinary English word, the rule
//     internal/english.NotAName shares with the engine, so "Needs help
//     from Rahul" and "Talk to Suchakra" are not actions);
//   - action sections ("Action items", "Actions", "AI", "TODO", "Next
//     steps", "Follow-ups", "Tasks", carried-over "Previous tasks") under
//     a heading, a bold line, a "Label:" line or a labelling bullet: every
//     item is an action, owned as "@x ...", "X will ...", "X: ...", "X, Y:
//     ...", "all: ..." (the Group) say, or by the person bullet or
//     heading it is nested under; "[x]" items are done (see forms.go);
//   - task boxes "- [ ]" elsewhere, except in a checklist agenda;
//   - "Nth priority: ...": the item's priority;
//   - "Present: a, b", "Attendees: ...", "The others present were a, b and
//     me", "a, b and me were present": the attendees;
//   - "Title: Names" and "Title – Names" on a topic line: the topic's
//     owners; "Title: X to VERB ..." an action under topic Title.
//
// A topic with owners becomes an action item itself ("Caterers", owner
// PJP, deadline 10 Aug); so does a topic with a deadline and no other
// action. The topic's owners own its actions that name nobody, and its
// deadline applies to its actions that have none.
//
// Deadlines are read against the meeting's date with package deadline. A
// deadline that cannot be read, or that falls before the meeting, is kept
// as text and flagged (DueUnread) with a warning, never guessed.
//
// Errors (the file is refused and nothing is stored) carry the line
// number: a NUL byte (binary file), text that is not UTF-8, a line longer
// than 64 KiB, indentation deeper than 64 columns or 16 levels, a file with
// no content, no date. Everything else is read, with warnings for what a
// person should check: front matter (YAML, see frontmatter.go) that is not
// valid YAML is warned about and read key by key, never refused.
package notes

import (
	"fmt"
	"strings"
	"time"

	"github.com/gavel-irc/gavel/people"
)

// Options configure Parse.
type Options struct {
	// Date is the meeting's date and time in its time zone; deadlines are
	// read against it. Zero means the date of a "date:" front-matter key,
	// else an error.
	Date time.Time
	// People resolves names to people (nil: names are kept as written).
	People *people.Directory
	// Title overrides the title found in the notes.
	Title string
	// Attendees, when set, replace the attendees found in the notes.
	Attendees []string
	// MaxBytes is the largest file read; a larger one is refused (0:
	// DefaultMaxBytes).
	MaxBytes int64
	// DateOnly says the meeting has a date and no time of day (gavel
	// notes without --time and no [[schedule]] meeting that day): Date is
	// the day's local midnight, and the minutes show no clock times.
	DateOnly bool
}

// Kind is the kind of an item of the notes.
type Kind string

// The kinds of items.
const (
	// KindInfo is a line of information (and prose kept as text).
	KindInfo Kind = "info"
	// KindAction is an action item.
	KindAction Kind = "action"
	// KindDone says an action item was done.
	KindDone Kind = "done"
)

// Notes is a parsed notes file.
type Notes struct {
	// Name is the file name given to Parse, used in messages.
	Name string
	// Title is the meeting title: Options.Title, a front-matter title, the
	// first heading, or the file's first line when it stands alone.
	Title string
	// Date is the meeting date and time (Options.Date or front matter).
	Date time.Time
	// DateOnly is Options.DateOnly: the meeting has no time of day.
	DateOnly bool
	// Attendees are the people present, resolved through the directory.
	Attendees []string
	// Preamble holds the prose paragraphs before the first topic.
	Preamble []string
	// Topics are the topics in the order written.
	Topics []Topic
	// Warnings are things a person should check; the notes are usable.
	Warnings []Warning
}

// Topic is one topic of the notes with its items.
type Topic struct {
	Title string
	// Line is the 1-based line number of the topic in the file.
	Line int
	// Priority is N of "Nth priority: ...", or 0.
	Priority int
	// Owners and the deadline are the topic's, from Owner:/Deadline:
	// lines or the topic line itself.
	Owners    []string
	Due       string // YYYY-MM-DD or ""
	DueText   string
	DueUnread bool
	// Action is the topic itself as an action item (it has owners, or a
	// deadline and no other action), or nil.
	Action *Item
	// Items are the topic's items in the order written.
	Items []Item
}

// Item is one item of a topic.
type Item struct {
	Kind Kind
	// Text is the item as written, without its bullet.
	Text string
	// Line is the 1-based line number in the file.
	Line int
	// Depth is 1 for an item right under its topic, 2 under that, ...
	Depth int
	// Priority is N of "Nth priority: ...", or 0.
	Priority int
	// Owners own an action item (people's names when known).
	Owners []string
	// Due (YYYY-MM-DD), DueText and DueUnread are an action's deadline.
	Due       string
	DueText   string
	DueUnread bool
	// DueInherited is true when the deadline is the topic's (the item's
	// text names none).
	DueInherited bool
	// Closes is, for a Done item, the Line of the action item it closes
	// in these notes, or 0 when it closes an item of an earlier meeting
	// (matched by the tracker) or nothing.
	Closes int
	// Prose marks a paragraph kept as text.
	Prose bool
	// box marks an item written as a task box ("- [x] ...").
	box bool
	// carried marks an action of a carried-over section ("Previous
	// tasks"), which a later action of the notes may repeat.
	carried bool
	// sec marks an item of an action section.
	sec bool
	// dueLine is the date of a "Due:" or "Deadline:" line under the item
	// (parser.parentItem).
	dueLine string
}

// Warning is something in the notes a person should check.
type Warning struct {
	Line int
	Msg  string
}

// Error is a problem that makes the notes unusable: nothing is stored.
type Error struct {
	Name string
	Line int
	Msg  string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("notes %s:%d: %s", e.Name, e.Line, e.Msg)
	}
	return fmt.Sprintf("notes %s: %s", e.Name, e.Msg)
}

func (w Warning) String() string { return fmt.Sprintf("line %d: %s", w.Line, w.Msg) }

// Actions returns every action item of the notes in order: each topic's
// own action first, then the actions among its items.
func (n *Notes) Actions() []Item {
	var out []Item
	for _, t := range n.Topics {
		if t.Action != nil {
			out = append(out, *t.Action)
		}
		for _, it := range t.Items {
			if it.Kind == KindAction {
				out = append(out, it)
			}
		}
	}
	return out
}

// Summary writes a readable account of what the notes record: what
// "gavel notes --dry-run" prints.
func (n *Notes) Summary() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Title: %s\n", n.Title)
	if !n.Date.IsZero() {
		fmt.Fprintf(&b, "Date: %s\n", n.Date.Format("2006-01-02 15:04 MST"))
	}
	if len(n.Attendees) > 0 {
		fmt.Fprintf(&b, "Attendees: %s\n", strings.Join(n.Attendees, ", "))
	}
	for _, p := range n.Preamble {
		fmt.Fprintf(&b, "Text: %s\n", p)
	}
	acts := 0
	for i, t := range n.Topics {
		fmt.Fprintf(&b, "\nTopic %d (line %d): %s\n", i+1, t.Line, t.Title)
		if t.Action != nil {
			acts++
			fmt.Fprintf(&b, "  ACTION %s\n", actionLine(t.Action))
		}
		for _, it := range t.Items {
			ind := strings.Repeat("  ", it.Depth)
			switch it.Kind {
			case KindAction:
				acts++
				fmt.Fprintf(&b, "%sACTION %s\n", ind, actionLine(&it))
			case KindDone:
				if it.Closes > 0 {
					fmt.Fprintf(&b, "%sDONE %s (closes the action of line %d)\n", ind, it.Text, it.Closes)
				} else {
					fmt.Fprintf(&b, "%sDONE %s (closes a matching open item, if any)\n", ind, it.Text)
				}
			default:
				fmt.Fprintf(&b, "%s%s\n", ind, it.Text)
			}
		}
	}
	fmt.Fprintf(&b, "\n%d topics, %d action items, %d warnings\n", len(n.Topics), acts, len(n.Warnings))
	for _, w := range n.Warnings {
		fmt.Fprintf(&b, "warning: %s:%d: %s\n", n.Name, w.Line, w.Msg)
	}
	return b.String()
}

func actionLine(it *Item) string {
	s := it.Text
	if len(it.Owners) > 0 {
		s += " — owners: " + strings.Join(it.Owners, ", ")
	} else {
		s += " — no owner"
	}
	switch {
	case it.DueUnread:
		s += fmt.Sprintf(" — deadline %q NOT READ, please check", it.DueText)
	case it.Due != "":
		s += fmt.Sprintf(" — due %s (%q)", it.Due, it.DueText)
	}
	return s
}
