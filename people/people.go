// Package people is gavel's people directory: the [[people]] tables of the
// configuration, so that a name written in face-to-face notes ("Kushal Das",
// "PJP") and a nick said on IRC ("kushal") resolve to one person.
//
// Lookups are case-insensitive and ignore surrounding spaces and a leading
// '@' or trailing ':' or ','. A name that matches nobody is kept as written:
// the directory never invents people.
package people

import (
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/gavel-irc/gavel/config"
	"golang.org/x/text/unicode/norm"
)

// Person is one person of the directory.
type Person struct {
	// Name is the display name, as configured ("Kushal Das").
	Name string
	// Nicks are the person's IRC nicks.
	Nicks []string
	// Aliases are other names the person goes by in notes ("PJP").
	Aliases []string
	// Location is the person's time zone (UTC when not configured).
	Location *time.Location
	// Email is the person's address, or "".
	Email string
}

// Directory resolves names and nicks to people. The zero value and a nil
// *Directory are empty directories: every lookup misses and Canonical
// returns names as written. A Directory is read-only after New and safe for
// concurrent use.
type Directory struct {
	people []Person
	// exact maps a folded name, nick or alias to the person's index.
	exact map[string]int
	// first maps a folded first word of a Name to the person's index, or
	// to -1 when two people share it.
	first map[string]int
}

// New builds a directory from the configured people. When two people claim
// the same name or nick, the first one configured keeps it.
func New(ps []config.Person) *Directory {
	d := &Directory{exact: map[string]int{}, first: map[string]int{}}
	for _, cp := range ps {
		if strings.TrimSpace(cp.Name) == "" {
			continue
		}
		p := Person{
			Name:     strings.TrimSpace(cp.Name),
			Nicks:    append([]string(nil), cp.Nicks...),
			Aliases:  append([]string(nil), cp.Aliases...),
			Location: cp.Location,
			Email:    cp.Email,
		}
		if p.Location == nil {
			p.Location = time.UTC
		}
		i := len(d.people)
		d.people = append(d.people, p)
		for _, k := range append(append([]string{p.Name}, p.Nicks...), p.Aliases...) {
			if f := fold(k); f != "" {
				if _, taken := d.exact[f]; !taken {
					d.exact[f] = i
				}
			}
		}
		if w := strings.Fields(p.Name); len(w) > 1 {
			f := fold(w[0])
			if j, seen := d.first[f]; seen && j != i {
				d.first[f] = -1
			} else {
				d.first[f] = i
			}
		}
	}
	return d
}

// FromConfig builds the directory of c's [[people]] tables.
func FromConfig(c *config.Config) *Directory {
	if c == nil {
		return New(nil)
	}
	return New(c.People)
}

// fold is the normal form of a name or nick used as a key: lower-cased,
// without the marks of accented letters ("Tomáš" and "Tomas" are one key).
func fold(s string) string {
	s = strings.TrimSpace(s)
	s = strings.TrimLeft(s, keyLead)
	s = strings.TrimRight(s, keyTrail)
	return strings.ToLower(unaccented(spaced(s)))
}

// Key is the form in which two spellings of one name compare equal: case,
// spacing, a leading '@' and accents aside ("Tomáš" in the prose and
// "Tomas Mraz" in the attendance list are one person's first names).
func Key(s string) string { return fold(s) }

// SameName reports whether a and b are one name as Key compares them
// (Key(a) == Key(b)), without building the keys of plain ASCII names, the
// common case of a notes import's name look-ups.
func SameName(a, b string) bool {
	if strings.EqualFold(a, b) {
		return true
	}
	if plainASCII(a) && plainASCII(b) {
		// Nothing Key trims, spaces or folds beyond case.
		return false
	}
	return Key(a) == Key(b)
}

// keyLead and keyTrail are the bytes Key trims from a name's start and end.
const (
	keyLead  = "@+~&%"
	keyTrail = ":,;."
)

// plainASCII reports whether Key(s) is strings.ToLower(s): s is ASCII, has
// no control spacing nor two spaces running, and neither starts with a
// space or one of keyLead nor ends with a space or one of keyTrail ("Ann
// Smith", "J. Doe"). One pass, as SameName runs on every name compare of the
// notes rules; FuzzSameName checks it against Key.
func plainASCII(s string) bool {
	if s == "" {
		return true
	}
	if first, last := s[0], s[len(s)-1]; first == ' ' || last == ' ' ||
		strings.IndexByte(keyLead, first) >= 0 || strings.IndexByte(keyTrail, last) >= 0 {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= utf8.RuneSelf, c < ' ', c == ' ' && s[i+1] == ' ':
			return false
		}
	}
	return true
}

// isASCII reports whether s has only ASCII bytes.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// unaccented is s without combining marks after canonical decomposition
// ("Tomáš" is "Tomas"); letters with no decomposition ("ø", "ł") stay.
func unaccented(s string) string {
	if isASCII(s) {
		return s
	}
	d := norm.NFD.String(s)
	var b strings.Builder
	b.Grow(len(d))
	for _, r := range d {
		if !unicode.Is(unicode.Mn, r) {
			b.WriteRune(r)
		}
	}
	return norm.NFC.String(b.String())
}

// spaced is strings.Join(strings.Fields(s), " "): s with its runs of white
// space made one space and none at either end. A notes import asks it for
// every owner and name, nearly all written so already: those come back as
// they are, without a slice of their words (FuzzSpaced checks it against
// the words joined).
func spaced(s string) string {
	if s == "" {
		return s
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return strings.Join(strings.Fields(s), " ")
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r' || c == ' ' && s[i+1] == ' ' {
			return strings.Join(strings.Fields(s), " ")
		}
	}
	return s
}

// Lookup finds the person named, nicked or aliased s. When nothing matches
// exactly and s is one word that is the first word of exactly one person's
// Name ("Rahul" for "Rahul Sundaram"), that person is returned.
func (d *Directory) Lookup(s string) (Person, bool) {
	if i, ok := d.index(s); ok {
		return d.people[i], true
	}
	return Person{}, false
}

// index is Lookup's answer as the person's index in d.people.
func (d *Directory) index(s string) (int, bool) {
	if d == nil || len(d.people) == 0 {
		// Nobody to find (no [[people]]): s is not folded for nothing.
		return 0, false
	}
	f := fold(s)
	if f == "" {
		return 0, false
	}
	if i, ok := d.exact[f]; ok {
		return i, true
	}
	if !strings.Contains(f, " ") {
		if i, ok := d.first[f]; ok && i >= 0 {
			return i, true
		}
	}
	return 0, false
}

// Known reports whether s names a person of the directory.
func (d *Directory) Known(s string) bool {
	_, ok := d.Lookup(s)
	return ok
}

// Canonical returns the display name of the person s names, or s as written
// (spaces trimmed and collapsed) when it names nobody known. A Token of an
// unknown name ("Ankur_Sinha") comes back with its spaces ("Ankur Sinha").
func (d *Directory) Canonical(s string) string {
	if p, ok := d.Lookup(s); ok {
		return p.Name
	}
	if strings.Contains(s, "_") && !strings.ContainsAny(s, " \t") {
		// A Token of an unknown name: "Ankur_Sinha".
		if spaced := strings.ReplaceAll(s, "_", " "); strings.Count(spaced, " ") <= 2 && LooksLikeName(spaced) {
			if p, ok := d.Lookup(spaced); ok {
				return p.Name
			}
			return spaced
		}
	}
	return spaced(s)
}

// CanonicalAll maps Canonical over names, dropping empty names and
// duplicates (compared case-insensitively), keeping the first order.
func (d *Directory) CanonicalAll(names []string) []string {
	var out []string
	var seen []string // the lower-cased names kept (lists are short)
	for _, n := range names {
		c := d.Canonical(n)
		if c == "" {
			continue
		}
		k := strings.ToLower(c)
		if slices.Contains(seen, k) {
			continue
		}
		seen = append(seen, k)
		out = append(out, c)
	}
	return out
}

// Same reports whether a and b name the same person: both resolve to one
// person of the directory, or, for unknown names, they are equal ignoring
// case and spacing.
func (d *Directory) Same(a, b string) bool {
	return strings.EqualFold(d.Canonical(a), d.Canonical(b))
}

// Spellings returns every name b for which Same(s, b) holds, as an owner
// index keys them (compared case-insensitively): Canonical(s), and when s
// names a person of the directory, the person's name, nicks and aliases
// and the first word of the name when it names only that person. A name
// stored when the directory did not know the person yet is one of these.
func (d *Directory) Spellings(s string) []string {
	c := d.Canonical(s)
	if c == "" {
		return nil
	}
	out := []string{c}
	add := func(n string) {
		n = strings.Join(strings.Fields(n), " ")
		for _, o := range out {
			if strings.EqualFold(o, n) {
				return
			}
		}
		out = append(out, n)
	}
	i, ok := d.index(s)
	if !ok {
		if i, ok = d.index(c); !ok {
			return out
		}
	}
	p := d.people[i]
	for _, k := range append(append([]string{p.Name}, p.Nicks...), p.Aliases...) {
		if j, ok := d.exact[fold(k)]; ok && j == i {
			add(k)
		}
	}
	if w := strings.Fields(p.Name); len(w) > 1 {
		if j, ok := d.first[fold(w[0])]; ok && j == i {
			add(w[0])
		}
	}
	return out
}

// Nick returns the first configured IRC nick of the person s names, or ""
// when s names nobody known or the person has no nick.
func (d *Directory) Nick(s string) string {
	if p, ok := d.Lookup(s); ok && len(p.Nicks) > 0 {
		return p.Nicks[0]
	}
	return ""
}

// People returns the people of the directory in the order configured.
func (d *Directory) People() []Person {
	if d == nil {
		return nil
	}
	return append([]Person(nil), d.people...)
}

// LooksLikeName reports whether s could be a person's name when the
// directory does not know it: one to three words, each starting with an
// upper-case letter (a last word "team" is allowed: "Logistics team"; a
// word after the first may start with a lower-case particle and an
// apostrophe before the upper-case letter: "Lawrence d'Oliveiro"), made of
// letters, digits, dots, hyphens, underscores and apostrophes.
func LooksLikeName(s string) bool {
	n := 0
	for range strings.FieldsSeq(s) {
		if n++; n > 3 {
			return false
		}
	}
	if n == 0 {
		return false
	}
	i := -1
	for word := range strings.FieldsSeq(s) {
		i++
		r0, _ := utf8.DecodeRuneInString(word)
		if !unicode.IsUpper(r0) && !(i > 0 && i == n-1 && strings.EqualFold(word, "team")) && !(i > 0 && particled(word)) {
			return false
		}
		for _, r := range word {
			if !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.' || r == '-' || r == '_' || r == '\'' || r == '’') {
				return false
			}
		}
	}
	return true
}

// particled reports whether word is a lower-case particle, an apostrophe
// and a capitalised name: "d'Oliveiro", "d’Oliveiro", "l'Hôpital".
func particled(word string) bool {
	i := strings.IndexAny(word, "'’")
	if i < 1 || i > 2 {
		return false
	}
	for _, r := range word[:i] {
		if !unicode.IsLower(r) {
			return false
		}
	}
	_, n := utf8.DecodeRuneInString(word[i:])
	r, _ := utf8.DecodeRuneInString(word[i+n:])
	return unicode.IsUpper(r)
}

// Token returns a one-word form of the name s for places that need a nick,
// such as the meeting events a notes import writes: the person's first
// configured nick when the directory knows one, else s with its spaces
// replaced by '_' ("Ankur Sinha" becomes "Ankur_Sinha") and characters a
// nick cannot hold dropped, except an apostrophe (' or ’) inside a word,
// which the name keeps as written ("O'Phinney"; the meeting engine takes
// such a token from notes, never from IRC, where no nick holds one).
// Canonical reverses the spaces.
func (d *Directory) Token(s string) string {
	if n := d.Nick(s); n != "" {
		return n
	}
	// Only characters an IRC nick may hold (letters, digits, []\`_^{|}-)
	// and apostrophes, so the engine takes the token as a name: "Dr. Who"
	// is "Dr_Who", "Matthew Weier O'Phinney" "Matthew_Weier_O'Phinney".
	t := strings.Map(func(r rune) rune {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("-_[]\\`^{|}'’", r):
			return r
		case unicode.IsSpace(r):
			return ' '
		}
		return -1
	}, s)
	if strings.ContainsAny(t, "'’") {
		t = innerApostrophes(t)
	}
	return strings.ReplaceAll(spaced(t), " ", "_")
}

// innerApostrophes is s without the apostrophes that are not between two
// letters or digits ("the Joneses' " loses it, "O'Brien" keeps it).
func innerApostrophes(s string) string {
	rs := []rune(s)
	out := rs[:0:0]
	for i, r := range rs {
		if (r == '\'' || r == '’') && !(i > 0 && wordRune(rs[i-1]) && i+1 < len(rs) && wordRune(rs[i+1])) {
			continue
		}
		out = append(out, r)
	}
	return string(out)
}

// wordRune reports whether r is a letter or a digit.
func wordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
