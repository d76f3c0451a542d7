package notes

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gavel-irc/gavel/internal/ascii"
	"github.com/gavel-irc/gavel/internal/english"
	"github.com/gavel-irc/gavel/people"
)

// The forms of this file are what a reader takes as an action in minutes
// written as speech or prose, outside any action section: what a named
// speaker says they will do ("[rob] I'll do that", "Jory: ... - will work
// with others to clarify"), a request to the speaker before ("[tomislav]
// Please add a comment" after Sam spoke), "Bethany will send out the
// email" said of a person by name, and sentences of a paragraph that
// assign ("Antonio to lead it. Kat to share details.").

var (
	// scribeRE matches a line of scribed minutes: the speaker in
	// brackets, then what they said ("[rob] I'll do that."). With a colon
	// after the brackets it is an assignment (bracketAction).
	scribeRE = lazyRE(`^\[(\p{L}[\p{L}\p{N}._'’ -]{0,30})\]\s+([^:\s].*)$`)
	// commitRE matches a sentence in which the speaker undertakes to do
	// something: "I'll add the label", "I will ask", "I'm going to",
	// "I need to check", "My plan is to ...", and with the subject left out after a comma or a
	// dash, as scribes write: "..., need to follow up on it", "... - will
	// work with others to clarify". An offer ("I'm happy to draft
	// something") is not an undertaking.
	commitRE = lazyRE(`(?i)(?:^|[\s(])(?:I['’]ll|I\s+will|I['’]m\s+going\s+to|I\s+am\s+going\s+to|I\s+need\s+to|I\s+can\s+take|I\s+plan\s+to|my\s+plan\s+is\s+to)\s+(\S+)|(?:[,;]\s*|\s[-–—]\s+)(?:will|need\s+to)\s+(\p{Ll}+)`)
	// requestRE matches a request to the person spoken to: "Please add a
	// comment to the issue".
	requestRE = lazyRE(`^(?i:please)\s+\p{Ll}`)
)

// notCommitted are the words after "I'll"/"will" that say how the speaker
// is or what they say, not what they will do: "I'll be out", "I'll say
// that ...", "will continue to", "will probably", and the roles someone
// holds, "will represent the foundation", "will serve as treasurer", "will
// act as liaison". "will have" is a task ("Larry will have another project
// to propose", "is going to have some discussions about ...").
var notCommitted = map[string]bool{"be": true, "not": true, "probably": true, "likely": true, "maybe": true,
	"say": true, "note": true, "admit": true, "mention": true, "just": true, "still": true, "continue": true,
	"need": true, "represent": true, "serve": true, "act": true, "remain": true, "stay": true}

// scribed reads a line of scribed minutes: "[rob] I'll do that." gives
// rob and what he said. Task boxes, "[name=X]" and links are none.
func scribed(text string) (speaker, said string, ok bool) {
	if !strings.HasPrefix(text, "[") {
		return "", "", false
	}
	m := scribeRE().FindStringSubmatch(text)
	if m == nil || len(m[1]) < 2 {
		return "", "", false
	}
	return trimSpace(m[1]), trimSpace(m[2]), true
}

// sentences splits text after each sentence's end: a full stop, '!' or
// '?' followed by a space.
func sentences(text string) []string {
	var out []string
	start := 0
	for i := 0; i+1 < len(text); i++ {
		if c := text[i]; (c == '.' || c == '!' || c == '?') && text[i+1] == ' ' {
			if s := trimSpace(text[start : i+1]); s != "" {
				out = append(out, s)
			}
			start = i + 1
		}
	}
	if s := trimSpace(text[start:]); s != "" {
		out = append(out, s)
	}
	return out
}

// mayCommit is a cheap test that commitRE could match s: it needs "ll"
// ("I'll", "will"), "need", "going", "take" or "plan" in any case (of their
// letters only 'k' folds to a non-ASCII one, the Kelvin sign).
func mayCommit(s string) bool {
	return ascii.ContainsFold(s, "ll") || ascii.ContainsFold(s, "need") || ascii.ContainsFold(s, "going") ||
		ascii.ContainsFold(s, "take") || ascii.ContainsFold(s, "plan") || strings.ContainsRune(s, '\u212a')
}

// commitments returns the sentences of said in which the speaker
// undertakes to do something (a question is none), joined.
func commitments(said string) (string, bool) {
	if !mayCommit(said) {
		return "", false
	}
	var kept []string
	for _, s := range sentences(said) {
		if strings.HasSuffix(s, "?") {
			continue
		}
		if willStart(s) {
			// "Philip: Will approve.", "[Leo] will follow up with
			// Vicente", "[Lorenzo] - will do it": the speaker, the
			// subject left out.
			kept = append(kept, strings.TrimLeft(s, "-–— "))
			continue
		}
		for _, m := range commitRE().FindAllStringSubmatch(s, -1) {
			verb := strings.ToLower(strings.Trim(m[1]+m[2], ".,;:!"))
			if verb != "" && !notCommitted[verb] {
				kept = append(kept, s)
				break
			}
		}
	}
	return strings.Join(kept, " "), len(kept) > 0
}

// splitCommitments splits a speaker's sentence that undertakes several
// things, each with its own "I'll": "I'll send the email, I'll talk to
// Simon about DNS, and I'll check the blog" is three tasks.
func splitCommitments(task string) []string {
	var out []string
	rest := task
	for {
		loc := nextCommitRE().FindStringSubmatchIndex(rest)
		if loc == nil {
			break
		}
		if head := trimSpace(rest[:loc[0]]); head != "" {
			out = append(out, head)
		}
		rest = rest[loc[2]:]
	}
	if len(out) == 0 {
		return []string{task}
	}
	return append(out, trimSpace(rest))
}

// nextCommitRE matches the comma and "and" before the speaker's next
// undertaking in the same sentence (the match ends before its "I").
var nextCommitRE = lazyRE(`,\s+(?:and\s+)?((?:I['’]ll|I\s+will)\s)`)

// spoken reads an item of minutes written as speech: a speaker in brackets
// or before a colon who undertakes something (the speaker owns it), or a
// request ("[tomislav] Please add a comment ...") to the speaker before
// (who owns it). It returns the owners, the task and whether it is one.
// The speaker of a bracketed line is remembered for the next request.
func (p *parser) spoken(text string) ([]string, string, bool) {
	who, said, ok := scribed(text)
	if !ok {
		// "Jory: The concept leaked - will work with others to clarify."
		i := strings.IndexByte(text, ':')
		if i <= 0 || i > 40 || i+1 >= len(text) || text[i+1] != ' ' || !mayCommit(text[i+1:]) {
			return nil, "", false
		}
		name := ""
		if m := speakerColRE().FindStringSubmatch(text[:min(len(text), i+3)]); m != nil {
			if !isUpperWord(m[1]) && !camelCase(m[1]) && p.ownerName(m[1], false) {
				name = m[1]
			}
		} else if w := text[:i]; nickSpeakerRE().MatchString(w) && (p.firstNameOf(w) || p.known(w) || p.ownerName(w, true)) {
			// "rob: I'll update the labels", as IRC-style minutes
			// write a speaker.
			name = w
		}
		if name == "" {
			return nil, "", false
		}
		task, ok := commitments(trimSpace(text[i+1:]))
		if !ok {
			return nil, "", false
		}
		return []string{p.speakerName(name)}, task, true
	}
	prev := p.lastSpeaker
	p.lastSpeaker = who
	if !p.ownerName(who, true) && !p.firstNameOf(who) {
		return nil, "", false
	}
	if requestRE().MatchString(said) {
		// A request to the person who spoke before: Sam asked, Tomislav
		// answers "Please add a comment".
		if prev == "" || strings.EqualFold(prev, who) {
			return nil, "", false
		}
		return []string{p.speakerName(prev)}, sentences(said)[0], true
	}
	task, ok := commitments(said)
	if !ok {
		return nil, "", false
	}
	return []string{p.speakerName(who)}, task, true
}

// spokenLines reads a paragraph of scribed minutes, a turn a line ("Hasan:
// I suggest no change ...", "Mark: I already have the action item, will
// start that discussion", a line without a speaker going on with the turn
// above): what a speaker undertakes is theirs, and a request ("Roberto:
// Please try making mods to code and let us know.") is the speaker's
// before (Jana, who asked for numbers). The speakers are names before a
// colon, as speaker() finds them; a paragraph with none gives nothing.
func (p *parser) spokenLines(text string, line int) []Item {
	type turn struct {
		who, said string
		line      int
	}
	var turns []turn
	for k, ln := range strings.Split(text, "\n") {
		ln = trimSpace(ln)
		if ln == "" {
			continue
		}
		if m := speakerColRE().FindStringSubmatch(ln); m != nil && !isUpperWord(m[1]) && !camelCase(m[1]) && p.ownerName(m[1], false) {
			turns = append(turns, turn{m[1], trimSpace(ln[len(m[1])+1:]), line + k})
			// Each turn's speaker spoke at the meeting, not only the
			// paragraph's first ("Hasan Farooq: ..." / "Roberto Peon:
			// ..." under a proposal's line).
			p.spoke(m[1])
			continue
		}
		if len(turns) > 0 {
			turns[len(turns)-1].said += " " + ln
		}
	}
	var out []Item
	for i, t := range turns {
		if requestRE().MatchString(t.said) {
			if i > 0 && !strings.EqualFold(turns[i-1].who, t.who) {
				out = append(out, Item{Kind: KindAction, Text: sentences(t.said)[0], Line: t.line, Depth: 2, Owners: []string{p.speakerName(turns[i-1].who)}})
			}
			continue
		}
		if task, ok := commitments(t.said); ok {
			for _, tk := range splitCommitments(task) {
				out = append(out, Item{Kind: KindAction, Text: tk, Line: t.line, Depth: 2, Owners: []string{p.speakerName(t.who)}})
			}
		}
	}
	return out
}

// firstNameOf reports whether s is the first name of exactly one attendee
// ("rob" for "Rob Wu"), as scribes tag speakers.
func (p *parser) firstNameOf(s string) bool {
	_, ok := p.byFirstName(s)
	return ok
}

// byFirstName returns the one attendee whose first name is s.
func (p *parser) byFirstName(s string) (string, bool) {
	found := ""
	for _, a := range p.distinctAttendees() {
		f, _, _ := strings.Cut(strings.TrimPrefix(a, "@"), " ")
		if people.SameName(f, s) {
			if found != "" && found != a {
				return "", false
			}
			found = a
		}
	}
	return found, found != ""
}

// speakerName writes a speaker as the attendee they are when the notes
// list one whose name they start ("rob" is "Rob Wu"), else as written.
func (p *parser) speakerName(s string) string {
	if p.known(s) {
		return s
	}
	if a, ok := p.byFirstName(s); ok {
		return a
	}
	return s
}

// willOwners reads "Bethany will send out the email", "Kushal will get
// estimates": a person by name (known to the meeting or clearly a name),
// "will" and what they will do (the whole group: "Folks will meet up");
// "Shravan will be heading the team" reports,
// and "Website will be a new repo" names no one.
func (p *parser) willOwners(text string) ([]string, bool) {
	if m := agreedThatRE().FindStringIndex(text); m != nil {
		// "It was agreed that Roy will investigate this": the clause.
		text = text[m[1]:]
	}
	text = afterAnswer(text)
	if o, ok := p.undertakes(text); ok {
		return o, true
	}
	if !ascii.ContainsFold(text, " will ") {
		// Most items have no "will": no fields to split ("but he'll
		// follow up" aside).
		return p.laterWill(text)
	}
	var buf [6]string
	ws := appendHeadFields(buf[:0], text, 6)
	for i := 1; i+1 < len(ws) && i <= 3; i++ {
		if !strings.EqualFold(ws[i], "will") {
			continue
		}
		verb := strings.ToLower(strings.Trim(ws[i+1], ".,;:!"))
		r, _ := utf8.DecodeRuneInString(ws[i+1])
		if !unicode.IsLower(r) || notCommitted[verb] && !(verb == "be" && willBeDoing(text)) {
			return nil, false
		}
		name := strings.Join(ws[:i], " ")
		if p.known(name) || p.firstNameOf(name) || p.initials[name] != "" {
			// A person, or initials the attendance list gives ("JW will
			// take first pass").
			return []string{p.speakerName(name)}, true
		}
		if groupWords(ws[:i]) {
			// "Folks will meet up after the board meeting".
			return []string{Group}, true
		}
		if o, ok := p.nameList(name); ok && !isUpperWord(name) && !camelCase(name) {
			// Not an acronym, nor a name in mixed capitals, a body's or
			// a product's: "CoC will lose independence", "SocRSE will
			// have a vacancy".
			return o, true
		}
		return nil, false
	}
	return p.laterWill(text)
}

// laterWillRE matches, in a sentence opening with a person's name, a later
// clause in which someone undertakes something: who after a comma or
// "and" ("Concerned about it, Tanya and Anton will reach out", "we decided
// not to use coverage, and Marco will outline ...", "Board members should
// comment and Monica will send a final version"), what the opening
// name said they would do ("Daniel said he would discuss it", "Julien
// wasn't sure, but he'll follow up"), or "will" with the subject left out
// ("Dan still has concerns and will communicate them", "Kimball has been
// working on it: will pick up work after the break").
var laterWillRE = lazyRE(`(?:(?:,\s+(?:and\s+)?|\s+and\s+)(\p{Lu}[\p{L}'’-]*(?:\s+(?:and\s+)?\p{Lu}[\p{L}'’-]*){0,2})\s+will|(?:^|\s)(\p{Lu}[\p{L}'’-]*)\s+said\s+(?:that\s+|yes,?\s+|sure,?\s+)?(?:he|she|we|I)(?:\s+would|\s+will|['’]ll|['’]d)|(?:[,;]\s*(?:but\s+|and\s+|so\s+)?|\sbut\s+)(?:he|she)(?:['’]ll|\s+will)|(?:,\s*|:\s*|;\s*|\s[-–—]\s+|\s+and\s+)will)\s+(\p{Ll}+)`)

// reportRE matches a clause that reports what someone is doing: "Chico is
// travelling to the hackathon and will present there" says where he will
// be, not a task of the meeting.
var reportRE = lazyRE(`\s(?:is|are)\s+\p{Ll}+ing\s`)

// laterWill reads laterWillRE in the first sentence of text, which opens
// with a person the meeting knows (or a given name): "Since this is
// consistent with prior decisions, Roy will communicate the permission"
// is Roy's, "Yes, Karen will purchase" Karen's, "Dan still has some
// concerns and will communicate them" Dan's. A clause that names its own
// subject owns it; the others are the opening name's ("George: the
// libraries are ready and will get audited" is a speaker's report, not
// George's task). "will be ...", an adverb ("will now look") and the
// other words of notCommitted say how someone is, not what they will do.
func (p *parser) laterWill(text string) ([]string, bool) {
	// laterWillRE needs "will", "said" or an apostrophe's "ll" ("he'll");
	// "ll " alone let every "all ", "call " and "well " through.
	if !strings.Contains(text, "will") && !strings.Contains(text, "'ll") && !strings.Contains(text, "’ll") && !strings.Contains(text, "said") {
		return nil, false
	}
	s := text
	if ss := sentences(text); len(ss) > 1 {
		s = ss[0]
	}
	m := laterWillRE().FindStringSubmatchIndex(s)
	if m == nil {
		return nil, false
	}
	verb := s[m[6]:m[7]]
	if notCommitted[verb] || strings.HasSuffix(verb, "ly") || adverbs[verb] {
		return nil, false
	}
	if m[2] >= 0 {
		// ", Tanya and Anton will reach out"; after "and" ("..., and
		// Marco will outline it") only people the meeting knows:
		// "the release is done and Ubuntu will ship it" names a
		// product.
		and := strings.Contains(s[m[0]:m[2]], "and")
		if o, ok := p.nameList(s[m[2]:m[3]]); ok && (p.allKnown(o) || !and && english.IsName(strings.Fields(o[0])[0])) {
			return o, true
		}
		return nil, false
	}
	if m[4] >= 0 {
		// "...; Daniel said he would discuss it": who said it.
		name := s[m[4]:m[5]]
		if p.known(name) || p.firstNameOf(name) || p.initials[name] != "" {
			return []string{p.speakerName(name)}, true
		}
		if english.IsName(name) && !p.words.NotAName(name) && !pronouns[strings.ToLower(name)] {
			return []string{name}, true
		}
		return nil, false
	}
	if reportRE().MatchString(s[:m[0]+1]) {
		return nil, false
	}
	var buf [3]string
	ws := appendHeadFields(buf[:0], s, 3)
	for n := min(2, len(ws)); n >= 1; n-- {
		if strings.HasSuffix(ws[n-1], ":") {
			// "George: ..." is who speaks.
			return nil, false
		}
		name := strings.Join(ws[:n], " ")
		if r, _ := utf8.DecodeRuneInString(name); !unicode.IsUpper(r) || pronouns[strings.ToLower(name)] {
			continue
		}
		if p.known(name) || p.firstNameOf(name) || p.initials[name] != "" {
			return []string{p.speakerName(name)}, true
		}
		if n == 1 && english.IsName(name) && !p.words.NotAName(name) {
			return []string{name}, true
		}
	}
	return nil, false
}

// adverbs are words between "will" and its verb: "will now look into it".
var adverbs = map[string]bool{"now": true, "also": true, "then": true, "soon": true, "later": true,
	"further": true, "again": true, "still": true, "first": true, "only": true}

// willBeRE matches "will be" and the word after it: "Jim will be sending
// email to all committers".
var willBeRE = lazyRE(`(?i)\swill\s+be\s+(\p{Ll}+ing)\s+\S`)

// willBeDoing reports whether text's "will be VERBing" says what someone
// will do ("Jim will be sending email to all those with commit access",
// "@bo will be pinging the team"), not where or how they will be
// ("Shravan will be heading the team", "will be working on it", "will be
// travelling", "will be continuing her work": stateVerbs).
func willBeDoing(text string) bool {
	m := willBeRE().FindStringSubmatch(text)
	return m != nil && !stateVerbs[strings.ToLower(m[1])]
}

// stateVerbs are the -ing forms after "will be" that say where someone is,
// what they hold or go on doing, not a task of the meeting.
var stateVerbs = map[string]bool{"heading": true, "leading": true, "working": true, "attending": true,
	"joining": true, "travelling": true, "traveling": true, "staying": true, "continuing": true,
	"chairing": true, "hosting": true, "running": true, "managing": true, "going": true, "coming": true,
	"visiting": true, "speaking": true, "presenting": true, "participating": true, "representing": true,
	"serving": true, "acting": true, "using": true, "having": true, "doing": true, "taking": true,
	"moving": true, "living": true, "waiting": true, "looking": true, "thinking": true, "following": true,
	"considering": true, "focusing": true, "watching": true, "monitoring": true, "keeping": true,
	"missing": true, "leaving": true, "starting": true, "beginning": true, "sitting": true, "giving": true,
	"talking": true, "teaching": true}

// agreedThatRE matches the decision that opens a sentence assigning a
// task: "It was agreed that Roy will ...", "Agreed that Ann is to ...".
var agreedThatRE = lazyRE(`^(?i:(?:it was|we|the board|the group|the team)\s+)?(?i:agreed|decided|resolved)(?:\s+that)?\s+`)

// undertakeRE matches a person by name and what they undertake, other than
// "will": "Joe going to create some docs", "Trevor's going to create an
// example", "Ann is going to ...", "Ben Laurie volunteered to head this
// effort", "Musselman plans to update the chapter", "Bo agreed to", "Cy
// offered to"; or two people ("Steven and Albert need to consult ...").
var undertakeRE = lazyRE(`^(\p{Lu}[\p{L}'’-]*(?:\s+\p{Lu}[\p{L}'’.-]*){0,2}?(?:\s+(?:and|&)\s+\p{Lu}[\p{L}'’-]*(?:\s+\p{Lu}[\p{L}'’.-]*)?)?)(?:['’]s|\s+is|\s+are)?\s+(?:going\s+to|volunteered\s+to|plans?\s+to|agreed\s+to|offered\s+to|promised\s+to|needs?\s+to|(?:has|have)\s+(?:volunteered|agreed|offered)\s+to)\s+(\p{Ll}+)`)

// undertakes reads "X going to VERB", "X volunteered to VERB", "X plans to
// VERB", "X needs to VERB" (undertakeRE) of a person the meeting knows.
func (p *parser) undertakes(text string) ([]string, bool) {
	if !ascii.ContainsFold(text, " to ") {
		return nil, false
	}
	m := undertakeRE().FindStringSubmatch(text)
	if m == nil || notCommitted[m[2]] || pronouns[strings.ToLower(m[1])] {
		return nil, false
	}
	if rest := text[len(m[0])-len(m[2]):]; meetingRoleRE().MatchString(rest) {
		// "Hugo volunteered to take the minutes": a role of the meeting.
		return nil, false
	}
	name := strings.TrimSuffix(strings.TrimSuffix(m[1], "'s"), "’s")
	if strings.Contains(name, " and ") || strings.Contains(name, " & ") {
		// "Steven and Albert need to consult NASA legal": people the
		// meeting knows, each.
		return p.knownNames(name)
	}
	if p.knows(name) {
		return []string{p.speakerName(name)}, true
	}
	if o, ok := p.nameList(name); ok && !isUpperWord(name) && personVerbRE().MatchString(m[0]) {
		// Of one the meeting does not know, only what a person does:
		// "Joe going to create some docs", "Ben volunteered to";
		// "Mozilla plans to ship it", "Firefox needs to support it" name
		// no one to ping.
		return o, true
	}
	return nil, false
}

// personVerbRE matches the undertakings only a person makes.
var personVerbRE = lazyRE(`(?:['’]s|\s)going\s+to\s|\svolunteered\s+to\s`)

// pronouns name no one the notes can ping: "He plans to move the mail".
var pronouns = map[string]bool{"i": true, "he": true, "she": true, "it": true, "we": true, "they": true, "you": true, "someone": true, "somebody": true}

// meetingRoleRE matches a role of the meeting someone takes on, which is no
// action: "take the minutes", "scribe", "chair the next call".
var meetingRoleRE = lazyRE(`^(?i:(?:take|taking)\s+(?:the\s+)?(?:minutes|notes)|scribe|chair|facilitate|moderate|host)\b`)

// clauseOwnersRE matches a clause that assigns, after a comma, a
// semicolon or a sentence's end: ", Mark to send out invites".
var clauseOwnersRE = lazyRE(`(?:[,;.!]\s+|^)(\p{Lu}[\p{L}'’-]*(?:\s+(?:and\s+)?\p{Lu}[\p{L}'’-]*){0,2})\s+to\s+\p{Ll}`)

// clauseOwners reads who an assigning clause inside an item names: "Meet
// every two weeks, Mark to send out invites", "get some t-shirts. Antonio
// to choose something loud".
func (p *parser) clauseOwners(text string) ([]string, bool) {
	if !strings.Contains(text, " to ") {
		return nil, false
	}
	for _, m := range clauseOwnersRE().FindAllStringSubmatch(text, -1) {
		if o, ok := p.nameList(m[1]); ok {
			return o, true
		}
	}
	return nil, false
}

// helpClauseRE matches a co-owner's clause after the task: "; Kat to help
// follow up as required".
var helpClauseRE = lazyRE(`[;,.]\s+(\p{Lu}[\p{L}'’-]*(?:\s+\p{Lu}[\p{L}'’-]*)?)\s+to\s+help\b`)

// proseActions reads the sentences of a prose paragraph that assign:
// "Antonio to lead the investigation. Kat to share details.", "Decision:
// get some t-shirts. Antonio to choose them." (a decision's sentences
// before the one naming its owner say what the owner is to do). It
// returns the items (the other sentences as one information item) or
// none when no sentence assigns.
func (p *parser) proseActions(text string, line int) []Item {
	if !strings.Contains(text, " to ") && !ascii.ContainsFold(text, " will ") && !strings.Contains(text, "ll ") && !ascii.ContainsFold(text, " would ") &&
		!strings.Contains(text, "ed that ") && !strings.Contains(text, "requests that ") {
		// ("Mark requested that Matt sign his key", askedOwners.)
		return nil
	}
	body, label := text, false
	if mayBeOutcome(text) {
		if m := outcomeRE().FindStringSubmatch(text); m != nil {
			body, label = m[1], true
		}
	}
	var out []Item
	var pending, info []string
	for _, s := range sentences(body) {
		o, ok := p.leadingOwners(s)
		if !ok {
			o, ok = p.willOwners(s)
		}
		if !ok {
			// "We asked Carol to update the roadmap."
			o, ok = p.askedOwners(s)
		}
		if !ok && ascii.ContainsFold(s, "next step") && nextStepRE().MatchString(s) {
			// "Next steps are to merge": a paragraph naming the next
			// step, a task of no one named (as an item says it,
			// ownerRules).
			ok = true
		}
		if !ok && statusWill(s) {
			// "Still working on the code of conduct - will include the
			// edits": the one reporting, not named.
			ok = true
		}
		if !ok && len(p.speakers) == 0 && selfTask(s) {
			// "I will add commentary clarifying this": the one who
			// wrote the minutes, not named; "I will have to upload
			// later, but this month was largely the same": the task is
			// the clause before "but".
			ok = true
			if i := strings.Index(s, ", but "); i > 0 {
				pending = append(pending, s[i+2:])
				s = s[:i]
			}
		}
		if !ok {
			pending = append(pending, s)
			continue
		}
		task := s
		if label && len(out) == 0 && len(pending) > 0 {
			task = strings.Join(append(pending, s), " ")
		} else {
			info = append(info, pending...)
		}
		pending = nil
		out = append(out, Item{Kind: KindAction, Text: task, Line: line, Depth: 1, Owners: o})
	}
	if len(out) == 0 {
		return nil
	}
	info = append(info, pending...)
	if len(info) > 0 {
		out = append([]Item{{Kind: KindInfo, Text: strings.Join(info, " "), Line: line, Depth: 1, Prose: true}}, out...)
	}
	return out
}

// plainOwners reads who owns a bullet outside action sections: the owner
// forms (actionOwners), "@x will ...", "Name will VERB" (willOwners), an
// assigning clause after a decision's label ("Conclusion: meet every two
// weeks, Mark to send out invites").
func (p *parser) plainOwners(text string) ([]string, bool) {
	if strings.HasPrefix(text, "#") {
		if m := leadRefRE().FindStringIndex(text); m != nil {
			// "#9092 -- Pradyun needs to look at this further": the
			// issue the item is about, then who does what.
			text = text[m[1]:]
		}
	}
	if o, ok := p.actionOwners(text); ok {
		return o, true
	}
	if p.decided {
		// Under "**Resolved**": "Luther: Introduce Soares to Juanita".
		if o, ok := p.colonOwners(text); ok {
			return o, true
		}
	}
	if o, ok := p.leadingNames(text, false); ok {
		return o, true
	}
	if o, ok := p.willOwners(text); ok {
		return o, true
	}
	if mayBeOutcome(text) {
		if m := outcomeRE().FindStringSubmatch(text); m != nil {
			if o, ok := p.clauseOwners(m[1]); ok {
				return o, true
			}
		}
	}
	if ascii.ContainsFold(text, "need") {
		// "#8495 needs Pradyun to make an update": who it needs, a
		// person the meeting knows.
		if m := needsWhoRE().FindStringSubmatch(text); m != nil {
			if o, ok := p.nameList(m[1]); ok && p.allKnown(o) {
				return o, true
			}
		}
	}
	if ascii.ContainsFold(text, " by ") {
		// "COEP pictures to be uploaded by Suchakra".
		if m := passiveRE().FindStringSubmatch(strings.TrimRight(text, ".! ")); m != nil {
			if o, ok := p.nameList(m[1]); ok {
				return o, true
			}
		}
	}
	if !strings.Contains(text, ". ") && !strings.Contains(text, "! ") && !strings.Contains(text, "? ") {
		return nil, false
	}
	if ss := sentences(text); len(ss) > 1 {
		// "Already open on Fri/Sat. Suchakra will confirm if they can
		// stay open on Sunday": a later sentence that assigns, to people
		// the meeting knows ("Hope to have it ready" names nobody).
		for _, s := range ss[1:] {
			var o []string
			ok := false
			if strings.Contains(s, " to ") {
				o, ok = p.leadingOwners(s)
			}
			if !ok {
				o, ok = p.willOwners(s)
			}
			if !ok && (ascii.ContainsFold(s, " own") || ascii.ContainsFold(s, " takes ")) {
				// "Mara owns the action item."
				if m := ownsRE().FindStringSubmatch(s); m != nil {
					o, ok = p.nameList(m[1])
				}
			}
			if ok && p.allKnown(o) {
				return o, true
			}
		}
	}
	return nil, false
}

// leadRefRE matches an issue reference opening an item, with its mark:
// "#9092 -- ", "#12: ", "#9092 \-- " (a dash escaped in Markdown).
var leadRefRE = lazyRE(`^#\d+\s*\\?(?:--|[-–—:])\s+`)

// needsWhoRE matches what someone is needed to do: "#8495 needs Pradyun to
// make an update", "we need Ann and Bo to review it".
var needsWhoRE = lazyRE(`\b(?i:needs?)\s+(@?\p{Lu}[\p{L}'’-]*(?:\s+and\s+@?\p{Lu}[\p{L}'’-]*)?)\s+to\s+\p{Ll}`)

// passiveRE matches a task written in the passive with who does it: "COEP
// pictures to be uploaded by Suchakra", "the list will be sent by Ann".
var passiveRE = lazyRE(`^\S.*?\s(?:to|will)\s+be\s+(?:\p{Ll}+(?:ed|en|t)|done|made|run|set|put|held|led|paid|told|sold|found|read)\s+by\s+(\p{Lu}[\p{L}'’-]*(?:(?:\s+and\s+|\s*\+\s*|,\s*|\s+)\p{Lu}[\p{L}'’-]*){0,3})$`)

// allKnown reports whether the meeting knows every one of owners
// (knows).
func (p *parser) allKnown(owners []string) bool {
	for _, o := range owners {
		if !p.knows(o) {
			return false
		}
	}
	return len(owners) > 0
}

// knows reports whether the meeting knows the person o: the directory, the
// attendees (by name or first name), the initials of the attendance list,
// the people who speak in the notes ("Mara: ...").
func (p *parser) knows(o string) bool {
	return p.known(o) || p.firstNameOf(o) || p.initials[o] != "" || p.speakerSeen[strings.ToLower(o)]
}

// knownNames returns the people the list s names ("Steven and Albert"),
// each by the name the meeting knows them by (speakerName), when the
// meeting knows every one of them.
func (p *parser) knownNames(s string) ([]string, bool) {
	o, ok := p.nameList(s)
	if !ok || !p.allKnown(o) {
		return nil, false
	}
	for i := range o {
		o[i] = p.speakerName(o[i])
	}
	return o, true
}

// initialOwners reads the initials that end an item, where the attendance
// list gives them ("CM: Chris Manson"), as who does it: "Reach out to Siva
// about the api docs CM" is an action of CM, and an action with no owner
// ending so ("Ask for consensus on the RFC JJ") is JJ's. Initials in
// parentheses ("Website update (CM)") name a presenter. It runs once the
// whole file is read: the list may come after the items.
func (p *parser) initialOwners() {
	if len(p.initials) == 0 {
		return
	}
	for ti := range p.n.Topics {
		t := &p.n.Topics[ti]
		for i := range t.Items {
			it := &t.Items[i]
			switch {
			case it.Kind == KindAction && len(it.Owners) == 0:
			case it.Kind == KindInfo && !it.Prose && !it.box:
			default:
				continue
			}
			if o := p.trailingInitials(it.Text); len(o) > 0 {
				it.Kind, it.Owners = KindAction, o
			}
		}
	}
}

// trailingInitials returns the initials of the attendance list that end
// text ("... add to the test. CM JW."), after at least three other words,
// the last of which does not join them to the sentence ("with CG and JW").
func (p *parser) trailingInitials(text string) []string {
	f := strings.Fields(strings.TrimRight(text, ".!; "))
	n := len(f)
	for n > 0 && len(f[n-1]) >= 2 && len(f[n-1]) <= 4 && isUpperWord(f[n-1]) && p.initials[f[n-1]] != "" {
		n--
	}
	if n == len(f) || n < 3 {
		return nil
	}
	switch strings.ToLower(f[n-1]) {
	case "and", "or", "with", "to", "for", "from", "by", "of", "cc", "&", "+", "/":
		// "following up with CG and JW", "ask for JW": those asked or
		// worked with, not who does it.
		return nil
	}
	return f[n:]
}

// ownsRE matches a sentence giving the item to someone: "Mara owns the
// action item", "Jack will own this task".
var ownsRE = lazyRE(`^(\p{Lu}[\p{L}'’-]*(?:\s+(?:and\s+)?\p{Lu}[\p{L}'’-]*)?)\s+(?:owns|will\s+own|is\s+owning|takes)\s+(?:the|this|that)\s+(?:action(?:\s+item)?|AI|task|item)\b`)

// nextStepRE matches a clause naming the next step: "next step is to
// clarify and draft specific questions".
var nextStepRE = lazyRE(`(?i)(?:^|[,;.]\s+)(?:the\s+)?next\s+steps?\s+(?:is|are|will\s+be)\s+to\s+\p{Ll}`)

// nickSpeakerRE matches a speaker written as a nick before a colon: "rob".
var nickSpeakerRE = lazyRE(`^\p{Ll}[\p{Ll}\p{N}_.-]{1,24}$`)
