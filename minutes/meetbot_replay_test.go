package minutes

// gavel's .log.txt stays readable by MeetBot's own replay (issue 12): MeetBot
// (meeting.py's process_meeting, which its `meeting.py replay` runs) reads a
// raw log line by line with the two patterns below, takes the first nick that
// speaks as the meeting's owner, and finds commands in each line's text with
// its command pattern. These are MeetBot's patterns as its Python 3 ports
// (Fedora's supybot-meetbot, OpenDev's meetbot) have them, written here in Go
// (the same matches: no look-around, no back-references); perf/README.md says
// how to run MeetBot itself on a log (perf/meetbot_replay.py --dump), which
// was done for docs/PERFORMANCE.md.

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/logfile"
	"github.com/gavel-irc/gavel/meeting"
)

var (
	// meeting.py: logline_re, loglineAction_re (both used with re.match:
	// anchored at the start only) and Config.command_RE.
	meetbotLine    = regexp.MustCompile(`^\[?([0-9: ]*)\]? *<[@+]?([^>]+)> *(.*)`)
	meetbotAction  = regexp.MustCompile(`^\[?([0-9: ]*)\]? *\* *([^ ]+) *(.*)`)
	meetbotCommand = regexp.MustCompile(`^#(\w+)[ \t]*(.*)`)
)

// meetbotParsed is one line as MeetBot's replay hands it to Meeting.addline.
type meetbotParsed struct {
	time, nick, text string
	action           bool
}

// meetbotReplay reads a log as process_meeting does: every line through
// both patterns (the second sees the first's text when the first matched,
// as in meeting.py), time through parse_time ("%H:%M:%S", then "%H:%M").
func meetbotReplay(t *testing.T, log string) []meetbotParsed {
	t.Helper()
	var out []meetbotParsed
	for _, line := range strings.Split(log, "\n") {
		if m := meetbotLine.FindStringSubmatch(line); m != nil {
			p := meetbotParsed{time: strings.TrimSpace(m[1]), nick: strings.TrimSpace(m[2]), text: strings.TrimSpace(m[3])}
			out = append(out, p)
			line = p.text
		}
		if m := meetbotAction.FindStringSubmatch(line); m != nil {
			out = append(out, meetbotParsed{time: strings.TrimSpace(m[1]), nick: strings.TrimSpace(m[2]), text: strings.TrimSpace(m[3]), action: true})
		}
	}
	for _, p := range out {
		if _, err := time.Parse("15:04:05", p.time); err != nil {
			if _, err := time.Parse("15:04", p.time); err != nil {
				t.Errorf("MeetBot's parse_time fails on %q (line %+v)", p.time, p)
			}
		}
	}
	return out
}

// TestLogTextReadByMeetBotReplay writes the .log.txt of real Fedora and
// OpenDev meetings and reads it back as MeetBot's replay does: gavel's header
// line is not taken for a line, every line said in the meeting comes back
// with its time, nick and text, in order, the owner is the chair who started
// the meeting, and every line that made a topic, an action or another item
// is a command of the same name and text for MeetBot.
func TestLogTextReadByMeetBotReplay(t *testing.T) {
	logs, _ := filepath.Glob(filepath.Join(corpus, "meetbot", "fedora", "*.log.txt"))
	more, _ := filepath.Glob(filepath.Join(corpus, "meetbot", "opendev", "*.log.txt"))
	logs = append(logs, more...)
	if len(logs) < 3 {
		t.Fatalf("corpus logs missing: %v", logs)
	}
	meetings := 0
	checked := map[meeting.ItemKind]int{}
	for _, path := range logs {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		evs, _, err := logfile.ReadString(string(data), path, logfile.ReadOptions{})
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		for _, r := range Replay(evs, evs[0].Channel, meeting.Options{}) {
			m := r.Meeting
			meetings++
			var buf bytes.Buffer
			if err := Render(&buf, m, Options{}, FormatLogText); err != nil {
				t.Fatal(err)
			}
			name := filepath.Base(path) + " (" + m.ID + ")"
			header, _, _ := strings.Cut(buf.String(), "\n")
			if !strings.HasPrefix(header, logfile.HeaderPrefix) {
				t.Fatalf("%s: .log.txt starts with %q, not gavel's header", name, header)
			}
			if meetbotLine.MatchString(header) || meetbotAction.MatchString(header) {
				t.Errorf("%s: MeetBot's replay takes gavel's header %q for a line", name, header)
			}
			got := meetbotReplay(t, buf.String())
			// What MeetBot should see: the meeting's lines, without nick
			// changes (MeetBot's replay has no pattern for them).
			var want []meeting.LogLine
			for _, l := range m.Log {
				if l.Kind != meeting.KindNick {
					want = append(want, l)
				}
			}
			if len(got) != len(want) {
				t.Errorf("%s: MeetBot's replay reads %d lines, the meeting has %d", name, len(got), len(want))
			}
			if len(got) > 0 && got[0].nick != m.Owner {
				t.Errorf("%s: MeetBot's owner would be %q, the meeting's is %q", name, got[0].nick, m.Owner)
			}
			byLine := map[int]meetbotParsed{}
			for i := 0; i < len(got) && i < len(want); i++ {
				g, w := got[i], want[i]
				wantText := strings.TrimSpace(w.Text)
				if g.time != w.Time.UTC().Format("15:04:05") || g.nick != w.Nick || g.text != wantText || g.action != (w.Kind == meeting.KindAction) {
					t.Errorf("%s: line %d: MeetBot reads %+v, the meeting has %s <%s> %q (%s)", name, i+1, g, w.Time.UTC().Format("15:04:05"), w.Nick, wantText, w.Kind)
				}
			}
			// Map the meeting's log indexes to MeetBot's lines.
			j := 0
			for i, l := range m.Log {
				if l.Kind == meeting.KindNick {
					continue
				}
				if j < len(got) {
					byLine[i] = got[j]
				}
				j++
			}
			kinds := map[meeting.ItemKind]int{}
			for _, it := range m.Items {
				if it.FromNotes {
					continue
				}
				p, ok := byLine[it.Line]
				if !ok {
					t.Errorf("%s: %s item %q: its line is not in MeetBot's replay", name, it.Kind, it.Text)
					continue
				}
				c := meetbotCommand.FindStringSubmatch(p.text)
				if c == nil {
					if it.Kind == meeting.ItemLink && strings.Contains(p.text, "://") {
						continue // a bare URL: MeetBot links it too, without a command
					}
					t.Errorf("%s: %s item %q: MeetBot sees no command in %q", name, it.Kind, it.Text, p.text)
					continue
				}
				kinds[it.Kind]++
				cmd, rest := strings.ToLower(c[1]), strings.TrimSpace(c[2])
				if want := meetbotCommandFor(it.Kind); want != "" && cmd != want {
					t.Errorf("%s: %s item %q: MeetBot reads the command #%s", name, it.Kind, it.Text, cmd)
				}
				if rest != strings.TrimSpace(it.Text) {
					t.Errorf("%s: %s item: MeetBot's text %q, the meeting's %q", name, it.Kind, rest, it.Text)
				}
			}
			for k, n := range kinds {
				checked[k] += n
			}
			t.Logf("%s: %d lines, items checked by kind %v", name, len(got), kinds)
		}
	}
	if meetings < 3 {
		t.Fatalf("only %d meetings replayed", meetings)
	}
	for _, k := range []meeting.ItemKind{meeting.ItemTopic, meeting.ItemAction, meeting.ItemInfo, meeting.ItemAgreed, meeting.ItemLink} {
		if checked[k] == 0 {
			t.Errorf("no %s item checked in the whole corpus", k)
		}
	}
}

// meetbotCommandFor is the MeetBot command that makes an item of kind k
// when gavel has no other spelling for it ("" where several do).
func meetbotCommandFor(k meeting.ItemKind) string {
	switch k {
	case meeting.ItemTopic, meeting.ItemAction, meeting.ItemInfo, meeting.ItemIdea, meeting.ItemHelp,
		meeting.ItemAgreed, meeting.ItemAccepted, meeting.ItemRejected, meeting.ItemLink:
		return string(k)
	}
	return ""
}
