// Package notescorpus measures how well gavel reads real meeting notes: it
// runs each file of the labelled corpus in testdata/notes-corpus through the
// same path as "gavel notes" (notes.ParseContext, then
// life.Keeper.ImportNotes into a real store, which feeds the notes through
// the meeting engine and the tracker) and compares what was recorded — action items, their owners and
// deadlines, the attendees, the done items — with the hand-written truth
// file next to each notes file.
//
// The labelling rules, the truth-file format, the split into a development
// half and a held-out half and the matching rules are documented in
// testdata/notes-corpus/README.md; the figures measured are in docs/notes.md,
// whose table Table generates (see TableBegin).
package notescorpus

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"
	"unicode"

	"github.com/gavel-irc/gavel/life"
	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/notes"
	"github.com/gavel-irc/gavel/store"
)

// The two halves of the corpus.
const (
	// Dev files may be read while developing the parser.
	Dev = "dev"
	// HeldOut files must not be looked at to tune the parser.
	HeldOut = "heldout"
)

// MatchThreshold is the least text similarity (Dice coefficient of the
// content words, see Similarity) at which an item gavel recorded is the
// same as a labelled one.
const MatchThreshold = 0.5

// Entry is one line of the MANIFEST: a notes file, its half and its
// community.
type Entry struct {
	File      string
	Split     string
	Community string
}

// Action is a labelled action item.
type Action struct {
	// Text is the item as written (without bullet or checkbox).
	Text string `json:"text"`
	// Owners are the people who are to do it, as written ("@alice" is
	// "alice"); "all" marks the whole group.
	Owners []string `json:"owners"`
	// Deadline is the due date as YYYY-MM-DD, or nil.
	Deadline *string `json:"deadline"`
	// Done is true when the notes say it is done already ("- [x] ...").
	Done bool `json:"done"`
	// Note explains a labelling decision (not scored).
	Note string `json:"note,omitempty"`
}

// Truth is the hand-written truth file of one notes file.
type Truth struct {
	// Date is the meeting's local date, YYYY-MM-DD; relative deadlines
	// were resolved against it.
	Date string `json:"date"`
	// Zone is the meeting's IANA time zone ("" is UTC).
	Zone string `json:"zone"`
	// Kind is "call" or "f2f" (face to face).
	Kind      string   `json:"kind"`
	Attendees []string `json:"attendees"`
	Actions   []Action `json:"actions"`
	// Done are things the notes report as done that are not among
	// Actions (a "Done: ..." line closing an earlier item).
	Done []string `json:"done"`
	// Notes are the labeller's remarks (not scored).
	Notes string `json:"notes,omitempty"`
}

// Case is a notes file with its truth.
type Case struct {
	Entry
	Content []byte
	Truth   Truth
}

// Output is what gavel recorded for a notes file.
type Output struct {
	// Err is set when gavel refused the file (nothing recorded).
	Err       error
	Actions   []store.ActionRecord
	Attendees []string
	// Done are the texts of the done items: the minutes' "#done" items
	// and the tracked items the import closed.
	Done []string
}

// LoadManifest reads dir/MANIFEST: one "FILE SPLIT COMMUNITY" a line,
// '#' starts a comment.
func LoadManifest(dir string) ([]Entry, error) {
	f, err := os.Open(filepath.Join(dir, "MANIFEST"))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []Entry
	seen := map[string]bool{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		fs := strings.Fields(line)
		if len(fs) == 0 {
			continue
		}
		if len(fs) != 3 {
			return nil, fmt.Errorf("%s/MANIFEST:%d: want FILE SPLIT COMMUNITY, got %q", dir, n, line)
		}
		if fs[1] != Dev && fs[1] != HeldOut {
			return nil, fmt.Errorf("%s/MANIFEST:%d: split %q is neither %s nor %s", dir, n, fs[1], Dev, HeldOut)
		}
		if seen[fs[0]] {
			return nil, fmt.Errorf("%s/MANIFEST:%d: %s listed twice", dir, n, fs[0])
		}
		seen[fs[0]] = true
		out = append(out, Entry{File: fs[0], Split: fs[1], Community: fs[2]})
	}
	return out, sc.Err()
}

// TruthPath is the truth file of a notes file: the name without its
// extension plus ".truth.json".
func TruthPath(dir, file string) string {
	return filepath.Join(dir, strings.TrimSuffix(file, filepath.Ext(file))+".truth.json")
}

// Load reads the manifest, every notes file it lists and its truth file.
func Load(dir string) ([]Case, error) {
	es, err := LoadManifest(dir)
	if err != nil {
		return nil, err
	}
	out := make([]Case, 0, len(es))
	for _, e := range es {
		c := Case{Entry: e}
		if c.Content, err = os.ReadFile(filepath.Join(dir, e.File)); err != nil {
			return nil, err
		}
		tp := TruthPath(dir, e.File)
		b, err := os.ReadFile(tp)
		if err != nil {
			return nil, err
		}
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&c.Truth); err != nil {
			return nil, fmt.Errorf("%s: %w", tp, err)
		}
		if _, err := c.Truth.When(); err != nil {
			return nil, fmt.Errorf("%s: %w", tp, err)
		}
		for i, a := range c.Truth.Actions {
			if a.Deadline != nil {
				if _, err := time.Parse("2006-01-02", *a.Deadline); err != nil {
					return nil, fmt.Errorf("%s: action %d (%q): deadline %q is not YYYY-MM-DD", tp, i+1, a.Text, *a.Deadline)
				}
			}
		}
		out = append(out, c)
	}
	return out, nil
}

// When is the start of the meeting's local date in its zone, as "gavel notes
// --date D --tz Z" reads it.
func (t Truth) When() (time.Time, error) {
	loc := time.UTC
	if t.Zone != "" {
		l, err := time.LoadLocation(t.Zone)
		if err != nil {
			return time.Time{}, fmt.Errorf("zone %q: %w", t.Zone, err)
		}
		loc = l
	}
	d, err := time.ParseInLocation("2006-01-02", t.Date, loc)
	if err != nil {
		return time.Time{}, fmt.Errorf("date %q is not YYYY-MM-DD", t.Date)
	}
	return d, nil
}

// Run reads c through gavel's notes path into a new store in dir and
// returns what was recorded. A refusal by gavel is Output.Err, not an
// error; an error is a failure of the measuring itself.
func Run(ctx context.Context, dir string, c Case) (Output, error) {
	when, err := c.Truth.When()
	if err != nil {
		return Output{}, err
	}
	n, err := notes.ParseContext(ctx, bytes.NewReader(c.Content), c.File, notes.Options{Date: when})
	if err != nil {
		return Output{Err: err}, nil
	}
	st, err := store.Open(filepath.Join(dir, "gavel.db"), store.Options{})
	if err != nil {
		return Output{}, err
	}
	defer st.Close()
	imp, err := life.New(st, nil).ImportNotes(ctx, n, life.NotesOptions{Series: "corpus", Chair: notes.DefaultChair, Key: "notes:" + c.File})
	if err != nil {
		return Output{Err: err}, nil
	}
	var out Output
	if out.Actions, err = st.Actions(store.ActionFilter{Meeting: imp.Meeting.ID}); err != nil {
		return Output{}, err
	}
	for _, a := range imp.Meeting.Attendees() {
		out.Attendees = append(out.Attendees, a.Nick)
	}
	for _, it := range imp.Meeting.Items {
		if it.Kind == meeting.ItemDone {
			out.Done = append(out.Done, it.Text)
		}
	}
	for _, a := range out.Actions {
		if a.Status == store.StatusDone {
			out.Done = append(out.Done, a.Text)
		}
	}
	out.Done = dedupe(out.Done)
	return out, nil
}

// dedupe drops texts that match an earlier one (a "#done" item and the
// tracked item it closed say the same thing).
func dedupe(texts []string) []string {
	var out []string
	for _, t := range texts {
		dup := false
		for _, o := range out {
			if Similarity(t, o, nil) >= MatchThreshold {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, t)
		}
	}
	return out
}

// Score is the comparison of one file's output with its truth, or the sum
// over several files.
type Score struct {
	Files int `json:"files"`
	// Refused counts files gavel refused.
	Refused int `json:"refused"`
	// TruthOpen counts the labelled actions not done yet (recall's
	// denominator); Gavel the actions gavel recorded (precision's).
	TruthOpen int `json:"truth_actions"`
	Gavel     int `json:"gavel_actions"`
	// MatchedOpen counts labelled open actions gavel found; Matched all
	// gavel actions that match a labelled action, done or not.
	MatchedOpen int `json:"matched_open"`
	Matched     int `json:"matched"`
	// OwnersRight counts matched actions whose owners are exactly right
	// as a set; OwnersInvented owners gavel gave a matched action that
	// the truth does not name.
	OwnersRight    int `json:"owners_right"`
	OwnersInvented int `json:"owners_invented"`
	// Deadlines of matched actions.
	DeadlinesRight    int `json:"deadlines_right"`
	DeadlinesWrong    int `json:"deadlines_wrong"`
	DeadlinesInvented int `json:"deadlines_invented"`
	DeadlinesMissing  int `json:"deadlines_missing"`
	AttendeesRight    int `json:"attendees_right"`
	AttendeesMissing  int `json:"attendees_missing"`
	AttendeesInvented int `json:"attendees_invented"`
	DoneRight         int `json:"done_right"`
	DoneMissing       int `json:"done_missing"`
	DoneInvented      int `json:"done_invented"`
}

// Add adds o to s.
func (s *Score) Add(o Score) {
	s.Files += o.Files
	s.Refused += o.Refused
	s.TruthOpen += o.TruthOpen
	s.Gavel += o.Gavel
	s.MatchedOpen += o.MatchedOpen
	s.Matched += o.Matched
	s.OwnersRight += o.OwnersRight
	s.OwnersInvented += o.OwnersInvented
	s.DeadlinesRight += o.DeadlinesRight
	s.DeadlinesWrong += o.DeadlinesWrong
	s.DeadlinesInvented += o.DeadlinesInvented
	s.DeadlinesMissing += o.DeadlinesMissing
	s.AttendeesRight += o.AttendeesRight
	s.AttendeesMissing += o.AttendeesMissing
	s.AttendeesInvented += o.AttendeesInvented
	s.DoneRight += o.DoneRight
	s.DoneMissing += o.DoneMissing
	s.DoneInvented += o.DoneInvented
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// Recall is the share of labelled open actions gavel found.
func (s Score) Recall() float64 { return ratio(s.MatchedOpen, s.TruthOpen) }

// Precision is the share of gavel's actions that are labelled actions.
func (s Score) Precision() float64 { return ratio(s.Matched, s.Gavel) }

// OwnerAccuracy is the share of matched actions with exactly the right
// owners.
func (s Score) OwnerAccuracy() float64 { return ratio(s.OwnersRight, s.Matched) }

// Compare scores out against c's truth.
func Compare(c Case, out Output) Score {
	s := Score{Files: 1}
	if out.Err != nil {
		s.Refused = 1
	}
	t := c.Truth
	for _, a := range t.Actions {
		if !a.Done {
			s.TruthOpen++
		}
	}
	s.Gavel = len(out.Actions)
	pairs := matchActions(t.Actions, out.Actions)
	for i, j := range pairs {
		ta, ga := t.Actions[i], out.Actions[j]
		s.Matched++
		if !ta.Done {
			s.MatchedOpen++
		}
		right, invented := compareOwners(ta.Owners, ga.Owners)
		if right {
			s.OwnersRight++
		}
		s.OwnersInvented += invented
		switch {
		case ta.Deadline != nil && ga.Due == *ta.Deadline:
			s.DeadlinesRight++
		case ta.Deadline != nil && ga.Due != "":
			s.DeadlinesWrong++
		case ta.Deadline != nil:
			s.DeadlinesMissing++
		case ga.Due != "" || (ga.DueUnread && ga.DueText != ""):
			s.DeadlinesInvented++
		}
	}
	n := len(matchNames(t.Attendees, out.Attendees))
	s.AttendeesRight = n
	s.AttendeesMissing = len(t.Attendees) - n
	s.AttendeesInvented = len(out.Attendees) - n
	var done []string
	for _, a := range t.Actions {
		if a.Done {
			done = append(done, a.Text)
		}
	}
	done = append(done, t.Done...)
	d := len(match(len(done), len(out.Done), func(i, j int) float64 { return Similarity(done[i], out.Done[j], nil) }))
	s.DoneRight = d
	s.DoneMissing = len(done) - d
	s.DoneInvented = len(out.Done) - d
	return s
}

// match pairs rows with columns one to one, best similarity first, keeping
// pairs at MatchThreshold or above; the result maps row to column.
// matchActions pairs labelled and gavel actions by text; of texts equally
// similar (an item listed twice for two people: "@a will work on the page",
// "@b will work on the page") the pair whose owners agree comes first, then
// the pair that agrees on whether the item is done (an item reported done
// and listed again as open: "- [x] @a will work on the page" under the
// previous tasks, "- [ ] @a will work on the page" under this meeting's).
func matchActions(truth []Action, got []store.ActionRecord) map[int]int {
	return match(len(truth), len(got), func(i, j int) float64 {
		s := Similarity(truth[i].Text, got[j].Text, append(append([]string(nil), truth[i].Owners...), got[j].Owners...))
		if right, _ := compareOwners(truth[i].Owners, got[j].Owners); right && s >= MatchThreshold {
			s += 2e-6
		}
		if truth[i].Done == (got[j].Status == store.StatusDone) && s >= MatchThreshold {
			s += 1e-6
		}
		return s
	})
}

func match(rows, cols int, sim func(i, j int) float64) map[int]int {
	type pair struct {
		i, j int
		s    float64
	}
	var ps []pair
	for i := 0; i < rows; i++ {
		for j := 0; j < cols; j++ {
			if s := sim(i, j); s >= MatchThreshold {
				ps = append(ps, pair{i, j, s})
			}
		}
	}
	sort.SliceStable(ps, func(a, b int) bool { return ps[a].s > ps[b].s })
	out := map[int]int{}
	usedJ := map[int]bool{}
	for _, p := range ps {
		if _, ok := out[p.i]; ok || usedJ[p.j] {
			continue
		}
		out[p.i] = p.j
		usedJ[p.j] = true
	}
	return out
}

var (
	urlRE  = regexp.MustCompile(`(?i)\bhttps?://[^\s)\]>]+`)
	linkRE = regexp.MustCompile(`\]\([^)]*\)`)
)

// stopwords are left out of the comparison of texts: they say nothing of
// what is to be done, and gavel adds some ("A to do: ...").
var stopwords = map[string]bool{
	"a": true, "an": true, "the": true, "to": true, "do": true, "of": true, "for": true, "and": true,
	"or": true, "on": true, "in": true, "at": true, "by": true, "with": true, "will": true, "is": true,
	"are": true, "be": true, "this": true, "that": true, "it": true, "as": true, "from": true,
	"should": true, "need": true, "needs": true, "please": true, "action": true, "item": true,
	"todo": true, "ai": true, "deadline": true, "owner": true, "owners": true,
}

// Words are the content words of a notes text: URLs and Markdown link
// targets dropped, lower-cased, split at every character that is not a
// letter or digit, stopwords and the words of the given names dropped.
func Words(text string, names []string) map[string]bool {
	skip := map[string]bool{}
	for _, n := range names {
		for _, w := range split(NormName(n)) {
			skip[w] = true
		}
	}
	text = linkRE.ReplaceAllString(text, "]")
	text = urlRE.ReplaceAllString(text, " ")
	out := map[string]bool{}
	for _, w := range split(strings.ToLower(text)) {
		if !stopwords[w] && !skip[w] {
			out[w] = true
		}
	}
	return out
}

func split(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// Similarity is the Dice coefficient of the content words of a and b
// (Words, leaving out the owners' names, which gavel may move): 2|A∩B| /
// (|A|+|B|). When either text has no content word left, the names are
// kept.
func Similarity(a, b string, names []string) float64 {
	wa, wb := Words(a, names), Words(b, names)
	if len(wa) == 0 || len(wb) == 0 {
		wa, wb = Words(a, nil), Words(b, nil)
	}
	if len(wa)+len(wb) == 0 {
		return 0
	}
	n := 0
	for w := range wa {
		if wb[w] {
			n++
		}
	}
	return 2 * float64(n) / float64(len(wa)+len(wb))
}

// NormName normalises a person's name or handle for comparison: lower
// case, without a leading '@', '_' as a space, without dots, spaces collapsed;
// "everyone", "everybody" and "all" are the group marker "all".
func NormName(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.TrimLeft(s, "@")
	s = strings.ReplaceAll(s, "_", " ")
	// A name written as a one-word nick loses its dots ("David A. Wheeler"
	// is David_A_Wheeler, "@reyows.evets" reyowsevets): same person.
	s = strings.ReplaceAll(s, ".", "")
	s = strings.Join(strings.Fields(s), " ")
	s = strings.Trim(s, ".,;:!?()[]*")
	switch s {
	case "everyone", "everybody", "all", "the group":
		return "all"
	}
	return s
}

// SameName says whether two names name the same person: equal once
// normalised, or one is a single word that is the other's first word
// ("Tom" and "Tom Dale").
func SameName(a, b string) bool {
	a, b = NormName(a), NormName(b)
	if a == "" || b == "" {
		return false
	}
	if a == b {
		return true
	}
	fa, fb := strings.Fields(a), strings.Fields(b)
	return (len(fa) == 1 && fa[0] == fb[0]) || (len(fb) == 1 && fb[0] == fa[0])
}

// matchNames pairs truth names with gavel names one to one (exact matches
// first, then first-name matches); the result maps truth to gavel index.
func matchNames(truth, got []string) map[int]int {
	out := map[int]int{}
	used := map[int]bool{}
	for pass := 0; pass < 2; pass++ {
		for i, t := range truth {
			if _, ok := out[i]; ok {
				continue
			}
			for j, g := range got {
				if used[j] {
					continue
				}
				if (pass == 0 && NormName(t) == NormName(g)) || (pass == 1 && SameName(t, g)) {
					out[i] = j
					used[j] = true
					break
				}
			}
		}
	}
	return out
}

// compareOwners says whether got names exactly the owners of truth, and
// how many of got's owners the truth does not name.
func compareOwners(truth, got []string) (right bool, invented int) {
	m := matchNames(truth, got)
	invented = len(got) - len(m)
	return len(m) == len(truth) && invented == 0, invented
}

// Result is one file's output and score.
type Result struct {
	Case
	Output Output
	Score  Score
}

// Evaluate runs and scores every case, each in its own store under a new
// directory of tmp.
func Evaluate(ctx context.Context, tmp string, cases []Case) ([]Result, error) {
	out := make([]Result, 0, len(cases))
	for i, c := range cases {
		dir := filepath.Join(tmp, fmt.Sprintf("%03d", i))
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, err
		}
		o, err := Run(ctx, dir, c)
		if err != nil {
			return nil, fmt.Errorf("measuring %s: %w", c.File, err)
		}
		out = append(out, Result{Case: c, Output: o, Score: Compare(c, o)})
	}
	return out, nil
}

// Totals sums the scores of each half.
func Totals(rs []Result) map[string]Score {
	out := map[string]Score{Dev: {}, HeldOut: {}}
	for _, r := range rs {
		s := out[r.Split]
		s.Add(r.Score)
		out[r.Split] = s
	}
	return out
}

func pct(f float64) string { return fmt.Sprintf("%5.1f%%", 100*f) }

// pctOf is a/b as a percentage, or "–" when b is 0.
func pctOf(a, b int) string {
	if b == 0 {
		return "–"
	}
	return pct(ratio(a, b))
}

// WriteDetail writes, for each result, what differs from the truth: the
// labelled actions gavel missed, the actions it invented, wrong owners and
// deadlines, missing and invented attendees and done items. It is for
// the development half: the parser's developers must not read it for
// held-out files.
func WriteDetail(w io.Writer, rs []Result) error {
	var b strings.Builder
	for _, r := range rs {
		fmt.Fprintf(&b, "\n== %s (%s)\n", r.File, r.Split)
		if r.Output.Err != nil {
			fmt.Fprintf(&b, "  refused: %v\n", r.Output.Err)
		}
		t, out := r.Truth, r.Output
		pairs := matchActions(t.Actions, out.Actions)
		used := map[int]bool{}
		for i, a := range t.Actions {
			j, ok := pairs[i]
			if !ok {
				if !a.Done {
					fmt.Fprintf(&b, "  missed:   %q owners %v\n", a.Text, a.Owners)
				}
				continue
			}
			used[j] = true
			g := out.Actions[j]
			if right, _ := compareOwners(a.Owners, g.Owners); !right {
				fmt.Fprintf(&b, "  owners:   %q want %v got %v\n", a.Text, a.Owners, g.Owners)
			}
			want := ""
			if a.Deadline != nil {
				want = *a.Deadline
			}
			if got := g.Due; got != want || (want == "" && g.DueUnread && g.DueText != "") {
				if got == "" && g.DueText != "" {
					got = "unread " + strconvQuote(g.DueText)
				}
				fmt.Fprintf(&b, "  deadline: %q want %q got %q\n", a.Text, want, got)
			}
		}
		for j, g := range out.Actions {
			if !used[j] {
				fmt.Fprintf(&b, "  invented: %q owners %v\n", g.Text, g.Owners)
			}
		}
		m := matchNames(t.Attendees, out.Attendees)
		usedA := map[int]bool{}
		for i, a := range t.Attendees {
			if j, ok := m[i]; ok {
				usedA[j] = true
			} else {
				fmt.Fprintf(&b, "  attendee missing:  %s\n", a)
			}
		}
		for j, a := range out.Attendees {
			if !usedA[j] {
				fmt.Fprintf(&b, "  attendee invented: %s\n", a)
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func strconvQuote(s string) string { return fmt.Sprintf("%q", s) }

// Table returns the development half's table as docs/notes.md shows it
// (between TableBegin and TableEnd): what the columns mean, then a Markdown
// table with a row per development file and the half's totals. The
// held-out half has a table of its own (HeldOutTable), written only when
// asked for.
func Table(rs []Result) string {
	var b strings.Builder
	tot := Totals(rs)
	fmt.Fprintf(&b, "Measured by `make eval-notes UPDATE=1` on the %d development files (the corpus has %d, %d held out). Columns:\n", tot[Dev].Files, tot[Dev].Files+tot[HeldOut].Files, tot[HeldOut].Files)
	b.WriteString(`actions T/G/M = labelled open actions / actions gavel recorded / labelled open actions found; recall
(M/T) and precision (gavel actions matching a labelled action, open or done, / G) of actions; owners right =
matched actions whose owners are exactly right; owners invented = owners gavel gave a matched action that the truth
does not name; deadlines R/W/I/M = right / wrong / invented / missing; attendees and done items R/M/I = right /
missing / invented; "(refused)" after a file's name: gavel refused it, nothing was recorded. "–": nothing to divide.
`)
	b.WriteString("\n#### Development half\n\n" + tableHead)
	writeHalf(&b, rs, Dev, tot)
	return b.String()
}

// HeldOutTable returns the held-out half's table as docs/notes.md shows it
// (between HeldOutBegin and HeldOutEnd), saying at which commit it was
// measured: it is a dated measurement, made at the end of a session by
// "make eval-notes UPDATE=1 HELDOUT=1", not a figure make test keeps up to
// date (the parser's developers must not see it move with their changes).
func HeldOutTable(rs []Result, commit string) string {
	var b strings.Builder
	tot := Totals(rs)
	fmt.Fprintf(&b, "Measured by `make eval-notes UPDATE=1 HELDOUT=1` at commit %s on the %d held-out files (the columns are explained above the development table in docs/notes.md).\n", commit, tot[HeldOut].Files)
	b.WriteString("\n#### Held-out half\n\n" + tableHead)
	writeHalf(&b, rs, HeldOut, tot)
	return b.String()
}

// writeHalf writes the rows of the files of one half and the half's totals.
func writeHalf(b *strings.Builder, rs []Result, half string, tot map[string]Score) {
	for _, r := range rs {
		if r.Split == half {
			b.WriteString(tableRow(r))
		}
	}
	b.WriteString(totalRow(tot[half]))
}

// tableHead is the head of each half's table.
const tableHead = "| file | community | actions T/G/M | recall | precision | owners right | owners invented | deadlines R/W/I/M | attendees R/M/I | done R/M/I |\n|---|---|---|---|---|---|---|---|---|---|\n"

// scoreRow is a row of the table.
func scoreRow(name, comm string, s Score) string {
	return fmt.Sprintf("| %s | %s | %d/%d/%d | %s | %s | %s | %d | %d/%d/%d/%d | %d/%d/%d | %d/%d/%d |\n",
		name, comm, s.TruthOpen, s.Gavel, s.MatchedOpen, pctOf(s.MatchedOpen, s.TruthOpen), pctOf(s.Matched, s.Gavel), pctOf(s.OwnersRight, s.Matched),
		s.OwnersInvented, s.DeadlinesRight, s.DeadlinesWrong, s.DeadlinesInvented, s.DeadlinesMissing,
		s.AttendeesRight, s.AttendeesMissing, s.AttendeesInvented, s.DoneRight, s.DoneMissing, s.DoneInvented)
}

// tableRow is the row of one file.
func tableRow(r Result) string {
	name := r.File
	if r.Output.Err != nil {
		name += " (refused)"
	}
	return scoreRow(name, r.Community, r.Score)
}

// totalRow is the row of a half's totals.
func totalRow(s Score) string {
	return scoreRow(fmt.Sprintf("**total (%d files)**", s.Files), "", s)
}

// WriteTable writes Table(rs).
func WriteTable(w io.Writer, rs []Result) error {
	_, err := io.WriteString(w, Table(rs))
	return err
}

// The comments around the generated table in docs/notes.md: the text
// between them is Table's, written by "make eval-notes UPDATE=1"
// (SpliceTable) and checked by TestNotesCorpus (TableDiff).
const (
	TableBegin = "<!-- BEGIN notes-corpus table: written by make eval-notes UPDATE=1 (internal/notescorpus), do not edit -->"
	TableEnd   = "<!-- END notes-corpus table -->"
	// HeldOutBegin and HeldOutEnd mark the held-out half's table
	// (HeldOutTable), written by "make eval-notes UPDATE=1 HELDOUT=1" and
	// not checked by make test.
	HeldOutBegin = "<!-- BEGIN notes-corpus held-out table: written by make eval-notes UPDATE=1 HELDOUT=1 (internal/notescorpus), do not edit -->"
	HeldOutEnd   = "<!-- END notes-corpus held-out table -->"
)

// DocPath is docs/notes.md of the repository holding the corpus directory
// dir (testdata/notes-corpus).
func DocPath(dir string) string {
	return filepath.Join(dir, "..", "..", "docs", "notes.md")
}

// HeldOutDocPath is docs/notes-heldout.md, where the held-out half's table
// is kept: a file of its own, so that the parser's developers, who read
// docs/notes.md, never see it.
func HeldOutDocPath(dir string) string {
	return filepath.Join(dir, "..", "..", "docs", "notes-heldout.md")
}

// tableSpan returns where the text between the markers begin and end
// starts and ends in doc (after begin's line, at end's line).
func tableSpan(doc []byte, name, begin, end string) (int, int, error) {
	i := bytes.Index(doc, []byte(begin+"\n"))
	if i < 0 {
		return 0, 0, fmt.Errorf("%s: no line %q marking where a corpus table starts", name, begin)
	}
	start := i + len(begin) + 1
	j := bytes.Index(doc[start:], []byte(end))
	if j < 0 {
		return 0, 0, fmt.Errorf("%s: no line %q after %q", name, end, begin)
	}
	if bytes.Contains(doc[start+j+len(end):], []byte(begin)) {
		return 0, 0, fmt.Errorf("%s: the markers %q appear twice", name, begin)
	}
	return start, start + j, nil
}

// DocTable returns the table between the markers of doc (the text of the
// file name).
func DocTable(doc []byte, name string) (string, error) {
	s, e, err := tableSpan(doc, name, TableBegin, TableEnd)
	if err != nil {
		return "", err
	}
	return string(doc[s:e]), nil
}

// SpliceTable returns doc with the text between its markers (TableBegin
// and TableEnd) replaced by table; name (the file's) is for errors.
func SpliceTable(doc []byte, name, table string) ([]byte, error) {
	return splice(doc, name, TableBegin, TableEnd, table)
}

// SpliceHeldOutTable returns doc with the text between HeldOutBegin and
// HeldOutEnd replaced by table.
func SpliceHeldOutTable(doc []byte, name, table string) ([]byte, error) {
	return splice(doc, name, HeldOutBegin, HeldOutEnd, table)
}

// splice replaces the text between the markers begin and end of doc.
func splice(doc []byte, name, begin, end, table string) ([]byte, error) {
	s, e, err := tableSpan(doc, name, begin, end)
	if err != nil {
		return nil, err
	}
	out := make([]byte, 0, len(doc)-(e-s)+len(table))
	out = append(out, doc[:s]...)
	out = append(out, table...)
	return append(out, doc[e:]...), nil
}

// TableDiff says how the development table written in a document (got)
// differs from Table(rs), or "" when it does not: the development files
// whose rows differ and the measured totals. Held-out results in rs are
// never looked at.
func TableDiff(got string, rs []Result) string {
	want := Table(rs)
	if got == want {
		return ""
	}
	have := map[string]bool{}
	for _, l := range strings.SplitAfter(got, "\n") {
		have[l] = true
	}
	var dev []string
	for _, r := range rs {
		if r.Split == Dev && !have[tableRow(r)] {
			dev = append(dev, r.File)
		}
	}
	var parts []string
	if len(dev) > 0 {
		parts = append(parts, fmt.Sprintf("%d development rows differ or are missing (%s)", len(dev), strings.Join(dev, ", ")))
	}
	if l := totalRow(Totals(rs)[Dev]); !have[l] {
		parts = append(parts, fmt.Sprintf("the dev totals are now %s", strings.TrimSpace(l)))
	}
	if len(parts) == 0 {
		parts = append(parts, "rows of files no longer measured, or the text around the rows, differ")
	}
	return strings.Join(parts, "; ")
}

// Baseline holds the committed totals of each half that the corpus test
// must not fall below.
type Baseline map[string]Score

// ReadBaseline reads a baseline file.
func ReadBaseline(path string) (Baseline, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out Baseline
	if err := json.Unmarshal(b, &out); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return out, nil
}

// WriteBaseline writes the totals of the halves named as a baseline file,
// keeping the other halves' totals the file already has.
func WriteBaseline(path string, tot map[string]Score, halves ...string) error {
	base, err := ReadBaseline(path)
	if errors.Is(err, fs.ErrNotExist) {
		base, err = Baseline{}, nil
	}
	if err != nil {
		return err
	}
	for _, h := range halves {
		base[h] = tot[h]
	}
	b, err := json.MarshalIndent(base, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}

// Regressions lists, for each of the halves named, every figure of got
// that is worse than the baseline: a rate or a count of right answers
// lower, a count of invented or wrong answers higher. A half whose number
// of files differs from the baseline's is reported too (the corpus changed:
// the baseline must be measured again). make test names only the
// development half: a gate on the held-out half would let its figures
// decide which rules stay.
func Regressions(base Baseline, got map[string]Score, halves ...string) []string {
	var out []string
	for _, half := range halves {
		b, ok := base[half]
		if !ok {
			out = append(out, fmt.Sprintf("%s: no baseline", half))
			continue
		}
		g := got[half]
		if b.Files != g.Files {
			out = append(out, fmt.Sprintf("%s: %d files, the baseline has %d: measure the baseline again", half, g.Files, b.Files))
			continue
		}
		rate := func(name string, gv, bv float64) {
			// Rates are compared at the precision the table shows.
			if int(gv*1000+0.5) < int(bv*1000+0.5) {
				out = append(out, fmt.Sprintf("%s: %s %s < baseline %s", half, name, pct(gv), pct(bv)))
			}
		}
		rate("action recall", g.Recall(), b.Recall())
		rate("action precision", g.Precision(), b.Precision())
		rate("owner accuracy", g.OwnerAccuracy(), b.OwnerAccuracy())
		more := func(name string, gv, bv int) {
			if gv < bv {
				out = append(out, fmt.Sprintf("%s: %s %d < baseline %d", half, name, gv, bv))
			}
		}
		less := func(name string, gv, bv int) {
			if gv > bv {
				out = append(out, fmt.Sprintf("%s: %s %d > baseline %d", half, name, gv, bv))
			}
		}
		more("deadlines right", g.DeadlinesRight, b.DeadlinesRight)
		more("attendees right", g.AttendeesRight, b.AttendeesRight)
		more("done items right", g.DoneRight, b.DoneRight)
		less("files refused", g.Refused, b.Refused)
		less("owners invented", g.OwnersInvented, b.OwnersInvented)
		less("deadlines wrong", g.DeadlinesWrong, b.DeadlinesWrong)
		less("deadlines invented", g.DeadlinesInvented, b.DeadlinesInvented)
		less("attendees invented", g.AttendeesInvented, b.AttendeesInvented)
		less("done items invented", g.DoneInvented, b.DoneInvented)
	}
	return out
}

// ErrNoCorpus is returned by FindDir when no corpus directory is found.
var ErrNoCorpus = errors.New("testdata/notes-corpus not found")

// FindDir finds testdata/notes-corpus from the working directory upwards.
func FindDir() (string, error) {
	d, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		p := filepath.Join(d, "testdata", "notes-corpus")
		if st, err := os.Stat(p); err == nil && st.IsDir() {
			return p, nil
		}
		up := filepath.Dir(d)
		if up == d {
			return "", ErrNoCorpus
		}
		d = up
	}
}
