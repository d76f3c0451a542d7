package publisher

import (
	"html"
	"strconv"
	"strings"
	"time"

	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/minutes"
)

// The feed entry of a meeting is written for people who read it in an
// aggregator (a planet), away from the site: it is made from the meeting,
// not from the minutes page, and uses only elements and attributes that
// feedparser's sanitizer keeps (p, h3, ul, li, strong, a href), so what a
// planet shows is what gavel wrote. Its parts, each only when it has
// something: the chair's summary, one line of context, the decisions, the
// action items by person (with the tracker's ids and deadlines), the
// topics with their items, and links to every minutes format.

// entryFormat is one minutes format linked from an entry.
type entryFormat struct {
	Name string
	URL  string
	// path is the file's path from the site root.
	path string
}

// entryFormatOrder is the order and names of the formats an entry links.
var entryFormatOrder = []struct{ format, name string }{
	{"html", "minutes"}, {"txt", "text"}, {"md", "Markdown"}, {"json", "JSON"},
	{"log.html", "full log"}, {"log.txt", "full log (text)"},
}

// entryFormats returns the absolute links of a meeting's minutes files.
func (p *Publisher) entryFormats(files []MinutesFile) []entryFormat {
	byFormat := map[string]string{}
	for _, f := range files {
		byFormat[f.Format] = f.Path
	}
	var out []entryFormat
	for _, f := range entryFormatOrder {
		if path, ok := byFormat[f.format]; ok {
			out = append(out, entryFormat{Name: f.name, URL: p.abs(path), path: path})
		}
	}
	return out
}

// feedWeight is what makes a meeting worth an entry: its topics,
// decisions, action items and votes (a chair's summary counts as many as
// needed). Meetings below Options.FeedMinItems stay on the site but are
// in no feed.
func feedWeight(m *meeting.Meeting) int {
	n := len(m.Votes)
	for _, it := range m.Items {
		switch it.Kind {
		case meeting.ItemTopic, meeting.ItemSubtopic, meeting.ItemAction,
			meeting.ItemAgreed, meeting.ItemAccepted, meeting.ItemRejected:
			n++
		}
	}
	return n
}

// decisionLabel is the word before a decision in an entry ("" for #agreed).
var decisionLabel = map[meeting.ItemKind]string{
	meeting.ItemAgreed: "", meeting.ItemAccepted: "Accepted: ", meeting.ItemRejected: "Rejected: ", meeting.ItemVote: "",
}

// itemLabel is the word before an item under its topic in an entry.
var itemLabel = map[meeting.ItemKind]string{
	meeting.ItemSubtopic: "Subtopic: ", meeting.ItemIdea: "Idea: ", meeting.ItemHelp: "Help wanted: ",
	meeting.ItemAction: "Action: ", meeting.ItemAgreed: "Agreed: ", meeting.ItemAccepted: "Accepted: ",
	meeting.ItemRejected: "Rejected: ", meeting.ItemLink: "Link: ", meeting.ItemVote: "", meeting.ItemDone: "Done: ",
}

// entryBody renders the HTML content of a meeting's feed entry; summary is
// the chair's summary as HTML (absolute links), or "".
func entryBody(r *ref, m *meeting.Meeting, ix *trackedIndex, summary string, formats []entryFormat) string {
	var b strings.Builder
	if summary != "" {
		b.WriteString(summary + "\n")
	}
	b.WriteString("<p>" + entryContext(r, m) + "</p>\n")

	var decisions []string
	for _, it := range m.Items {
		if l, ok := decisionLabel[it.Kind]; ok {
			decisions = append(decisions, l+minutes.HTMLText(it.Text))
		}
	}
	list(&b, "Decisions", decisions)

	byPerson, unassigned := m.ActionsByPerson()
	if len(byPerson)+len(unassigned) > 0 {
		b.WriteString("<h3>Action items</h3>\n<ul>\n")
		person := func(name string, items []meeting.Item) {
			b.WriteString("<li><strong>" + name + "</strong>\n<ul>\n")
			for _, it := range items {
				b.WriteString("<li>" + entryAction(m, ix, it) + "</li>\n")
			}
			b.WriteString("</ul></li>\n")
		}
		for _, pa := range byPerson {
			person(html.EscapeString(minutes.Plain(pa.Nick)), pa.Items)
		}
		if len(unassigned) > 0 {
			person("Unassigned", unassigned)
		}
		b.WriteString("</ul>\n")
	}

	topics := m.Topics()
	if len(topics) > 0 {
		b.WriteString("<h3>Topics</h3>\n<ul>\n")
		for _, t := range topics {
			var items []string
			for _, it := range t.Items {
				items = append(items, entryItem(m, ix, it))
			}
			if t.Title == "" && t.Nick == "" {
				// Items said before the first topic.
				for _, s := range items {
					b.WriteString("<li>" + s + "</li>\n")
				}
				continue
			}
			b.WriteString("<li><strong>" + minutes.HTMLText(t.Title) + "</strong>")
			if len(items) > 0 {
				b.WriteString("\n<ul>\n")
				for _, s := range items {
					b.WriteString("<li>" + s + "</li>\n")
				}
				b.WriteString("</ul>")
			}
			b.WriteString("</li>\n")
		}
		b.WriteString("</ul>\n")
	}

	if len(formats) > 0 {
		b.WriteString("<p>Minutes: ")
		for i, f := range formats {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(`<a href="` + html.EscapeString(f.URL) + `">` + html.EscapeString(f.Name) + `</a>`)
		}
		b.WriteString(".</p>\n")
	}
	return b.String()
}

// list writes a section of items (already HTML), or nothing when empty.
func list(b *strings.Builder, title string, items []string) {
	if len(items) == 0 {
		return
	}
	b.WriteString("<h3>" + title + "</h3>\n<ul>\n")
	for _, s := range items {
		b.WriteString("<li>" + s + "</li>\n")
	}
	b.WriteString("</ul>\n")
}

// entryContext is the entry's line of context: series, channel, date and
// times in UTC and in the channel's zone, chairs and the people present.
func entryContext(r *ref, m *meeting.Meeting) string {
	var b strings.Builder
	b.WriteString("<strong>" + html.EscapeString(r.Series) + "</strong>")
	if m.Channel != "" {
		b.WriteString(", " + html.EscapeString(minutes.Plain(m.Channel)))
	}
	start, end := m.Started, m.Ended
	b.WriteString(", " + start.UTC().Format("2006-01-02 15:04"))
	if !end.IsZero() {
		b.WriteString("–" + end.UTC().Format("15:04"))
	}
	b.WriteString(" UTC")
	if loc := r.loc; loc != nil {
		ls := start.In(loc)
		if _, off := ls.Zone(); off != 0 {
			b.WriteString(" (" + localRange(ls, end, loc) + ")")
		}
	}
	b.WriteString(".")
	if chairs := m.ChairList(); len(chairs) > 0 {
		b.WriteString(" Chairs: " + nickList(chairs) + ".")
	}
	var present []string
	for _, a := range m.Attendees() {
		present = append(present, a.Nick)
	}
	if len(present) > 0 {
		b.WriteString(" Present: " + nickList(present) + ".")
	}
	return b.String()
}

// localRange is the meeting's start and end in its channel's zone; the
// date is shown when it differs from the UTC one.
func localRange(ls, end time.Time, loc *time.Location) string {
	s := ls.Format("15:04")
	if ls.Format("2006-01-02") != ls.UTC().Format("2006-01-02") {
		s = ls.Format("2006-01-02 15:04")
	}
	if !end.IsZero() {
		s += "–" + end.In(loc).Format("15:04")
	}
	return s + " " + ls.Format("MST")
}

func nickList(nicks []string) string {
	out := make([]string, len(nicks))
	for i, n := range nicks {
		out[i] = html.EscapeString(minutes.Plain(n))
	}
	return strings.Join(out, ", ")
}

// entryAction is an action item in the entry's list by person: the
// tracker's id, the text, the deadline.
func entryAction(m *meeting.Meeting, ix *trackedIndex, it meeting.Item) string {
	s := ""
	if id := ix.actionID(m, it); id != "" {
		s = "[" + html.EscapeString(id) + "] "
	}
	s += minutes.HTMLText(it.Text)
	if d := minutes.DueNote(it); d != "" {
		s += " (" + html.EscapeString(d) + ")"
	}
	return s
}

// entryItem is an item under its topic.
func entryItem(m *meeting.Meeting, ix *trackedIndex, it meeting.Item) string {
	if s, ok := minutes.DoneText(it); ok {
		return "Done: " + html.EscapeString(s)
	}
	if it.Kind == meeting.ItemAction {
		return "Action: " + entryAction(m, ix, it)
	}
	return itemLabel[it.Kind] + minutes.HTMLText(it.Text)
}

// plural is "1 topic", "2 topics".
func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return strconv.Itoa(n) + " " + what + "s"
}
