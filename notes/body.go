package notes

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// bodyOwners reads the owners of an action that are a body's acronym
// rather than a person: three capitals or more that the meeting does not
// know as someone's initials ("AI: OTC to read the fuzzing docs", "[TAC]:
// Call for reviews"). When the notes speak of it as the body holding the
// meeting (the title names it, or "the OTC", "OTC members", "TAC
// meeting", "OTC vote" ... somewhere in the notes) it is the whole group
// (Group: shown as such, never pinged); else it names no one a reminder
// could reach, and is dropped. Other owners are returned as they are.
func (p *parser) bodyOwners(owners []string, text string) []string {
	if len(owners) == 0 {
		// "AI: OTC to read the docs" left with no owner: the acronym
		// opening the text, before "to", "will", "needs", "should" or a
		// colon, would be read as a name from the text itself.
		f := strings.Fields(text)
		if len(f) >= 3 && p.titleTeam(f[0], f[1]) {
			if next := strings.ToLower(f[2]); next == "to" || next == "will" || next == "should" || next == "must" {
				// "`npm` team to investigate ..." in the npm meeting.
				return []string{Group}
			}
		}
		if len(f) >= 2 {
			w := strings.TrimRight(f[0], ":")
			next := strings.ToLower(f[1])
			if bodyAcronym(w) && !p.vouched(w) && (w != f[0] || next == "to" || next == "will" || next == "needs" || next == "should" || next == "must") && p.meetingBody(w) {
				return []string{Group}
			}
		}
		return owners
	}
	k := -1
	for i, o := range owners {
		if bodyAcronym(o) && !p.vouched(o) {
			k = i
			break
		}
	}
	if k < 0 {
		return owners
	}
	out := append([]string(nil), owners[:k]...)
	for _, o := range owners[k:] {
		if !bodyAcronym(o) || p.vouched(o) {
			out = append(out, o)
			continue
		}
		if p.meetingBody(o) {
			out = append(out, Group)
		}
	}
	return dedupeFold(out)
}

// bodyAcronym reports whether s is one word of three to eight capital
// letters ("TAC", "OTC", "W3C" is not: a digit).
func bodyAcronym(s string) bool {
	n := utf8.RuneCountInString(s)
	return n >= 3 && n <= 8 && isUpperWord(s)
}

// bodyContextWords follow (or, "the", precede) a body's acronym where the
// notes speak of the body holding the meeting.
var bodyContextWords = []string{"member", "meeting", "vote", "voting", "call", "decision", "agreed", "decided", "hold"}

// meetingBody reports whether the notes speak of acr as the body holding
// the meeting: the title holds it, or a line has "the ACR", "ACR
// member(s)", "ACR meeting", "ACR vote", ...
func (p *parser) meetingBody(acr string) bool {
	if v, ok := p.bodies[acr]; ok {
		return v
	}
	found := hasWord(p.n.Title, acr)

	for i := 0; !found && i < len(p.blocks); i++ {
		t := p.blocks[i].text
		for off := 0; !found; {
			j := strings.Index(t[off:], acr)
			if j < 0 {
				break
			}
			j += off
			off = j + len(acr)
			if j > 0 && isWordByte(t[j-1]) || off < len(t) && isWordByte(t[off]) {
				continue
			}
			if strings.HasSuffix(strings.ToLower(t[:j]), "the ") {
				found = true
				break
			}
			after := strings.ToLower(strings.TrimLeft(t[off:], " "))
			for _, w := range bodyContextWords {
				if strings.HasPrefix(after, w) {
					found = true
					break
				}
			}
		}
	}
	if p.bodies == nil {
		p.bodies = map[string]bool{}
	}
	p.bodies[acr] = found
	return found
}

// hasWord reports whether s holds w as a whole word.
func hasWord(s, w string) bool {
	for off := 0; ; {
		j := strings.Index(s[off:], w)
		if j < 0 {
			return false
		}
		j += off
		off = j + len(w)
		if (j == 0 || !isWordByte(s[j-1])) && (off == len(s) || !isWordByte(s[off])) {
			return true
		}
	}
}

// isWordByte reports whether c is an ASCII letter or digit, or starts a
// multi-byte rune (taken as a letter).
func isWordByte(c byte) bool {
	return c >= utf8.RuneSelf || unicode.IsLetter(rune(c)) || unicode.IsDigit(rune(c))
}

// helpVerbs are the verbs of a clause that adds helpers to the action
// before it rather than giving another action: "Paul to follow up; Kat to
// help".
var helpVerbs = map[string]bool{"help": true, "assist": true, "support": true, "join": true}

// clauseSplit splits an item that gives two people two tasks, clause by
// clause: "Jessica to explore how other projects do this; Keith to
// coordinate with the SDK hub", "Kate to make issue; Eric to implement",
// "Alice to draft, Bob to review", "Ross to share list. Grayson and Ross to
// set up the stations". The clause after "; ", ", ", ", and " or a
// sentence's end must open with an owner form of its own (names,
// then "to VERB" or "will VERB") naming other people than the one before
// it, which must name someone too, or, after "; ", be a remark (remark:
// "General agreement that it would need more commitment; Hart and
// Douglas to take this to the GB"). It returns the two texts as written
// (Markdown and all) and whether the item splits.
func (p *parser) clauseSplit(text string) (first, second string, ok bool) {
	for off := 0; off < len(text); {
		j, n := nextClause(text[off:])
		if j < 0 {
			return "", "", false
		}
		j += off
		off = j + n
		head, rest := text[:j], trimSpace(text[j+n:])
		r, _ := utf8.DecodeRuneInString(rest)
		if !unicode.IsUpper(r) && r != '@' {
			continue
		}
		o2, ok2 := p.clauseOwnerForm(plain(rest))
		if !ok2 {
			continue
		}
		ph := plain(head)
		o1, ok1 := p.clauseOwnerForm(ph)
		if !ok1 && n == 2 && text[j] == ';' && p.persons(o2) && !willAdverb(rest) && p.remark(ph) {
			// "General agreement that it would need more commitment;
			// Hart and Douglas to take this to the GB": a remark, then
			// who does what.
			return trimSpace(head), rest, true
		}
		if !ok1 || sameFold(o1, o2) {
			continue
		}
		return trimSpace(head), rest, true
	}
	return "", "", false
}

// persons reports whether owners are people, not a body or a team ("Core
// team") nor an acronym the meeting does not know as someone's initials
// ("RFC to document the process").
func (p *parser) persons(owners []string) bool {
	for _, o := range owners {
		f := strings.Fields(o)
		if len(f) == 0 || bodyWords[strings.ToLower(f[len(f)-1])] || isUpperWord(o) && !p.known(o) {
			return false
		}
	}
	return true
}

// willAdverb reports whether s goes on "will" and an adverb after its
// subject ("Core team will also further prepare topics"): what someone
// will do besides, a report, not a task given there.
func willAdverb(s string) bool {
	ws := headFields(s, 8)
	for i := 1; i+1 < len(ws); i++ {
		if strings.EqualFold(ws[i], "will") {
			return adverbs[strings.ToLower(ws[i+1])]
		}
	}
	return false
}

// remark reports whether the clause s, before "; " and another clause's
// owner form, says how things stand rather than being a task of its own
// or a label of one: outside action sections, no action's label
// ("AI: send the slides; Bob to review" is one task), no owner form
// anywhere in it, and no order ("Add the docs; Bob to review" is one
// task too): its first word no verb's base form, or one followed by a
// verb of being ("Release is on hold").
func (p *parser) remark(s string) bool {
	if p.inSection() || len(s) < 8 || mayBeKeyword(s) && actionRE().MatchString(s) {
		return false
	}
	if _, ok := p.actionOwners(s); ok {
		return false
	}
	var buf [1]string
	f := appendHeadFields(buf[:0], s, 1)
	return len(f) == 1 && (!orderVerb(f[0]) || !taskLike(s))
}

// nextClause returns where the next clause of an item starts after a
// separator ("; ", ", ", ", and ", or a sentence's end, ". ") outside
// parentheses and brackets, and the separator's length; -1 when there is
// none.
func nextClause(s string) (int, int) {
	depth := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(', '[':
			depth++
		case ')', ']':
			depth = max(depth-1, 0)
		case ';', ',':
			if depth > 0 {
				continue
			}
			switch {
			case strings.HasPrefix(s[i:], ", and "):
				return i, 6
			case strings.HasPrefix(s[i:], "; "), strings.HasPrefix(s[i:], ", "):
				return i, 2
			}
		case '.':
			if depth == 0 && strings.HasPrefix(s[i:], ". ") {
				// A sentence's end: "Ross to share the list. Grayson
				// and Ross to set up the stations." (the head keeps
				// its full stop).
				return i + 1, 1
			}
		}
	}
	return -1, 0
}

// clauseOwnerForm reads the owners of a clause written "X to VERB ..." or
// "X will VERB ..." (after a decision's or a next step's label), not one
// adding helpers ("Kat to help").
func (p *parser) clauseOwnerForm(s string) ([]string, bool) {
	if mayBeOutcome(s) {
		if m := outcomeRE().FindStringSubmatch(s); m != nil {
			s = m[1]
		}
	}
	if m := actionRE().FindStringSubmatch(s); m != nil && mayBeKeyword(s) {
		s = trimSpace(m[2])
	}
	ws := strings.Fields(s)
	for i := 1; i+1 < len(ws) && i <= 4; i++ {
		if w := strings.ToLower(ws[i]); w != "to" && w != "will" {
			continue
		}
		if helpVerbs[strings.ToLower(strings.Trim(ws[i+1], ".,;:!"))] {
			return nil, false
		}
		break
	}
	if o, ok := p.leadingOwners(s); ok {
		return o, true
	}
	if o, ok := p.leadingNames(s, false); ok {
		return o, true
	}
	return p.willOwners(s)
}

// labelLines returns the lines of a paragraph in which every line opens
// with a decision's or an action's label and one at least with a
// decision's ("Decision: Carol will write the RFC" / "Outcome: Dave to
// cut the release" / "Resolution: ..."), as notes list what a topic came
// to; else false. The lines are the paragraph's, "" for a blank one.
func labelLines(text string) ([]string, bool) {
	if !strings.Contains(text, "\n") || !strings.Contains(text, ":") {
		return nil, false
	}
	lines := strings.Split(plain(text), "\n")
	outcome := false
	for k, ln := range lines {
		ln = trimSpace(ln)
		lines[k] = ln
		switch {
		case ln == "":
		case mayBeOutcome(ln) && outcomeRE().MatchString(ln):
			outcome = true
		case mayBeKeyword(ln) && actionRE().MatchString(ln):
		default:
			return nil, false
		}
	}
	return lines, outcome
}

// parentItem returns the item an "Owner:" or "Due:" line at depth is
// nested under ("- Update docs" over "  - Owner: Bob"): the topic's last
// item above it, one level up, a bullet that is a task or says what is to
// be done (no prose, no done item); nil when the line is right under its
// topic (the seeds' "Owner:" lines, the topic's).
func (p *parser) parentItem(t *Topic, depth int) *Item {
	if depth < 2 {
		return nil
	}
	for i := len(t.Items) - 1; i >= 0; i-- {
		it := &t.Items[i]
		if it.Depth >= depth {
			continue
		}
		if it.Depth != depth-1 || it.Prose || !(it.Kind == KindAction || it.Kind == KindInfo) {
			return nil
		}
		return it
	}
	return nil
}

// hasAlnum reports whether s holds a letter or a digit.
func hasAlnum(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0
}

// titleTeam reports whether "first second" names the team or the members
// of the body the meeting's title names: "npm team" in "Open RFC Meeting
// (npm)", "Learning team" in "Learning Team Meeting".
func (p *parser) titleTeam(first, second string) bool {
	second = strings.ToLower(strings.TrimRight(second, ":,"))
	if second != "team" && second != "members" {
		return false
	}
	w := strings.Trim(first, "`*_\"'")
	if len(w) < 2 || strings.EqualFold(w, "the") || strings.EqualFold(w, "our") {
		return false
	}
	return p.titleNames(w)
}

// titleNames reports whether the meeting's title, or a level-1 heading,
// holds the word w in any letter case. The title may be a date ("Meeting
// from: August 4th"), the body in a level-1 heading under it ("Open RFC
// Meeting (npm)").
func (p *parser) titleNames(w string) bool {
	if hasWordFold(p.n.Title, w) {
		return true
	}
	for _, b := range p.blocks {
		if b.kind == bHeading && b.level == 1 && hasWordFold(b.text, w) {
			return true
		}
	}
	return false
}

// hasWordFold is hasWord in any letter case.
func hasWordFold(s, w string) bool {
	return hasWord(strings.ToLower(s), strings.ToLower(w))
}

// bodyWords are the words that name the body a meeting is held by.
var bodyWords = map[string]bool{"board": true, "committee": true, "council": true, "group": true, "team": true,
	"panel": true, "trustees": true, "directors": true}

// titleBody reports whether w (one word: "Board", "the Committee") names
// the body holding the meeting, which the title (or a level-1 heading)
// names: "Board" in "Board Meeting Summary". Such an owner of an action
// table's row is the whole group.
func (p *parser) titleBody(w string) bool {
	w = strings.TrimSpace(w)
	if len(w) > 4 && strings.EqualFold(w[:4], "the ") {
		w = strings.TrimSpace(w[4:])
	}
	return bodyWords[strings.ToLower(w)] && p.titleNames(w)
}
