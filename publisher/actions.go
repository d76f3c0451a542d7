package publisher

import (
	"sort"
	"strings"
	"time"
)

// actionView is an action item as the pages show it.
type actionView struct {
	Action
	Overdue  bool
	Meetings []*ref
}

// Class is the item's CSS class.
func (a actionView) Class() string {
	switch {
	case !a.Open():
		return "closed"
	case a.Overdue:
		return "overdue"
	}
	return "open"
}

// ownerGroup is the items of one owner.
type ownerGroup struct {
	Owner string
	Slug  string
	Items []actionView
}

// actionsPage is the data of actions.html.
type actionsPage struct {
	AsOf    string
	AsOfISO string
	Open    []actionView
	Overdue int
	Groups  []ownerGroup
}

// ownerPage is the data of owner.html.
type ownerPage struct {
	Owner  string
	Open   []actionView
	Closed []actionView
}

// unassigned names the group of items nobody owns.
const unassigned = "Unassigned"

func ownerSlug(owner string) string {
	if owner == "" {
		return "_unassigned"
	}
	return slugify(owner)
}

func actionLess(a, b actionView) bool {
	if (a.Due == "") != (b.Due == "") {
		return a.Due != ""
	}
	if a.Due != b.Due {
		return a.Due < b.Due
	}
	if !a.Created.Equal(b.Created) {
		return a.Created.Before(b.Created)
	}
	return a.ID < b.ID
}

// writeActions writes actions/index.html (open items by owner, overdue
// marked against Options.Now) and a page per owner.
func (p *Publisher) writeActions(b *build) error {
	today := p.opt.Now.Format("2006-01-02")
	type owner struct {
		name   string
		open   []actionView
		closed []actionView
	}
	owners := map[string]*owner{}
	get := func(name string) *owner {
		k := strings.ToLower(name)
		if owners[k] == nil {
			owners[k] = &owner{name: name}
		}
		return owners[k]
	}
	ap := actionsPage{AsOf: today, AsOfISO: p.opt.Now.Format(time.RFC3339)}
	for _, a := range b.actions {
		v := actionView{Action: a}
		v.Overdue = a.Open() && a.Due != "" && a.Due < today
		for _, id := range a.Meetings {
			if r := b.byID[id]; r != nil {
				v.Meetings = append(v.Meetings, r)
			}
		}
		names := a.Owners
		if len(names) == 0 {
			names = []string{""}
		}
		if a.Open() {
			ap.Open = append(ap.Open, v)
			if v.Overdue {
				ap.Overdue++
			}
		}
		for _, n := range names {
			o := get(n)
			if a.Open() {
				o.open = append(o.open, v)
			} else {
				o.closed = append(o.closed, v)
			}
		}
	}
	keys := sortedKeys(owners)
	for _, k := range keys {
		o := owners[k]
		sort.Slice(o.open, func(i, j int) bool { return actionLess(o.open[i], o.open[j]) })
		sort.Slice(o.closed, func(i, j int) bool {
			if !o.closed[i].Updated.Equal(o.closed[j].Updated) {
				return o.closed[i].Updated.After(o.closed[j].Updated)
			}
			return o.closed[i].ID < o.closed[j].ID
		})
		name := o.name
		if name == "" {
			name = unassigned
		}
		if len(o.open) > 0 {
			ap.Groups = append(ap.Groups, ownerGroup{Owner: name, Slug: ownerSlug(o.name), Items: o.open})
		}
		rel := "actions/" + ownerSlug(o.name) + "/index.html"
		if err := p.page(b, "owner.html", rel, "Action items of "+name, nil, ownerPage{Owner: name, Open: o.open, Closed: o.closed}); err != nil {
			return err
		}
	}
	return p.page(b, "actions.html", "actions/index.html", "Open action items", nil, ap)
}
