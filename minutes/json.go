package minutes

import (
	"bufio"
	"time"

	"github.com/gavel-irc/gavel/meeting"
)

// JSONMinutes is the .json minutes, for tools. Times are RFC 3339 in UTC;
// a meeting not ended yet has "ended": "". A date-only meeting (notes with
// no time of day) has "date_only": true and "date" (its local date); its
// "started" and "ended" are that day's local midnight and every "at" of
// its items is "".
type JSONMinutes struct {
	ID        string             `json:"id"`
	Series    string             `json:"series"`
	Title     string             `json:"title"`
	Channel   string             `json:"channel"`
	Source    string             `json:"source"`
	TimeZone  string             `json:"timezone"`
	DateOnly  bool               `json:"date_only,omitempty"`
	Date      string             `json:"date,omitempty"`
	Started   string             `json:"started"`
	Ended     string             `json:"ended"`
	Owner     string             `json:"owner"`
	Chairs    []string           `json:"chairs"`
	Attendees []meeting.Attendee `json:"attendees"`
	Topics    []JSONTopic        `json:"topics"`
	Actions   []JSONAction       `json:"actions"`
	Votes     []JSONVote         `json:"votes"`
	// Agenda is the series' agenda as the meeting went through it; absent
	// when the meeting had none.
	Agenda []JSONAgenda `json:"agenda,omitempty"`
	// Files maps each format to its path relative to the output folder.
	Files map[string]string `json:"files"`
}

// JSONAgenda is one agenda item: its text, who added it, its status at
// the end of the meeting (covered, carried, dropped; open or current in
// interim minutes) and its time-box in minutes (0: none).
type JSONAgenda struct {
	Text    string `json:"text"`
	By      string `json:"by"`
	Status  string `json:"status"`
	Minutes int    `json:"minutes"`
}

// JSONTopic is a topic with its items; items said before the first topic
// are under a topic with an empty title, nick and time.
type JSONTopic struct {
	Title string     `json:"title"`
	Nick  string     `json:"nick"`
	At    string     `json:"at"`
	Items []JSONItem `json:"items"`
}

// JSONItem is one minutes item; Kind is info, idea, help, action, agreed,
// accepted, rejected, link, subtopic, vote (or done, for #done).
type JSONItem struct {
	Kind string `json:"kind"`
	Text string `json:"text"`
	Nick string `json:"nick"`
	At   string `json:"at"`
	// FromNotes marks an item made by merged notes.
	FromNotes bool `json:"from_notes,omitempty"`
	// Closes is, on a "done" item, the action item it closed, when the
	// tracker knows it.
	Closes *JSONClosed `json:"closes,omitempty"`
}

// JSONClosed is the action item a #done closed: the tracker's id, its text
// and owners.
type JSONClosed struct {
	ID     string   `json:"id"`
	Text   string   `json:"text"`
	Owners []string `json:"owners"`
}

// JSONAction is an action item; Due is YYYY-MM-DD or "", DueText the
// deadline phrase as written. ID is the tracker's id ("a12", as on IRC and
// on the site) when the minutes are made with the tracker (the published
// ones); Key is then the action's key inside its meeting. Without the
// tracker (gavel replay) ID is that key and Key is left out.
type JSONAction struct {
	ID      string   `json:"id"`
	Key     string   `json:"key,omitempty"`
	Text    string   `json:"text"`
	Owners  []string `json:"owners"`
	Due     string   `json:"due"`
	DueText string   `json:"due_text"`
	Nick    string   `json:"nick"`
	At      string   `json:"at"`
	// FromNotes marks an action made by merged notes.
	FromNotes bool `json:"from_notes,omitempty"`
}

// JSONVote is a vote with each option's voters.
type JSONVote struct {
	Question string           `json:"question"`
	Nick     string           `json:"nick"`
	Started  string           `json:"started"`
	Ended    string           `json:"ended"`
	Results  []JSONVoteResult `json:"results"`
}

// JSONVoteResult is one option of a vote and who voted for it.
type JSONVoteResult struct {
	Option string   `json:"option"`
	Voters []string `json:"voters"`
}

func rfc3339(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// at is an item's time in the JSON minutes: RFC 3339 in UTC, "" in a
// date-only meeting.
func (v *view) at(t time.Time) string {
	if v.m.DateOnly {
		return ""
	}
	return rfc3339(t)
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// JSON returns the .json minutes of v's meeting as a value.
func (v *view) json() JSONMinutes {
	v.summarize()
	m := v.m
	j := JSONMinutes{
		ID: m.ID, Series: m.Series, Title: m.Title, Channel: m.Channel, Source: m.Source,
		TimeZone: v.loc.String(), Started: rfc3339(m.Started), Ended: rfc3339(m.Ended), DateOnly: m.DateOnly,
		Owner: m.Owner, Chairs: nonNil(v.chairs), Attendees: v.attendees,
		Topics: []JSONTopic{}, Actions: []JSONAction{}, Votes: []JSONVote{}, Files: v.paths,
	}
	if m.DateOnly {
		j.Date = m.Started.In(v.loc).Format("2006-01-02")
		if !m.Ended.IsZero() {
			j.Ended = j.Started
		}
	}
	if j.Attendees == nil {
		j.Attendees = []meeting.Attendee{}
	}
	for _, t := range v.topics {
		jt := JSONTopic{Title: t.Title, Nick: t.Nick, At: v.at(t.At), Items: make([]JSONItem, 0, len(t.Items))}
		for _, it := range t.Items {
			ji := JSONItem{Kind: string(it.Kind), Text: it.Text, Nick: it.Nick, At: v.at(it.At), FromNotes: it.FromNotes}
			if c := it.Closed; c != nil && it.Kind == meeting.ItemDone {
				ji.Closes = &JSONClosed{ID: c.ID, Text: c.Text, Owners: nonNil(c.Owners)}
			}
			jt.Items = append(jt.Items, ji)
		}
		j.Topics = append(j.Topics, jt)
	}
	for _, it := range v.actions {
		ja := JSONAction{ID: it.ActionID, Text: it.Text, Owners: nonNil(it.Owners),
			Due: it.Due, DueText: it.DueText, Nick: it.Nick, At: v.at(it.At), FromNotes: it.FromNotes}
		if it.TrackerID != "" {
			ja.ID, ja.Key = it.TrackerID, it.ActionID
		}
		j.Actions = append(j.Actions, ja)
	}
	for i := range m.Votes {
		vt := &m.Votes[i]
		jv := JSONVote{Question: vt.Question, Nick: vt.Nick, Started: v.at(vt.Started), Ended: v.at(vt.Ended),
			Results: []JSONVoteResult{}}
		for _, r := range vt.Results() {
			jv.Results = append(jv.Results, JSONVoteResult{Option: r.Option, Voters: nonNil(r.Voters)})
		}
		j.Votes = append(j.Votes, jv)
	}
	for _, a := range m.Agenda {
		j.Agenda = append(j.Agenda, JSONAgenda{Text: a.Text, By: a.By, Status: a.Status, Minutes: a.Minutes})
	}
	return j
}

func writeJSON(v *view, b *bufio.Writer) {
	j := v.json()
	encodeJSON(b, &j)
}
