package minutes

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gavel-irc/gavel/logfile"
	"github.com/gavel-irc/gavel/meeting"
)

// encodingJSON is what encodeJSON must write: encoding/json's indented
// encoding of j.
func encodingJSON(t testing.TB, j *JSONMinutes) string {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(j); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func encodeJSONString(j *JSONMinutes) string {
	var buf bytes.Buffer
	b := bufio.NewWriter(&buf)
	encodeJSON(b, j)
	b.Flush()
	return buf.String()
}

// sameAsEncodingJSON fails t when encodeJSON and encoding/json write j
// differently.
func sameAsEncodingJSON(t testing.TB, what string, j *JSONMinutes) {
	t.Helper()
	got, want := encodeJSONString(j), encodingJSON(t, j)
	if got == want {
		return
	}
	gl, wl := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range min(len(gl), len(wl)) {
		if gl[i] != wl[i] {
			t.Fatalf("%s: JSON line %d is\n%s\nencoding/json writes\n%s", what, i+1, gl[i], wl[i])
		}
	}
	t.Fatalf("%s: JSON has %d lines, encoding/json writes %d", what, len(gl), len(wl))
}

// TestJSONWriterMatchesEncodingJSON checks the .json writer against
// encoding/json, which the JSON types' tags define the format for: on
// every meeting of the corpus, and on values that take every branch (nil
// and empty lists, omitted fields, a closed item, an agenda, a date-only
// meeting, strings with every escape).
func TestJSONWriterMatchesEncodingJSON(t *testing.T) {
	var logs []string
	for _, pat := range []string{"meetbot/*/*.log.txt", "clientlogs/*.log"} {
		m, err := filepath.Glob(filepath.Join(corpus, pat))
		if err != nil {
			t.Fatal(err)
		}
		logs = append(logs, m...)
	}
	if len(logs) < 5 {
		t.Fatalf("only %d corpus logs found", len(logs))
	}
	for _, p := range logs {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		evs, _, err := logfile.ReadString(string(b), p, logfile.ReadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range Replay(evs, evs[0].Channel, meeting.Options{}) {
			v, err := newView(r.Meeting, Options{})
			if err != nil {
				t.Fatal(err)
			}
			j := v.json()
			sameAsEncodingJSON(t, p, &j)
		}
	}
	odd := "q\"b\\s/<a>&amp; \x00\x01\x1f\x7f\b\f\n\r\t é \u2028\u2029 \xff\xfe end \xe2\x82"
	full := JSONMinutes{ID: odd, Series: "s", Title: odd, Channel: "#c", Source: "irc", TimeZone: "UTC",
		DateOnly: true, Date: "2026-01-02", Started: "a", Ended: "", Owner: odd,
		Chairs:    []string{odd, ""},
		Attendees: []meeting.Attendee{{Nick: odd, Lines: 3}, {Nick: "b", Lines: -1}},
		Topics: []JSONTopic{
			{Items: []JSONItem{}},
			{Title: odd, Nick: "n", At: "t", Items: []JSONItem{
				{Kind: "info", Text: odd, FromNotes: true},
				{Kind: "done", Text: "x", Closes: &JSONClosed{ID: "a1", Text: odd, Owners: []string{}}},
				{Kind: "done", Closes: &JSONClosed{}},
			}},
			{Title: "nil items"},
		},
		Actions: []JSONAction{{ID: "a", Key: "k", Text: odd, Owners: []string{"o", odd}, FromNotes: true}, {ID: "b"}},
		Votes: []JSONVote{{Question: odd, Results: []JSONVoteResult{{Option: odd, Voters: []string{"v"}}, {}}},
			{Question: "empty", Results: []JSONVoteResult{}}, {Question: "nil"}},
		Agenda: []JSONAgenda{{Text: odd, By: "b", Status: "covered", Minutes: 15}, {}},
		Files:  map[string]string{"md": "x.md", "html": odd, "": "empty key", odd: "odd key"},
	}
	sameAsEncodingJSON(t, "every field", &full)
	sameAsEncodingJSON(t, "zero value", &JSONMinutes{})
	sameAsEncodingJSON(t, "empty lists", &JSONMinutes{Chairs: []string{}, Attendees: []meeting.Attendee{},
		Topics: []JSONTopic{}, Actions: []JSONAction{}, Votes: []JSONVote{}, Agenda: []JSONAgenda{}, Files: map[string]string{}})
}
