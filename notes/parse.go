package notes

import (
	"context"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/gavel-irc/gavel/deadline"
	"github.com/gavel-irc/gavel/internal/ascii"
	"github.com/gavel-irc/gavel/internal/english"
	"github.com/gavel-irc/gavel/internal/words"
	"github.com/gavel-irc/gavel/people"
)

// Limits beyond which a file is refused.
const (
	maxLine   = 64 << 10 // bytes in one line
	maxIndent = 64       // columns of indentation
	maxDepth  = 16       // nesting levels
	tabWidth  = 4
)

// blockKind is what one logical block of the file is.
type blockKind int

const (
	bHeading blockKind = iota
	bPara
	bBullet
	bTable
)

// block is a heading, a paragraph or a bullet (with its continuation
// lines joined), as found by the line scanner.
type block struct {
	kind  blockKind
	level int // heading level
	depth int // bullet depth, 0 = top level of its list
	text  string
	line  int
	list  int  // which list a bullet belongs to
	ord   bool // a numbered bullet
	check int  // Markdown task: 1 "[ ]", 2 "[x]", 0 none
	// prose marks a later paragraph of a list item, read as prose under
	// the item (its lines joined by "\n").
	prose bool
	// cells are a table's rows of cells, the header first, and rows the
	// line of each.
	cells [][]string
	rows  []int
}

// Parse reads the notes in r; name is used in messages. It returns an
// *Error (with the line number) when the file cannot be used.
func Parse(r io.Reader, name string, opt Options) (*Notes, error) {
	return ParseContext(context.Background(), r, name, opt)
}

// ParseContext is Parse that stops, returning ctx's error, when ctx is
// done (a person pressed Ctrl-C on a long file).
func ParseContext(ctx context.Context, r io.Reader, name string, opt Options) (*Notes, error) {
	blocks, fm, err := scan(ctx, r, name, opt.MaxBytes)
	if err != nil {
		return nil, err
	}
	p := &parser{name: name, opt: opt, dir: opt.People, n: &Notes{Name: name, Date: opt.Date, DateOnly: opt.DateOnly, Warnings: fm.warnings}}
	if p.n.Date.IsZero() && fm.date != "" {
		d, ok := frontDate(fm.date)
		if !ok {
			return nil, &Error{Name: name, Line: fm.dateLine, Msg: "front matter date " + strconv.Quote(fm.date) + " is not a date (YYYY-MM-DD, or a timestamp starting with one; or give --date)"}
		}
		p.n.Date = d
	}
	if p.n.Date.IsZero() {
		return nil, &Error{Name: name, Msg: "no meeting date (give --date, or date: in front matter)"}
	}
	p.n.Title = fm.title
	p.secList, p.sub.depth = -1, -1
	for _, v := range fm.people {
		p.n.Attendees = append(p.n.Attendees, p.attendees(splitList(v))...)
	}
	if err := p.build(ctx, blocks); err != nil {
		return nil, err
	}
	if opt.Title != "" {
		p.n.Title = opt.Title
	}
	if len(opt.Attendees) > 0 {
		p.n.Attendees = opt.Attendees
	}
	if len(p.n.Attendees) == 0 {
		// No attendance list: the people who speak in the notes.
		p.n.Attendees = p.speakers
	}
	p.expandInitials()
	p.n.Attendees = p.dir.CanonicalAll(p.n.Attendees)
	p.n.Attendees = firstNamesMerged(p.n.Attendees)
	if len(p.n.Topics) == 0 && len(p.n.Preamble) == 0 {
		return nil, &Error{Name: name, Msg: "no content: no topics, items or text"}
	}
	if p.n.Title == "" {
		p.n.Title = "Face-to-face meeting " + p.n.Date.Format("2006-01-02")
	}
	p.finish()
	return p.n, nil
}

// firstNamesMerged drops an attendee written by first name only when the
// list has that person in full ("Minutes taken by: Richard" and "Richard
// Levitte" among the attendees; "Tomáš" and "Tomas Mraz": names compare as
// people.Key, accents aside), and only then: two people's first name
// names neither; and a person listed twice, with and without '@', once.
func firstNamesMerged(att []string) []string {
	out := att[:0:0]
	seen := map[string]bool{}
	for _, a := range att {
		// "hsanjuan" of the roles and "@hsanjuan" of the list: once.
		k := people.Key(a)
		if seen[k] {
			continue
		}
		seen[k] = true
		if !strings.Contains(a, " ") {
			n := 0
			for _, b := range att {
				if first, _, ok := strings.Cut(b, " "); ok && people.Key(first) == k {
					n++
				}
			}
			if n == 1 {
				continue
			}
		}
		out = append(out, a)
	}
	return out
}

// fmPeopleRE matches a front-matter key that lists people of the meeting.
var fmPeopleRE = lazyRE(`(?i)^(?:(?:other|additional)\s+)?(?:attendees?|attendance|present|participants?|members|guests|chairs?|moderators?|facilitators?|hosts?|scribes?|note\s*takers?|minute\s*takers?)$`)

var (
	headingRE   = lazyRE(`^(#{1,6})(?:[ \t]+(.*?))?[ \t#]*$`)
	setextRE    = lazyRE(`^(=+|-+)[ \t]*$`)
	ruleRE      = lazyRE(`^(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$`)
	bulletRunes = "•◦▪▫‣∙●○■□·-*+"
)

// bulletAt reports whether s (without indentation) starts with a bullet,
// and returns the text after it.
func bulletAt(s string) (rest string, ok bool) {
	if n, _ := checkLen(s); n > 0 {
		// "[ ] (Art) Write the notes", "[x] Sent the invoices": a
		// checklist typed without bullets, a box a line.
		return s, true
	}
	if n := orderedLen(s); n > 0 {
		rest = s[n:]
	} else if len(s) > 3 && s[0] == ':' && (s[1] == '\t' || s[1] == ' ' && s[2] == ' ') {
		// ":   Members present: Kevin, Dana": a definition of pandoc's
		// Markdown, as wiki minutes converted from MediaWiki write their
		// indented lines, one a line.
		rest = s[1:]
	} else {
		r, size := utf8.DecodeRuneInString(s)
		if size == 0 || !strings.ContainsRune(bulletRunes, r) {
			return "", false
		}
		rest = s[size:]
	}
	r, _ := utf8.DecodeRuneInString(rest)
	if rest == "" || !(r == ' ' || r == '\t' || r == '\u00a0') {
		return "", false
	}
	return trimSpace(rest), true
}

// orderedLen returns the length of the number and its '.' or ')' that
// start s ("1.", "12)", at most three digits), or 0 if none does.
func orderedLen(s string) int {
	n := 0
	for n < len(s) && n <= 3 && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	if n == 0 || n > 3 || n == len(s) || (s[n] != '.' && s[n] != ')') {
		return 0
	}
	return n + 1
}

// checkLen returns the length of the task box ("[ ]", "[x]", "[X]") and the
// spaces or tabs after it that start s, and whether it is ticked; n is 0
// if s starts with none.
func checkLen(s string) (n int, ticked bool) {
	if len(s) >= 3 && s[0] == '[' && s[1] == ']' {
		// "[] AWG Chair will devise a proposal": an open box typed
		// without its space.
		n = 2
	} else if len(s) < 4 || s[0] != '[' || s[2] != ']' || (s[1] != ' ' && s[1] != 'x' && s[1] != 'X') {
		return 0, false
	} else {
		n = 3
	}
	start := n
	for n < len(s) && (s[n] == ' ' || s[n] == '\t') {
		n++
	}
	if n == start || n == len(s) {
		return 0, false
	}
	return n, start == 3 && s[1] != ' '
}

// strongMarks drops the strong emphasis marks; a Replacer is read-only once
// built and safe for concurrent use.
var strongMarks = strings.NewReplacer("**", "", "__", "")

// plain drops Markdown strong emphasis ("**Owner:** X") from s.
func plain(s string) string {
	if !strings.Contains(s, "**") && !strings.Contains(s, "__") {
		return s
	}
	return trimSpace(strongMarks.Replace(s))
}

// trimSpace trims Unicode spaces, no-break spaces included.
func trimSpace(s string) string { return strings.TrimFunc(s, unicode.IsSpace) }

// indentOf returns the indentation in columns (tabs to the next multiple of
// 4) and the rest of the line.
func indentOf(s string) (int, string) {
	col := 0
	for i, r := range s {
		switch r {
		case ' ', '\u00a0':
			col++
		case '\t':
			col += tabWidth - col%tabWidth
		default:
			return col, s[i:]
		}
	}
	return col, ""
}

// parser builds Notes from blocks.
type parser struct {
	name string
	opt  Options
	dir  *people.Directory
	n    *Notes
	cur  *Topic
	// dl reads deadlines, remembering each phrase's reading (deadlines
	// repeat across topics).
	dl deadline.Reader
	// words answers english.NotAName for the owner rules, remembering
	// each word (the same names and words start thousands of items).
	words english.Memo
	// sec is what the items of the current heading or label line are;
	// secList the list a label line opened (-1: a heading's section).
	sec      section
	secList  int
	secLevel int    // the level of the heading that opened sec
	secLabel string // the heading or label line that opened sec
	// actLevel is the level of the heading of the action section whose
	// sub-headings are read (0: none), actLabel its text.
	actLevel int
	actLabel string
	// sub is the sub-list of a bullet that labels it as actions (depth
	// -1: none).
	sub subSection
	// tasks are the depths of the open actions of an action section.
	tasks []ownerCtx
	// agenda are the lists that are checklist agendas (agendaLists).
	agenda map[int]bool
	// labelled holds (value 1) the lines of the bullets (not boxes) that
	// open with a capitalised label and a colon, each the only one so
	// among its siblings (not "Min: update" among other members'
	// updates): labelledRows.
	labelled map[int]int
	// order is the bullet being read when it gives a person an order
	// outside action sections ("Thierry: prepare the post"): orderLine.
	order orderCtx
	// speakers are the people who speak in the notes ("[name=Olivier]",
	// "Mara: Let's time-limit it"), in order, once: the attendees of notes
	// with no attendance list.
	speakers    []string
	speakerSeen map[string]bool
	// nickLines counts the lines a lower-case nick opens as a speaker
	// ("jgraham: Let's wait"); nicks, those seen at two lines or more, are
	// people the meeting knows (known).
	nickLines map[string]int
	nicks     map[string]bool
	// initials maps the initials an attendance list gives its people
	// ("AL: Amy Lam") to their names.
	initials map[string]string
	// lastSpeaker is the speaker of the last line of scribed minutes
	// ("[sam] How about ..."), whom a request in the next line addresses.
	lastSpeaker string
	// listOwner is the person whose name alone is the paragraph over a
	// list ("Ken" over his report's bullets).
	listOwner listOwner
	// turn is the speaker of the bullets of scribed minutes being read
	// ("- Rob: ..." then "- I'm going to ..."): turnOf.
	turn turnCtx
	// owners are the owners given by a person's name or a group label
	// in an action section to the items nested under it, by depth.
	owners []ownerCtx
	// decList is 1 + the list under a decision's label ("**Decision**:"),
	// 0 when none; decided is set while an item of that list is read:
	// there "task - Antonio" names who does the task.
	decList int
	decided bool
	// blocks are the file's blocks, for the rules that read the whole
	// notes once they are read (bodyOwners).
	blocks []block
	// bodies caches bodyOwners' answer for each acronym.
	bodies map[string]bool
	// att is p.n.Attendees without repeats (distinctAttendees).
	att attendeeSet
}

// listOwner is a list and the person whose report it is.
type listOwner struct {
	list  int
	owner string
}

// subSection is a list's sub-list under a bullet that labels it.
type subSection struct {
	list, depth int
	label       string
}

// ownerCtx is a bullet of an action section that gives its owners to the
// items nested under it ("* bob" with "* Set up ticketing" under it).
type ownerCtx struct {
	depth  int
	owners []string
}

func (p *parser) warn(line int, msg string) {
	p.n.Warnings = append(p.n.Warnings, Warning{Line: line, Msg: msg})
}

// blockCheckEvery is how many blocks build reads between two looks at the
// context: a bullet with owners and a deadline takes up to 0.2 ms, so
// 4096 of them kept Ctrl-C waiting for a second of CPU.
const blockCheckEvery = 256

// build walks the blocks: title, preamble, topics and items.
func (p *parser) build(ctx context.Context, blocks []block) error {
	p.agenda = agendaLists(blocks)
	p.labelled = labelledRows(blocks)
	headings := false // topics are headings: top-level bullets are items
	for i := 0; i < len(blocks); i++ {
		if i%blockCheckEvery == blockCheckEvery-1 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		b := blocks[i]
		switch b.kind {
		case bHeading:
			sec := sectionOf(plain(b.text))
			if sec == secNone && p.n.Title == "" && len(p.n.Topics) == 0 && (b.level == 1 || i == 0) {
				p.n.Title = b.text
				// It ends a section opened before it ("# Roll Call"
				// over "* Attending: Nat", then "# Data Schema"): the
				// items under it are not people.
				p.sec, p.secList = secNone, -1
				continue
			}
			if b.text == "" {
				continue
			}
			// "### Kat" under "## Actions": the items under it are Kat's,
			// also after a sub-heading that names no one ("### Options").
			inActions := p.actLevel > 0 && b.level > p.actLevel
			if inActions && p.secList < 0 && sec == secNone {
				if o, ok := p.headingOwners(plain(b.text)); ok {
					if p.sec != secActions {
						p.sec, p.secLabel, p.sub.depth, p.tasks = secActions, p.actLabel, -1, p.tasks[:0]
					}
					p.owners = append(p.owners[:0], ownerCtx{0, o})
					continue
				}
			}
			p.sec, p.secList, p.secLevel, p.owners, p.sub.depth, p.tasks = sec, -1, b.level, p.owners[:0], -1, p.tasks[:0]
			p.secLabel = plain(b.text)
			if sec == secActions {
				p.actLevel, p.actLabel = b.level, p.secLabel
			} else if !inActions {
				p.actLevel = 0
			}
			if p.sec == secAttendance {
				continue
			}
			headings = true
			p.newTopic(b.text, b.line)
		case bPara:
			text := strings.ReplaceAll(b.text, "\n", " ")
			pt := plain(text)
			if i == 0 && p.n.Title == "" && !strings.Contains(b.text, "\n") && len(text) <= 120 {
				if _, att := attendeeLine(pt); !att {
					p.n.Title = text
					continue
				}
			}
			if p.secList >= 0 {
				p.sec, p.secList = secNone, -1
			}
			p.sub.depth = -1
			if p.sec == secAttendance && p.secList < 0 && strings.HasSuffix(pt, ":") && !strings.Contains(b.text, "\n") && len(strings.Fields(pt)) <= 4 && nextList(blocks, i) >= 0 && blocks[i+1].kind == bBullet {
				// Under an attendance heading, a label over a list:
				// "Officers:", "Board members:" are the people under it,
				// "Apologies:" those not there.
				if absentLabelRE().MatchString(labelCore(pt) + ":") {
					for list := blocks[i+1].list; i+1 < len(blocks) && blocks[i+1].kind == bBullet && blocks[i+1].list == list; {
						i++
					}
				}
				continue
			}
			if p.sec == secAttendance && p.secList < 0 {
				// Under an attendance heading: "Carol, Eric Huss, JP" (a
				// line "*Please add yourself.*" before it is none).
				listed := false
				for _, ln := range strings.Split(plain(b.text), "\n") {
					if m := boxLineRE().FindStringSubmatch(trimSpace(ln)); m != nil {
						// "[X] Bill Ballew, DreamWorks Animation" / "[ ]
						// Gordon Bradley, Autodesk": a checklist typed
						// without bullets, a person a line, the ticked
						// ones there.
						if m[1] != " " {
							p.n.Attendees = append(p.n.Attendees, p.attendanceRow(m[2], true)...)
						}
						listed = true
						continue
					}
					if names, ok := p.nameParagraph(strings.Trim(trimSpace(ln), "*_")); ok {
						p.n.Attendees = append(p.n.Attendees, names...)
						listed = true
					}
				}
				if listed {
					continue
				}
			}
			if m := statusRE().FindStringSubmatch(pt); m != nil && p.cur != nil {
				if it := p.lastAction(); it != nil {
					// "AI: Richard to make the repo." then "[DONE]" (or
					// "Done, please vote"; "Not done" leaves it open).
					if m[1] != "" {
						it.Kind = KindDone
					}
					continue
				}
			}
			if strings.Contains(b.text, "\n") && p.peopleLines(b.text, nextList(blocks, i)) {
				// "Minutes taken by: Richard" / "Attendees:" / "    Matt
				// Caswell" / "    Paul Dale": a block of who was there.
				continue
			}
			p.speaker(pt)
			if names, ok := attendeeLine(pt); ok {
				p.n.Attendees = append(p.n.Attendees, p.attendees(names)...)
				continue
			}
			if names := p.roleSentence(pt); len(names) > 0 {
				// "@nzakas moderated, and @sam3k took notes.": a
				// sentence of roles, no more.
				p.n.Attendees = append(p.n.Attendees, names...)
				continue
			}
			if m := roleRE().FindStringSubmatch(pt); m != nil {
				if names, ok := p.roleNames(m[1]); ok {
					p.n.Attendees = append(p.n.Attendees, names...)
					continue
				}
			}
			if p.sec == secActions && p.secList < 0 && i+1 < len(blocks) && blocks[i+1].kind == bBullet && !strings.Contains(pt, "\n") && len(pt) <= 60 && sectionOf(pt) == secNone {
				// "***Erik***" over his items under "## Action Items",
				// as "### Erik" would be; a paragraph naming no one
				// ("***Future***") ends the last one's.
				if o, ok := p.headingOwners(pt); ok {
					p.owners = append(p.owners[:0], ownerCtx{0, o})
					continue
				}
				p.owners = p.owners[:0]
			}
			// A label line ("**Action items:**", "Attendance:", "TODO")
			// before a list: the list's items are actions, or people.
			if sec := sectionOf(lastSentence(pt)); sec != secNone && i+1 < len(blocks) && (blocks[i+1].kind == bBullet || blocks[i+1].kind == bTable) {
				p.sec, p.secList, p.owners = sec, blocks[i+1].list, p.owners[:0]
				p.secLabel = lastSentence(pt)
				if sec == secActions {
					p.newTopic(strings.TrimSuffix(pt, ":"), b.line)
				}
				continue
			}
			if lines, ok := labelLines(b.text); ok {
				// "Decision: Carol will write the RFC" / "Outcome: Dave to
				// cut the release" / "Action: ...": a label a line, each
				// line an item of its own.
				for k, ln := range lines {
					if ln == "" {
						continue
					}
					if m := outcomeRE().FindStringSubmatch(ln); m != nil {
						if _, ok := p.clauseOwnerForm(m[1]); ok {
							// The assignment, without its label.
							ln = m[1]
						}
					}
					p.item(block{kind: bBullet, text: ln, line: b.line + k}, 1)
				}
				continue
			}
			// "AI: Bob to send the mail", "TODO: ...", "AI[BS] make an
			// issue", "AI, unrelated: examine the issues" as lines of their
			// own, one or several in a paragraph.
			if lines, ok := p.actionLines(b.text); ok {
				for _, ln := range lines {
					if ln.info {
						t := p.topic(b.line + ln.off)
						t.Items = append(t.Items, Item{Kind: KindInfo, Text: ln.text, Line: b.line + ln.off, Depth: 2, Prose: true})
						continue
					}
					bb := block{kind: bBullet, text: ln.text, line: b.line + ln.off}
					if ln.done {
						// A done item, without its label, as one made by
						// a status paragraph.
						bb.check = 2
						if m := actionRE().FindStringSubmatch(bb.text); m != nil && trimSpace(m[2]) != "" {
							bb.text = trimSpace(m[2])
						}
					}
					if !ln.done && strings.Contains(bb.text, ". ") {
						if first, second, ok := p.clauseSplit(bb.text); ok {
							// "Action: Ross to share list. Grayson and Ross
							// to set up the stations.": two people's tasks.
							b2 := bb
							bb.text, b2.text = first, second
							p.sectionItem(bb, 1, false, false)
							bb = b2
						}
					}
					p.sectionItem(bb, 1, false, false)
				}
				continue
			}
			if i+1 < len(blocks) && blocks[i+1].kind == bBullet && (strings.HasSuffix(text, ":") && mayBeOutcome(pt) && decisionRE().MatchString(pt) || decisionWordRE().MatchString(pt)) {
				// "**Decision**: chase existing contacts with:",
				// "**Resolved**": the list's items are what was decided.
				p.decList = blocks[i+1].list + 1
				if decisionWordRE().MatchString(pt) {
					continue
				}
			}
			// Before any topic too: minutes that are all scribed turns or
			// prose, with no heading or bullet, are read as such (in an
			// untitled topic).
			if strings.Contains(b.text, "\n") {
				if its := p.spokenLines(plain(b.text), b.line); len(its) > 0 {
					p.topic(b.line)
					// "Mark: I already have the action item, will start
					// that discussion" among the turns of scribed minutes.
					p.cur.Items = append(p.cur.Items, Item{Kind: KindInfo, Text: text, Line: b.line, Depth: 1, Prose: true})
					p.cur.Items = append(p.cur.Items, its...)
					continue
				}
			}
			if !strings.Contains(b.text, "\n") {
				if o, task, ok := p.spoken(pt); ok {
					// "[rob] I'll do that." as a paragraph of its own; "I'll
					// send the email, I'll talk to Simon" two tasks.
					p.topic(b.line)
					for _, tk := range splitCommitments(task) {
						p.cur.Items = append(p.cur.Items, Item{Kind: KindAction, Text: tk, Line: b.line, Depth: 1, Owners: o})
					}
					continue
				}
			}
			{
				if its := p.proseActions(pt, b.line); len(its) > 0 {
					p.topic(b.line)
					p.cur.Items = append(p.cur.Items, its...)
					continue
				}
			}
			if i+1 < len(blocks) && blocks[i+1].kind == bBullet && !blocks[i+1].prose && len(pt) <= 40 && p.known(pt) {
				// "Ken" over "- Needs volunteers - will put something
				// out": a member's report, the list his.
				p.listOwner = listOwner{list: blocks[i+1].list, owner: strings.TrimPrefix(pt, "@")}
			}
			// "Intro:" followed by a flat list: a topic with those items.
			if strings.HasSuffix(text, ":") && len(text) <= 120 && i+1 < len(blocks) && blocks[i+1].kind == bBullet && flatList(blocks[i+1:]) {
				p.newTopic(strings.TrimSuffix(text, ":"), b.line)
				list := blocks[i+1].list
				for i+1 < len(blocks) && blocks[i+1].kind == bBullet && blocks[i+1].list == list {
					i++
					p.item(blocks[i], 1)
				}
				continue
			}
			if p.cur == nil {
				p.n.Preamble = append(p.n.Preamble, text)
			} else {
				p.cur.Items = append(p.cur.Items, Item{Kind: KindInfo, Text: text, Line: b.line, Depth: 1, Prose: true})
			}
		case bTable:
			if p.secList >= 0 && b.list != p.secList {
				p.sec, p.secList = secNone, -1
			}
			p.sub.depth = -1
			if p.table(b) {
				continue
			}
			// Neither attendance nor actions: a list, a bullet a row
			// (its short cells), with the lines of its other cells
			// under it.
			blocks = slices.Replace(blocks, i, i+1, tableList(b)...)
			i--
		case bBullet:
			if b.prose {
				p.proseItem(b, blocks, i, headings)
				continue
			}
			if p.secList >= 0 && b.list != p.secList {
				p.sec, p.secList = secNone, -1
			}
			if strings.Contains(b.text, "; ") || strings.Contains(b.text, ", ") || strings.Contains(b.text, ". ") {
				if first, second, ok := p.clauseSplit(b.text); ok {
					// "Jessica to explore ...; Keith to coordinate ...":
					// two people's tasks, read as two items.
					b1, b2 := b, b
					b1.text, b2.text = first, second
					blocks = slices.Replace(blocks, i, i+1, b1, b2)
					b = b1
				}
			}
			pb := plain(b.text)
			kids := i+1 < len(blocks) && blocks[i+1].kind == bBullet && blocks[i+1].list == b.list && blocks[i+1].depth > b.depth
			p.order = orderCtx{}
			if !p.inSection() {
				// In an action section "Rohit: Raise the issue" assigns;
				// it is no one speaking, and so does "Thierry: prepare
				// the post" elsewhere, in a list of no turns.
				if o, ok := p.orderLine(pb, b); ok {
					if b.check == 0 {
						p.order = orderCtx{line: b.line, owner: o}
					}
				} else {
					p.speaker(pb)
				}
			}
			switch p.sec {
			case secAttendance:
				// A checklist of names: only the ticked ones were there;
				// "Sync" / "Async" over sub-lists are labels.
				if b.check != 1 && !kids {
					p.n.Attendees = append(p.n.Attendees, p.attendanceRow(pb, b.check != 0 || personList(blocks, i))...)
				} else if b.check != 1 {
					// "Stu Hood (chairperson), Twitter" over "also board
					// member": a person, not a label.
					if name, ok := p.personRow(pb, true); ok {
						p.n.Attendees = append(p.n.Attendees, name)
					}
				}
				continue
			case secActions:
				p.sectionItem(b, b.depth+1, kids, kids && p.taskKid(blocks[i+1]))
				continue
			}
			depth := b.depth
			if headings {
				depth++
			}
			// A bullet labelling its sub-list ("- [ ] Last week's action
			// items" with items under it): the sub-list is an action
			// section.
			if p.sub.depth >= 0 && (b.list != p.sub.list || b.depth <= p.sub.depth) {
				p.sub.depth = -1
			}
			if p.sub.depth >= 0 {
				p.sectionItem(b, max(depth, 1), kids, kids && p.taskKid(blocks[i+1]))
				continue
			}
			sec := secNone
			if kids {
				sec = sectionOf(pb)
			}
			if sec == secAttendance {
				// "- **Attendees**" with the people under it.
				for i+1 < len(blocks) && blocks[i+1].kind == bBullet && blocks[i+1].list == b.list && blocks[i+1].depth > b.depth {
					i++
					if blocks[i].prose {
						// "Directors Present:" over a name a line.
						p.peopleLines(blocks[i].text, -1)
						continue
					}
					if blocks[i].check != 1 {
						p.n.Attendees = append(p.n.Attendees, p.attendanceRow(plain(blocks[i].text), blocks[i].check != 0 || personList(blocks, i))...)
					}
				}
				continue
			}
			if !kids && b.depth == 0 && strings.IndexByte(pb, ':') >= 0 {
				// roleRE needs the colon.
				if m := roleRE().FindStringSubmatch(pb); m != nil && !tbdRE().MatchString(m[1]) {
					// "- **Moderator:** @flyingzumwalt"
					if names, ok := p.roleNames(m[1]); ok {
						p.n.Attendees = append(p.n.Attendees, names...)
						continue
					}
				}
			}
			if kids && sec == secActions {
				p.sub = subSection{list: b.list, depth: b.depth, label: pb}
				p.owners = p.owners[:0]
				if depth == 0 {
					p.newTopic(pb, b.line)
				} else {
					t := p.topic(b.line)
					t.Items = append(t.Items, Item{Kind: KindInfo, Text: pb, Line: b.line, Depth: depth})
				}
				continue
			}
			if kids && p.decList > 0 && b.list == p.decList-1 && p.ownersOnly(blocks, i) {
				// "* Trial the docs (for example)\n  - all": a decision
				// whose line went on as "- all" (Markdown made it a
				// sub-list) names who does it.
				b.text += " - " + blocks[i+1].text
				i++
			}
			if headings {
				p.item(b, b.depth+1)
				continue
			}
			if b.depth == 0 {
				p.topicLine(b)
				continue
			}
			p.item(b, b.depth)
		}
	}
	// The blocks as read (tables and split items replaced), for the rules
	// that read the whole notes (bodyOwners).
	p.blocks = blocks
	return nil
}

var (
	nameTagRE = lazyRE(`\[name=([^\]]{1,40})\]`)
	// parenSpeakerRE matches a name that opens a line in parentheses:
	// "(Ruth)", "(Robert Nyman)".
	parenSpeakerRE = lazyRE(`^\p{Lu}[\p{L}'-]*(?: \p{Lu}[\p{L}'-]*)?$`)
	speakerColRE   = lazyRE(`^(\p{Lu}[\p{L}.'-]*(?: \p{Lu}[\p{L}.'-]*)?):\s+\S`)
)

// speaker notes who speaks in a line: HackMD's "[name=X]" anywhere, or a
// name before a colon that starts the line ("Mara: Let's time-limit").
func (p *parser) speaker(s string) {
	var who []string
	if strings.Contains(s, "[name=") {
		for _, m := range nameTagRE().FindAllStringSubmatch(s, -1) {
			who = append(who, trimSpace(m[1]))
		}
	} else if strings.HasPrefix(s, "(") {
		// "(Ruth) enabled captioning", "(Robert Nyman) With issues and
		// triage - ...": minutes that put who speaks in parentheses
		// first.
		if j := strings.Index(s, ") "); j > 1 && j <= 40 {
			if w := s[1:j]; parenSpeakerRE().MatchString(w) && !isUpperWord(w) && !camelCase(w) && p.ownerName(w, false) {
				who = append(who, w)
			}
		}
	} else if i := strings.IndexByte(s, ':'); i > 0 && i <= 40 && i+1 < len(s) && s[i+1] == ' ' {
		// The cheap tests first: most lines have no "Name: " in front.
		if r, _ := utf8.DecodeRuneInString(s); unicode.IsUpper(r) {
			if m := speakerColRE().FindStringSubmatch(s[:min(len(s), i+3)]); m != nil && !isUpperWord(m[1]) && !camelCase(m[1]) && p.ownerName(m[1], false) {
				who = append(who, m[1])
			}
		} else if unicode.IsLower(r) && speakerNick(s[:i]) {
			// "jgraham: Let's wait until January": scribed minutes
			// that write who speaks by a nick; a nick at two lines
			// or more, not a label ("note:", "todo:").
			if p.nickLines == nil {
				p.nickLines, p.nicks = map[string]int{}, map[string]bool{}
			}
			nick := s[:i]
			if p.nickLines[nick]++; p.nickLines[nick] == 2 {
				p.nicks[nick] = true
				who = append(who, nick)
			}
		}
	}
	for _, w := range who {
		p.spoke(w)
	}
}

// spoke notes w as one who speaks in the notes (once).
func (p *parser) spoke(w string) {
	k := strings.ToLower(w)
	if w == "" || p.speakerSeen[k] {
		return
	}
	if p.speakerSeen == nil {
		p.speakerSeen = map[string]bool{}
	}
	p.speakerSeen[k] = true
	p.speakers = append(p.speakers, w)
}

// speakerNick reports whether w may be a lower-case nick opening a
// speaker's line: one word of 3 to 20 letters, digits, '-' or '_',
// starting with a letter, that is no ordinary English word (unless it is
// a given name too: "sam", "alex").
func speakerNick(w string) bool {
	if len(w) < 3 || len(w) > 20 {
		return false
	}
	for i := 0; i < len(w); i++ {
		c := w[i]
		if !(c >= 'a' && c <= 'z' || i > 0 && (c >= '0' && c <= '9' || c == '-' || c == '_')) {
			return false
		}
	}
	return !english.IsWord(w) || english.IsName(w)
}

// camelCase reports whether the first word of s mixes several capitals
// with lower-case letters ("ByteDance", "FUDPub", "OpenJS"): a product's
// name, not a person's.
func camelCase(s string) bool {
	w, _, _ := strings.Cut(s, " ")
	upper, lower := 0, false
	for _, r := range w {
		switch {
		case unicode.IsUpper(r):
			upper++
		case unicode.IsLower(r):
			lower = true
		}
	}
	return upper > 1 && lower
}

// isUpperWord reports whether s is one word in capitals ("PR", "CM"):
// initials or an acronym, not how a speaker is written.
func isUpperWord(s string) bool {
	for _, r := range s {
		if !unicode.IsUpper(r) {
			return false
		}
	}
	return s != ""
}

var (
	aiBracketRE    = lazyRE(`(?i)^(?:AI|action(?:\s+item)?|todo)\s*\[([^\[\]]{1,60})\]\s*:?\s+(\S.*)$`)
	aiParenRE      = lazyRE(`(?i)^(?:AI|action(?:\s+item)?|todo)\s*\(([^()]{1,40})\)\s*:\s+(\S.*)$`)
	bracketAIRE    = lazyRE(`(?i)^\[\s*(?:AI|action(?:\s+item)?|todo)\s*[:\-–—]?\s*([^\[\]]{1,60})\]\s*:?\s+(\S.*)$`)
	bracketLeadRE  = lazyRE(`^(?:\[([^\[\]()]{1,40})\]|\(([^\[\]()]{1,40})\))\s+(\S.*)$`)
	bracketOwnerRE = lazyRE(`^\[([^\[\]]{1,40})\]\s*:\s+(\S.*)$`)
	firstPersonRE  = lazyRE(`(?i)^(?:I|I['’]\w+|we|we['’]\w+|my|our|yes|no|agree[sd]?|\+1)\b`)
)

// bracketAction reads the bracket forms of an action with its owners:
// "AI[Peeyush]: Start a hackmd", "[AI: Nabarun] Fix the doc link",
// "[staff]: Schedule reports" (names or a group in brackets, then a
// colon). It returns the owners and the task.
func (p *parser) bracketAction(t string) ([]string, string, bool) {
	if strings.Contains(t, "(") && mayBeLabel(t) {
		// "AI(frank): write the tests", "TODO(erin): rotate the keys",
		// "Action item (Dave): fix the docs": who, in parentheses after
		// the label, as code comments and many notes write it.
		if m := aiParenRE().FindStringSubmatch(t); m != nil {
			if o, ok := p.headingOwners(m[1]); ok {
				return o, trimSpace(m[2]), true
			}
		}
	}
	if o, rest, ok := p.ownerLabel(t); ok {
		// "Anaconda action item: get clarification ...".
		return o, rest, true
	}
	if !strings.Contains(t, "[") {
		return p.namedAction(t)
	}
	m := aiBracketRE().FindStringSubmatch(t)
	if m == nil {
		m = bracketAIRE().FindStringSubmatch(t)
	}
	if m == nil {
		m = bracketOwnerRE().FindStringSubmatch(t)
		if m == nil || strings.HasPrefix(m[1], "name=") || strings.HasPrefix(m[1], "x") || strings.TrimSpace(m[1]) == "" ||
			firstPersonRE().MatchString(m[2]) {
			// "[others]: I think we do require this": a speaker in
			// scribed minutes, not an assignment.
			return nil, "", false
		}
		if w := trimSpace(m[1]); len(w) >= 3 && isUpperWord(w) {
			// "[TAC]: Call for reviews": a body's acronym, not a person
			// (bodyOwners reads it once the notes are read).
			return []string{w}, trimSpace(m[2]), true
		}
	}
	if o, ok := p.headingOwners(m[1]); ok {
		return o, trimSpace(m[2]), true
	}
	if w := trimSpace(m[1]); !strings.ContainsAny(w, " \t") && strings.IndexFunc(w, unicode.IsDigit) < 0 {
		// "[staff]: ...": who, in the brackets of an assignment.
		return []string{w}, trimSpace(m[2]), true
	}
	return nil, "", false
}

// mayBeLabel is a cheap test that t could start with an action label
// ("AI", "Action", "TODO").
func mayBeLabel(t string) bool {
	return t != "" && (t[0]|0x20 == 'a' || t[0]|0x20 == 't')
}

// paraLine is a part of a paragraph of action lines: an action (its text,
// its line in the paragraph, done when a status line under it says so), or
// a remark under one (info).
type paraLine struct {
	text       string
	off        int
	done, info bool
}

// namedActionRE matches an action label with its owners before the
// colon, as scribed minutes write them: "Action Mark: Will have a
// cross-document WGLC", "Action Mark/Philippe: Go talk to W3C", "AI Bob:
// ...".
var namedActionRE = lazyRE(`^(?i:action|AI|todo)\s+((?:\p{L}|@)[^:\[\]()]{0,60}?)\s*:\s+(\S.*)$`)

// namedAction reads "Action Mark: ...", "Action Mark/Philippe: ...": the
// owners between the label and the colon (names the meeting knows, or
// that are clearly names; "Action Items: ..." names nobody and is not this
// form) and the task.
func (p *parser) namedAction(t string) ([]string, string, bool) {
	if len(t) < 4 || !mayBeLabel(t) || strings.IndexByte(t, ':') < 0 {
		return nil, "", false
	}
	m := namedActionRE().FindStringSubmatch(t)
	if m == nil {
		return nil, "", false
	}
	who := strings.ReplaceAll(m[1], "/", ", ")
	o, ok := p.names(who, true)
	if !ok {
		return nil, "", false
	}
	if r, _ := utf8.DecodeRuneInString(who); unicode.IsLower(r) {
		// "TODO michael: set up the calendar", "TODO maxx and noah:
		// ...": in lower case, only people the meeting knows (an
		// attendee's first name) ("Action items: ..." names nobody).
		for _, n := range o {
			if !p.known(n) && !p.firstNameOf(n) {
				return nil, "", false
			}
		}
	}
	for _, n := range o {
		if w := strings.Fields(n); len(w) == 1 && isUpperWord(w[0]) && !p.vouched(w[0]) {
			// "Action TBD: ...", "Action PR: ...": capitals the meeting
			// does not know as someone's initials. ("Action Items:" is
			// no name at all; "Action Mark:" is one, known or not: the
			// label says who.)
			return nil, "", false
		}
	}
	return o, trimSpace(m[2]), true
}

// actionLines returns the parts of a paragraph that holds action lines
// ("AI: ...", "TODO: ...", "AI[BS] make an issue"): each action line
// starts an action. Lines of prose before the first action line (board
// minutes write the discussion, then its action on a line of its own:
// "Board approved the purchase of more white paint" / "Action: Grayson to
// sort") are kept as information, as one text; there a line starts an
// action only with a label at its start ("Action:", "AI:", "TODO:").
//
// A line that goes on with the one before (plain-text minutes wrap at 72
// columns: "AI: Matt to start the vote once 2 weeks has" / "elapsed since
// the PR was opened") is joined to it: it starts with a small letter, a
// digit or a link, or the line before ends no sentence ("... for
// unused parameters" / "For elided ...") and was wrapped: it and the next
// line's first word would have come near the paragraph's widest line
// ("Action: Ross to arrange session", a short line over a long one, was
// not wrapped). A status line under an action ("Done", "Done, please vote",
// "[DONE]"; "Not done, waiting on the demos", "In progress") says whether
// it was done. Another line ("These should be separate votes.") is a
// remark on the action: it and what follows it, up to the next action
// line, are kept as information.
func (p *parser) actionLines(text string) ([]paraLine, bool) {
	var out []paraLine
	lines := strings.Split(plain(text), "\n")
	if midLabelRE().MatchString(text) {
		lines = splitMidLabels(lines)
	}
	width, prev, prose := 0, "", -1
	for k, ln := range lines {
		ln = trimSpace(ln)
		if ln == "" {
			continue
		}
		last := prev
		prev = ln
		if prose >= 0 {
			// Prose before the first action line: only a label at the
			// line's start opens an action; the prose is joined only
			// then.
			if mayBeKeyword(ln) && actionRE().MatchString(ln) {
				out = append(out, paraLine{text: joinLines(lines[prose:k]), off: prose, info: true}, paraLine{text: ln, off: k})
				prose = -1
			}
			continue
		}
		_, _, bracket := p.bracketAction(ln)
		if bracket || mayBeKeyword(ln) && actionRE().MatchString(ln) {
			out = append(out, paraLine{text: ln, off: k})
			continue
		}
		if len(out) == 0 {
			if k+1 == len(lines) {
				return nil, false
			}
			// Prose first: an action line may follow.
			prose = k
			continue
		}
		lastLine := &out[len(out)-1]
		switch m := statusRE().FindStringSubmatch(ln); {
		case m != nil && !lastLine.info:
			lastLine.done = lastLine.done || m[1] != ""
		case lastLine.info || continues(ln):
			lastLine.text += " " + ln
		case !endsSentence(lastLine.text):
			if width == 0 {
				for _, l := range lines {
					width = max(width, len(trimSpace(l)))
				}
			}
			if wrapped(last, ln, width) {
				lastLine.text += " " + ln
				continue
			}
			out = append(out, paraLine{text: ln, off: k, info: true})
		default:
			out = append(out, paraLine{text: ln, off: k, info: true})
		}
	}
	return out, len(out) > 0
}

// midLabelRE matches an action label in the middle of a line, after a
// sentence's end, two blanks or a dash, as minutes write the action after
// the discussion on the same line: "... should be sent to the list.  AI:
// Matt to send that email.", "... and deadlines  ***Action: Greg to speak
// to the bank***" (emphasis left over from plain: one star). Group 1 is
// where the label starts.
var midLabelRE = lazyRE(`(?:[.!?)]\s+|\s\s+|\s[-–—]\s+)[*_]?((?:Action|ACTION|AI|TODO|Todo)(?:\s+(?:[Ii]tems?|[Pp]oints?|ITEMS?))?[*_]*\s*:\s*\S)`)

// splitMidLabels splits each line of lines at the action labels in its
// middle (midLabelRE): the label and what follows it become a line of
// their own, so that actionLines reads the discussion before it as prose
// and the label as an action line. Emphasis marks around the action
// ("*Action: ...*") are dropped.
func splitMidLabels(lines []string) []string {
	out := make([]string, 0, len(lines)+1)
	for _, ln := range lines {
		for {
			m := midLabelRE().FindStringSubmatchIndex(ln)
			if m == nil {
				break
			}
			out = append(out, ln[:m[0]+1])
			ln = ln[m[2]:]
			if i := strings.IndexAny(ln[1:], "*_"); i >= 0 && strings.Trim(ln[i+1:], "*_ \t") == "" {
				ln = ln[:i+1]
			}
		}
		out = append(out, ln)
	}
	return out
}

// joinLines joins the lines of a paragraph, each trimmed, with single
// blanks; blank lines are left out.
func joinLines(lines []string) string {
	var b strings.Builder
	for _, l := range lines {
		if l = trimSpace(l); l != "" {
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(l)
		}
	}
	return b.String()
}

// wrapped reports whether line was wrapped before next: line, a blank and
// next's first word are wider than four fifths of width, the paragraph's
// widest line.
func wrapped(line, next string, width int) bool {
	w, _, _ := strings.Cut(next, " ")
	// A fifth of slack: the widest line may fall short of the width the
	// text was filled to.
	return len(line)+1+len(w) > width*4/5
}

// endsSentence reports whether s ends with a full stop, a question or an
// exclamation mark, or a closing parenthesis after one of them.
func endsSentence(s string) bool {
	s = strings.TrimRight(s, ")]\"'’”")
	return s != "" && strings.IndexByte(".!?", s[len(s)-1]) >= 0
}

// leadLabelRE matches the label of who does it in brackets: "(Lead:
// Ladislaus)", "(owner: Ann)".
var leadLabelRE = lazyRE(`(?i)^(?:lead|owners?|assignee|driver|dri|who)\s*:\s*`)

// refMarkRE matches a reference number that opens an item: "[2] Ruy and
// Jordan will pair ..." (the agenda item it belongs to).
var refMarkRE = lazyRE(`^\[\d{1,3}\]\s+`)

// continues reports whether the line next goes on with the line before
// it, as wrapped text does: it starts with a small letter, a digit or a
// link.
func continues(next string) bool {
	r, _ := utf8.DecodeRuneInString(next)
	return unicode.IsLower(r) || unicode.IsDigit(r) || strings.HasPrefix(next, "http")
}

// proseItem reads a later paragraph of a list item: who was there (its
// lines), the sentences that assign ("Bill will work with Drew to address
// the concerns."), the rest information under the item.
func (p *parser) proseItem(b block, blocks []block, i int, headings bool) {
	depth := b.depth
	if headings {
		depth++
	}
	depth = max(depth, 1)
	if strings.Contains(b.text, "\n") && p.peopleLines(b.text, -1) {
		return
	}
	text := strings.ReplaceAll(b.text, "\n", " ")
	pt := plain(text)
	p.speaker(pt)
	if names, ok := attendeeLine(pt); ok {
		p.n.Attendees = append(p.n.Attendees, p.attendees(names)...)
		return
	}
	t := p.topic(b.line)
	if strings.Contains(b.text, "\n") {
		if its := p.spokenLines(plain(b.text), b.line); len(its) > 0 {
			// The turns of scribed minutes under a topic's line.
			t.Items = append(t.Items, Item{Kind: KindInfo, Text: text, Line: b.line, Depth: depth, Prose: true})
			for k := range its {
				its[k].Depth = depth + 1
			}
			t.Items = append(t.Items, its...)
			return
		}
	}
	if its := p.proseActions(pt, b.line); len(its) > 0 {
		for k := range its {
			its[k].Depth = depth
		}
		t.Items = append(t.Items, its...)
		return
	}
	t.Items = append(t.Items, Item{Kind: KindInfo, Text: text, Line: b.line, Depth: depth, Prose: true})
}

// softSection reports whether the action section being read is one whose
// items are tasks only when they read as tasks: "Takeaways", "Outcomes".
func (p *parser) softSection() bool {
	label := p.secLabel
	if p.sub.depth >= 0 {
		label = p.sub.label
	}
	return softLabelRE().MatchString(labelCore(label))
}

var softLabelRE = lazyRE(`(?i)^(?:key\s+)?(?:takeaways?|outcomes?)\b|\b(?:decisions?|resolutions?|agreements?|conclusions?)\b`)

// notTaskStart are words that start a statement, not an order: articles,
// pronouns, quantifiers ("The release is on hold", "No objections").
var notTaskStart = map[string]bool{"the": true, "a": true, "an": true, "this": true, "that": true, "these": true,
	"those": true, "we": true, "they": true, "it": true, "there": true, "no": true, "all": true, "some": true,
	"i": true, "he": true, "she": true, "our": true, "their": true, "its": true, "everyone": true, "nobody": true,
	"consensus": true, "agreement": true, "decision": true, "decided": true, "agreed": true}

// copulas in the first words make a statement: "Release is on hold".
var copulas = map[string]bool{"is": true, "are": true, "was": true, "were": true, "has": true, "have": true,
	"had": true, "will": true, "would": true, "should": true, "can": true, "could": true, "seems": true}

// taskLike reports whether text reads as a task: it opens with a word of
// the dictionary that starts no statement ("Finish the article", "Clean
// up the PRs"), and no verb of being or a modal follows in its first
// words.
func taskLike(text string) bool {
	ws := headFields(text, 4)
	if len(ws) == 0 {
		return false
	}
	first := strings.ToLower(strings.Trim(ws[0], "*_\"'"))
	if notTaskStart[first] || !english.IsWord(first) {
		return false
	}
	for _, w := range ws[1:] {
		if copulas[strings.ToLower(w)] {
			return false
		}
	}
	return true
}

// decisionWordRE matches a label that is only a decision's word: "Resolved",
// "Decisions:", "Agreed".
var decisionWordRE = lazyRE(`(?i)^(?:resolved|resolutions?|decisions?|decided|agreed|agreements?|outcomes?|conclusions?)\s*:?$`)

// statusRE matches a line that only says whether the item before it is
// done: "[DONE]", "(done)", "Done.", "✅", also with a remark after a comma
// ("Done, please vote"), the first group set; or that it is not: "Not
// done", "[not yet done]", "In progress", "Not done, waiting on the demos".
var statusRE = lazyRE(`(?i)^(?:[\[(]\s*)?(?:(done|completed?|closed|finished|✅|✔️?)|not\s+(?:yet\s+)?(?:done|started|completed)|in\s+progress|ongoing|pending|still\s+open)(?:\s*[\])])?[.!]?(?:[,;]\s+\S.*)?$`)

// lastAction returns the last action of the current topic, or nil.
func (p *parser) lastAction() *Item {
	for i := len(p.cur.Items) - 1; i >= 0; i-- {
		switch p.cur.Items[i].Kind {
		case KindAction:
			return &p.cur.Items[i]
		case KindDone:
			return nil
		}
	}
	return nil
}

// peopleLines reads the lines of a paragraph that say who was there:
// attendance lines ("Present: a, b"), roles ("Minutes taken by: Richard"),
// and an attendance label ("Attendees:") with a name a line under it, as
// plain-text minutes indent them. It reports whether every line was one of
// these (the paragraph is read); the people found are attendees anyway.
//
// A last line that labels attendance ("**Attendees**") over a list (next,
// the list's number, -1 when no list follows) opens it.
func (p *parser) peopleLines(text string, next int) bool {
	all, list := true, false
	lines := strings.Split(plain(text), "\n")
	for k, ln := range lines {
		ln = strings.Trim(trimSpace(ln), "*_")
		if ln == "" {
			continue
		}
		if k == len(lines)-1 && next >= 0 && sectionOf(ln) == secAttendance {
			p.sec, p.secList, p.owners = secAttendance, next, p.owners[:0]
			continue
		}
		if list {
			if isPresentLine(ln) {
				// "Attendees:" over "Present: Vikram Adve, ...".
				names, _ := attendeeLine(ln)
				p.n.Attendees = append(p.n.Attendees, p.attendees(names)...)
				continue
			}
			if names, ok := p.nameParagraph(ln); ok {
				p.n.Attendees = append(p.n.Attendees, names...)
				continue
			}
			list = false
		}
		if strings.HasSuffix(ln, ":") && sectionOf(ln) == secAttendance {
			list = true
			continue
		}
		if names, ok := attendeeLine(ln); ok {
			p.n.Attendees = append(p.n.Attendees, p.attendees(names)...)
			continue
		}
		if m := roleRE().FindStringSubmatch(ln); m != nil {
			if names, ok := p.roleNames(unstruck(m[1])); ok {
				p.n.Attendees = append(p.n.Attendees, names...)
				continue
			}
		}
		all = false
	}
	return all
}

// boxLineRE matches a line of a checklist typed without a bullet: "[X]
// Bill Ballew", "[ ] Gordon Bradley".
var boxLineRE = lazyRE(`^\[([ xX✓✔])\]\s+(\S.*)$`)

// nextList returns the list of the block after blocks[i] when it is a
// list's bullet or a table, else -1.
func nextList(blocks []block, i int) int {
	if i+1 < len(blocks) && (blocks[i+1].kind == bBullet || blocks[i+1].kind == bTable) {
		return blocks[i+1].list
	}
	return -1
}

// struckRE matches text struck out in Markdown, "~~@flyingzumwalt~~": not
// there any more.
var struckRE = lazyRE(`~~[^~]*~~`)

// unstruck drops the struck-out parts of s.
func unstruck(s string) string {
	if !strings.Contains(s, "~~") {
		return s
	}
	return trimSpace(struckRE().ReplaceAllString(s, ""))
}

// lastSentence returns the last sentence of a paragraph: "Sign in below
// so we know who was here. Roll call:" is a label line.
func lastSentence(s string) string {
	if i := strings.LastIndex(s, ". "); i >= 0 && strings.HasSuffix(s, ":") {
		return trimSpace(s[i+2:])
	}
	return s
}

// nameParagraph reads a paragraph that only lists people ("Carol, Eric
// Huss, JP, Mara"); a sentence ("Please add yourself.") is none.
func (p *parser) nameParagraph(s string) ([]string, bool) {
	parts := splitList(s)
	if len(parts) == 0 {
		return nil, false
	}
	var out []string
	for _, n := range parts {
		a, ok := p.attendee(n)
		if !ok || !p.ownerName(a, true) && !p.particleName(a) {
			return nil, false
		}
		out = append(out, a)
	}
	return out, true
}

// roleSentenceRE matches one clause of a sentence that says who held a
// meeting's role: "@nzakas moderated", "and @sam3k took notes", "Ann
// Lee chaired".
var roleSentenceRE = lazyRE(`^(?:and\s+)?(@[\w.-]+|\p{Lu}[\p{L}'’-]*(?:\s+\p{Lu}[\p{L}'’-]*)?)\s+(?:moderated|facilitated|chaired|hosted|scribed|took\s+(?:the\s+)?(?:notes|minutes))(?:\s+(?:the\s+)?(?:meeting|call))?$`)

// roleSentence reads a sentence made only of clauses that say who held a
// role ("@nzakas moderated, and @sam3k took notes."): their people, or
// nil when a clause is anything else.
func (p *parser) roleSentence(s string) []string {
	if !strings.Contains(s, "moderated") && !strings.Contains(s, "took") && !strings.Contains(s, "chaired") &&
		!strings.Contains(s, "facilitated") && !strings.Contains(s, "hosted") && !strings.Contains(s, "scribed") {
		return nil
	}
	var out []string
	for _, c := range strings.Split(strings.TrimRight(trimSpace(s), ".!"), ",") {
		m := roleSentenceRE().FindStringSubmatch(trimSpace(c))
		if m == nil || !p.ownerName(m[1], false) {
			return nil
		}
		out = append(out, m[1])
	}
	return out
}

// roleNames reads the people of a role line ("Moderator: @x",
// "Facilitators: Ladislaus von Daniels & Will Corcoran"): owner names, or
// else, when a particle is among its words, a paragraph of names
// (nameParagraph, which allows them).
func (p *parser) roleNames(s string) ([]string, bool) {
	if names, ok := p.names(s, true); ok {
		return names, true
	}
	for _, w := range strings.Fields(s) {
		if nameParticles[w] {
			return p.nameParagraph(s)
		}
	}
	return nil, false
}

// particleName reports whether a is a full name with a particle in it
// ("Dirk-Willem van Gulik", "Ladislaus von Daniels"), which owner names
// (people.LooksLikeName, all words capitalised) are not, whose first
// word is no ordinary English word.
func (p *parser) particleName(a string) bool {
	f := strings.Fields(a)
	if !fullName(a) || p.words.NotAName(f[0]) {
		return false
	}
	for _, w := range f[1:] {
		if nameParticles[w] {
			return true
		}
	}
	return false
}

// flatList reports whether the list starting at bs[0] has no nested items.
func flatList(bs []block) bool {
	list := bs[0].list
	for _, b := range bs {
		if b.kind != bBullet || b.list != list {
			break
		}
		if b.depth > 0 {
			return false
		}
	}
	return true
}

func (p *parser) newTopic(title string, line int) {
	title = strings.TrimSuffix(trimSpace(title), ":")
	p.n.Topics = append(p.n.Topics, Topic{Title: title, Line: line})
	p.cur = &p.n.Topics[len(p.n.Topics)-1]
	p.lastSpeaker = ""
}

// topic returns the current topic, opening an untitled one for items that
// come before any topic.
func (p *parser) topic(line int) *Topic {
	if p.cur == nil {
		p.warn(line, "item before any topic: put under an untitled topic")
		p.newTopic("", line)
	}
	return p.cur
}

var (
	ownerRE    = lazyRE(`(?i)^(?:owners?|owner\(s\)|responsible|assigned to)\s*[:\-–—]\s*(.*)$`)
	deadlineRE = lazyRE(`(?i)^(?:deadline|due(?:\s+date)?)(?:\s*[:\-–—]|\s+of\b|\s+is\b)\s*(.*)$`)
	doneRE     = lazyRE(`(?i)^(?:done|completed|closed)\s*[:\-–—]\s*(.*)$`)
	actionRE   = lazyRE(`(?i)^(?:action(?:\s+(?:items?|points?))?|todo|to do|ai)(?:,\s*\p{L}+(?:\s+\p{L}+)?|\s+for\s+(\p{L}[^:\-–—]{0,40}?))?\s*[:\-–—]\s*(.*)$`)
	// outcomeRE matches a decision's label before its text: "Conclusion:
	// Mara to propose updates", "**Decision:** Antonio to lead it".
	// decisionRE matches a decision's label over a list: "**Decision**:",
	// "Decision: chase existing contacts with:".
	decisionRE = lazyRE(`(?i)^(?:conclusion|decision|decided|resolution|outcome|agreement)s?\b[^.]*:$`)
	outcomeRE  = lazyRE(`(?i)^(?:conclusion|decision|decided|resolution|outcome|resolved|next step)s?\s*:\s*(.+)$`)
	priorityRE = lazyRE(`(?i)^([0-9]{1,2})(?:st|nd|rd|th)\s+priority\s*[:\-–—]\s*(.*)$`)
	presentRE  = lazyRE(`(?i)^(?:[\p{L}\p{N}'’]+\s+){0,2}?(?:present|attendees?|attending|attendance|in attendance|participants?|roll[\s-]?call|guests|remote(?:ly)?)(?:\s+(?:were|are))?\s*(?:\([^()]*\))?\s*:\s*(.+)$`)
	othersRE   = lazyRE(`(?i)\b(?:the\s+)?(?:others\s+)?present\s+were\s+([^.]+)`)
	werePresRE = lazyRE(`(?i)(?:^|[.!?]\s+)([^.!?]+?)\s+were\s+present\b`)
	parenRE    = lazyRE(`\([^()]*\)`)
	tbdRE      = lazyRE(`(?i)^\W*(?:tbd|tba|tbc|\?+|n/a|none|nobody)\W*$`)
)

// attendeeLine reads the attendees from a line such as "Present: a, b",
// "The others present were a, b and me." or "a, b and me were present.".
func attendeeLine(s string) ([]string, bool) {
	s = strings.ReplaceAll(s, "\u00a0", " ")
	joined := joinedNames(s)
	if !mayNameAttendees(s) {
		return joined, len(joined) > 0
	}
	var list string
	if l, ok := presentList(s); ok {
		list = l
	} else if !ascii.ContainsFold(s, "were") {
		// othersRE and werePresRE both need "were" (no letter of it folds
		// to a non-ASCII one); most lines with "present" ("presentation")
		// have none, and those two regexps backtrack over the whole line.
		return nil, false
	} else if m := othersRE().FindStringSubmatch(s); m != nil {
		list = m[1]
	} else if m := werePresRE().FindStringSubmatch(s); m != nil {
		list = m[1]
	} else {
		return joined, len(joined) > 0
	}
	out := joined
	for _, n := range splitList(list) {
		switch strings.ToLower(n) {
		case "me", "i", "myself", "us", "we":
			continue
		}
		out = append(out, n)
	}
	return out, len(out) > 0
}

// presentList returns the names of an attendance line, "Present: a, b",
// "Also present (remote): c", "Attendees (in person): d"; a line of those
// not there ("Not present: e") or of what someone presents ("Bob will
// present: the roadmap") is none.
func presentList(s string) (string, bool) {
	m := presentRE().FindStringSubmatchIndex(s)
	if m == nil {
		return "", false
	}
	if label := s[:m[2]]; strings.IndexByte(label, ' ') > 0 && attendanceExcluded().MatchString(label) {
		return "", false
	}
	if list := s[m[2]:m[3]]; mayNameAttendees(list) {
		// "Attendees: Present: Vikram Adve, ...": the inner label's.
		if inner, ok := presentList(list); ok {
			return inner, true
		}
	}
	return s[m[2]:m[3]], true
}

// isPresentLine reports whether s is an attendance line (presentList).
func isPresentLine(s string) bool {
	_, ok := presentList(s)
	return ok
}

// joinedRE matches people said to have joined the meeting: "Suchakra
// joined us at the office", "Ann and Bo joined the call".
var joinedRE = lazyRE(`(?:^|[.!?,;]\s+)(\p{Lu}[\p{L}'’-]*(?:(?:,\s*|\s+and\s+|\s+)\p{Lu}[\p{L}'’-]*)*)\s+joined\s+(?:us|the\s+(?:meeting|call))\b`)

// joinedNames returns the people a line says joined the meeting ("In this
// edition, Suchakra joined us at the office."): present as the others
// are.
func joinedNames(s string) []string {
	if !ascii.ContainsFold(s, "joined") {
		return nil
	}
	m := joinedRE().FindStringSubmatch(s)
	if m == nil {
		return nil
	}
	return splitList(m[1])
}

// mayNameAttendees is a cheap test that s could match presentRE, othersRE,
// werePresRE or attendLabelRE: each needs "present", "attend", "particip",
// "roll", "guest" or "remote" in any case. Of their letters only 's' folds to a non-ASCII letter
// (U+017F).
func mayNameAttendees(s string) bool {
	return ascii.ContainsFold(s, "present") || ascii.ContainsFold(s, "attend") ||
		ascii.ContainsFold(s, "particip") || ascii.ContainsFold(s, "roll") || ascii.ContainsFold(s, "guest") ||
		ascii.ContainsFold(s, "remote") ||
		strings.ContainsRune(s, '\u017f')
}

// listSeps turns the separators of a name list into commas. A Replacer is
// read-only once built and safe for concurrent use.
var listSeps = strings.NewReplacer(" and ", ",", " + ", ",", "+", ",", " & ", ",", "&", ",", ";", ",", " / ", ",")

// splitList splits "a, b + c and d & e" into names.
func splitList(s string) []string {
	if strings.ContainsAny(s, "+&;/") || strings.Contains(s, "and") {
		// Only then can listSeps find one of its separators in " s ".
		s = listSeps.Replace(" " + s + " ")
	}
	var out []string
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimRight(trimSpace(part), ".!")
		part = trimSpace(strings.TrimPrefix(trimSpace(part), "and "))
		if part != "" {
			out = append(out, part)
		}
	}
	return out
}

// nameList reads s as a list of owner names ("Rahul + Saleem + Shreyank",
// "Suchakra, Rahul and Saleem"): every part must be a known person or look
// like a name whose first word is not an ordinary English word
// (english.NotAName, the rule the meeting engine uses too).
func (p *parser) nameList(s string) ([]string, bool) {
	parts := splitList(s)
	if len(parts) == 0 {
		return nil, false
	}
	for _, n := range parts {
		if p.dir.Known(n) || p.nicks[n] {
			continue
		}
		f := strings.Fields(n)
		team := len(f) > 1 && strings.EqualFold(f[len(f)-1], "team") // "Logistics team"
		if !people.LooksLikeName(n) || !team && p.words.NotAName(f[0]) {
			return nil, false
		}
	}
	return parts, true
}

// ambiguous reports whether the one word w may name a person or not:
// capitals ("OK", "FYI", or initials, "JF"), or a word of the dictionary
// that is a name too ("Best", "Good", "Will", "Mark").
func ambiguous(w string) bool {
	return isUpperWord(w) || english.IsName(w) && english.IsWord(w)
}

// vouched reports whether the meeting knows the one word w as a person:
// an attendee or one of the directory (by name, nick or first name), the
// initials the attendance list gives or an attendee's ("JW" is Jen
// Weber), someone who speaks in the notes.
func (p *parser) vouched(w string) bool {
	if p.knows(w) {
		return true
	}
	if !isUpperWord(w) {
		return false
	}
	for _, a := range p.distinctAttendees() {
		ini := ""
		for _, part := range strings.Fields(strings.TrimPrefix(a, "@")) {
			r, _ := utf8.DecodeRuneInString(part)
			ini += string(unicode.ToUpper(r))
		}
		if ini == w {
			return true
		}
	}
	return false
}

// wantWords are the verbs that take "to VERB" after a subject ("want to",
// "hope to", "trying to"): a word before "to" that is one of them is no
// part of a name.
var wantWords = map[string]bool{"want": true, "wants": true, "wanted": true, "wanting": true, "hope": true,
	"hopes": true, "hoping": true, "try": true, "tries": true, "trying": true, "like": true, "likes": true,
	"would": true, "ought": true, "used": true, "able": true, "plan": true, "planning": true, "wish": true,
	"wishes": true, "intend": true, "intends": true, "prefer": true, "prefers": true, "seem": true, "seems": true}

// leadingOwners reads "X to VERB ...", "X and Y to VERB ..." at the start
// of s: the owners, when the word after "to" is a lower-case word.
func (p *parser) leadingOwners(s string) ([]string, bool) {
	// The loop reads at most words[9]: the first ten fields are enough.
	var buf [10]string
	words := appendHeadFields(buf[:0], s, 10)
	for i, w := range words {
		if i > 8 {
			return nil, false
		}
		if w != "to" || i == 0 || i+1 >= len(words) {
			continue
		}
		r, _ := utf8.DecodeRuneInString(words[i+1])
		if !unicode.IsLower(r) {
			return nil, false
		}
		if words[i+1] == "be" && i+2 < len(words) && (strings.HasSuffix(words[i+2], "ed") || strings.HasSuffix(words[i+2], "en")) {
			// "(all to be reviewed as part of priv 1.12)", "Ann to be
			// contacted": what is to be done to them, not by them.
			return nil, false
		}
		if groupWords(words[:i]) || roleGroup(words[:i]) {
			// "Everyone to read the doc", "All TAC members to preread",
			// "Organisers to visit the venue".
			return []string{Group}, true
		}
		if n := i - 1; n > 0 && needWords[strings.ToLower(words[n])] && groupWords(words[:n]) {
			// "Everyone needs to read the doc", "CPC voting members need
			// to vote".
			return []string{Group}, true
		}
		if i > 1 && wantWords[strings.ToLower(words[i-1])] {
			// "Fundraising Want to set up a page": the verb of a
			// subject, not a name before "to VERB".
			return nil, false
		}
		if i > 1 && (words[i-1] == "is" || words[i-1] == "are") {
			// "Kamil is to look into unit testing", "Dave and Jack are
			// to email the design": who, then what they are to do.
			if o, ok := p.nameList(strings.Join(words[:i-1], " ")); ok {
				return o, true
			}
			return nil, false
		}
		if i == 1 && ambiguous(words[0]) && len(p.n.Attendees) > 0 && !p.vouched(words[0]) {
			// "OK to spend time on it", "Best to keep them apart", "FYI
			// to the board": a word that may name a person does so
			// before "to VERB" only for a person the meeting knows, when
			// it lists who was there.
			return nil, false
		}
		return p.nameList(strings.Join(words[:i], " "))
	}
	return nil, false
}

// groupRoles are the last words of "all ..." that name the whole group:
// its people by their role in it ("all editors", "all maintainers").
var groupRoles = map[string]bool{"us": true, "members": true, "organisers": true, "organizers": true,
	"editors": true, "maintainers": true, "chairs": true, "reviewers": true, "contributors": true,
	"committers": true, "participants": true, "attendees": true, "admins": true, "leads": true,
	"mentors": true, "volunteers": true, "directors": true, "officers": true}

// groupWords reports whether ws name the whole group: "everyone",
// "everybody", "all", "folks", "all of us", "all TAC members", "all core team
// members".
func groupWords(ws []string) bool {
	if len(ws) == 0 || len(ws) > 5 {
		return false
	}
	first := strings.ToLower(ws[0])
	switch {
	case len(ws) == 1:
		return first == "everyone" || first == "everybody" || first == "all" || first == "folks" || first == "team"
	case len(ws) == 2 && first == "the" && strings.EqualFold(ws[1], "team"):
		return true
	case len(ws) == 2 && (first == "everyone" || first == "everybody") && strings.EqualFold(ws[1], "else"):
		// "Evan, Matt, and everyone else".
		return true
	case first == "all":
		// "all of us", "All TAC members", "(all editors)".
		return groupRoles[strings.ToLower(ws[len(ws)-1])]
	case len(ws) <= 3 && len(ws[0]) >= 2 && isUpperWord(ws[0]) && strings.EqualFold(ws[len(ws)-1], "members"):
		// "TSC members", "CPC voting members": the members of a body,
		// the meeting's as notes write it.
		return true
	}
	return false
}

// roleGroup reports whether ws, the subject of "to VERB", name the
// meeting's people by their role, in the plural and alone, or each of
// them: "Organisers to visit the venue", "Teams to continue the discussion
// async", "the maintainers to review it", "Every team to produce ...". Only before "to VERB": "Editors: Ann, Bob"
// lists people, and "all editors" is groupWords'.
func roleGroup(ws []string) bool {
	if len(ws) == 2 && (strings.EqualFold(ws[0], "every") || strings.EqualFold(ws[0], "each")) {
		// "Every team to produce two pages", "Each member to vote".
		w := strings.ToLower(ws[1])
		return w == "team" || groupRoles[w+"s"]
	}
	if len(ws) == 2 && strings.EqualFold(ws[0], "the") {
		ws = ws[1:]
	}
	if len(ws) != 1 {
		return false
	}
	w := strings.ToLower(ws[0])
	return w == "teams" || w != "us" && groupRoles[w]
}

// needWords say that a group has to do what follows: "everyone needs to".
var needWords = map[string]bool{"need": true, "needs": true, "must": true, "should": true}

// ownerPhraseRE matches what may follow a name list after a dash: nothing,
// "to VERB ...", "taking care of this", "with others", "handling it",
// the deadline ("- JW deadline for next week!").
var ownerPhraseRE = lazyRE(`(?i)^(.*?)(?:\s+(?:to\s+\p{Ll}.*|taking care of.*|with others.*|handling.*|owns.*|will .*|(?:deadline|due)\b.*))?$`)

// ownerPhraseMatch is ownerPhraseRE().FindStringSubmatch(s). A line of
// plain ASCII (no newline, which the regexp's "." does not cross) with
// none of the phrases' words is the whole name list, and the regexp, which
// would try every position of it, is not run (checked against the regexp
// by TestPrefilters and FuzzPrefilters).
func ownerPhraseMatch(s string) []string {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf || s[i] == '\n' {
			return ownerPhraseRE().FindStringSubmatch(s)
		}
	}
	if ascii.ContainsFold(s, "to") || ascii.ContainsFold(s, "taking") || ascii.ContainsFold(s, "with") ||
		ascii.ContainsFold(s, "handling") || ascii.ContainsFold(s, "owns") || ascii.ContainsFold(s, "will") ||
		ascii.ContainsFold(s, "deadline") || ascii.ContainsFold(s, "due") {
		return ownerPhraseRE().FindStringSubmatch(s)
	}
	return []string{s, s}
}

// trailingOwners reads "text — X + Y" or "text – X to VERB": the owners
// named after the last dash.
func (p *parser) trailingOwners(s string) (head string, owners []string, ok bool) {
	if !hasDash(s) {
		return "", nil, false
	}
	last, found := lastDash(s)
	if !found {
		return "", nil, false
	}
	head, tail := trimSpace(s[:last[0]]), strings.TrimRight(trimSpace(s[last[1]:]), ".!")
	if head == "" || tail == "" {
		return "", nil, false
	}
	m := ownerPhraseMatch(tail)
	if m == nil {
		return "", nil, false
	}
	hyphen := strings.Trim(s[last[0]:last[1]], " \t") == "-" && m[1] == tail
	if hyphen && !p.decided && !p.inSection() {
		// "Budget update - Kay Williams": a hyphen before bare names is
		// an agenda's presenter; a dash ("–", "—") or a verb after
		// ("- Kay to send it") names an owner, and so does a hyphen in
		// a list of decisions ("Publish a calendar of open spots -
		// Antonio") or in an action section ("Plan the publishing -
		// Emma").
		return "", nil, false
	}
	if p.decided && groupWords(strings.Fields(m[1])) {
		// "Spring clean the drive - all".
		return head, []string{Group}, true
	}
	owners, ok = p.nameList(m[1])
	if ok && hyphen && !p.decided && strings.IndexFunc(m[1], unicode.IsDigit) >= 0 {
		// "Review the budget - Q3": what the task is about, not who.
		return "", nil, false
	}
	return head, owners, ok
}

// headFields returns the first n of strings.Fields(s), without splitting
// the rest of s.
func headFields(s string, n int) []string {
	return appendHeadFields(make([]string, 0, n), s, n)
}

// appendHeadFields is headFields appending to out: the owner rules give it
// an array of their own, which stays on the stack (they read the words of
// nearly every item).
func appendHeadFields(out []string, s string, n int) []string {
	out = out[:0]
	start := -1
	for i, r := range s {
		if unicode.IsSpace(r) {
			if start >= 0 {
				out = append(out, s[start:i])
				start = -1
				if len(out) == n {
					return out
				}
			}
		} else if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		out = append(out, s[start:])
	}
	return out
}

// lastDash returns where the last dash between spaces in s is, the last of
// the matches regexp.MustCompile(`\s+[–—-]+\s+`).FindAllStringIndex(s, -1)
// would return (spaces as \s means them: tab, newline, form feed, carriage
// return, space), without a regexp: trailingOwners runs it on most items.
func lastDash(s string) (loc [2]int, ok bool) {
	space := func(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r' }
	for i := 0; i < len(s); {
		if !space(s[i]) {
			i++
			continue
		}
		j := i
		for j < len(s) && space(s[j]) {
			j++
		}
		k := j
		for k < len(s) {
			if s[k] == '-' {
				k++
			} else if strings.HasPrefix(s[k:], "–") || strings.HasPrefix(s[k:], "—") {
				k += len("–")
			} else {
				break
			}
		}
		l := k
		for l < len(s) && space(s[l]) {
			l++
		}
		if k == j || l == k {
			// No dash after the spaces, or none of them after the dashes:
			// no match starts in this run of spaces.
			i = k
			continue
		}
		loc, ok = [2]int{i, l}, true
		i = l
	}
	return loc, ok
}

// actionOwners reports whether text (one item) is an action and whose.
func (p *parser) actionOwners(text string) ([]string, bool) {
	if i := conditionEnd(text); i > 0 {
		// "if no fundamental objections, sam to add a PR": the
		// condition, then who does what.
		if o, ok := p.actionOwners(text[i:]); ok {
			return o, true
		}
	}
	t := text
	if strings.HasPrefix(t, "(") {
		t = strings.TrimSuffix(strings.TrimRight(t, ". "), ")")
		t = strings.TrimPrefix(t, "(")
	}
	if mayBeOutcome(t) {
		if m := outcomeRE().FindStringSubmatch(t); m != nil {
			// "Conclusion: Mara to propose ...": the owner form after the
			// label.
			t = m[1]
		}
	}
	if o, ok := p.leadingOwners(t); ok {
		return o, true
	}
	if _, o, ok := p.trailingOwners(t); ok {
		return o, true
	}
	if m := asideRE().FindStringSubmatch(t); m != nil {
		// "Create runbooks (Kat to draft).": an owner in an aside.
		if o, ok := p.nameList(m[1] + m[2]); ok {
			return o, true
		}
	}
	// "Merge them. Assigned @jayphelps", "Fix the flake, assigned to
	// Frank": who, labelled after the task.
	if o, ok := p.assignedOwners(t); ok {
		return o, true
	}
	// "We asked Carol to update the roadmap", "Carol was asked to ...".
	if o, ok := p.askedOwners(t); ok {
		return o, true
	}
	// "Lewis Mayne tasked with finding the best way ...".
	return p.taskedOwners(t)
}

// conditionEnd returns where the clause after a leading condition starts
// ("If no objections, " of "If no objections, Sam to merge it"; "Once
// ...", "When ...", "Assuming ..."), or 0: the clause must be short (at
// most 60 bytes) and end at a comma.
func conditionEnd(s string) int {
	if len(s) < 8 || strings.IndexByte("iowaIOWA", s[0]) < 0 {
		return 0
	}
	if !hasPrefixFold(s, "if ") && !hasPrefixFold(s, "once ") && !hasPrefixFold(s, "when ") && !hasPrefixFold(s, "assuming ") {
		return 0
	}
	i := strings.Index(s[:min(len(s), 62)], ", ")
	if i < 0 {
		return 0
	}
	return i + 2
}

// mayBeOutcome is a cheap test that t could match outcomeRE: it starts
// with the first letter of one of its labels (none of c, d, r, o, n folds to
// a non-ASCII letter) and has a colon.
func mayBeOutcome(t string) bool {
	return t != "" && strings.IndexByte("cdron", t[0]|0x20) >= 0 && strings.IndexByte(t, ':') >= 0
}

// asideRE matches an owner written in an aside: "(Kat to draft)", and in
// square brackets ending the item, as plain-text minutes write it: "...
// [Anoop to follow up]", "... [ Anoop to review the schema. ]".
var asideRE = lazyRE(`(?:\(([^()]{1,60}?)\s+to\s+\p{Ll}[^()]*\)|\[\s*([^\[\]()]{1,60}?)\s+to\s+\p{L}[^\[\]]*\][.\s]*$)`)

// topicLine handles a top-level bullet: a new topic, with what its line
// says (priority, owners, an action).
func (p *parser) topicLine(b block) {
	text := plain(b.text)
	if mayBeKeyword(text) && (ownerRE().MatchString(text) || deadlineRE().MatchString(text) || doneRE().MatchString(text) || isPresentLine(text)) {
		p.item(b, 1)
		return
	}
	if o, rest, ok := p.bracketAction(text); ok && b.check != 2 {
		p.newTopic(text, b.line)
		p.cur.Items = append(p.cur.Items, Item{Kind: KindAction, Text: rest, Line: b.line, Depth: 1, Owners: o})
		return
	}
	if m := priorityRE().FindStringSubmatch(text); m != nil {
		p.newTopic(text, b.line)
		p.cur.Priority, _ = strconv.Atoi(m[1])
		return
	}
	if title, rest, ok := strings.Cut(text, ": "); ok && !strings.Contains(title, "://") && len(strings.Fields(title)) <= 6 && trimSpace(rest) != "" {
		rest = trimSpace(rest)
		p.newTopic(trimSpace(title), b.line)
		if groupWords(strings.Fields(title)) && b.check == 0 {
			// "All: blog about the activities you're doing": the whole
			// group's task.
			p.cur.Items = append(p.cur.Items, Item{Kind: KindAction, Text: rest, Line: b.line, Depth: 1, Owners: []string{Group}})
			return
		}
		if o, ok := p.ownerPhrase(rest); ok {
			p.cur.Owners = append(p.cur.Owners, o...)
			return
		}
		p.item(block{kind: bBullet, text: rest, line: b.line, check: b.check}, 1)
		return
	}
	if head, o, ok := p.trailingOwners(text); ok && len(strings.Fields(head)) <= 8 {
		p.newTopic(head, b.line)
		p.cur.Owners = append(p.cur.Owners, o...)
		return
	}
	if o, ok := p.leadingOwners(text); ok {
		p.newTopic(text, b.line)
		p.cur.Items = append(p.cur.Items, Item{Kind: KindAction, Text: text, Line: b.line, Depth: 1, Owners: o})
		return
	}
	if b.check == 0 {
		if o, ok := p.plainOwners(text); ok {
			// "Chandler is going to have some discussions about ...",
			// "Tanya and Anton will reach out to ...": minutes whose
			// bullets are their topics, each a sentence that may assign.
			p.newTopic(text, b.line)
			p.cur.Items = append(p.cur.Items, Item{Kind: KindAction, Text: text, Line: b.line, Depth: 1, Owners: o})
			return
		}
		if task, other, ok := subjectlessWill(text); ok {
			// "- Will look at what Apache and Mozilla have done here":
			// a task of no one named.
			p.newTopic(text, b.line)
			if other != "" {
				p.cur.Items = append(p.cur.Items, Item{Kind: KindInfo, Text: other, Line: b.line, Depth: 1})
			}
			p.cur.Items = append(p.cur.Items, Item{Kind: KindAction, Text: task, Line: b.line, Depth: 1})
			return
		}
	}
	p.newTopic(text, b.line)
}

// ownerPhrase reads "Saleem", "Satya + Murty", "Suchakra taking care of
// this": only names, with an optional owner phrase after them.
func (p *parser) ownerPhrase(s string) ([]string, bool) {
	s = strings.TrimRight(s, ".! ")
	if m := ownerPhraseMatch(s); m != nil && !strings.Contains(s, " to ") {
		return p.nameList(m[1])
	}
	return p.nameList(s)
}

// mayBeKeyword is a cheap test that text could be a keyword line (Owner:,
// Deadline of, Done -, 1st priority: ...): the keyword regexps need a
// colon or a dash, or start with "deadline"/"due".
func mayBeKeyword(text string) bool {
	if strings.IndexByte(text, ':') >= 0 || hasDash(text) {
		return true
	}
	if len(text) >= 3 {
		return strings.EqualFold(text[:3], "dea") || strings.EqualFold(text[:3], "due")
	}
	return false
}

// hasDash reports whether s has a hyphen, an en dash or an em dash: what
// strings.ContainsAny(s, "-–—") says, without decoding every rune of s.
func hasDash(s string) bool {
	return strings.IndexByte(s, '-') >= 0 || strings.Contains(s, "–") || strings.Contains(s, "—")
}

// item handles one bullet under the current topic.
func (p *parser) item(b block, depth int) {
	p.decided = p.decList > 0 && b.list == p.decList-1 && b.line > 0
	defer func() { p.decided = false }()
	text := plain(b.text)
	if strings.HasPrefix(text, "[") {
		text = refMarkRE().ReplaceAllString(text, "")
	}
	if i := strings.Index(text, ": "); i > 0 && i <= 40 && mayBeLabel(text[i+2:]) && actionRE().MatchString(text[i+2:]) && p.ownerName(text[:i], false) {
		// "Lee: ACTION - everyone: take a look at the appendix": a
		// speaker who states an action item; its label says whose.
		text = text[i+2:]
	}
	decorated := ""
	if text != "" && text[0] >= utf8.RuneSelf {
		if core := trimEmojiStart(text); core != text && core != "" {
			// "👷 TODO Noah: file the taxes": the emoji marks the line;
			// the rules read what follows it.
			decorated, text = text, core
		}
	}
	t := p.topic(b.line)
	it := Item{Kind: KindInfo, Text: text, Line: b.line, Depth: depth, box: b.check != 0, carried: p.inCarried(), sec: p.inSection()}
	defer func() {
		if decorated != "" {
			// Information keeps its emoji as written.
			for i := len(t.Items) - 1; i >= 0 && t.Items[i].Line == b.line; i-- {
				if t.Items[i].Kind == KindInfo && t.Items[i].Text == text {
					t.Items[i].Text = decorated
				}
			}
		}
	}()
	kw := mayBeKeyword(text)
	if kw {
		if m := priorityRE().FindStringSubmatch(text); m != nil {
			it.Priority, _ = strconv.Atoi(m[1])
		}
	}
	bracket := false
	colonOther := ""
	if o, rest, ok := p.bracketAction(text); ok && b.check != 2 {
		// "AI[Peeyush]: Start a hackmd", "[AI: Nabarun] Fix the link".
		it.Kind, it.Owners, it.Text, bracket = KindAction, o, rest, true
	} else if b.check == 0 {
		if o, task, ok := p.spoken(text); ok {
			// "[rob] I'll do that.": what a speaker undertakes.
			it.Kind, it.Owners, it.Text, bracket = KindAction, o, task, true
		} else if who := p.turnOf(b, text); who != "" && firstPerson(text) {
			// "- Rob: I've heard people use it", then "- I'm going to
			// present it at some meetups": the turn goes on.
			if task, ok := commitments(text); ok {
				it.Kind, it.Owners, it.Text, bracket = KindAction, []string{p.speakerName(who)}, task, true
			}
		}
	}
	switch {
	case bracket:
	case !kw && b.check == 0:
		colonOther = p.ownerRules(&it, t, text)
	case isPresentLine(text):
		names, _ := attendeeLine(text)
		p.n.Attendees = append(p.n.Attendees, p.attendees(names)...)
		return
	case ownerRE().MatchString(text):
		list := parenRE().ReplaceAllString(ownerRE().FindStringSubmatch(text)[1], "")
		o := splitList(list)
		if len(o) == 0 {
			p.warn(b.line, "Owner: line names nobody")
			return
		}
		for _, n := range o {
			if len(strings.Fields(n)) > 4 || hasDash(n) {
				// "Owner: Oscar - migrate the wiki": no list of names.
				p.warn(b.line, "Owner: line names nobody")
				t.Items = append(t.Items, it)
				return
			}
		}
		if up := p.parentItem(t, depth); up != nil {
			// "- Update docs" over "  - Owner: Bob": the item's owner.
			up.Kind = KindAction
			up.Owners = dedupeFold(append(up.Owners, o...))
			return
		}
		t.Owners = append(t.Owners, o...)
		return
	case deadlineRE().MatchString(text) && !mentionsDeadline(text, p.n.Date):
		dt := trimSpace(deadlineRE().FindStringSubmatch(text)[1])
		if dt == "" {
			p.warn(b.line, "Deadline: line without a date")
			return
		}
		if up := p.parentItem(t, depth); up != nil {
			// "- Update docs" over "  - Due: Friday": the item's
			// deadline.
			up.Kind = KindAction
			up.dueLine = dt
			return
		}
		if t.DueText != "" {
			p.warn(b.line, "second deadline for topic "+strconv.Quote(t.Title)+": the last one counts")
		}
		t.DueText = dt
		return
	case b.check == 1 && !p.inSection() && p.underTicked(t, depth) && !p.taskOwned(text):
		// "- [x] CEP 10 passed" over "  - [ ] Only applicable to the
		// conda code base": open boxes under a ticked one, outside an
		// action section, are its points, not tasks (a done task has
		// no open parts).
	case b.check != 0 && !p.inSection() && p.agenda[b.list] && !p.taskOwned(text):
		// A checkbox outside an action section with no owner form: an
		// agenda item (templates tick them as topics are discussed).
	case b.check == 1 && !p.inSection() && !strings.ContainsAny(trimSpace(text), " \t") && !p.taskOwned(text):
		// "- [ ] name": one word, no owner, outside an action section:
		// a template's row or a label, not a task.
	case doneRE().MatchString(text) || b.check == 2:
		it.Kind = KindDone
		if m := doneRE().FindStringSubmatch(text); m != nil {
			it.Text = trimSpace(m[1])
		} else if m := actionRE().FindStringSubmatch(text); m != nil && trimSpace(m[2]) != "" {
			// "AI: Pauli to ask the test lab." marked done.
			it.Text = trimSpace(m[2])
		}
	case actionRE().MatchString(text) || b.check == 1:
		it.Kind = KindAction
		var forWho []string
		if m := actionRE().FindStringSubmatch(text); m != nil {
			it.Text = trimSpace(m[2])
			if it.Text == "" || noneRE().MatchString(it.Text) {
				// "Action items: none", "AI:": nothing to do.
				it.Kind, it.Text = KindInfo, text
				break
			}
			if m[1] != "" {
				// "Action item for everyone - read the comment", "Action
				// for Ann: book the room": whose, after the label.
				if groupWords(strings.Fields(m[1])) {
					forWho = []string{Group}
				} else {
					forWho, _ = p.names(m[1], false)
				}
			}
		}
		if it.Owners, _ = p.ownerForms(it.Text, true); len(it.Owners) == 0 {
			it.Owners = forWho
		}
	default:
		colonOther = p.ownerRules(&it, t, text)
	}
	if it.Kind == KindInfo && b.check == 0 && !b.prose && !it.Prose && pleaseRequest(text) {
		// "- PLEASE REVIEW" under a pull request, "- Please look at
		// this discussion and comment": a request to the group.
		it.Kind, it.Owners = KindAction, []string{Group}
	}
	if it.Kind == KindAction && len(it.Owners) == 0 && depth > 1 {
		// "- Sumana" over "  - TODO: need to approve the invoice": a
		// list nested under a person's name is that person's.
		it.Owners = p.personOver(t, depth)
	}
	if it.Kind == KindAction && len(it.Owners) == 0 && b.list != 0 && b.list == p.listOwner.list {
		// A list under a paragraph that is only a person's name.
		it.Owners = []string{p.listOwner.owner}
	}
	rest := colonOther
	if it.Kind == KindAction && rest == "" {
		it.Text = unparen(it.Text)
		if o := p.coOwners(it.Text, len(it.Owners) > 0); len(o) > 0 {
			// "(Amit, Sunita to help)", "Paul to follow up; Kat to help".
			it.Owners = dedupeFold(append(it.Owners, o...))
		}
		if first, more, ok := firstSentence(it.Text); ok && b.check == 0 {
			// "Paul to open an account (given ...). Unfortunately Monzo
			// ...": the task is the sentence that names its owner; what
			// follows comments on it.
			o, ok := p.actionOwners(strings.TrimSuffix(first, "."))
			if !ok && ascii.ContainsFold(first, " will ") {
				// "Roman will take care of it. Fine grained ... is a
				// nice to have."
				o, ok = p.willOwners(first)
			}
			if ok && sameFold(o, it.Owners) {
				it.Text, rest = first, more
				if i := strings.LastIndex(first, " ("); i > 0 && strings.HasSuffix(first, ").") && !asideRE().MatchString(first[i:]) {
					// "(given two organisers have accounts already)":
					// a remark, with the rest.
					it.Text, rest = first[:i], first[i+1:]+" "+more
				}
			}
		}
	}
	t.Items = append(t.Items, it)
	if rest != "" {
		t.Items = append(t.Items, Item{Kind: KindInfo, Text: rest, Line: b.line, Depth: depth + 1})
	}
}

// ownerRules tries the owner forms of an item without a label (an item
// neither a keyword line nor a box, and any item no other case of
// item took) on text, in order, and makes it an action when one
// holds: its owners, and its task where the form gives one. It returns
// what follows the task of a colon clause, for item to read after it.
func (p *parser) ownerRules(it *Item, t *Topic, text string) (colonOther string) {
	if o, ok := p.plainOwners(text); ok {
		it.Kind = KindAction
		it.Owners = o
	} else if ascii.ContainsFold(text, "next step") && nextStepRE().MatchString(text) {
		// "Discussed it, next step is to draft the questions": a
		// task of no one named.
		it.Kind = KindAction
	} else if o := clauseHandles(text); o != nil {
		it.Kind = KindAction
		it.Owners = o
	} else if o, task, other, ok := p.colonClause(text); ok {
		it.Kind, it.Owners, it.Text, colonOther = KindAction, o, task, other
	} else if o, ok := p.afterOnDate(text); ok {
		// "On Tuesday Leon will gather the design bits".
		it.Kind, it.Owners = KindAction, o
	} else if task, other, ok := subjectlessWill(text); ok && len(t.Owners) == 0 {
		// "Will remove lock on Wed": what the one reporting will
		// do (a person over the list owns it, below); under an
		// owned topic ("Catering: PJP" over "Will follow up with
		// them this week") the owner's status, describing it.
		it.Kind, it.Text, colonOther = KindAction, task, other
	} else if p.order.line == it.Line && p.order.owner != "" && !ascii.ContainsFold(t.Title, "agenda") {
		// "Thierry: prepare post(s) for the website": an order to
		// the person named (orderLine); under an agenda's heading,
		// "Ryan: note on the formality of this group" is who brings
		// an item.
		it.Kind, it.Owners = KindAction, []string{p.order.owner}
	}
	return colonOther
}

// orderCtx is the line of a bullet that gives owner an order.
type orderCtx struct {
	line  int
	owner string
}

// orderLine reads a bullet outside action sections that gives a person an
// order: a name, a colon and a verb's base form ("Thierry: prepare post(s)
// for the website", "Tim: Relay this with the rest of the SC."), as board
// and steering minutes note who is to do what under a topic. Not in a list
// of turns or labelled rows (another bullet of the list, at its depth,
// opens with a label and a colon: "Carol: Propose vacation during the
// shift" among the turns of scribed minutes, "Champs-Libre: Ping for
// renewal" among a list of members), not of one who spoke before in the
// notes (a turn of scribed minutes), not a question; names in capitals
// ("KK:") are a scribe's tags, as speaker has them. A task box so written
// ("- [ ] Jonathan: add a link") is an order too, read as a box (the
// caller only keeps its name from the speakers).
func (p *parser) orderLine(text string, b block) (string, bool) {
	if b.check == 0 && p.labelled[b.line] != 1 {
		return "", false
	}
	i := strings.Index(text, ": ")
	if i <= 0 || i > 40 || strings.HasSuffix(text, "?") {
		return "", false
	}
	// Who first: most such lines are labels, words of the list found at
	// once ("Owner: PJP", "Done: Rahul sent the mail"), where a verb
	// that is no word would be looked for in every British spelling.
	who := text[:i]
	if !speakerColRE().MatchString(text[:min(len(text), i+3)]) || isUpperWord(who) || camelCase(who) || !p.ownerName(who, false) {
		return "", false
	}
	var buf [1]string
	f := appendHeadFields(buf[:0], text[i+2:], 1)
	if len(f) == 0 || !orderVerb(f[0]) || p.speakerSeen[strings.ToLower(who)] {
		return "", false
	}
	return who, true
}

// orderVerb reports whether w, the first word of a sentence, is a verb's
// base form, an order ("prepare", "Relay", "set"): a word of the list whose
// form in -ing the list has too (preparing, relaying, setting; not
// "website", "technical"), not in -s, -ed or -ing itself ("Updates",
// "Discussed", "Planning"), not a word that opens a statement ("the",
// "we").
func orderVerb(w string) bool {
	if len(w) < 2 || len(w) > 20 {
		return false
	}
	for i := 0; i < len(w); i++ {
		if c := w[i] | 0x20; c < 'a' || c > 'z' || i > 0 && w[i] < 'a' {
			return false // "PJP", "10", "v2", "iOS"
		}
	}
	lw := w
	if w[0] < 'a' {
		lw = string(w[0]|0x20) + w[1:]
	}
	if notTaskStart[lw] || pronouns[lw] || adverbs[lw] || copulas[lw] || particles[lw] || strings.HasSuffix(lw, "ing") || strings.HasSuffix(lw, "ed") ||
		strings.HasSuffix(lw, "s") && !strings.HasSuffix(lw, "ss") || !english.IsWord(lw) {
		return false
	}
	if english.IsWord(lw + "ing") {
		return true
	}
	if n := len(lw); lw[n-1] == 'e' && english.IsWord(lw[:n-1]+"ing") {
		return true // prepare, preparing
	}
	return english.IsWord(lw + lw[len(lw)-1:] + "ing") // set, setting
}

// particles are the adverbs and prepositions that verbs take, words of the
// list with a form in -ing (outing, inning, backing) that open no order:
// "Ernest: Out of scope for this funding".
var particles = map[string]bool{"out": true, "up": true, "down": true, "in": true, "on": true, "off": true,
	"back": true, "over": true, "about": true, "around": true, "through": true, "after": true}

// labelledRows returns, by their lines, the bullets that are no task boxes
// and open with a capitalised label of one or two words and a colon ("Min:
// update", "Visit Flanders: Ping for renewal"), each the only one so among
// its siblings (the bullets under the same parent), with the value 1: a
// list where more than one does is one of turns or rows, not of orders
// (orderLine).
func labelledRows(blocks []block) map[int]int {
	// One frame a depth of the list being read: the labelled bullets
	// among the siblings read so far at that depth (a bullet at a lower
	// depth closes the deeper frames: their siblings are done).
	type frame struct{ n, line int }
	var (
		out    map[int]int
		frames []frame
		list   = -1
	)
	closeFrom := func(d int) {
		for k := d; k < len(frames); k++ {
			if frames[k].n == 1 {
				if out == nil {
					out = map[int]int{}
				}
				out[frames[k].line] = 1
			}
		}
		frames = frames[:min(d, len(frames))]
	}
	for _, b := range blocks {
		if b.kind != bBullet || b.prose {
			continue
		}
		if b.list != list {
			closeFrom(0)
			list = b.list
		}
		closeFrom(b.depth + 1)
		for len(frames) <= b.depth {
			frames = append(frames, frame{})
		}
		if b.check != 0 {
			continue
		}
		i := strings.Index(b.text, ": ")
		if i <= 0 || i > 60 {
			continue
		}
		t := b.text
		if c := t[0]; c == '*' || c == '_' {
			t = plain(t) // "**Min:** update"
			i = strings.Index(t, ": ")
		} else if c < 'A' || c > 'Z' && c < utf8.RuneSelf {
			continue // no capital: "see: the doc", "1: ..."
		}
		if i > 0 && i <= 40 && speakerColRE().MatchString(t[:min(len(t), i+3)]) {
			frames[b.depth].n++
			frames[b.depth].line = b.line
		}
	}
	closeFrom(0)
	return out
}

// pleaseRequest reports whether a bullet asks the group to do something:
// "Please" and a verb, "PLEASE REVIEW", "Please look at the discussion";
// not a prohibition or a courtesy ("Please don't ...", "Please feel free
// to ...", "Please note ..."), nor a label ("Please register: link").
func pleaseRequest(text string) bool {
	if len(text) < 8 || !hasPrefixFold(text, "please ") {
		return false
	}
	f := strings.Fields(text[7:])
	if len(f) == 0 || strings.HasSuffix(f[0], ":") {
		return false
	}
	for _, r := range f[0] {
		if !unicode.IsLetter(r) {
			return false // "don't", "do-not", a link
		}
	}
	switch strings.ToLower(f[0]) {
	case "do", "feel", "note", "see", "find", "refer", "be", "let", "keep":
		return false
	}
	return true
}

// turnOf returns whose turn a bullet of scribed minutes is: the speaker
// it names ("Rob: I've heard ..."), else the speaker of the bullet before
// it in the same list, whose turn it goes on with; "" when none. It
// remembers the turn for the next bullet.
func (p *parser) turnOf(b block, text string) string {
	if b.list != p.turn.list || b.depth != p.turn.depth {
		p.turn = turnCtx{list: b.list, depth: b.depth}
	}
	if i := strings.IndexByte(text, ':'); i > 0 && i <= 40 {
		if r, _ := utf8.DecodeRuneInString(text); unicode.IsUpper(r) {
			if m := speakerColRE().FindStringSubmatch(text[:min(len(text), i+3)]); m != nil && !isUpperWord(m[1]) && !camelCase(m[1]) && p.ownerName(m[1], false) {
				p.turn.who = m[1]
				return ""
			}
		}
	}
	return p.turn.who
}

// turnCtx is the speaker of the last bullet that named one, in its list
// and depth.
type turnCtx struct {
	who         string
	list, depth int
}

// firstPerson reports whether text has "I" or its contractions as a word
// ("I'm going to ...", "In the next days I'll push out a release").
func firstPerson(text string) bool {
	for i := 0; i+1 < len(text); i++ {
		if text[i] == 'I' && (i == 0 || text[i-1] == ' ') && (text[i+1] == ' ' || text[i+1] == '\'' || strings.HasPrefix(text[i+1:], "’")) {
			return true
		}
	}
	return false
}

// underTicked reports whether the item at depth is nested right under a
// ticked box (a done item of the topic, one level up).
func (p *parser) underTicked(t *Topic, depth int) bool {
	for i := len(t.Items) - 1; i >= 0; i-- {
		it := &t.Items[i]
		if it.Depth >= depth {
			continue
		}
		return it.Depth == depth-1 && it.box && it.Kind == KindDone
	}
	return false
}

// personOver returns the person whose name alone is the bullet an item at
// depth is nested under (a status meeting's "- Sumana" over her items,
// at any level above), when the meeting knows that person; nil when an
// action or no such bullet is over it.
func (p *parser) personOver(t *Topic, depth int) []string {
	for i := len(t.Items) - 1; i >= 0 && depth > 1; i-- {
		it := &t.Items[i]
		if it.Depth >= depth {
			continue
		}
		depth = it.Depth
		if it.Kind != KindInfo || it.Prose {
			return nil
		}
		if n := strings.TrimSuffix(trimSpace(it.Text), ":"); p.known(n) {
			return []string{strings.TrimPrefix(n, "@")}
		}
		if n, _, ok := strings.Cut(it.Text, ": "); ok && len(n) <= 40 && p.known(n) {
			// "- Pradyun: planning to work some this week" over "- no
			// blockers yet. Will file a PR": the person's status.
			return []string{strings.TrimPrefix(n, "@")}
		}
	}
	return nil
}

// colonClause reads an item whose clause after a colon assigns, to a
// person the meeting knows: "(Valentine) Discussion on the Code of
// Conduct: Valentine to draft a suitable code for review at next plenum.
// Suggested form includes:" is Valentine's task, the sentence after the
// colon; the rest (other) is information under it.
func (p *parser) colonClause(text string) (owners []string, task, other string, ok bool) {
	i := strings.Index(text, ": ")
	if i <= 0 || strings.Contains(text[:i], "://") || len(strings.Fields(text[:i])) > 10 || !strings.Contains(text[i:], " to ") {
		return nil, "", "", false
	}
	after := trimSpace(text[i+2:])
	first, more, split := firstSentence(after)
	if !split {
		first = after
	}
	if colonLabelRE().MatchString(text[:i]) {
		// "Last week's AI: Jory to update the PR": an item of an earlier
		// meeting, read as such elsewhere.
		return nil, "", "", false
	}
	o, ok := p.leadingOwners(first)
	if !ok || !p.allKnown(o) {
		return nil, "", "", false
	}
	return o, first, trimSpace(text[:i+1] + " " + more), true
}

// colonLabelRE matches a label before a colon that says what the item is
// (an action, an earlier one, a done one), not a subject.
var colonLabelRE = lazyRE(`(?i)\b(?:ai|ais|action|actions|todo|last|previous|done|status)\b`)

// describes reports whether text, under a task, says what the task brings
// rather than being one: it opens with a capitalised verb in the third
// person in -es ("Fixes the configuration", "Matches the old API"), not an
// order ("Fix ...").
func describes(text string) bool {
	var buf [1]string
	f := appendHeadFields(buf[:0], text, 1)
	if len(f) == 0 {
		return false
	}
	w := f[0]
	r, _ := utf8.DecodeRuneInString(w)
	if !unicode.IsUpper(r) || len(w) < 5 || !strings.HasSuffix(w, "es") {
		return false
	}
	return english.IsWord(strings.ToLower(w[:len(w)-2]))
}

// ownersOnly reports whether the bullet blocks[i] has one sub-bullet
// (with nothing under it) that only names people or the group ("all").
func (p *parser) ownersOnly(blocks []block, i int) bool {
	b, k := blocks[i], blocks[i+1]
	if i+2 < len(blocks) && blocks[i+2].kind == bBullet && blocks[i+2].list == b.list && blocks[i+2].depth > b.depth {
		return false
	}
	t := plain(k.text)
	if groupWords(strings.Fields(t)) {
		return true
	}
	_, ok := p.nameList(t)
	return ok
}

// clauseHandleRE matches @handles opening a later clause of an item and
// taking on its task: "Get consent from the WG, then @ckerr will do it",
// "...; @ann to write it up", "Greg suggests a paper: @namurphy TODO what
// paper?".
var clauseHandleRE = lazyRE(`(?:[.;:]\s+|,\s+(?:and\s+)?then\s+)(@[\w.-]+(?:(?:\s*,\s*|\s+and\s+|\s*&\s*)@[\w.-]+)*)\s+(?:will|to|TODO)\s+\p{Ll}`)

// clauseHandles returns the handles, without '@', of a later clause of
// text that opens with them and "will" or "to" and a verb; else nil.
func clauseHandles(text string) []string {
	if strings.IndexByte(text, '@') < 0 {
		return nil
	}
	m := clauseHandleRE().FindStringSubmatch(text)
	if m == nil {
		return nil
	}
	return handles(m[1])
}

// subjectOnly reports whether the text of a bullet over sub-items only
// names a subject: at most six words besides @handles, none of the owner
// forms in front ("X will", "X to", "X: ..."), no sentence.
func (p *parser) subjectOnly(text string) bool {
	n := 0
	for _, w := range strings.Fields(text) {
		if !isHandle(strings.Trim(w, "(),.")) {
			n++
		}
	}
	if n == 0 || n > 6 || strings.ContainsAny(text, ".!?;") || mentionRE().MatchString(text) || isUpperWord(strings.Fields(text)[0]) {
		// A sentence, or a task with its owner: "RM Create the board
		// @Ricardo Mendes".
		return false
	}
	if _, ok := p.leadingNames(text, true); ok {
		return false
	}
	if _, ok := p.colonOwners(text); ok {
		return false
	}
	_, ok := p.actionOwners(text)
	return !ok
}

// firstSentence splits text after its first sentence when more follow:
// a full stop (after a closing parenthesis, too) and a capital or an
// opening parenthesis.
func firstSentence(text string) (first, rest string, ok bool) {
	for i := 0; i+2 < len(text); i++ {
		if text[i] != '.' || text[i+1] != ' ' {
			continue
		}
		r, _ := utf8.DecodeRuneInString(text[i+2:])
		if unicode.IsUpper(r) || r == '(' {
			return text[:i+1], trimSpace(text[i+2:]), true
		}
	}
	return "", "", false
}

// sameFold reports whether a and b hold the same names, ignoring case.
func sameFold(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !strings.EqualFold(a[i], b[i]) {
			return false
		}
	}
	return true
}

// agendaLists returns the lists where a checkbox that is only a label
// (a few words: "Outstanding PRs", "Tom please review:") holds
// checkboxes: a checklist agenda, whose boxes are topics (ticked when
// discussed), not tasks. A task with sub-task boxes is no agenda.
func agendaLists(blocks []block) map[int]bool {
	out := map[int]bool{}
	for i := 0; i+1 < len(blocks); i++ {
		b, n := blocks[i], blocks[i+1]
		if b.kind == bBullet && n.kind == bBullet && b.check != 0 && n.check != 0 && n.list == b.list && n.depth > b.depth &&
			len(strings.Fields(b.text)) <= 6 {
			out[b.list] = true
		}
	}
	return out
}

// inSection reports whether items are being read in an action section.
func (p *parser) inSection() bool { return p.sec == secActions || p.sub.depth >= 0 }

// inCarried reports whether items are being read in a carried-over action
// section ("Previous tasks", "Last week's action items").
func (p *parser) inCarried() bool {
	if p.sub.depth >= 0 {
		return carriedLabel(p.sub.label)
	}
	return p.sec == secActions && carriedLabel(p.secLabel)
}

// taskOwned reports whether a checkbox's text names who does it ("Alice to
// call", "@bob will", "(@ann)").
func (p *parser) taskOwned(text string) bool {
	if _, ok := p.actionOwners(text); ok {
		return true
	}
	if _, ok := p.leadingNames(text, false); ok {
		return true
	}
	return len(trailingHandles(text)) > 0
}

// unparen drops the parentheses around an action written as an aside:
// "(Rahul to ask the venue)" is "Rahul to ask the venue".
func unparen(s string) string {
	t := strings.TrimRight(s, ". ")
	if strings.HasPrefix(t, "(") && strings.HasSuffix(t, ")") && strings.Count(t, "(") == 1 && strings.Count(t, ")") == 1 {
		return trimSpace(t[1 : len(t)-1])
	}
	return s
}

// sectionItem handles a bullet of an action section: an action (or a done
// one), owned as its text says or by the name it is nested under; a bullet
// that is only a name, or ends with ':', gives its owners to the items
// under it and is no action itself.
func (p *parser) sectionItem(b block, depth int, kids, kidTasks bool) {
	text := plain(b.text)
	for len(p.owners) > 0 && p.owners[len(p.owners)-1].depth >= depth {
		p.owners = p.owners[:len(p.owners)-1]
	}
	if !kids && p.underTask(depth) {
		if _, ok := p.names(strings.TrimRight(text, ".;, "), true); ok {
			// "- [x] Nitish" under "- [x] Get people access to the repo":
			// who, a detail of the task, not a task.
			t := p.topic(b.line)
			t.Items = append(t.Items, Item{Kind: KindInfo, Text: text, Line: b.line, Depth: depth})
			return
		}
	}
	if b.check == 2 || doneRE().MatchString(text) || ownerRE().MatchString(text) || deadlineRE().MatchString(text) || isPresentLine(text) {
		p.item(b, depth)
		return
	}
	t := p.topic(b.line)
	it := Item{Kind: KindAction, Text: text, Line: b.line, Depth: depth, box: b.check != 0, carried: p.inCarried(), sec: true}
	if m := actionRE().FindStringSubmatch(text); m != nil {
		it.Text = trimSpace(m[2])
	}
	if it.Text == "" || noneRE().MatchString(it.Text) {
		return
	}
	if !kids && sectionOf(it.Text) == secActions {
		// "- ACTION ITEMS" under "### Previous Action Items": a
		// template's placeholder, no task.
		t.Items = append(t.Items, Item{Kind: KindInfo, Text: it.Text, Line: b.line, Depth: depth})
		return
	}

	if kids {
		if o, ok := p.names(strings.TrimSuffix(it.Text, ":"), true); ok {
			p.owners = append(p.owners, ownerCtx{depth, o})
			t.Items = append(t.Items, Item{Kind: KindInfo, Text: it.Text, Line: b.line, Depth: depth})
			return
		}
		if strings.HasSuffix(it.Text, ":") || kidTasks && p.subjectOnly(it.Text) {
			// "Moving the docs:", "Design", "Suggested changes for
			// the build instructions (@ckerr)" over task boxes, or
			// "Sovereign Tech Fund" over "Emma: Get a project ready": a
			// subject over its tasks, which take its owners.
			for len(p.tasks) > 0 && p.tasks[len(p.tasks)-1].depth >= depth {
				p.tasks = p.tasks[:len(p.tasks)-1]
			}
			o, _ := p.ownerForms(strings.TrimSuffix(it.Text, ":"), true)
			if len(o) == 0 && len(p.owners) > 0 {
				o = p.owners[len(p.owners)-1].owners
			}
			p.owners = append(p.owners, ownerCtx{depth, o})
			t.Items = append(t.Items, Item{Kind: KindInfo, Text: it.Text, Line: b.line, Depth: depth})
			return
		}
	}
	it.Text = unparen(it.Text)
	if strings.HasPrefix(it.Text, "[") {
		// "[2] Ruy and Jordan will pair on it".
		it.Text = refMarkRE().ReplaceAllString(it.Text, "")
	}
	var named bool
	if o, rest, ok := p.bracketAction(it.Text); ok {
		it.Text, it.Owners, named = rest, o, true
	} else {
		it.Owners, named = p.ownerForms(it.Text, true)
		if !named {
			if _, _, rest, ok := p.dl.Leading(it.Text, p.n.Date); ok {
				// "May 17 Henk Berkholtz will present ...": who comes
				// after the date the item opens with.
				it.Owners, named = p.ownerForms(rest, true)
			}
		}
	}
	if !named {
		// "Erin volunteered to run the survey", "Bo agreed to ...".
		it.Owners, named = p.undertakes(it.Text)
	}
	if !named {
		// "[Judy] Send the newsletter", "(infinity0, doko) research
		// ...": who, in brackets before the task.
		if m := bracketLeadRE().FindStringSubmatch(it.Text); m != nil {
			if o, ok := p.bracketNames(m[1] + m[2]); ok {
				it.Text, it.Owners, named = m[3], o, true
			}
		}
	}
	if !named {
		if o := p.endNames(it.Text); len(o) > 0 {
			// "Send invites for meetings (Chris)", "Propose new meeting
			// times [Charles]": in an action section, a name in brackets
			// ending the item is who does it.
			it.Owners, named = o, true
		}
	}
	if !named && p.softSection() && !taskLike(it.Text) {
		// Under "Takeaways" or "Outcomes" a decision or a remark ("The
		// release is on hold") is no task.
		it.Kind, it.Owners = KindInfo, nil
		t.Items = append(t.Items, it)
		return
	}
	for len(p.tasks) > 0 && p.tasks[len(p.tasks)-1].depth >= depth {
		p.tasks = p.tasks[:len(p.tasks)-1]
	}
	if len(p.tasks) > 0 && !named && (b.check == 0 || describes(it.Text)) {
		// Under an action, a bullet that names nobody and is no task
		// box describes it ("debug takes about 30gb").
		it.Kind, it.Owners = KindInfo, nil
		t.Items = append(t.Items, it)
		return
	}
	if len(it.Owners) == 0 && len(p.tasks) > 0 {
		// A sub-task of an owned task is its owners' ("RM Create the
		// board @Ricardo" over "Create issue for TodoMVC").
		it.Owners = append([]string(nil), p.tasks[len(p.tasks)-1].owners...)
	}
	if len(it.Owners) == 0 && len(p.owners) > 0 {
		it.Owners = append([]string(nil), p.owners[len(p.owners)-1].owners...)
	}
	p.tasks = append(p.tasks, ownerCtx{depth, it.Owners})
	t.Items = append(t.Items, it)
}

// taskKid reports whether the first sub-item of a bullet of an action
// section shows its sub-list to be tasks: a task box, or an owned task
// ("Emma: Get one or more projects ready", "Tim to review").
func (p *parser) taskKid(kid block) bool {
	if kid.check != 0 {
		return true
	}
	text := plain(kid.text)
	if _, ok := p.colonOwners(text); ok {
		return true
	}
	_, ok := p.actionOwners(text)
	return ok
}

// underTask reports whether an item at depth is nested under an action of
// the action section.
func (p *parser) underTask(depth int) bool {
	for _, t := range p.tasks {
		if t.depth < depth {
			return true
		}
	}
	return false
}

// endNames returns the people named in the parentheses or brackets that
// end text ("... (Chris)", "... [Charles]", "... (Ann, Bo)"), or nil.
func (p *parser) endNames(text string) []string {
	t := strings.TrimRight(text, ". ")
	i := deadline.TrailingBracket(t)
	if i <= 0 {
		return nil
	}
	inner := trimSpace(t[i+1 : len(t)-1])
	if inner == "" || len(inner) > 60 || strings.ContainsAny(inner, "()[]") {
		return nil
	}
	inner = trimSpace(leadLabelRE().ReplaceAllString(inner, ""))
	if groupWords(strings.Fields(inner)) {
		// "Review the article (all)".
		return []string{Group}
	}
	o, ok := p.names(inner, true)
	if !ok {
		// "(Tobias/Johannes)".
		if o, ok = p.names(strings.ReplaceAll(inner, "/", " / "), true); !ok {
			return nil
		}
	}
	return o
}

// finish resolves owners, deadlines, topic actions and Done links.
func (p *parser) finish() {
	ref := p.n.Date
	p.initialOwners()
	for ti := range p.n.Topics {
		t := &p.n.Topics[ti]
		t.Owners = p.dir.CanonicalAll(t.Owners)
		if t.DueText != "" {
			t.Due, t.DueText, t.DueUnread = p.readDue("deadline: "+t.DueText, ref, t.Line)
		}
		explicit := false
		for i := range t.Items {
			it := &t.Items[i]
			if it.Kind != KindAction {
				continue
			}
			if !hasAlnum(it.Text) {
				// ":", "--": nothing to do.
				it.Kind, it.Owners = KindInfo, nil
				continue
			}
			explicit = true
			it.Owners = p.dir.CanonicalAll(p.bodyOwners(it.Owners, it.Text))
			if len(it.Owners) == 0 {
				it.Owners = t.Owners
			}
			it.Due, it.DueText, it.DueUnread = p.readDue(it.Text, ref, it.Line)
			if it.DueText == "" && it.dueLine != "" {
				// "Due: Friday" under the item: written after its text for
				// the engine, as an inherited one is.
				it.Due, it.DueText, it.DueUnread = p.readDue("deadline: "+it.dueLine, ref, it.Line)
				it.DueInherited = true
			}
			if it.DueText == "" {
				// "send a test mail this week", "Publish it Wed.": a date
				// ending the action, read against the meeting's local day.
				if phrase, d, ok := p.dl.Trailing(it.Text, ref); ok && !d.Before(time.Date(ref.Year(), ref.Month(), ref.Day(), 0, 0, 0, 0, ref.Location())) {
					it.Due, it.DueText = d.Format("2006-01-02"), phrase
				} else if phrase, d, ok := p.leadingDate(it.Text, ref); ok && !d.Before(time.Date(ref.Year(), ref.Month(), ref.Day(), 0, 0, 0, 0, ref.Location())) {
					// "May 17 Henk will present the manifest": a date
					// opening the action, as a schedule writes it.
					it.Due, it.DueText = d.Format("2006-01-02"), phrase
				}
			}
			if it.DueText == "" && t.DueText != "" {
				it.Due, it.DueText, it.DueUnread, it.DueInherited = t.Due, t.DueText, t.DueUnread, true
			}
		}
		if len(t.Owners) > 0 || (t.DueText != "" && !explicit) {
			title := t.Title
			if title == "" {
				title = "(untitled topic)"
			}
			// The description bullets under a topic with one action
			// belong to it: "Venue: confirm the hall booking".
			if ds := descriptions(t); !explicit && len(ds) > 0 {
				var parts []string
				for _, d := range ds {
					parts = append(parts, strings.TrimRight(t.Items[d].Text, ".;, "))
				}
				title += ": " + strings.Join(parts, ", ")
				for k := len(ds) - 1; k >= 0; k-- {
					t.Items = append(t.Items[:ds[k]], t.Items[ds[k]+1:]...)
				}
			}
			t.Action = &Item{Kind: KindAction, Text: title, Line: t.Line, Priority: t.Priority,
				Owners: t.Owners, Due: t.Due, DueText: t.DueText, DueUnread: t.DueUnread}
		}
	}
	p.dropRepeats()
	for ti := range p.n.Topics {
		t := &p.n.Topics[ti]
		for i := range t.Items {
			it := &t.Items[i]
			if it.Kind == KindDone {
				it.Closes = p.closes(t, i)
				if it.Closes == 0 {
					p.warn(it.Line, "Done: matches no action item of this topic; it will close a matching open item of an earlier meeting, if exactly one matches")
				}
			}
		}
	}
}

// repeatSimilarity is how much of their words two actions of the same
// notes share (words.Similarity) when one repeats the other: the
// tracker's measure of a repeat across meetings.
const repeatSimilarity = 0.4

// maxRepeatCandidates is how many of an owner's later actions an action
// is compared with for a repeat (the latest), as the tracker compares at
// most 64 open items: the notes reader stays linear in the file.
const maxRepeatCandidates = 64

// dropRepeats keeps an open action that the notes write twice once, where
// it appears last: an action carried over from an earlier meeting
// ("Previous tasks"), raised in the discussion or listed in an earlier
// action section ("Future work and next steps" before "Action items"),
// repeated by a later action of an action section under another topic,
// with the same owners and the same words (most of them, or all of the
// shorter one's: "@djacu will work on the branding repository", then
// "@djacu branding"), is kept as information where it first appears; so
// is an action that names nobody that a later one repeats word for word,
// whoever that one names.
func (p *parser) dropRepeats() {
	p.dropTakenUp()
	p.dropSameWords()
	type later struct {
		t  int
		ws []string
	}
	// The open actions of action sections, by their owners; and the last
	// topic holding each one's words.
	byOwners := map[string][]later{}
	exact := map[string]int{}
	type action struct {
		t, i    int
		key, ws string // ownersKey; the words, the key of exact
		words   []string
	}
	var acts []action // every open action
	if !p.anySectionAction() {
		return // nothing for an action to repeat: no words to compare
	}
	for ti := range p.n.Topics {
		for i, it := range p.n.Topics[ti].Items {
			if it.Kind != KindAction {
				continue
			}
			k, ws := ownersKey(it.Owners), sortedWords(it.Text)
			a := action{ti, i, k, strings.Join(ws, " "), ws}
			acts = append(acts, a)
			if it.sec && !it.carried {
				byOwners[k] = append(byOwners[k], later{ti, ws})
				exact[a.ws] = ti
			}
		}
	}
	if len(byOwners) == 0 {
		return
	}
	for _, x := range acts {
		ti, it := x.t, &p.n.Topics[x.t].Items[x.i]
		if x.key == "" {
			// An action that names no owner is repeated only by the same
			// words, whoever the later one names ("Jack: What is our
			// absent policy?" under the follow-ups, then under the
			// action items; "Test the new endpoints" under a bold
			// "Team:", then under "### Team").
			if last, ok := exact[x.ws]; ok && last > ti {
				it.Kind = KindInfo
			}
			continue
		}
		cands, ok := byOwners[x.key]
		if !ok {
			continue
		}
		for j, n := len(cands)-1, 0; j >= 0 && n < maxRepeatCandidates && cands[j].t > ti; j, n = j-1, n+1 {
			b := cands[j].ws
			if words.JaccardSorted(x.words, b) >= repeatSimilarity || subset(x.words, b) || subset(b, x.words) {
				it.Kind = KindInfo
				break
			}
		}
	}
}

// dropSameWords keeps once, where it appears last, an action of an action
// section that names no owner and a done item that a later topic repeats
// word for word: minutes that review the outstanding actions and then
// list the new and carried-over ones write each twice ("AI: Update the
// QUIC API proposal ..." under both). (Owned actions are dropRepeats'.)
func (p *parser) dropSameWords() {
	key := func(it *Item) string {
		if it.Kind == KindDone {
			return "done\x00" + strings.Join(sortedWords(it.Text), " ")
		}
		if it.Kind != KindAction || !it.sec || len(it.Owners) > 0 {
			return ""
		}
		return "action\x00" + strings.Join(sortedWords(it.Text), " ")
	}
	// Each item's key once, in order; the second pass reads them back.
	type keyed struct {
		it  *Item
		t   int
		key string
	}
	var keys []keyed
	last := map[string]int{}
	for ti := range p.n.Topics {
		for i := range p.n.Topics[ti].Items {
			it := &p.n.Topics[ti].Items[i]
			if k := key(it); k != "" {
				last[k] = ti
				keys = append(keys, keyed{it, ti, k})
			}
		}
	}
	for _, k := range keys {
		if last[k.key] > k.t {
			k.it.Kind = KindInfo
		}
	}
}

// anySectionAction reports whether an open action of an action section,
// not carried over, is among the topics: the only kind dropRepeats keeps
// where it appears last.
func (p *parser) anySectionAction() bool {
	for _, t := range p.n.Topics {
		for _, it := range t.Items {
			if it.Kind == KindAction && it.sec && !it.carried {
				return true
			}
		}
	}
	return false
}

// dropTakenUp keeps a carried-over open action once when a later topic
// named after it takes it up: "@ann will prep a blog post for the board
// rotation" under the previous tasks, then under the topic (a heading, or
// a bullet over the action) "Board rotation blog post" an action of ann's
// (and others'), "@ann and @bo to wrap it up". The topic's title has two
// words or more, all of them the carried action's.
func (p *parser) dropTakenUp() {
	carried := false
	for _, t := range p.n.Topics {
		for _, it := range t.Items {
			carried = carried || it.Kind == KindAction && it.carried && len(it.Owners) > 0
		}
	}
	if !carried {
		return
	}
	// The actions not carried over, by each owner, with the words of the
	// titles over them (the topic's, the bullets' above) of two or more.
	type taken struct {
		t      int
		owners []string
		titles [][]string
	}
	byOwner := map[string][]taken{}
	for tj, t := range p.n.Topics {
		var above []Item // the items over the current one
		var titleWords [][]string
		if tw := sortedWords(t.Title); len(tw) >= 2 {
			titleWords = append(titleWords, tw)
		}
		for _, y := range t.Items {
			for len(above) > 0 && above[len(above)-1].Depth >= y.Depth {
				above = above[:len(above)-1]
			}
			if y.Kind == KindAction && !y.carried && len(y.Owners) > 0 {
				tws := titleWords
				for _, u := range above {
					if uw := sortedWords(u.Text); len(uw) >= 2 {
						tws = append(tws[:len(tws):len(tws)], uw)
					}
				}
				if len(tws) > 0 {
					for _, o := range y.Owners {
						k := strings.ToLower(o)
						byOwner[k] = append(byOwner[k], taken{tj, y.Owners, tws})
					}
				}
			}
			above = append(above, y)
		}
	}
	for ti := range p.n.Topics {
		for i := range p.n.Topics[ti].Items {
			it := &p.n.Topics[ti].Items[i]
			if it.Kind != KindAction || !it.carried || len(it.Owners) == 0 {
				continue
			}
			cands := byOwner[strings.ToLower(it.Owners[0])]
			a := sortedWords(it.Text)
		cands:
			for j, n := len(cands)-1, 0; j >= 0 && n < maxRepeatCandidates && cands[j].t > ti; j, n = j-1, n+1 {
				c := cands[j]
				if !ownersWithin(it.Owners, c.owners) {
					continue
				}
				for _, tw := range c.titles {
					if subset(tw, a) {
						it.Kind = KindInfo
						break cands
					}
				}
			}
		}
	}
}

// sortedWords returns the distinct words (words.Words) of s, sorted, with
// each web address counted as its last path segment only: "Sumana to close
// https://github.com/pypa/warehouse/issues/996" is the words of "Sumana to
// close 996", so that its scheme, host and path ("https", "github", "com",
// "pypa", "issues") do not make two items that name the same issue in other
// words look unlike (as the corpus scorer drops addresses too).
func sortedWords(s string) []string {
	ws := words.Words(urlTails(s))
	slices.Sort(ws)
	return slices.Compact(ws)
}

// urlTails returns s with each web address (http:// or https:// up to the
// next space or closing bracket) replaced by its last non-empty path
// segment ("https://github.com/org/repo/issues/996" is "996", a bare host
// is nothing).
func urlTails(s string) string {
	if !strings.Contains(s, "http") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.Index(s, "http://")
		if j := strings.Index(s, "https://"); j >= 0 && (i < 0 || j < i) {
			i = j
		}
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		end := strings.IndexAny(s[i:], " \t)]>")
		if end < 0 {
			end = len(s) - i
		}
		u := s[i : i+end]
		u = u[strings.Index(u, "//")+2:]
		segs := strings.Split(strings.TrimRight(u, "/"), "/")
		if len(segs) > 1 {
			b.WriteString(segs[len(segs)-1])
		}
		b.WriteByte(' ')
		s = s[i+end:]
	}
}

// ownersKey is a key of a set of owners: lower-cased, sorted.
func ownersKey(o []string) string {
	ks := make([]string, len(o))
	for i, x := range o {
		ks[i] = strings.ToLower(x)
	}
	slices.Sort(ks)
	return strings.Join(slices.Compact(ks), "\x00")
}

// ownersWithin reports whether every name of a is in b, ignoring case.
func ownersWithin(a, b []string) bool {
	for _, x := range a {
		if !slices.ContainsFunc(b, func(y string) bool { return strings.EqualFold(x, y) }) {
			return false
		}
	}
	return true
}

// subset reports whether every word of the sorted list a is in the sorted
// list b (and a is not empty).
func subset(a, b []string) bool {
	if len(a) == 0 || len(a) > len(b) {
		return false
	}
	for _, w := range a {
		if _, ok := slices.BinarySearch(b, w); !ok {
			return false
		}
	}
	return true
}

// mentionsDeadline reports whether a line such as "Deadline is fine with
// Dana" only talks about the deadline: "is" (not a colon) and no date in
// what follows. Such a line is information, not the topic's deadline.
func mentionsDeadline(text string, ref time.Time) bool {
	m := deadlineIsRE().FindStringSubmatch(text)
	if m == nil {
		return false
	}
	_, _, _, ok := deadline.Find("deadline: " + m[1])
	if !ok {
		return true
	}
	_, _, found, read := deadline.Read("deadline: "+m[1], ref)
	return !found || !read
}

var deadlineIsRE = lazyRE(`(?i)^(?:deadline|due\s+date)\s+is\s+(.*)$`)

// descriptions returns the index of the topic's only item when it is one
// information bullet right under the topic (not prose, nothing nested
// under it), else none.
func descriptions(t *Topic) []int {
	if len(t.Items) != 1 {
		// Several bullets ("two caterers quoted", "one more to ask")
		// report on the topic more often than they describe its task.
		return nil
	}
	var out []int
	for i, it := range t.Items {
		if it.Kind != KindInfo || it.Depth != 1 || it.Prose {
			return nil
		}
		out = append(out, i)
	}
	return out
}

// readDue finds and reads a deadline in text as the engine does (package
// deadline), flagging a phrase that cannot be read or that falls before
// the meeting.
func (p *parser) readDue(text string, ref time.Time, line int) (due, dueText string, unread bool) {
	phrase, _, _, found := p.dl.Find(text)
	if !found {
		return "", "", false
	}
	d, ok := p.dl.Parse(phrase, ref)
	if !ok {
		p.warn(line, "deadline "+strconv.Quote(phrase)+" could not be read as a date: kept as text, please fix")
		return "", phrase, true
	}
	day := time.Date(ref.Year(), ref.Month(), ref.Day(), 0, 0, 0, 0, ref.Location())
	if d.Before(day) {
		p.warn(line, "deadline "+strconv.Quote(phrase)+" reads as "+d.Format("2006-01-02")+", before the meeting: kept as text, please fix")
		return "", phrase, true
	}
	return d.Format("2006-01-02"), phrase, false
}

// closes finds the action that the Done item t.Items[i] closes: the only
// open action before it in the topic (the topic's own included), else the
// one sharing most words with it, preferring a shared owner.
func (p *parser) closes(t *Topic, i int) int {
	done := t.Items[i]
	type cand struct {
		line   int
		text   string
		owners []string
	}
	closed := map[int]bool{}
	for j := 0; j < i; j++ {
		if t.Items[j].Kind == KindDone && t.Items[j].Closes > 0 {
			closed[t.Items[j].Closes] = true
		}
	}
	var cs []cand
	doneW := words.Words(done.Text) // once, not once per candidate
	if done.box {
		// "- [x] @ann will update the README": a ticked box is a done
		// action of its own; it closes an earlier action only when it
		// repeats it.
		for j := 0; j < i; j++ {
			if it := t.Items[j]; it.Kind == KindAction && !closed[it.Line] && words.Jaccard(doneW, words.Words(it.Text)) >= repeatSimilarity {
				cs = append(cs, cand{it.Line, it.Text, it.Owners})
			}
		}
		if len(cs) == 0 {
			return 0
		}
	}
	if t.Action != nil && !closed[t.Action.Line] && !done.box {
		cs = append(cs, cand{t.Action.Line, t.Action.Text, t.Action.Owners})
	}
	for j := 0; j < i && !done.box; j++ {
		if it := t.Items[j]; it.Kind == KindAction && !closed[it.Line] {
			cs = append(cs, cand{it.Line, it.Text, it.Owners})
		}
	}
	if len(cs) == 0 {
		return 0
	}
	if len(cs) == 1 {
		return cs[0].line
	}
	doneWords := map[string]bool{}
	for _, w := range doneW {
		doneWords[w] = true
	}
	best, bestScore, tie := 0, -1.0, false
	for _, c := range cs {
		score := words.Jaccard(doneW, words.Words(c.text)) // words.Similarity
		for _, o := range c.owners {
			if containsAll(doneWords, words.Words(o)) {
				score += 0.5
			}
		}
		switch {
		case score > bestScore:
			best, bestScore, tie = c.line, score, false
		case score == bestScore:
			tie = true
		}
	}
	if tie || bestScore <= 0 {
		return 0
	}
	return best
}

// containsAll reports whether every word of ws is in set (and ws is not
// empty).
func containsAll(set map[string]bool, ws []string) bool {
	for _, w := range ws {
		if !set[w] {
			return false
		}
	}
	return len(ws) > 0
}
