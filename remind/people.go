package remind

import (
	"strings"
	"time"

	"github.com/gavel-irc/gavel/people"
)

// Person is an owner as the reminder sees one: who to ping, where, and in
// which time zone.
type Person struct {
	// Name is the display name ("Kushal Das"), or the owner as written
	// when the directory does not know them.
	Name string
	// Nicks are the person's IRC nicks; the first is the main one.
	Nicks []string
	// Location is the person's time zone (never nil after resolve).
	Location *time.Location
	// Email is the address for e-mail reminders, or "".
	Email string
}

// key returns the person's stable id for marks and outboxes: the main nick
// when there is one, else the name, lower-cased and without slashes or
// spaces.
func (p Person) key() string {
	k := p.Name
	if len(p.Nicks) > 0 {
		k = p.Nicks[0]
	}
	k = strings.ToLower(strings.Join(strings.Fields(k), "_"))
	return strings.ReplaceAll(k, "/", "_")
}

// resolve returns the person the directory knows as owner (a name, nick or
// alias), or a person made from the owner as written (their nick when it
// can be one) in zone loc.
func resolve(dir *people.Directory, owner string, loc *time.Location) Person {
	if pp, ok := dir.Lookup(owner); ok {
		p := Person{Name: pp.Name, Nicks: pp.Nicks, Location: pp.Location, Email: pp.Email}
		if p.Location == nil {
			p.Location = loc
		}
		return p
	}
	owner = strings.TrimSpace(owner)
	p := Person{Name: owner, Location: loc}
	if isNick(owner) {
		p.Nicks = []string{owner}
	}
	return p
}

// isNick reports whether s can be an IRC nick.
func isNick(s string) bool {
	if s == "" || len(s) > 30 || strings.ContainsAny(s, " ,*?!@#:/\r\n\x00") {
		return false
	}
	return !(s[0] >= '0' && s[0] <= '9') && s[0] != '-'
}
