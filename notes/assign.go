package notes

import "strings"

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
	if !containsFoldASCII(t, "assign") && !containsFoldASCII(t, "owne") {
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
