package notes

import (
	"strings"
	"unicode"

	"github.com/gavel-irc/gavel/internal/ascii"
)

// assignedRE matches a label that says who does an item, written after
// the task: "Merge them. Assigned @jayphelps", "Fix the CI flake, assigned
// to Frank", "Draft the agenda - owner: Hank", "... (Assigned: @x, help
// wanted too)", "owned by Kim".
var assignedRE = lazyRE(`(?i)(?:[\s.,;:(\[–—-])(?:assigned(?:\s+to)?|assignee|owners?|owner\(s\)|owned\s+by)\s*[:\-–—]?\s+`)

// assignedOwners reads the owners an item names after its task with a
// label (assignedRE): the names after the last such label up to the end of
// the item, or up to the first part of a comma list that names no one
// ("Assigned: @jayphelps, help wanted too"). The label must follow some
// text (an "Owner:" line is the topic's owner, read elsewhere).
func (p *parser) assignedOwners(t string) ([]string, bool) {
	if !ascii.ContainsFold(t, "assign") && !ascii.ContainsFold(t, "owne") {
		return nil, false
	}
	locs := assignedRE().FindAllStringIndex(t, -1)
	if len(locs) == 0 {
		return nil, false
	}
	loc := locs[len(locs)-1]
	if loc[0] == 0 {
		return nil, false
	}
	rest := strings.TrimRight(t[loc[1]:], " .!;)]")
	var out []string
	for _, part := range strings.Split(rest, ",") {
		part = trimSpace(part)
		if part == "" {
			break
		}
		if groupWords(strings.Fields(part)) {
			out = append(out, Group)
			continue
		}
		o, ok := p.names(part, true)
		if !ok {
			break
		}
		out = append(out, o...)
	}
	if len(out) == 0 {
		return nil, false
	}
	return dedupeFold(out), true
}

// askedRE matches a person the meeting asked to do something, or who was
// asked: "We asked Carol to update the roadmap", "The board asked Roy to
// ...", "Carol was asked to ...", "Carol has been asked to ...", "Mark
// requested that Matt sign his PGP key" (a name, then the verb's base
// form; "requests that people read ..." names no one).
var askedRE = lazyRE(`(?:^|[.:;,]\s+)(?:(?i:we|the\s+(?:group|board|team|committee|council|meeting|chairs?))\s+(?:asked|requested)\s+(@?\p{Lu}[\p{L}'’-]*(?:(?:\s+and\s+|,\s*|\s+)@?\p{Lu}[\p{L}'’-]*){0,3})|(@?\p{Lu}[\p{L}'’-]*(?:(?:\s+and\s+|,\s*|\s+)@?\p{Lu}[\p{L}'’-]*){0,3}|(?i:all(?:\s+\p{L}+){0,2}\s+members|everyone|everybody))\s+(?:was|were|has\s+been|have\s+been)\s+asked)\s+to\s+\p{Ll}|(?:^|[.:;,]\s+)@?\p{Lu}[\p{L}'’-]*(?:\s+\p{Lu}[\p{L}'’-]*){0,2}\s+(?:requested|requests|asked)\s+that\s+(@?\p{Lu}[\p{L}'’-]*(?:\s+and\s+@?\p{Lu}[\p{L}'’-]*)?)\s+\p{Ll}`)

// askedOwners reads the people the meeting asked to do something
// (askedRE): they own it. "Ask Dave to book the room", an order to someone
// not named, names no owner.
func (p *parser) askedOwners(t string) ([]string, bool) {
	if !ascii.ContainsFold(t, "asked ") && !ascii.ContainsFold(t, "requested ") && !ascii.ContainsFold(t, "requests ") {
		return nil, false
	}
	m := askedRE().FindStringSubmatch(t)
	if m == nil {
		return nil, false
	}
	who := m[1] + m[2] + m[3]
	if pronouns[strings.ToLower(who)] || m[3] != "" && strings.HasPrefix(t[strings.Index(t, m[3])+len(m[3]):], " be ") {
		// "Ann requested that Bob's PR be merged", "... that he be
		// told": what is to be done to them.
		return nil, false
	}
	if groupWords(strings.Fields(who)) {
		// "All members were asked to review the issues".
		return []string{Group}, true
	}
	return p.names(who, false)
}

// taskedRE matches people given a task in the passive: "Lewis Mayne
// tasked with finding the best way ...", "Ann was tasked with ...".
var taskedRE = lazyRE(`^(@?\p{Lu}[\p{L}'’-]*(?:(?:\s+and\s+|,\s*|\s+)@?\p{Lu}[\p{L}'’-]*){0,3})\s+(?:(?:is|was|were|has\s+been|have\s+been)\s+)?tasked\s+with\s+\p{Ll}`)

// taskedOwners reads the people taskedRE names.
func (p *parser) taskedOwners(t string) ([]string, bool) {
	if !strings.Contains(t, " tasked with ") {
		return nil, false
	}
	m := taskedRE().FindStringSubmatch(t)
	if m == nil {
		return nil, false
	}
	return p.nameList(m[1])
}

// ownerLabelRE matches who, then an action's label, then the task:
// "Anaconda action item: get clarification about the trademark", "Bob AI:
// send the slides", "@ann TODO: ...".
var ownerLabelRE = lazyRE(`^((?:\p{Lu}|@)[^:\[\]()]{0,40}?)\s+(?i:action\s+items?|actions?|AIs?|todos?)\s*:\s+(\S.*)$`)

// ownerLabel reads ownerLabelRE: the owners (names, a group, or an
// organisation written as named), and the task.
func (p *parser) ownerLabel(t string) ([]string, string, bool) {
	if !strings.Contains(t, ": ") {
		return nil, "", false
	}
	m := ownerLabelRE().FindStringSubmatch(t)
	if m == nil {
		return nil, "", false
	}
	if o, ok := p.headingOwners(m[1]); ok {
		return o, trimSpace(m[2]), true
	}
	return nil, "", false
}

// bracketNames reads the people in brackets before a task ("[Judy] Send
// the newsletter", "(infinity0, doko) research ...", "(Lead: Ann) ..."):
// names or a group as a heading gives them, or nicks (one word each, not
// an ordinary English word, or with a digit: "infinity0").
func (p *parser) bracketNames(s string) ([]string, bool) {
	s = trimSpace(leadLabelRE().ReplaceAllString(trimSpace(s), ""))
	if o, ok := p.headingOwners(s); ok {
		return o, true
	}
	parts := splitList(s)
	if len(parts) == 0 || len(parts) > 4 {
		return nil, false
	}
	for _, n := range parts {
		if !isNick(n) || !strings.ContainsAny(n, "0123456789") && p.words.NotAName(n) {
			return nil, false
		}
	}
	return parts, true
}

// isNick reports whether s is one word of letters, digits, '-', '_' or
// '.', starting with a letter.
func isNick(s string) bool {
	if s == "" || len(s) > 32 {
		return false
	}
	for i, r := range s {
		if !(unicode.IsLetter(r) || i > 0 && (unicode.IsDigit(r) || r == '-' || r == '_' || r == '.')) {
			return false
		}
	}
	return true
}
