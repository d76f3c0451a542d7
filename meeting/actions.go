package meeting

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/gavel-irc/gavel/deadline"
	"github.com/gavel-irc/gavel/internal/english"
)

// learn makes name known for action-owner matching; it reports whether the
// name is new. When it is, action items that name it get it as owner.
func (c *Channel) learn(name string) bool {
	if c.st == nil || name == "" || c.st.known[name] {
		return false
	}
	k := strings.ToLower(name)
	if k == "" {
		return false
	}
	if _, ok := c.st.names[k]; ok {
		c.st.known[name] = true
		return false
	}
	c.st.names[k] = name
	clear(c.st.canon)
	c.st.known[name] = true
	c.st.nameOrder = append(c.st.nameOrder, k)
	c.st.gen++
	c.rescan(k)
	return true
}

// rescan recomputes the owners of the action items that mention key.
func (c *Channel) rescan(key string) {
	for p, i := range c.st.actionIdx {
		if i < len(c.m.Items) && wordIndex(strings.ToLower(c.m.Items[i].Text), key) >= 0 {
			c.resolveOwners(&c.m.Items[i])
			c.st.actionGen[p] = c.st.gen
		}
	}
}

// canonical returns the spelling first seen for name in this meeting when
// it differs only in letter case, or name itself.
func (c *Channel) canonical(name string) string {
	if c.st == nil {
		return name
	}
	if out, ok := c.st.canon[name]; ok {
		return out
	}
	out := name
	if n, ok := c.st.names[strings.ToLower(name)]; ok && strings.EqualFold(n, name) {
		out = n
	}
	c.st.canon[name] = out
	return out
}

// renick moves a nick's line count, chair rights and action ownership to
// its new nick; the old nick, when mentioned in action text, now means the
// new one.
func (c *Channel) renick(old, nu string, res *Result) {
	m := c.m
	if nu == "" || old == nu {
		return
	}
	ko := strings.ToLower(old)
	_, known := c.st.names[ko]
	if _, said := m.Lines[old]; !known && !said && !m.Chairs[old] {
		return
	}
	nu = c.canonical(nu)
	c.st.gen++ // owners edited in place below, names changed
	if n, ok := m.Lines[old]; ok {
		delete(m.Lines, old)
		m.Lines[nu] += n
	}
	if m.Chairs[old] {
		delete(m.Chairs, old)
		m.Chairs[nu] = true
		res.Changed = true
	}
	if m.Owner == old {
		m.Owner = nu
		res.Changed = true
	}
	c.learn(nu)
	if !strings.EqualFold(old, nu) {
		c.st.names[ko] = nu
		clear(c.st.canon)
	}
	for _, i := range c.st.actionIdx {
		if i >= len(m.Items) {
			continue
		}
		it := &m.Items[i]
		for j, o := range it.Owners {
			if o == old {
				it.Owners[j] = nu
				res.Changed = true
			}
		}
		it.Owners = dedupe(it.Owners)
	}
	if v := c.openVote(); v != nil {
		v.Ballots = renickBallots(v.Ballots, old, nu)
	}
}

// renickBallots moves old's ballot to nu; when nu has one too, the one
// cast last counts and stays at the place of the first.
func renickBallots(bs []Ballot, old, nu string) []Ballot {
	oi, ni := -1, -1
	for i, b := range bs {
		switch b.Nick {
		case old:
			oi = i
		case nu:
			ni = i
		}
	}
	if oi < 0 {
		return bs
	}
	if ni < 0 {
		bs[oi].Nick = nu
		return bs
	}
	keep, drop := min(oi, ni), max(oi, ni)
	last := bs[oi]
	if bs[ni].At.After(last.At) {
		last = bs[ni]
	}
	bs[keep] = Ballot{Nick: nu, Option: last.Option, At: last.At}
	return append(bs[:drop], bs[drop+1:]...)
}

func dedupe(s []string) []string {
	if len(s) < 2 {
		return s
	}
	out := s[:0]
	seen := map[string]bool{}
	for _, x := range s {
		k := strings.ToLower(x)
		if !seen[k] {
			seen[k] = true
			out = append(out, x)
		}
	}
	return out
}

// cmdAction records an action item with its owners, id and deadline.
func cmdAction(c *Channel, k *call) {
	i := c.addItem(ItemAction, k.arg, k.ev, k.line, k.res)
	it := &c.m.Items[i]
	it.ActionID = actionID(c.m.ID, k.line)
	c.st.actionIdx = append(c.st.actionIdx, i)
	c.resolveOwners(it)
	c.st.actionGen = append(c.st.actionGen, c.st.gen)
	readDeadline(&c.dl, it, k.ev.Time.In(c.m.Location), c.m.Started.In(c.m.Location).Format("2006-01-02"))
}

// readDeadline sets the item's Due, DueText, DueUnread and DuePast from
// its text, read against ref with dl; a date before the meeting's day
// (day, as YYYY-MM-DD) is flagged instead of kept.
func readDeadline(dl *deadline.Reader, it *Item, ref time.Time, day string) {
	phrase, d, found, ok := dl.Read(it.Text, ref)
	if !found {
		return
	}
	it.DueText = phrase
	if ok {
		if due := d.Format("2006-01-02"); due >= day {
			it.Due = due
			return
		}
		it.DuePast = true
	}
	it.DueUnread = true
}

// resolveAllOwners recomputes every action's owners (at the end of the
// meeting, when every name is known), but for those resolved since the
// names last changed: the same text and names give the same owners
// (TestResolveAllOwnersOnce). A notes import names everyone before its
// first action, so none is resolved twice.
func (c *Channel) resolveAllOwners() {
	for p, i := range c.st.actionIdx {
		if i < len(c.m.Items) && c.st.actionGen[p] != c.st.gen {
			c.resolveOwners(&c.m.Items[i])
			c.st.actionGen[p] = c.st.gen
		}
	}
}

// GroupOwner is the owner of an item the notes give to the whole group
// ("all: read the draft"): shown as such, never pinged one by one.
const GroupOwner = "all"

// resolveOwners sets the owners of an action item: the names at its start
// before " to " ("alice to ...", "alice and bob to ...", "alice, bob and
// carol to ..."), whether present or not, then every known name that occurs
// in the text as a whole word (case-insensitively; "al" does not own
// "final review"), in the order they appear. Known names keep their
// attendee spelling. Items of face-to-face notes (Source "f2f", or
// FromNotes) are owned by their leading names only, GroupOwner among them.
func (c *Channel) resolveOwners(it *Item) {
	type hit struct {
		at   int
		name string
	}
	var hits []hit
	notes := c.m.Source == "f2f" || it.FromNotes
	lead := leadingOwners(it.Text, notes, &c.words, func(n string) bool {
		if notes && strings.EqualFold(n, GroupOwner) {
			return true
		}
		_, ok := c.st.names[strings.ToLower(n)]
		return ok
	})
	for _, n := range lead {
		if cur, ok := c.st.names[strings.ToLower(n)]; ok {
			n = cur
		}
		hits = append(hits, hit{-1, n})
	}
	// Notes name their owners in front (notes.Feed writes them so); a
	// name further on is someone the owner works with.
	lower := ""
	if !notes && len(c.st.nameOrder) > 0 {
		lower = strings.ToLower(it.Text)
	}
	for _, key := range c.st.nameOrder {
		if notes {
			break
		}
		if at := wordIndex(lower, key); at >= 0 {
			hits = append(hits, hit{at, c.st.names[key]})
		}
	}
	// Stable insertion sort by position (lists are short).
	for i := 1; i < len(hits); i++ {
		for j := i; j > 0 && hits[j].at < hits[j-1].at; j-- {
			hits[j], hits[j-1] = hits[j-1], hits[j]
		}
	}
	owners := make([]string, 0, len(hits))
	for _, h := range hits {
		owners = append(owners, h.name)
	}
	owners = dedupe(owners)
	if len(owners) == 0 {
		owners = nil
	}
	it.Owners = owners
}

// wordIndex finds name (lower-case) in lower-case text as a whole word: the
// bytes around it must not be nick characters (letters, digits and
// []\`_^{|}-). It returns the byte offset, or -1.
func wordIndex(text, name string) int {
	if name == "" {
		return -1
	}
	off := 0
	for {
		i := strings.Index(text[off:], name)
		if i < 0 {
			return -1
		}
		at := off + i
		end := at + len(name)
		if !nickCharBefore(text, at) && !nickCharAt(text, end) {
			return at
		}
		off = at + 1
		if off >= len(text) {
			return -1
		}
	}
}

func nickCharAt(s string, i int) bool {
	if i >= len(s) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return isNickRune(r)
}

func nickCharBefore(s string, i int) bool {
	if i <= 0 {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return isNickRune(r)
}

// isNickRune reports whether r can be part of a nick: letters, digits and
// IRC's special characters []\`_^{|}-; so "al-x" does not contain "al".
func isNickRune(r rune) bool {
	switch {
	case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
		return true
	case strings.ContainsRune("[]\\`_^{|}-", r):
		return true
	case r >= 0x80 && r != utf8.RuneError:
		// Letters of other scripts are part of words.
		return unicode.IsLetter(r) || unicode.IsDigit(r)
	}
	return false
}

// leadingOwners reads "NAME to ...", "NAME and NAME to ...", "NAME, NAME
// and NAME to ..." at the start of an action's text and returns the names.
// Names may carry a leading '@' or a trailing ':'. A name must look like an
// IRC nick, and an ordinary English word ("Talk to X about Y", "Welcome to
// the meeting", "Team to decide", "we", "everyone") is one only when
// known(word) says it is a nick of the meeting (a speaker, a chair, a
// #nick'ed name): the rule is english.NotAName, shared with the notes
// reader, asked through memo (nil: asked every time). In notes (notes
// true) a name may also be a notes name (isNotesName: "O'Phinney").
func leadingOwners(text string, notes bool, memo *english.Memo, known func(string) bool) []string {
	// Only the first 24 words are looked at, and whether one more follows:
	// take at most 25, not every word of a long text.
	var buf [25]string
	words := buf[:0]
	for w := range strings.FieldsSeq(text) {
		if len(words) == len(buf) {
			break
		}
		words = append(words, w)
	}
	var names []string
	sep := true     // a separator came before this word (or it is the first)
	joined := false // names were joined by "and" ("satya and kushal")
	anyKnown := false
	for i := 0; i < len(words) && i < 24; i++ {
		w := words[i]
		switch {
		case strings.EqualFold(w, "to"):
			if len(names) == 0 || sep || i == len(words)-1 {
				return nil
			}
			return names
		case strings.EqualFold(w, "and") || w == "&" || w == "+":
			if len(names) == 0 || sep {
				return nil
			}
			sep, joined = true, true
			continue
		}
		if !sep {
			// "satya and kushal send the CFP": names joined by "and",
			// one of them a nick of the meeting, then the task.
			if joined && anyKnown && len(names) >= 2 {
				return names
			}
			return nil
		}
		n := strings.TrimPrefix(w, "@")
		sep = strings.HasSuffix(n, ",")
		n = strings.TrimRight(n, ",:")
		isKnown := known != nil && known(n)
		if !(isNick(n) || notes && isNotesName(n)) || memo.NotAName(n) && !isKnown {
			return nil
		}
		anyKnown = anyKnown || isKnown
		names = append(names, n)
	}
	return nil
}

// ClosestNick returns the nick of nicks nearest to name (case-insensitive
// edit distance, a shared prefix counting as close: "bob" is near
// "bobby"), when one is near enough to be a likely slip; ok is false
// otherwise.
func ClosestNick(name string, nicks []string) (nick string, ok bool) {
	ln := strings.ToLower(name)
	best := -1
	for _, n := range nicks {
		l := strings.ToLower(n)
		if l == ln || l == "" {
			continue
		}
		d := editDistance(ln, l)
		if strings.HasPrefix(l, ln) || strings.HasPrefix(ln, l) {
			d = min(d, 1)
		}
		limit := max(2, len(ln)/3)
		if len(ln) <= 3 {
			limit = 1
		}
		if d <= limit && (best < 0 || d < best || d == best && nickLess(n, nick)) {
			nick, best = n, d
		}
	}
	return nick, best >= 0
}

// editDistance is the Levenshtein distance of a and b (bytes; nicks are
// short), capped: texts longer than 64 bytes are not compared.
func editDistance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		return 1 << 30
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			c := prev[j-1]
			if a[i-1] != b[j-1] {
				c++
			}
			cur[j] = min(c, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// AbsentOwnerReply is what the bot says when action item id names owner,
// who is neither in the channel nor in the people directory: the closest
// nick present, and the command that fixes the item.
func AbsentOwnerReply(owner, id string, here []string) string {
	if n, ok := ClosestNick(owner, here); ok {
		return fmt.Sprintf("%s is not here; did you mean %s? `#action %s owner %s` fixes it", owner, n, id, n)
	}
	return fmt.Sprintf("%s is not here and not in the people directory: no reminder can reach them; `#action %s owner NICK` names another owner", owner, id)
}

// isNick reports whether s looks like an IRC nick.
func isNick(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for _, r := range s {
		if !isNickRune(r) {
			return false
		}
	}
	return true
}

// isNotesName reports whether s is a name notes may give where the engine
// takes a nick (an owner, a #nick of KindNotes): a nick, or one whose
// apostrophes (' or ’, each between two nick characters) are kept as the
// name is written ("O'Phinney", "Dana_d’Oliveiro", people.Token's form of
// a name no IRC nick could hold). IRC lines never take one: a real nick
// holds no apostrophe.
func isNotesName(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	prev := rune(-1)
	for _, r := range s {
		if r == '\'' || r == '’' {
			if !isNickRune(prev) {
				return false
			}
		} else if !isNickRune(r) {
			return false
		}
		prev = r
	}
	return isNickRune(prev)
}
