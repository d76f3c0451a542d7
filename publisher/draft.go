package publisher

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/minutes"
)

// DraftPost writes the Markdown draft of a blog post about meeting id, for
// the chair to edit (gavel post new): front matter (title, date, tags =
// the series, meeting: id, draft: true), then the chair's summary if any,
// the decisions, the action items by person with the tracker's ids and
// deadlines, and links to every minutes format. name is its file name in
// the posts folder: YYYY-MM-DD-SERIES.md (the meeting's date). title
// replaces the default ("Minutes of TITLE, Jan 2, 2006", TITLE the meeting's title, else its series).
func (p *Publisher) DraftPost(ctx context.Context, id, title string) (name string, data []byte, err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	b, err := p.begin(ctx)
	if err != nil {
		return "", nil, err
	}
	r := b.byID[id]
	if r == nil {
		return "", nil, fmt.Errorf("publisher: no ended meeting %q (gavel actions and the site list the ids)", id)
	}
	m, err := p.src.Meeting(ctx, id)
	if err != nil {
		return "", nil, fmt.Errorf("publisher: loading meeting %s: %w", id, err)
	}
	m = b.tracked.resolve(m)
	files, err := p.opt.Minutes.Write(m, p.opt.FilePattern)
	if err != nil {
		return "", nil, fmt.Errorf("publisher: minutes of %s: %w", id, err)
	}
	if title == "" {
		title = r.PostTitle()
	}
	var w strings.Builder
	w.WriteString("---\n")
	w.WriteString("title: " + strconv.Quote(title) + "\n")
	w.WriteString("date: " + r.Started.UTC().Format("2006-01-02 15:04") + "\n")
	w.WriteString("tags: [" + strconv.Quote(r.Series) + "]\n")
	w.WriteString("meeting: " + id + "\n")
	w.WriteString("draft: true\n")
	w.WriteString("---\n\n")
	if s := strings.TrimSpace(r.Summary); s != "" {
		w.WriteString(s + "\n\n")
	} else {
		w.WriteString("<!-- A few sentences for the readers: what was decided, what comes next. -->\n\n")
	}
	var decisions []string
	for _, it := range m.Items {
		if l, ok := decisionLabel[it.Kind]; ok {
			decisions = append(decisions, l+minutes.MarkdownText(it.Text))
		}
	}
	if len(decisions) > 0 {
		w.WriteString("## Decisions\n\n")
		for _, d := range decisions {
			w.WriteString("- " + d + "\n")
		}
		w.WriteString("\n")
	}
	byPerson, unassigned := m.ActionsByPerson()
	if len(byPerson)+len(unassigned) > 0 {
		w.WriteString("## Action items\n\n")
		person := func(name string, items []meeting.Item) {
			w.WriteString("- **" + name + "**\n")
			for _, it := range items {
				s := minutes.MarkdownText(it.Text)
				if tid := b.tracked.actionID(m, it); tid != "" {
					s = "\\[" + tid + "\\] " + s
				}
				if d := minutes.DueNote(it); d != "" {
					s += " (" + minutes.MarkdownText(d) + ")"
				}
				w.WriteString("  - " + s + "\n")
			}
		}
		for _, pa := range byPerson {
			person(minutes.MarkdownText(pa.Nick), pa.Items)
		}
		if len(unassigned) > 0 {
			person("Unassigned", unassigned)
		}
		w.WriteString("\n")
	}
	w.WriteString("## Minutes\n\n")
	for i, f := range p.entryFormats(files) {
		if i > 0 {
			w.WriteString(", ")
		}
		w.WriteString("[" + f.Name + "](" + f.URL + ")")
	}
	w.WriteString("\n")
	name = r.Started.Format("2006-01-02") + "-" + strings.ToLower(meeting.SanitizeName(r.Series)) + ".md"
	return name, []byte(w.String()), nil
}
