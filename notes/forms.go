package notes

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gavel-irc/gavel/internal/english"
	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/people"
)

// Group is the owner of an item given to the whole group ("all: read the
// draft", "everyone: ..."): shown as such, never pinged one by one (the
// engine reads no owner from it).
const Group = meeting.GroupOwner

// section is what the items under a heading or a label line are.
type section int

const (
	secNone       section = iota
	secActions            // "Action items", "TODO", "Next steps", ...: every item is an action
	secAttendance         // "Attendees", "Present": every item is a person
)

var (
	actionLabelRE = lazyRE(`(?i)^(?:(?:new|open|outstanding)\s+)?(?:action\s+items?|actions?|action\s+points?|ais?|todos?|to\s*dos?|to-dos?|next\s+(?:steps?|actions?)|follow[\s-]?ups?(?:\s+(?:items?|actions?|tasks?))?|tasks?|actionables?|backlog|(?:key\s+)?takeaways?|outcomes?|assignments?|homework|actions?\s+(?:required|needed|arising)|(?:agreed|assigned)\s+actions?|what['’]?s\s+next|summary\s+of\s+action\s+items?)(?:\s+(?:list|today|this\s+week|(?:from|for|of)\s+(?:this|today['’]?s?|the)\s+(?:meeting|call|session|sync)|for\s+(?:the\s+)?(?:next|this|coming)\s+(?:week|meeting|call|time|sprint|month)))?\s*(?:\(.*\))?\s*:?$`)
	previousRE    = lazyRE(`(?i)^(?:(?:previous|prior|past|old|open|carried[\s-]over|last\s+(?:week|meeting|time|call)(?:['’]s)?)\s+(?:action\s+items?|actions?|action\s+points?|tasks?|todos?|ais?)\b|(?:outstanding\s+|open\s+)?(?:action\s+items?|actions?|ais?|tasks?)\s+(?:from|of)\s+(?:the\s+)?(?:last|previous|prior)\s+(?:week|meeting|call|time|session)s?$)`)
	attendLabelRE = lazyRE(`(?i)^(?:(?:introduction|list)\s+of\s+)?(?:[\p{L}'’]+\s+){0,2}?(?:attendees?|attendance|attending|present|participants?|people present|in attendance|roll[\s-]?call|guests)(?:\s+(?:list|today|were|are))?\s*(?:\([^()]*\))?\s*:?$`)
	roleRE        = lazyRE(`(?i)^(?:(?:meeting\s+)?(?:moderators?|facilitators?|chairs?|hosts?|note[\s-]?takers?|scribes?|minute[\s-]?takers?|recorders?|timekeepers?)|notes|minutes|(?:minutes|notes)\s+(?:taken\s+|recorded\s+)?by)\s*(?:\([^)]*\))?\s*:\s*(.+)$`)
	// roleHeadingRE matches a heading or label of a role over the people
	// holding it: "## Scribes", "**Moderator**" (not "Notes" or
	// "Minutes", which head the notes themselves).
	roleHeadingRE = lazyRE(`(?i)^(?:meeting\s+)?(?:moderators?|facilitators?|chairs?|chairpersons?|scribes?|note[\s-]?takers?|minute[\s-]?takers?|recorders?|timekeepers?)$`)
	groupRE       = lazyRE(`(?i)^(?:all|everyone|everybody|whole team|all of us)\s*[:,-]\s*(.+)$`)
	helpRE        = lazyRE(`\(([^()]{1,80}?)\s+to\s+help\)`)
	noneRE        = lazyRE(`(?i)^(?:(?:none|n/a|nothing new|no new action items?|no action items?)\b.*|na|nothing|-+)$`)
)

// carriedLabel reports whether a section label names items carried over
// from an earlier meeting ("Previous tasks", "Last week's action items").
func carriedLabel(label string) bool {
	label = labelCore(label)
	return label != "" && len(label) <= maxLabel && previousRE().MatchString(label)
}

// maxLabel is the longest label (its core, labelCore) that opens a
// section: a longer line is a sentence.
const maxLabel = 60

// labelCore returns what a heading or label line says, without what
// numbers or decorates it: a leading number or letter of an outline ("3.
// Action items", "IV) Attendees", "b) Next steps"), leading symbols and
// emoji ("📝 Action items", "» TODO"), trailing emoji, as symbols or as
// GitHub's shortcodes ("Action Points :muscle:", "Next steps 🚀"), trailing
// colons and spaces.
func labelCore(label string) string {
	label = strings.TrimSpace(strings.TrimRight(trimEmojiEnd(label), ": "))
	for {
		r, size := utf8.DecodeRuneInString(label)
		if size == 0 || unicode.IsLetter(r) || unicode.IsDigit(r) || r == '(' || r == '@' {
			break
		}
		label = strings.TrimLeftFunc(label[size:], unicode.IsSpace)
	}
	if n := outlineNumber(label); n > 0 {
		label = strings.TrimLeftFunc(label[n:], unicode.IsSpace)
	}
	return label
}

// trimEmojiEnd returns s without the emoji that end it: symbols (📝, ✅)
// and GitHub's shortcodes (":muscle:", ":white_check_mark:"), which
// goldmark leaves as text.
func trimEmojiEnd(s string) string {
	for {
		t := strings.TrimRightFunc(s, unicode.IsSpace)
		if strings.HasSuffix(t, ":") {
			i := len(t) - 2
			for i >= 0 && (t[i] >= 'a' && t[i] <= 'z' || t[i] >= '0' && t[i] <= '9' || t[i] == '_' || t[i] == '+' || t[i] == '-') {
				i--
			}
			// A shortcode stands apart: ":muscle:" after a space.
			if i >= 0 && i < len(t)-2 && t[i] == ':' && (i == 0 || t[i-1] == ' ') {
				s = t[:i]
				continue
			}
		}
		r, size := utf8.DecodeLastRuneInString(t)
		if size > 1 && (unicode.Is(unicode.So, r) || r == 0xFE0F || r == 0x200D || unicode.Is(unicode.Sk, r)) {
			s = t[:len(t)-size]
			continue
		}
		return t
	}
}

// trimEmojiStart returns s without the emoji and spaces that open it
// ("👷 TODO Noah: ...", "📌 Bob to send it"); a check mark (✅, ✔, ☑)
// says the line is done and stays.
func trimEmojiStart(s string) string {
	t := s
	for t != "" {
		r, size := utf8.DecodeRuneInString(t)
		switch {
		case r == '✅' || r == '✔' || r == '☑' || r == '☒' || r == '☐':
			return s
		case r == 0xFE0F || r == 0x200D || size > 1 && (unicode.Is(unicode.So, r) || unicode.Is(unicode.Sk, r)) || (r >= 0x1F3FB && r <= 0x1F3FF):
			t = t[size:]
		case t != s && unicode.IsSpace(r):
			t = t[size:]
		default:
			return t
		}
	}
	return t
}

// outlineNumber returns the length of the outline number that starts s
// and is followed by a space ("3.", "12)", "2.1", "IV.", "b)"), or 0.
func outlineNumber(s string) int {
	i := 0
	for i < len(s) && (s[i] >= '0' && s[i] <= '9' || i > 0 && s[i] == '.' && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9') {
		i++
	}
	if i == 0 {
		for i < len(s) && i < 4 && strings.IndexByte("IVXivx", s[i]) >= 0 {
			i++
		}
		if i == 0 && len(s) > 1 && s[0] >= 'a' && s[0] <= 'z' && s[1] == ')' {
			i = 1
		}
	}
	if i == 0 || i >= len(s) {
		return 0
	}
	if s[i] == '.' || s[i] == ')' {
		i++
	} else if s[0] < '0' || s[0] > '9' {
		return 0 // "I " is a word, "IV." a number
	}
	if i >= len(s) || s[i] != ' ' && s[i] != '\t' {
		return 0
	}
	return i
}

// attendanceExcluded matches a label of the people who were not there
// ("Not present", "Absent", "Regrets"), or that uses "present" as a verb
// ("Bob will present:"), which attendLabelRE's and presentRE's leading
// words would otherwise take.
var attendanceExcluded = lazyRE(`(?i)\b(?:not|absent|regrets?|apologies|unavailable|excused|missing|unable|will|to|can|could|would|should|shall|may|must|i|we|they|he|she|you|who)\b`)

// sectionInitials are the first letters, in lower case, of every label
// previousRE and actionLabelRE match (none of them folds to a non-ASCII
// letter): a label starting otherwise opens no action section, without
// running the regexps. (attendLabelRE's labels contain a word
// mayNameAttendees finds.)
const sectionInitials = "abcdfhiklnoprstw"

// sectionOf reports what a heading or label line (without emphasis)
// opens.
func sectionOf(label string) section {
	label = labelCore(label)
	if len(label) > maxLabel || label == "" {
		return secNone
	}
	if strings.IndexByte(sectionInitials, label[0]|0x20) >= 0 {
		switch {
		case previousRE().MatchString(label):
			// Carried over: ticked ones are done, the others still open.
			return secActions
		case actionLabelRE().MatchString(label):
			return secActions
		}
		if parts := strings.FieldsFunc(label, func(r rune) bool { return r == '/' || r == '&' || r == '+' }); len(parts) > 1 && allActionLabels(parts) {
			// "Action items / Next steps", "Next steps & follow-ups".
			return secActions
		}
		if a, b, ok := strings.Cut(label, " and "); ok && allActionLabels([]string{a, b}) {
			return secActions
		}
	}
	if mayNameAttendees(label) && attendLabelRE().MatchString(label) && !attendanceExcluded().MatchString(label) {
		return secAttendance
	}
	if roleHeadingRE().MatchString(label) {
		// "## Scribes" over "* Sarven Capadisli".
		return secAttendance
	}
	return secNone
}

// allActionLabels reports whether every one of parts is an action label,
// or a word that goes with one in a joined label ("Action items & owners",
// "Decisions and next steps": decisionPartRE), at least one of them an
// action label.
func allActionLabels(parts []string) bool {
	action := false
	for _, p := range parts {
		p = strings.TrimSpace(p)
		switch {
		case p == "":
			return false
		case actionLabelRE().MatchString(p):
			action = true
		case !decisionPartRE().MatchString(p):
			return false
		}
	}
	return action
}

// decisionPartRE matches what a joined label may name besides actions:
// the owners, or the decisions (whose items are actions only when they
// read as tasks: softSection).
var decisionPartRE = lazyRE(`(?i)^(?:(?:key\s+)?decisions?(?:\s+made)?|resolutions?|agreements?|conclusions?|owners?|responsibles?|assignees?)$`)

// known reports whether the meeting knows s as a person: the directory
// (names, nicks, aliases), the attendees read so far, or a nick that has
// spoken (parser.nicks).
func (p *parser) known(s string) bool {
	s = strings.TrimPrefix(s, "@")
	if p.dir.Known(s) || p.nicks[s] {
		return true
	}
	for _, a := range p.distinctAttendees() {
		if people.SameName(strings.TrimPrefix(a, "@"), s) {
			return true
		}
	}
	return false
}

// attendeeSet holds the attendees without repeats, in the order first
// listed, for the rules that ask whether a name is one of them (known,
// byFirstName, vouched): notes list the same people again and again (a
// long file of several meetings' notes has a "Present:" line in each), and
// each such question compared the name with every copy: 88,000 name
// comparisons for the 5,000-line seed-like file, against 6,200 with each
// name once. The answers are the same: a name matches a copy exactly when
// it matches the first.
type attendeeSet struct {
	// seen is the list as last indexed (a copy of its strings' headers),
	// names its distinct names, has the same as a set.
	seen, names []string
	has         map[string]bool
}

// distinctAttendees returns p.n.Attendees without repeats, in order. The
// rules append to the list and Parse rewrites it at its end, so the names
// indexed are compared with the list's start at each call (the same
// strings: one length and one pointer compared each) and a list that no
// longer starts with them is indexed again.
func (p *parser) distinctAttendees() []string {
	x, a := &p.att, p.n.Attendees
	if len(a) < len(x.seen) || !slices.Equal(a[:len(x.seen)], x.seen) {
		x.seen, x.names = nil, nil
		clear(x.has)
	}
	for _, s := range a[len(x.seen):] {
		x.seen = append(x.seen, s)
		if !x.has[s] {
			if x.has == nil {
				x.has = map[string]bool{}
			}
			x.has[s] = true
			x.names = append(x.names, s)
		}
	}
	return x.names
}

// isHandle reports whether w is an @handle ("@alice", "@bob-smith").
func isHandle(w string) bool {
	if len(w) < 2 || w[0] != '@' {
		return false
	}
	for _, r := range w[1:] {
		if !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_' || r == '.') {
			return false
		}
	}
	return true
}

// issueNumber reports whether w is an issue's or a pull request's number
// opening an item: "816", "#1062".
func issueNumber(w string) bool {
	w = strings.TrimPrefix(w, "#")
	if w == "" || len(w) > 6 {
		return false
	}
	for i := 0; i < len(w); i++ {
		if w[i] < '0' || w[i] > '9' {
			return false
		}
	}
	return true
}

// nickLike reports whether s is one word that is a given name written in
// lower case ("bob", "dana"): a nick the directory does not know is taken
// for an owner only so, as "tap2junit:" and "node-gyp:" name projects.
func nickLike(s string) bool {
	if s == "" || strings.ContainsAny(s, " \t") || utf8.RuneCountInString(s) > 32 {
		return false
	}
	for _, r := range s {
		if !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_' || r == '.') {
			return false
		}
	}
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLetter(r) && english.IsName(s)
}

// ownerName reports whether s names a person: known to the meeting, an
// @handle, or a name that is clearly a name (capitalised words whose first
// is no ordinary English word; in loose mode also one lower-case word that
// is no ordinary word, as nicks are written).
func (p *parser) ownerName(s string, loose bool) bool {
	s = strings.TrimSpace(s)
	if s == "" {
		return false
	}
	if isHandle(s) || p.known(s) {
		return true
	}
	f := strings.Fields(s)
	team := len(f) > 1 && strings.EqualFold(f[len(f)-1], "team") // "Logistics team"
	if people.LooksLikeName(s) && (team || !p.words.NotAName(f[0])) {
		return true
	}
	return loose && nickLike(s)
}

// names reads s as a list of owners ("@a, @b", "Rahul and Saleem", "bob /
// carol"), each an ownerName; handles lose their '@'.
func (p *parser) names(s string, loose bool) ([]string, bool) {
	parts := splitList(strings.TrimSpace(s))
	if len(parts) == 0 {
		return nil, false
	}
	out := parts[:0:0]
	for _, n := range parts {
		if !p.ownerName(n, loose) {
			return nil, false
		}
		if two := p.firstNames(n); two != nil {
			// "Myles, Jory Tobie will ...": Jory and Tobie.
			out = append(out, two...)
			continue
		}
		out = append(out, strings.TrimPrefix(n, "@"))
	}
	return out, true
}

// firstNames reads a name of several words that nobody has, each word the
// first name of a different attendee ("Jory Tobie" when Jory Burson and
// Tobie Langel were present), as those people's first names; else nil.
func (p *parser) firstNames(n string) []string {
	f := strings.Fields(n)
	if len(f) < 2 || len(f) > 4 || p.known(n) {
		return nil
	}
	used := map[int]bool{}
	for _, w := range f {
		found := -1
		for i, a := range p.n.Attendees {
			if first, _, _ := strings.Cut(a, " "); !used[i] && people.SameName(first, w) && strings.Contains(a, " ") {
				found = i
				break
			}
		}
		if found < 0 {
			return nil
		}
		used[found] = true
	}
	return f
}

// handles returns the @handles in s, without '@', in order.
func handles(s string) []string {
	if !strings.Contains(s, "@") {
		return nil
	}
	var out []string
	for _, w := range strings.FieldsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune(",;:()[]/+&!?\"'", r)
	}) {
		w = strings.TrimRight(w, ".")
		if isHandle(w) && !strings.Contains(w[1:], "@") {
			out = append(out, w[1:])
		}
	}
	return out
}

// ownerForms reads who owns an action written in one of the forms people
// use: "@alice write the post", "@x will ...", "X to VERB", "X will VERB"
// (willForm), "X: do ...", "X, Y: ...", "all: ..." (the Group), with
// "(X, Y to help)" co-owners and @handles anywhere. It returns the owners
// and whether any was found.
func (p *parser) ownerForms(text string, willForm bool) ([]string, bool) {
	t := strings.TrimSpace(text)
	var owners []string
	switch {
	case groupRE().MatchString(t):
		owners = []string{Group}
	default:
		if o, ok := p.leadingNames(t, willForm); ok {
			owners = o
		} else if o, ok := p.colonOwners(t); ok {
			owners = o
		} else if o, ok := p.actionOwners(t); ok {
			owners = o
		}
	}
	owners = append(owners, p.coOwners(t, len(owners) > 0)...)
	if len(owners) == 0 && everyoneRE().MatchString(t) {
		// "Review the new website. @ everyone"
		owners = []string{Group}
	}
	if m := mentionRE().FindStringSubmatch(t); m != nil && allInitials(owners) {
		// "JW - update the tracking @Jen Weber": a mention of a person
		// by name ends the item (Paper's, Notion's "@Full Name"); it
		// names the owner the initials in front abbreviate.
		owners = []string{m[1]}
	}
	if len(owners) == 0 {
		// "Ping JDD about it (@malept)", "review the draft @ann": handles
		// in parentheses or at the end; one in the middle of the sentence
		// ("work with @x to ...") is not the owner.
		owners = trailingHandles(t)
	}
	owners = dedupeFold(owners)
	return owners, len(owners) > 0
}

// coOwners returns the helpers an action names: "(Amit, Sunita to help)",
// and, when it has owners (owned), "...; Kat to help follow up".
func (p *parser) coOwners(t string, owned bool) []string {
	if m := helpRE().FindStringSubmatch(t); m != nil {
		if o, ok := p.names(m[1], true); ok {
			return o
		}
	}
	if m := helpClauseRE().FindStringSubmatch(t); m != nil && owned {
		if o, ok := p.nameList(m[1]); ok {
			return o
		}
	}
	return nil
}

// mentionRE matches a mention of a person by full name at the end of an
// item: "... @Jen Weber".
var mentionRE = lazyRE(`(?:^|\s)@(\p{Lu}[\p{L}'’-]*(?:\s\p{Lu}[\p{L}'’-]*){1,2})[\s.!]*$`)

// everyoneRE matches the whole group mentioned at the end of an item: "@
// everyone", "@all", "@everybody".
var everyoneRE = lazyRE(`(?i)(?:^|\s)@\s?(?:everyone|everybody|all)[\s.!]*$`)

// allInitials reports whether every owner is written in initials ("JW",
// "CM"), or there are none.
func allInitials(owners []string) bool {
	for _, o := range owners {
		if !isUpperWord(o) {
			return false
		}
	}
	return true
}

// trailingHandles returns the @handles in parentheses in t, or those that
// end it.
func trailingHandles(t string) []string {
	var out []string
	for _, loc := range parenRE().FindAllStringIndex(t, -1) {
		m := t[loc[0]:loc[1]]
		hs := handles(m)
		if len(hs) > 0 && len(hs) == len(strings.Fields(strings.Trim(m, "()"))) {
			if loc[1] == len(strings.TrimRight(t, ". ")) && len(out) > 0 {
				// "Reach out to the channel (@groundwater) and ask
				// ... (@tonyganch)": the handles ending the item own
				// it; one after an object is who is asked.
				return hs
			}
			out = append(out, hs...)
		}
	}
	if len(out) > 0 {
		return out
	}
	words := strings.Fields(strings.TrimRight(t, ".!"))
	for i := len(words) - 1; i >= 0; i-- {
		w := strings.TrimRight(words[i], ",")
		if !isHandle(w) {
			break
		}
		out = append([]string{w[1:]}, out...)
	}
	return out
}

// notAfterHandle are words that, after "@x", say the line reports or
// wishes rather than assigns: "@x would like to join", "@x said ...".
var notAfterHandle = map[string]bool{"would": true, "might": true, "could": true, "may": true, "said": true,
	"says": true, "thinks": true, "mentioned": true, "asked": true, "was": true, "has": true, "had": true,
	"agrees": true, "agreed": true, "noted": true, "suggested": true, "suggests": true, "requests": true,
	"requested": true, "asks": true, "proposes": true, "proposed": true, "wants": true, "wanted": true, "notes": true,
	"reports": true, "reported": true, "mentions": true, "believes": true, "feels": true, "wonders": true,
	"explains": true, "explained": true, "raised": true, "raises": true, "presented": true, "presents": true}

// notAVerb are the words after a name that do not start its task: "Ann
// and Bo to ...", "Ann to ...", "Ann will ..." are read by the owner forms
// that know them.
var notAVerb = map[string]bool{"and": true, "or": true, "nor": true, "with": true, "to": true, "will": true,
	"is": true, "are": true, "of": true, "from": true, "for": true, "in": true, "on": true, "at": true, "the": true,
	"a": true, "an": true, "please": true, "shall": true, "should": true, "can": true, "must": true}

// leadingNames reads "@a @b text", "@a will ...", "@a: ...", and (with
// loose, in an action section) "X will VERB", "X to VERB", "X is going
// to", "X and Y will ...": names at the start followed by a verb phrase.
func (p *parser) leadingNames(t string, loose bool) ([]string, bool) {
	words := strings.Fields(t)
	if len(words) > 2 && issueNumber(words[0]) {
		// "816 - @StanczakDominik ping on it", "769 @StanczakDominik
		// look into": the issue the item is about, then who.
		if words[1] == "-" || words[1] == "–" || words[1] == "—" {
			words = words[2:]
		} else {
			words = words[1:]
		}
		if !isHandle(strings.TrimRight(words[0], ",:")) {
			return nil, false
		}
	}
	var hs []string
	i := 0
	for ; i < len(words) && i < 8; i++ {
		w := strings.TrimRight(words[i], ",:")
		lw := strings.ToLower(w)
		if isHandle(w) {
			hs = append(hs, w[1:])
			continue
		}
		if len(hs) > 0 && (lw == "and" || lw == "&" || lw == "+" || lw == "/") {
			continue
		}
		if i == 0 && loose && groupWords(words[:1]) && len(words) > 2 && (strings.EqualFold(words[1], "and") || words[1] == "+" || words[1] == "&") && isHandle(strings.TrimRight(words[2], ",:")) {
			// "team and @ra33it0 collaborate on ...": the group and a
			// person.
			hs = append(hs, Group)
			continue
		}
		break
	}
	if len(hs) > 0 && i < len(words) {
		next := strings.ToLower(words[i])
		if next == "will" && beState(words[i+1:]) {
			// "@bob will be out next week", "@ann will be at the
			// conference": where someone will be, not a task ("@x will
			// be pinging the team" is one).
			return nil, false
		}
		if !loose && next == "will" && continuing(words[i+1:]) {
			// "@GeorgianaElena will be continuing her work": outside an
			// action section, a report of what someone is doing ("@x will
			// be pinging the team" is a task).
			return nil, false
		}
		if loose && !notAfterHandle[next] || next == "will" || next == "to" || next == "shall" || words[i] == "TODO" ||
			next == "is" && i+1 < len(words) && strings.EqualFold(words[i+1], "going") {
			return hs, true
		}
		return nil, false
	}
	if !loose {
		return nil, false
	}
	for n := 1; n <= 3 && n < len(words); n++ {
		// "Tomáš draft policy over ...": a person the meeting knows, then
		// the task.
		name := strings.TrimRight(strings.Join(words[:n], " "), ",:")
		next, _ := utf8.DecodeRuneInString(words[n])
		if unicode.IsLower(next) && !notAfterHandle[strings.ToLower(words[n])] && !notAVerb[strings.ToLower(words[n])] && (p.known(name) || n == 1 && p.vouched(name) && !isUpperWord(name)) {
			return []string{p.speakerName(name)}, true
		}
		if n == 3 && (words[1] == "and" || words[1] == "&") && !strings.ContainsAny(words[0]+words[2], ",:") && unicode.IsLower(next) && !notAfterHandle[strings.ToLower(words[n])] && !notAVerb[strings.ToLower(words[n])] {
			// "Steven and Albert need to consult NASA legal": two
			// people the meeting knows, then the task.
			if o, ok := p.knownNames(name); ok && len(o) == 2 {
				return o, true
			}
		}
	}
	words = dashApart(words)
	for i := 1; i+1 < len(words) && i <= 6; i++ {
		lw := strings.ToLower(words[i])
		if i <= 5 && (lw == "-" || lw == "–" || lw == "—") {
			// "JG - will add the CTA", "JW - update the tracking",
			// "Frank and Emma- looking into ...": initials or known
			// people (or an attendee's first name), a dash, the task.
			if o, ok := p.names(strings.Join(words[:i], " "), true); ok && i <= 3 && (allInitials(o) || p.known(o[0]) || p.firstNameOf(o[0])) {
				return o, true
			}
			if groupWords(words[:i]) {
				// "All core team members - Add content".
				return []string{Group}, true
			}
		}
		next, _ := utf8.DecodeRuneInString(words[i+1])
		if lw == "will" || lw == "please" || lw == "to" && unicode.IsLower(next) || lw == "is" && strings.EqualFold(words[i+1], "going") {
			if groupWords(words[:i]) || lw == "to" && roleGroup(words[:i]) {
				// "team will work on the page", "Everyone will ...",
				// "Every team to produce two pages".
				return []string{Group}, true
			}
			return p.names(strings.Join(words[:i], " "), true)
		}
	}
	return nil, false
}

// dashApart writes a dash typed against the name before it apart ("Frank
// and Emma- looking into ...": "Emma", "-"), among the first four words,
// so that the names before it read as those before " - " do; a hyphen
// inside a word ("follow-up") or before another word ("Emma-Jane") stays.
func dashApart(words []string) []string {
	for i := 0; i < len(words)-1 && i < 4; i++ {
		w := words[i]
		for _, d := range []string{"-", "–", "—"} {
			if len(w) > len(d) && strings.HasSuffix(w, d) && !strings.HasSuffix(w[:len(w)-len(d)], d) {
				out := make([]string, 0, len(words)+1)
				out = append(out, words[:i]...)
				out = append(out, w[:len(w)-len(d)], d)
				return append(out, words[i+1:]...)
			}
		}
	}
	return words
}

// colonOwners reads "X: do ...", "X, Y: ...", "bob: talk to the venue":
// a list of names before a colon, then the task.
func (p *parser) colonOwners(t string) ([]string, bool) {
	head, rest, ok := strings.Cut(t, ":")
	if !ok || strings.TrimSpace(rest) == "" || len(head) > 60 || strings.Contains(rest[:min(len(rest), 2)], "/") {
		return nil, false
	}
	if o, ok := p.names(head, true); ok {
		return o, true
	}
	if parts := splitList(head); len(parts) > 1 && groupWords(strings.Fields(parts[len(parts)-1])) {
		// "Evan, Matt, and everyone else: go into this PR": the people
		// named and the group.
		if o, ok := p.names(strings.Join(parts[:len(parts)-1], ", "), true); ok {
			return append(o, Group), true
		}
	}
	// "Kate/Danny: Set up the agenda".
	return p.names(strings.ReplaceAll(head, "/", " / "), true)
}

// headingOwners reads a heading under an action section that names who
// owns the items under it: "Kat", "Dom + Ben", "All".
func (p *parser) headingOwners(s string) ([]string, bool) {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), ":"))
	switch strings.ToLower(s) {
	case "all", "everyone", "everybody", "all of us", "team":
		return []string{Group}, true
	}
	return p.names(s, true)
}

// dedupeFold drops repeated names, ignoring letter case.
func dedupeFold(s []string) []string {
	out := s[:0]
	seen := map[string]bool{}
	for _, x := range s {
		k := strings.ToLower(x)
		if x != "" && !seen[k] {
			seen[k] = true
			out = append(out, x)
		}
	}
	return out
}

// attendee cleans one name of an attendance list or line: "@alice",
// "Bob (Google)", "Jane Doe - Microsoft"; ok is false for what is not a
// person ("at the office", "and me").
func (p *parser) attendee(s string) (string, bool) {
	s = trimSpace(parenRE().ReplaceAllString(unstruck(s), ""))
	if i := strings.Index(s, " - "); i > 0 {
		s = s[:i]
	}
	if i := strings.Index(s, " – "); i > 0 {
		s = s[:i]
	}
	s = strings.Trim(trimSpace(s), "*_.,;")
	if f := strings.Fields(s); len(f) > 1 && isHandle(f[len(f)-1]) && !isHandle(f[0]) {
		// "Beth Griggs @BethGriggs": the name.
		s = strings.Join(f[:len(f)-1], " ")
	}
	if s == "" {
		return "", false
	}
	switch strings.ToLower(s) {
	case "me", "i", "myself", "us", "we":
		return "", false
	}
	if isHandle(s) || p.dir.Known(s) {
		return s, true
	}
	f := strings.Fields(s)
	if len(f) > 4 {
		return "", false
	}
	r, _ := utf8.DecodeRuneInString(f[0])
	if unicode.IsLower(r) && len(f) > 1 {
		// Trailing prose: "at the office", "on the call".
		return "", false
	}
	if len(f) == 1 && p.words.NotAName(f[0]) || attendModeRE().MatchString(s) {
		// "Welcome", or a template row's "name"; "Async", a label of
		// how people attended with nobody under it.
		return "", false
	}
	if len(f) >= 3 && camelCase(f[0]) && !isHandle(f[0]) && !strings.ContainsAny(f[0], "-'’") {
		// "OpenJS Foundation Project Maintainers": an organisation
		// ("Dirk-Willem van Gulik" is a person).
		return "", false
	}
	return s, true
}

// attendModeRE matches a label of how people attended: "Sync", "Async",
// "Remote", "In person".
var attendModeRE = lazyRE(`(?i)^(?:a?sync(?:hronous(?:ly)?)?|remote(?:ly)?|online|virtual(?:ly)?|in[\s-]person|on[\s-]?site|hybrid)$`)

// initialsRE matches the initials before a name in an attendance row:
// "JJ: Jessica Jordan".
var initialsRE = lazyRE(`^\p{Lu}{1,4}:\s+`)

// attendanceRow reads one row of an attendance list: a table row written
// as a bullet ("Erik Sundell | Sandvik | @consideRatio", "Min / Simula /
// @minrk") gives its first cell, "JJ: Jessica Jordan" the name; other rows
// may list several people ("Rahul, PJP and Amit").
//
// A row that is a label and names ("Present: Iain, Beau", "Chair: Beau
// Scott", "Attending: Nat, Bjorn and Ed") gives those names, one of
// those not there ("Apologies: Scott, Judith", "Absent: nil", "Regrets:")
// none. In a list of a person a row (one, set by the caller for a
// checklist's row or a list of three rows or more), a row that opens with
// a full name gives that name only: what follows a comma or a
// parenthesis is the person's organisation, role, initials or handle
// ("Chris Kipp, Lunatech", "Daniel Heckenberg - Chairperson, Animal Logic
// Pty Ltd", "Megan C. Yancy (MCY) myancy-anaconda"); a handle with the
// name in parentheses gives the name ("@dduportal (Damien Duportal)":
// handleNameRE).
func (p *parser) attendanceRow(s string, one bool) []string {
	s = trimSpace(s)
	if names, ok := p.labelledRow(s); ok {
		return names
	}
	if strings.Contains(s, "|") {
		for _, c := range strings.Split(s, "|") {
			if c = trimSpace(c); c != "" {
				s = c
				break
			}
		}
	} else if parts := strings.Split(s, " / "); len(parts) >= 3 {
		s = parts[0]
	}
	if m := handleNameRE().FindStringSubmatch(s); m != nil && people.LooksLikeName(m[1]) && strings.Contains(m[1], " ") {
		// "@dduportal (Damien Duportal)": the person is the name.
		s = m[1]
	}
	if m := initialsRE().FindString(s); m != "" {
		// "AL: Amy Lam": AL names her elsewhere ("Facilitator: AL").
		s = trimSpace(s[len(m):])
		p.initial(strings.TrimSpace(strings.TrimSuffix(m, ": ")), s)
	} else if m := trailingInitialsRE().FindStringSubmatch(s); m != nil {
		// "Chris Manson (CM)".
		p.initial(m[2], m[1])
	}
	if name, ok := p.personRow(s, one); ok {
		return []string{name}
	}
	if one && !strings.Contains(s, " and ") && !strings.ContainsAny(s, "&+;") {
		// "Kerry in place of Michael O’Gorman, Cisco Systems Inc.": one
		// person, the first part.
		s, _, _ = strings.Cut(s, ",")
		if m := proxyRE().FindStringIndex(s); m != nil {
			s = s[:m[0]]
		}
	}
	return p.attendees(splitList(parenRE().ReplaceAllString(s, "")))
}

// handleNameRE matches a handle followed by the person's name in
// parentheses, as GitHub notes list people: "@dduportal (Damien
// Duportal)".
var handleNameRE = lazyRE(`^@[\w.-]+\s*\(([^()@]{3,60})\)$`)

// absentLabelRE matches the label of a row or paragraph that lists
// those not there, or that watched without being members of the meeting:
// "Apologies:", "Regrets:", "Absent:", "Not present:", "Excused:".
var absentLabelRE = lazyRE(`(?i)^(?:not\s+present|absent(?:ees)?|apologies|regrets?|unavailable|excused|unable\s+to\s+attend|missing)(?:\s+\([^()]*\))?\s*:`)

// nobodyRE matches a value that names no one: "nil", "none", "TBD".
var nobodyRE = lazyRE(`(?i)^\W*(?:nil|none|nobody|n/?a|tbd|tba|-+)\W*$`)

// labelledRow reads a row of an attendance list that is a label and
// names: ok is false when s is no such row.
func (p *parser) labelledRow(s string) ([]string, bool) {
	i := strings.IndexByte(s, ':')
	if i <= 0 || i > 40 {
		return nil, false
	}
	if absentLabelRE().MatchString(s) {
		return nil, true
	}
	rest := trimSpace(s[i+1:])
	var list string
	if l, ok := presentList(s); ok {
		list = l
	} else if m := roleRE().FindStringSubmatch(s); m != nil {
		list = m[1]
	} else if attendModeRE().MatchString(trimSpace(s[:i])) {
		// "Remote: Ann, Bo".
		list = rest
	} else if len(strings.Fields(s[:i])) <= 2 && nobodyRE().MatchString(rest) {
		// "Observing: nil".
		return nil, true
	} else {
		return nil, false
	}
	if rest == "" || nobodyRE().MatchString(list) {
		return nil, true
	}
	return p.attendees(splitList(parenRE().ReplaceAllString(unstruck(list), ""))), true
}

// personRow reads a row of an attendance list that names one person
// followed by who they are (attendanceRow).
func (p *parser) personRow(s string, one bool) (string, bool) {
	s = unstruck(s)
	if strings.Contains(s, " and ") || strings.ContainsAny(s, "|&+;") {
		return "", false
	}
	cut := strings.IndexAny(s, ",(")
	if cut <= 0 {
		return "", false
	}
	head := trimSpace(s[:cut])
	if i := strings.Index(head, " - "); i > 0 {
		head = trimSpace(head[:i])
	}
	if s[cut] == ',' && !one {
		return "", false
	}
	if !fullName(head) {
		return "", false
	}
	if s[cut] == '(' {
		// "Matthew R Becker (MRB) (beckermr)": its initials name it
		// elsewhere.
		if m := initialsParenRE().FindStringSubmatch(s[cut:]); m != nil {
			p.initial(m[1], head)
		}
		// "Nicholas C. Zakas (@nzakas) - TSC": the handle names him
		// elsewhere ("@nzakas moderated").
		for _, h := range rowHandleRE().FindAllString(s[cut:], 2) {
			p.initial(h, head)
		}
	}
	a, ok := p.attendee(head)
	return a, ok
}

// proxyRE matches the words after which a row of an attendance list
// names whom the person stands in for: "Kerry in place of Michael".
var proxyRE = lazyRE(`\s+(?:in\s+place\s+of|on\s+behalf\s+of|standing\s+in\s+for|substituting\s+for|as\s+proxy\s+for|proxy\s+for)\s`)

// rowHandleRE matches a handle in an attendance row: "(@nzakas)".
var rowHandleRE = lazyRE(`@[\w.-]*\w`)

// initialsParenRE matches initials in parentheses: "(MRB)".
var initialsParenRE = lazyRE(`^\((\p{Lu}{2,4})\)`)

// fullName reports whether s is a person's full name: two to four words,
// each capitalised (an initial with or without its dot, "Megan C.
// Yancy"), but for particles ("Ladislaus von Daniels"), the first no
// particle.
func fullName(s string) bool {
	f := strings.Fields(s)
	if len(f) < 2 || len(f) > 4 {
		return false
	}
	for k, w := range f {
		r, _ := utf8.DecodeRuneInString(w)
		if k > 0 && nameParticles[w] {
			continue
		}
		if !unicode.IsUpper(r) {
			return false
		}
	}
	return true
}

// nameParticles are the small words inside people's names: "Ladislaus von
// Daniels", "Hervé le Meur", "Luiz da Silva".
var nameParticles = map[string]bool{"van": true, "von": true, "de": true, "der": true, "den": true, "da": true,
	"di": true, "del": true, "della": true, "du": true, "le": true, "la": true, "dos": true, "das": true, "ten": true,
	"ter": true, "bin": true, "al": true, "y": true}

// personList reports whether the attendance list of blocks[i] lists a
// person a row: it has three rows or more at that depth, or every row
// opens with a full name and a comma and some row's part after it is no
// full name ("Jorge Galindo Cruces, 47 Degrees": an organisation), where
// "Ann Lee, Bob Ray" over "Cy Lo, Dee Ma" is two rows of two people.
func personList(blocks []block, i int) bool {
	start, end := i, i+1
	for start > 0 && blocks[start-1].kind == bBullet && blocks[start-1].list == blocks[i].list {
		start--
	}
	for end < len(blocks) && blocks[end].kind == bBullet && blocks[end].list == blocks[i].list {
		end++
	}
	rows, org := 0, false
	for _, b := range blocks[start:end] {
		if b.depth == blocks[i].depth && !b.prose {
			rows++
		}
	}
	if rows >= 3 {
		return true
	}
	for _, b := range blocks[start:end] {
		if b.depth != blocks[i].depth || b.prose {
			continue
		}
		head, rest, ok := strings.Cut(plain(b.text), ",")
		if !ok || !fullName(trimSpace(head)) {
			return false
		}
		if r, _, _ := strings.Cut(rest, ","); !fullName(trimSpace(r)) {
			org = true
		}
	}
	return org
}

// trailingInitialsRE matches a name followed by its initials in
// parentheses: "Chris Manson (CM)".
var trailingInitialsRE = lazyRE(`^(\p{Lu}[^()]*?)\s*\((\p{Lu}{2,4})\)$`)

// initial records that the attendance list gives initials ini to the
// person name (cleaned as an attendee).
func (p *parser) initial(ini, name string) {
	a, ok := p.attendee(name)
	if !ok {
		return
	}
	if p.initials == nil {
		p.initials = map[string]string{}
	}
	p.initials[ini] = a
}

// expandInitials writes attendees named by the initials of the attendance
// list ("Facilitator: AL") as the name, once.
func (p *parser) expandInitials() {
	if len(p.initials) == 0 {
		return
	}
	out := p.n.Attendees[:0]
	seen := map[string]bool{}
	for _, a := range p.n.Attendees {
		if n, ok := p.initials[a]; ok {
			a = n
		}
		if k := strings.ToLower(a); !seen[k] {
			seen[k] = true
			out = append(out, a)
		}
	}
	p.n.Attendees = out
}

// attendees cleans a list of attendee names.
func (p *parser) attendees(names []string) []string {
	var out []string
	for _, n := range names {
		if a, ok := p.attendee(n); ok {
			out = append(out, a)
		}
	}
	return out
}

// continuing reports whether ws start with "continue" or "be continuing":
// what someone goes on doing, not a new task.
func continuing(ws []string) bool {
	if len(ws) > 1 && strings.EqualFold(ws[0], "be") {
		ws = ws[1:]
	}
	return len(ws) > 0 && strings.HasPrefix(strings.ToLower(ws[0]), "continu")
}

// beState reports whether ws (the words after "will") say where or how
// someone will be rather than what they will do: "be" and then no verb in
// -ing ("be out next week", "be on vacation", "be at KubeCon"; "be
// pinging the team" and "be responsible for the release" are tasks).
func beState(ws []string) bool {
	if len(ws) < 2 || !strings.EqualFold(ws[0], "be") {
		return false
	}
	w := strings.ToLower(strings.Trim(ws[1], ".,;:!"))
	return !strings.HasSuffix(w, "ing") && w != "responsible" && w != "in"
}
