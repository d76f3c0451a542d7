package notes

import (
	"strings"
	"time"

	"github.com/gavel-irc/gavel/internal/english"
)

// The forms of this file are what minutes in prose and plain text write
// with no owner in front: what the one reporting or speaking will do, the
// subject left out ("Will look at what Apache and Mozilla have done here",
// "Philip: Will approve.", "[Lorenzo] - will do it").

// startWillRE matches a sentence that opens with "will" and a verb in
// lower case, its subject left out.
var startWillRE = lazyRE(`^(?:[-–—]\s+)?(?i:will)\s+(\p{Ll}+)`)

// idleVerbs after a subject-less "will" say what the group will not do
// now, not a task: "Will wait until the demos are migrated", "Will rely on
// the community", "Will discuss next time", "Will see".
var idleVerbs = map[string]bool{"wait": true, "rely": true, "discuss": true, "see": true, "to": true}

// willStart reports whether s, a sentence, opens with "will VERB", its
// subject left out, VERB saying what will be done: a verb's base form
// (not "Will discovered", "Will thinks", "Will teams serve ...?"), not a
// state or a word of notCommitted ("Will be used to store", "Will need
// to pay"), not an idle verb, and s no question.
func willStart(s string) bool {
	if len(s) < 6 || s[0] != 'W' && s[0] != 'w' && s[0] != '-' && !strings.HasPrefix(s, "–") && !strings.HasPrefix(s, "—") {
		return false
	}
	m := startWillRE().FindStringSubmatch(s)
	if m == nil || strings.HasSuffix(s, "?") {
		return false
	}
	v := m[1]
	if notCommitted[v] || idleVerbs[v] || adverbs[v] || pronouns[v] || notTaskStart[v] {
		return false
	}
	return !strings.HasSuffix(v, "ed") && !strings.HasSuffix(v, "ing") && (!strings.HasSuffix(v, "s") || strings.HasSuffix(v, "ss"))
}

// subjectlessWill reads an item of prose minutes in which the one
// reporting says what will be done, the subject left out: the whole item
// when it opens so ("Will remove lock on Wed"), else its first later
// sentence that does ("No blockers yet. Will file a PR that needs a
// review"), which is the task, the other sentences (other) information
// under it.
func subjectlessWill(text string) (task, other string, ok bool) {
	if !strings.Contains(text, "ill ") {
		return "", "", false
	}
	// A sentence opens with a capital: "- will implement, keep as
	// accepted" is a note on a status, not a sentence.
	if strings.HasPrefix(text, "Will ") && willStart(text) {
		return text, "", true
	}
	if !strings.Contains(text, ". Will ") && !strings.Contains(text, "! Will ") {
		if strings.Contains(text, "will ") {
			for i, s := range sentences(text) {
				if statusWill(s) {
					ss := sentences(text)
					rest := append(ss[:i:i], ss[i+1:]...)
					return s, strings.Join(rest, " "), true
				}
			}
		}
		return "", "", false
	}
	ss := sentences(text)
	for i := 1; i < len(ss); i++ {
		if willStart(ss[i]) {
			rest := append(ss[:i:i], ss[i+1:]...)
			return ss[i], strings.Join(rest, " "), true
		}
	}
	return "", "", false
}

// statusWill reports whether sentence s reports, its subject left out,
// how something stands and then what will be done: "Needs volunteers -
// will put something out on blabber", "Still working on the code of
// conduct - will include the edits", "Turning that into a brief, will post
// on OS design". The opening word is a verb's form or "Still" (no
// subject: "Nothing to update this week - will keep tracking" has one).
func statusWill(s string) bool {
	i := strings.Index(s, " - will ")
	if i < 0 {
		if i = strings.Index(s, ", will "); i < 0 {
			return false
		}
	}
	fw, _, _ := strings.Cut(s, " ")
	if fw == "" || fw[0] < 'A' || fw[0] > 'Z' {
		return false
	}
	lw := strings.ToLower(fw)
	if lw != "still" && !strings.HasSuffix(lw, "ing") && !strings.HasSuffix(lw, "ed") && (!strings.HasSuffix(lw, "s") || strings.HasSuffix(lw, "ss")) {
		return false
	}
	if english.IsName(fw) || pronouns[lw] || notTaskStart[lw] || strings.HasSuffix(lw, "thing") {
		// "Nothing to update this week - will keep tracking": a
		// subject.
		return false
	}
	rest := s[i+1:]
	rest = strings.TrimPrefix(rest, "- ")
	rest = strings.TrimPrefix(rest, " ")
	return willStart(rest)
}

// afterOnDate reads an item that opens with "On" and a date, then who
// does what: "On Tuesday Leon will gather the design bits and email them
// to everyone" is Leon's (due that day, leadingDate).
func (p *parser) afterOnDate(text string) ([]string, bool) {
	if !strings.HasPrefix(text, "On ") {
		return nil, false
	}
	if _, _, rest, ok := p.dl.Leading(text[3:], p.n.Date); ok {
		return p.plainOwners(rest)
	}
	return nil, false
}

// leadingDate reads the date that opens an item, as a schedule writes it
// ("May 17 Henk will present the manifest"), also after "On" ("On
// Wednesday Leon will bring the specs").
func (p *parser) leadingDate(text string, ref time.Time) (phrase string, d time.Time, ok bool) {
	if phrase, d, _, ok = p.dl.Leading(text, ref); ok {
		return phrase, d, true
	}
	if strings.HasPrefix(text, "On ") {
		if phrase, d, _, ok = p.dl.Leading(text[3:], ref); ok {
			return "On " + phrase, d, true
		}
	}
	return "", time.Time{}, false
}

// selfTask reports whether sentence s opens with the writer undertaking
// something in the first person ("I will add commentary clarifying this",
// "I'll send out new links when they are ready"), as minutes written by
// their chair or an officer's report say it: not a question, not "I'll
// be ...".
func selfTask(s string) bool {
	if !strings.HasPrefix(s, "I") || strings.HasSuffix(s, "?") {
		return false
	}
	m := commitRE().FindStringSubmatchIndex(s)
	if m == nil || m[0] != 0 || m[2] < 0 {
		return false
	}
	return !notCommitted[strings.ToLower(strings.Trim(s[m[2]:m[3]], ".,;:!"))]
}

// afterAnswer drops the answer that opens a sentence before who will do
// it: "Yes, Karen will purchase" (after "Stickers?"), "OK, Dan will ask".
func afterAnswer(text string) string {
	if len(text) < 4 || strings.IndexByte("YyOoSs", text[0]) < 0 {
		return text
	}
	for _, a := range []string{"Yes, ", "yes, ", "OK, ", "Ok, ", "ok, ", "Okay, ", "Sure, ", "sure, "} {
		if rest, ok := strings.CutPrefix(text, a); ok {
			return rest
		}
	}
	return text
}
