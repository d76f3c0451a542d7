package notes

import (
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// frontMatter is what gavel takes from the YAML front matter of a notes
// file (the block between a first line "---" and the next "---" or "..."
// line, as Hugo, Jekyll and GitHub Pages write it): the title, the date and
// the people present. Other keys are ignored.
type frontMatter struct {
	title string
	// date is the date as written, on line dateLine of the file.
	date     string
	dateLine int
	// people are the values of the attendance keys: each a name, or a
	// list written on one line ("Alice, Bob and Carol").
	people []string
	// warnings say what of the front matter could not be read.
	warnings []Warning
	// visited counts the nodes names has looked at (see fmMaxVisits).
	visited int
}

// Bounds on what is taken from front matter: a YAML alias can repeat a
// node many times over ("a: &a [~, ~], b: &b [*a, *a], ..."), so the nodes
// looked at are counted, not only the names found.
const (
	fmMaxDepth  = 4
	fmMaxPeople = 1000
	fmMaxVisits = 100000
)

// readFrontMatter finds and reads the front matter of a file of n lines
// (line(i) is the text of line i, 0-based, without its end) and returns it
// with the index of the first line of the body. A first line "---" opens
// front matter only when a "---" (or "...") line closes it and what lies
// between is a YAML mapping (key: value lines), or starts as one: else the
// "---" is a Markdown rule and the whole file is the body, so no line of
// notes is ever dropped for looking like front matter. Front matter that is
// not valid YAML is read key by key, and what cannot be read is named in a
// warning with its line; the body is read all the same.
func readFrontMatter(n int, line func(int) string) (frontMatter, int) {
	var fm frontMatter
	if n == 0 || strings.TrimRight(line(0), " \t") != "---" {
		return fm, 0
	}
	end := -1
	for i := 1; i < n; i++ {
		if t := strings.TrimRight(line(i), " \t"); t == "---" || t == "..." {
			end = i
			break
		}
	}
	if end < 0 {
		if n > 1 && keyLine(line(1)) {
			fm.warnings = append(fm.warnings, Warning{Line: 1, Msg: "front matter opened by --- is not closed by a --- line: the whole file is read as notes"})
		}
		return fm, 0
	}
	lines := make([]string, 0, end-1)
	for i := 1; i < end; i++ {
		lines = append(lines, line(i))
	}
	var doc yaml.Node
	err := yaml.Unmarshal([]byte(strings.Join(lines, "\n")), &doc)
	if err == nil {
		root := &doc
		if root.Kind == yaml.DocumentNode && len(root.Content) > 0 {
			root = root.Content[0]
		}
		switch root.Kind {
		case 0:
			return fm, end + 1 // empty, or only comments
		case yaml.MappingNode:
			fm.take(root, 1)
			return fm, end + 1
		}
		// A scalar or a list: text between two Markdown rules.
		return fm, 0
	}
	first := ""
	for _, l := range lines {
		if t := trimSpace(l); t != "" && !strings.HasPrefix(t, "#") {
			first = l
			break
		}
	}
	if !keyLine(first) {
		return fm, 0
	}
	// The YAML reader gives no line for an error on the first line, and
	// counts some from 0: the first key that cannot be read alone says
	// where the error is.
	fm.salvage(lines)
	at := 2
	if len(fm.warnings) > 0 {
		at = fm.warnings[0].Line
	} else if l := yamlLine(err); l > 0 {
		at = 1 + l
	}
	fm.warnings = append([]Warning{{Line: at, Msg: "front matter is not valid YAML (" + yamlMsg(err) + "): its keys are read one by one"}}, fm.warnings...)
	return fm, end + 1
}

// salvage reads front matter that is not valid YAML key by key: each key
// at the start of a line, with the indented or list lines under it, is
// read as YAML on its own. A key on one line that still is not YAML
// ("title: Call: Q3 plans") has the text after its colon as its value;
// other lines that cannot be read are named in a warning.
func (fm *frontMatter) salvage(lines []string) {
	lost := func(from, to int, why string) {
		what := "line " + strconv.Itoa(from+2)
		if to > from {
			what = "lines " + strconv.Itoa(from+2) + "-" + strconv.Itoa(to+2)
		}
		fm.warnings = append(fm.warnings, Warning{Line: from + 2, Msg: "front matter " + what + " not read (" + why + ")"})
	}
	for i := 0; i < len(lines); {
		t := trimSpace(lines[i])
		if t == "" || strings.HasPrefix(t, "#") {
			i++
			continue
		}
		j := i + 1
		for j < len(lines) && !keyLine(lines[j]) {
			j++
		}
		if !keyLine(lines[i]) {
			lost(i, j-1, "not under a key")
			i = j
			continue
		}
		var doc yaml.Node
		err := yaml.Unmarshal([]byte(strings.Join(lines[i:j], "\n")), &doc)
		switch {
		case err == nil && len(doc.Content) > 0 && doc.Content[0].Kind == yaml.MappingNode:
			fm.take(doc.Content[0], i+1)
		case err == nil:
			lost(i, j-1, "not a key: value")
		default:
			last := j - 1
			for last > i && trimSpace(lines[last]) == "" {
				last--
			}
			k, v, _ := strings.Cut(lines[i], ":")
			v = trimSpace(v)
			if last == i && v != "" && !strings.ContainsRune("[{\"'|>&*!%@`", rune(v[0])) {
				// "title: Call: Q3 plans": the text after the colon.
				fm.warnings = append(fm.warnings, Warning{Line: i + 2, Msg: "front matter line " + strconv.Itoa(i+2) + " is not valid YAML (" + yamlMsg(err) + "): its value is read as the text after " + strconv.Quote(trimSpace(k)+":")})
				m := &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{
					{Kind: yaml.ScalarNode, Value: trimSpace(k), Line: 1},
					{Kind: yaml.ScalarNode, Value: v, Line: 1},
				}}
				fm.take(m, i+1)
			} else {
				lost(i, last, yamlMsg(err))
			}
		}
		i = j
	}
}

// keyLine reports whether l starts, without indentation, with a YAML key
// and its colon ("title:", "other_attendees: [a, b]").
func keyLine(l string) bool {
	k, rest, ok := strings.Cut(l, ":")
	if !ok || k == "" || (rest != "" && rest[0] != ' ' && rest[0] != '\t') {
		return false
	}
	for i, c := range k {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c == '_':
		case i > 0 && (c >= '0' && c <= '9' || c == '-' || c == ' ' || c == '.'):
		default:
			return false
		}
	}
	return true
}

// yamlLine and yamlMsg split an error of the YAML reader ("yaml: line 3:
// could not find expected ':'") into the line (1-based in the text read,
// 0 when not given) and the message.
func yamlLine(err error) int {
	s := strings.TrimPrefix(err.Error(), "yaml: ")
	if rest, ok := strings.CutPrefix(s, "line "); ok {
		num, _, _ := strings.Cut(rest, ":")
		if n, err := strconv.Atoi(num); err == nil {
			return n
		}
	}
	return 0
}

func yamlMsg(err error) string {
	s := strings.TrimPrefix(err.Error(), "yaml: ")
	if rest, ok := strings.CutPrefix(s, "line "); ok {
		if _, msg, ok := strings.Cut(rest, ": "); ok {
			return msg
		}
	}
	return s
}

// warn adds a warning on line off+rel of the file (off when rel is 0).
func (fm *frontMatter) warn(off, rel int, msg string) {
	fm.warnings = append(fm.warnings, Warning{Line: off + max(rel, 0), Msg: msg})
}

// take reads the keys gavel uses from a mapping whose line 1 is line
// off+1 of the file: title, date, and the people keys (fmPeopleRE:
// "attendees", "present", "members", "other_attendees", "chair", ...).
func (fm *frontMatter) take(m *yaml.Node, off int) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			continue
		}
		key := fmKey(k.Value)
		switch {
		case key == "title" || key == "date":
			s, ok := fmText(v)
			if !ok {
				fm.warn(off, k.Line, "front matter "+key+" is not text: ignored")
				continue
			}
			if key == "title" && fm.title == "" {
				fm.title = s
			} else if key == "date" && fm.date == "" {
				fm.date, fm.dateLine = s, off+k.Line
			}
		case fmPeopleRE().MatchString(key):
			fm.names(v, 0)
		}
	}
}

// fmText returns a scalar's text with its white space runs made single
// spaces (a folded or multi-line title), following an alias.
func fmText(v *yaml.Node) (string, bool) {
	if v.Kind == yaml.AliasNode && v.Alias != nil {
		v = v.Alias
	}
	if v.Kind != yaml.ScalarNode || v.Tag == "!!null" {
		return "", false
	}
	return strings.Join(strings.Fields(v.Value), " "), true
}

// names adds the people of an attendance value: a name or a list written
// as text, a YAML list of them, a list of records with a "name", or a
// mapping of lists ("present: [...]", "remote: [...]"; the keys that say
// someone was away, "regrets", "absent", are skipped).
func (fm *frontMatter) names(v *yaml.Node, depth int) {
	if fm.visited++; depth > fmMaxDepth || fm.full() {
		return
	}
	if v.Kind == yaml.AliasNode && v.Alias != nil {
		v = v.Alias
	}
	switch v.Kind {
	case yaml.ScalarNode:
		if s, ok := fmText(v); ok && s != "" {
			fm.people = append(fm.people, s)
		}
	case yaml.SequenceNode:
		for _, c := range v.Content {
			if fm.full() {
				return
			}
			fm.names(c, depth+1)
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(v.Content); i += 2 {
			if k := v.Content[i]; k.Kind == yaml.ScalarNode && fmKey(k.Value) == "name" {
				fm.names(v.Content[i+1], depth+1)
				return
			}
		}
		for i := 0; i+1 < len(v.Content) && !fm.full(); i += 2 {
			if k := v.Content[i]; k.Kind == yaml.ScalarNode && !absentKey(fmKey(k.Value)) {
				fm.names(v.Content[i+1], depth+1)
			}
		}
	}
}

// full reports whether names has found or looked at enough.
func (fm *frontMatter) full() bool {
	return len(fm.people) >= fmMaxPeople || fm.visited > fmMaxVisits
}

// fmKey is a front-matter key lower-cased, with "_" and "-" as spaces.
func fmKey(k string) string {
	return strings.Join(strings.Fields(strings.NewReplacer("_", " ", "-", " ").Replace(strings.ToLower(k))), " ")
}

// absentKey reports whether a front-matter key (fmKey) says who was away
// ("regrets", "absent", "not present").
func absentKey(k string) bool {
	for _, w := range strings.Fields(k) {
		switch w {
		case "absent", "regrets", "apologies", "unavailable", "excused", "missing", "away", "not":
			return true
		}
	}
	return false
}

// frontDate reads a front-matter date: YYYY-MM-DD, or a YAML timestamp
// that starts with one ("2026-05-12T15:00:00Z", "2026-05-12 15:00"), of
// which the date is taken as written.
func frontDate(s string) (time.Time, bool) {
	if len(s) < 10 || len(s) > 10 && s[10] != 'T' && s[10] != 't' && s[10] != ' ' {
		return time.Time{}, false
	}
	d, err := time.Parse("2006-01-02", s[:10])
	return d, err == nil
}
