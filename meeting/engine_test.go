package meeting

import (
	"crypto/sha256"
	"encoding/base32"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestItemCommands(t *testing.T) {
	cases := []struct {
		line string
		want string // "kind:text", or "" for no item
	}{
		{"alice #topic Budget", "topic:Budget"},
		{"alice #TOPIC Budget", "topic:Budget"},
		{"alice   #topic Budget", "topic:Budget"},
		{"alice #subtopic Travel", "subtopic:Travel"},
		{"alice #info the venue is booked", "info:the venue is booked"},
		{"alice #info: colon dropped", "info:colon dropped"},
		{"alice #idea a raffle", "idea:a raffle"},
		{"alice #help need volunteers", "help:need volunteers"},
		{"alice #halp need volunteers", "help:need volunteers"},
		{"alice #action bob to book rooms", "action:bob to book rooms"},
		{"alice #agreed we go", "agreed:we go"},
		{"alice #agree we go", "agreed:we go"},
		{"alice #accepted RFC 7", "accepted:RFC 7"},
		{"alice #accept RFC 7", "accepted:RFC 7"},
		{"alice #rejected RFC 8", "rejected:RFC 8"},
		{"alice #reject RFC 8", "rejected:RFC 8"},
		{"alice #link https://example.org/a", "link:https://example.org/a"},
		{"alice https://example.org/b is the agenda", "link:https://example.org/b is the agenda"},
		{"alice FTP://example.org/c", "link:FTP://example.org/c"},
		{"alice irc://irc.libera.chat/#gavel", "link:irc://irc.libera.chat/#gavel"},
		{"alice see https://example.org/d", ""},
		{"alice #done abc123", "done:abc123"},
		{"alice #action", ""},
		{"alice #info   ", ""},
		{"alice #topic.", ""},
		{"alice #unknowncommand x", ""},
		{"alice # info x", ""},
		{"alice http:", ""},
	}
	for _, tc := range cases {
		t.Run(tc.line, func(t *testing.T) {
			m, res := run(t, Options{}, "alice #startmeeting", tc.line)
			got := kinds(m)
			if tc.want == "" {
				if len(got) != 0 {
					t.Fatalf("items = %q, want none", got)
				}
				if res[1].Changed {
					t.Errorf("Changed set for %q", tc.line)
				}
				return
			}
			if len(got) != 1 || got[0] != tc.want {
				t.Fatalf("items = %q, want [%q]", got, tc.want)
			}
			if !res[1].Changed || !res[1].Recorded {
				t.Errorf("result = %+v, want Changed and Recorded", res[1])
			}
			if it := m.Items[0]; it.Nick != "alice" || !it.At.Equal(t0.Add(time.Second)) || it.Line != 1 {
				t.Errorf("item = %+v, want nick alice, time t0+1s, line 1", it)
			}
		})
	}
}

func TestEmptyCommandReplies(t *testing.T) {
	for _, cmd := range []string{"#action", "#info", "#topic", "#chair", "#vote", "#startvote", "#meetingname", "#link", "#done"} {
		_, res := run(t, Options{}, "alice #startmeeting", "alice "+cmd)
		if len(res[1].Replies) != 1 || !strings.Contains(res[1].Replies[0], "nothing recorded") {
			t.Errorf("%s: replies %q, want one 'nothing recorded' reply", cmd, res[1].Replies)
		}
	}
}

// chairOnly are the commands MeetBot (and gavel) reserve for chairs, with
// an argument that would make them act.
var chairOnly = map[string]string{
	"endmeeting": "", "topic": "x", "subtopic": "x", "agreed": "x", "agree": "x", "accepted": "x",
	"accept": "x", "rejected": "x", "reject": "x", "chair": "carol", "unchair": "alice", "undo": "",
	"meetingname": "x", "meetingtopic": "x", "save": "", "restrictlogs": "", "lurk": "", "unlurk": "",
	"startvote": "Go? yes, no", "endvote": "", "done": "x", "summary": "x",
	"next": "",
}

func TestPermissions(t *testing.T) {
	for _, c := range Commands() {
		_, listed := chairOnly[c.Name]
		if c.ChairOnly != listed {
			t.Errorf("#%s: ChairOnly = %v, want %v", c.Name, c.ChairOnly, listed)
		}
	}
	for name, arg := range chairOnly {
		t.Run(name, func(t *testing.T) {
			evs := script("alice #startmeeting", "alice #info first", "bob #"+name+" "+arg)
			c, res := replay(Options{}, evs)
			m := c.Meeting()
			if m == nil {
				t.Fatalf("#%s from a non-chair ended the meeting", name)
			}
			r := res[2]
			if r.Changed || r.Ended || r.Save {
				t.Errorf("#%s from a non-chair changed something: %+v", name, r)
			}
			if len(r.Replies) != 1 || !strings.Contains(r.Replies[0], "only a chair") {
				t.Errorf("#%s: replies %q, want a refusal", name, r.Replies)
			}
			if len(m.Items) != 1 || m.Series != "test" || len(m.Chairs) != 1 || m.Restricted || m.Title != "" {
				t.Errorf("#%s from a non-chair changed the meeting: %+v", name, m)
			}
			// The same command from an operator, with OpsAreChairs, acts.
			evs[2].Op = true
			_, res = replay(Options{OpsAreChairs: true}, evs)
			if r := res[2]; len(r.Replies) > 0 && strings.Contains(r.Replies[0], "only a chair") {
				t.Errorf("#%s from an op with OpsAreChairs refused: %q", name, r.Replies)
			}
			_, res = replay(Options{}, evs)
			if r := res[2]; len(r.Replies) == 0 || !strings.Contains(r.Replies[0], "only a chair") {
				t.Errorf("#%s from an op without OpsAreChairs: %q, want refusal", name, r.Replies)
			}
		})
	}
	// Anyone's commands work for non-chairs.
	m, _ := run(t, Options{}, "alice #startmeeting", "bob #info i", "bob #idea d", "bob #help h", "bob #link l", "bob #action a", "bob http://x.org/")
	if got := len(m.Items); got != 6 {
		t.Errorf("non-chair items = %q, want 6", kinds(m))
	}
}

func TestStartAndEnd(t *testing.T) {
	c := NewChannel("#fedora-meeting", Options{BotNick: "gavel"})
	r := c.Handle(Event{Time: t0, Nick: "bob", Text: "before the meeting"})
	if r.Recorded || r.Meeting != nil || len(r.Replies) != 0 {
		t.Fatalf("line outside a meeting: %+v", r)
	}
	r = c.Handle(Event{Time: t0, Nick: "alice", Text: "#startmeeting Fedora IoT Working Group Meeting"})
	if !r.Started || !r.Recorded || !r.Changed || r.Meeting == nil {
		t.Fatalf("start: %+v", r)
	}
	m := r.Meeting
	if m.Series != "fedora_iot_working_group_meeting" || m.Title != "Fedora IoT Working Group Meeting" {
		t.Errorf("series %q title %q", m.Series, m.Title)
	}
	if m.ID != "fedora_iot_working_group_meeting.2026-07-22T130005Z" {
		t.Errorf("ID = %q", m.ID)
	}
	if m.Owner != "alice" || !m.Chairs["alice"] || m.Channel != "#fedora-meeting" || m.Source != "irc" || m.Location != time.UTC {
		t.Errorf("meeting = %+v", m)
	}
	if got := r.Replies[0]; got != "Meeting started Wed Jul 22 13:00:05 2026 UTC. The chair is alice. Information about gavel: #commands lists what it understands." {
		t.Errorf("start reply %q", got)
	}
	if !strings.Contains(strings.Join(r.Replies, "\n"), "The meeting name has been set to 'fedora_iot_working_group_meeting'") {
		t.Errorf("start replies %q lack the meeting name", r.Replies)
	}
	// The bot's replies are in the log as its own lines, and counted.
	if n := len(m.Log); n != 1+len(r.Replies) || m.Log[1].Kind != KindBot || m.Log[1].Nick != "gavel" {
		t.Errorf("log after start = %+v", m.Log)
	}
	if m.Lines["gavel"] != len(r.Replies) {
		t.Errorf("bot lines = %d, want %d", m.Lines["gavel"], len(r.Replies))
	}
	r = c.Handle(Event{Time: t0.Add(time.Minute), Nick: "bob", Text: "#startmeeting again"})
	if r.Started || len(r.Replies) != 1 || !strings.Contains(r.Replies[0], "already in progress") || m.Title != "Fedora IoT Working Group Meeting" {
		t.Errorf("second start: %+v", r)
	}
	// Crossing midnight: still one meeting.
	late := time.Date(2026, 7, 23, 0, 5, 0, 0, time.UTC)
	r = c.Handle(Event{Time: late, Nick: "bob", Text: "#info after midnight"})
	if r.Meeting != m || len(m.Items) != 1 {
		t.Errorf("after midnight: %+v", r)
	}
	r = c.Handle(Event{Time: late.Add(time.Second), Nick: "alice", Text: "#endmeeting"})
	if !r.Ended || r.Meeting != m || c.Meeting() != nil || !m.Ended.Equal(late.Add(time.Second)) {
		t.Errorf("end: %+v", r)
	}
	if len(r.Replies) != 1 || r.Replies[0] != "Meeting ended Thu Jul 23 00:05:01 2026 UTC." {
		t.Errorf("end replies %q", r.Replies)
	}
	if last := m.Log[len(m.Log)-1]; last.Kind != KindBot || last.Text != r.Replies[0] {
		t.Errorf("last log line %+v, want the bot's end reply", last)
	}
	r = c.Handle(Event{Time: late.Add(2 * time.Second), Nick: "bob", Text: "#info after"})
	if r.Recorded || r.Meeting != nil {
		t.Errorf("line after the meeting: %+v", r)
	}
}

func TestSeriesDerivation(t *testing.T) {
	cases := []struct {
		opt   Options
		start string
		want  string
	}{
		{Options{}, "#startmeeting", "test"},
		{Options{}, "#startmeeting Magazine editorial board", "magazine_editorial_board"},
		{Options{Series: "fixed"}, "#startmeeting Magazine", "fixed"},
		{Options{}, "#startmeeting ../../etc/passwd", "etcpasswd"},
		{Options{}, "#startmeeting ???", "meeting"},
	}
	for _, tc := range cases {
		m, _ := run(t, tc.opt, "alice "+tc.start)
		if m.Series != tc.want {
			t.Errorf("%q with %+v: series %q, want %q", tc.start, tc.opt, m.Series, tc.want)
		}
	}
}

func TestSanitizeName(t *testing.T) {
	cases := map[string]string{
		"Fedora IoT Working Group Meeting": "fedora_iot_working_group_meeting",
		"#fedora-meeting":                  "fedora-meeting",
		"..hidden":                         "hidden",
		"":                                 "meeting",
		"a/b\\c":                           "abc",
		"Ünïcode":                          "ncode",
		"x.y-z_1":                          "x.y-z_1",
		strings.Repeat("a", 300):           strings.Repeat("a", 100),
	}
	for in, want := range cases {
		if got := SanitizeName(in); got != want {
			t.Errorf("SanitizeName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMakeID(t *testing.T) {
	loc, _ := time.LoadLocation("Asia/Kolkata")
	a := MakeID("#FUDCon Planning", time.Date(2026, 7, 26, 18, 30, 5, 0, loc))
	if a != "fudcon_planning.2026-07-26T130005Z" {
		t.Errorf("MakeID = %q", a)
	}
}

func TestChairs(t *testing.T) {
	m, res := run(t, Options{},
		"alice #startmeeting",
		"alice #chair bob, @carol dave: <b>",
		"bob #unchair carol alice",
		"carol #topic refused",
		"dave #topic allowed",
	)
	if got := m.ChairList(); !reflect.DeepEqual(got, []string{"alice", "bob", "dave"}) {
		t.Errorf("chairs = %q", got)
	}
	if got := res[1].Replies; len(got) != 1 || got[0] != "Current chairs: alice bob carol dave" {
		t.Errorf("#chair replies %q", got)
	}
	if got := allReplies(res[2:3]); !strings.Contains(got, "alice started the meeting and stays a chair") || !strings.Contains(got, "Current chairs: alice bob dave") {
		t.Errorf("#unchair replies %q", got)
	}
	if got := kinds(m); !reflect.DeepEqual(got, []string{"topic:allowed"}) {
		t.Errorf("items %q", got)
	}
	// Chairs who said nothing are present with 0 lines.
	att := m.Attendees()
	want := []Attendee{{"alice", 2}, {"bob", 1}, {"carol", 1}, {"dave", 1}}
	if !reflect.DeepEqual(att, want) {
		t.Errorf("attendees %+v, want %+v", att, want)
	}
}

func TestUndo(t *testing.T) {
	m, res := run(t, Options{},
		"alice #startmeeting",
		"alice #undo",
		"alice #info one",
		"alice #action bob to two",
		"alice #undo",
		"alice #action carol to three",
	)
	if got := res[1].Replies; len(got) != 1 || got[0] != "Nothing to undo." {
		t.Errorf("empty undo replies %q", got)
	}
	if got := res[4].Replies; len(got) != 1 || got[0] != "Removed item from minutes: ACTION bob to two" {
		t.Errorf("undo replies %q", got)
	}
	if got := kinds(m); !reflect.DeepEqual(got, []string{"info:one", "action:carol to three"}) {
		t.Errorf("items %q", got)
	}
	if a := m.Actions(); len(a) != 1 || !reflect.DeepEqual(a[0].Owners, []string{"carol"}) {
		t.Errorf("actions %+v", a)
	}
}

func TestMeetingNameAndTopic(t *testing.T) {
	m, res := run(t, Options{},
		"alice #startmeeting Magazine editorial board",
		"alice #meetingname Magazine / Weekly",
		"alice #meetingtopic Weekly sync",
	)
	if m.Series != "magazine__weekly" {
		t.Errorf("series %q", m.Series)
	}
	if got := res[1].Replies; len(got) != 1 || got[0] != "The meeting name has been set to 'magazine__weekly'" {
		t.Errorf("#meetingname replies %q", got)
	}
	if m.Title != "Weekly sync" {
		t.Errorf("title %q", m.Title)
	}
	// The ID does not change with the name.
	if m.ID != "magazine_editorial_board.2026-07-22T130005Z" {
		t.Errorf("ID %q", m.ID)
	}
	m, _ = run(t, Options{}, "alice #startmeeting X", "alice #meetingtopic none")
	if m.Title != "" {
		t.Errorf("title after 'none': %q", m.Title)
	}
}

func TestSaveRestrictLurkCommands(t *testing.T) {
	m, res := run(t, Options{BotNick: "gavel"},
		"alice #startmeeting",
		"alice #save",
		"alice #restrictlogs",
		"alice #lurk",
		"alice #commands",
		"bob #action x",
		"alice #unlurk",
		"alice #commands",
		"bob #actions",
	)
	if !res[1].Save || !m.Restricted || !res[2].Changed {
		t.Errorf("#save/#restrictlogs: %+v %+v", res[1], res[2])
	}
	if len(res[4].Replies) != 0 || len(res[5].Replies) != 0 {
		t.Errorf("lurking bot replied: %q %q", res[4].Replies, res[5].Replies)
	}
	if len(m.Items) != 1 {
		t.Errorf("lurking bot did not record: %q", kinds(m))
	}
	got := strings.Join(res[7].Replies, "")
	for _, c := range Commands() {
		if !strings.Contains(got, "#"+c.Name) {
			t.Errorf("#commands reply lacks #%s: %q", c.Name, got)
		}
	}
	if !res[8].ListActions || res[8].Changed {
		t.Errorf("#actions: %+v", res[8])
	}
}

func TestLinesAndNickChanges(t *testing.T) {
	m, _ := run(t, Options{},
		"alice #startmeeting",
		"bob hello",
		"* bob waves",
		"alice #chair bob",
		"alice #action bob to write the report",
		"bob -> bobby",
		"bobby still here",
		"bobby #topic bobby is chair",
		"Alice case differs",
		"alice #endmeeting",
	)
	if m.Lines["bobby"] != 4 {
		t.Errorf("lines %v", m.Lines)
	}
	if _, ok := m.Lines["bob"]; ok {
		t.Errorf("old nick still in lines: %v", m.Lines)
	}
	if m.Lines["alice"] != 5 {
		t.Errorf("alice lines %d (case-insensitive nick), want 5: %v", m.Lines["alice"], m.Lines)
	}
	if !m.Chairs["bobby"] || m.Chairs["bob"] {
		t.Errorf("chairs %v", m.Chairs)
	}
	if a := m.Actions(); len(a) != 1 || !reflect.DeepEqual(a[0].Owners, []string{"bobby"}) {
		t.Errorf("action owners after nick change: %+v", a)
	}
	if got := kinds(m); len(got) != 2 || got[1] != "topic:bobby is chair" {
		t.Errorf("items %q", got)
	}
	// The nick change is in the log.
	if l := m.Log[5]; l.Kind != KindNick || l.Nick != "bob" || l.Text != "bobby" {
		t.Errorf("log line 5 = %+v", l)
	}
}

func TestOwnerChangesNick(t *testing.T) {
	m, res := run(t, Options{}, "alice #startmeeting", "alice -> alice_", "alice_ #unchair alice_", "alice_ #endmeeting")
	if m.Owner != "alice_" || !res[3].Ended {
		t.Errorf("owner %q, ended %v", m.Owner, res[3].Ended)
	}
	if !m.Chairs["alice_"] {
		t.Errorf("owner lost chair: %v", m.Chairs)
	}
}

func TestActionOwners(t *testing.T) {
	cases := []struct {
		name  string
		pre   []string
		text  string
		want  []string
		after []string // lines after the action
	}{
		{"substring never", []string{"al hi"}, "do the final review", nil, nil},
		{"whole word", []string{"al hi"}, "ask al about it", []string{"al"}, nil},
		{"case-insensitive keeps spelling", []string{"PJP hi"}, "pjp: send the mail", []string{"PJP"}, nil},
		{"comma", []string{"pjp hi"}, "ping pjp, then sync", []string{"pjp"}, nil},
		{"at sign", []string{"pjp hi"}, "@pjp will do it", []string{"pjp"}, nil},
		{"special chars", []string{"[m]x_ hi", "a|b hi", "z^{} hi"}, "[m]x_ and a|b review; z^{} too", []string{"[m]x_", "a|b", "z^{}"}, nil},
		{"dash is part of nick", []string{"al hi"}, "al-bot runs it", nil, nil},
		{"absent owner", nil, "kushal to book the hotel", []string{"kushal"}, nil},
		{"two absent", nil, "kushal and pjp to book the hotel", []string{"kushal", "pjp"}, nil},
		{"three absent", nil, "kushal, pjp and saleem to book the hotel", []string{"kushal", "pjp", "saleem"}, nil},
		{"lead then others", []string{"bob hi"}, "kushal to ask bob", []string{"kushal", "bob"}, nil},
		{"not a lead", nil, "we need to book the hotel", nil, nil},
		{"not a lead 2", nil, "we to book the hotel", nil, nil},
		{"everyone", nil, "everyone to review", nil, nil},
		{"lead with colon", nil, "kushal: to book the hotel", []string{"kushal"}, nil},
		{"nick'ed", []string{"alice #nick carol"}, "ask carol", []string{"carol"}, nil},
		{"speaks later", nil, "ask dave", []string{"dave"}, []string{"dave here"}},
		{"order of appearance", []string{"bob hi", "carol hi"}, "carol then bob", []string{"carol", "bob"}, nil},
		{"owner dedupe", []string{"bob hi"}, "bob to ping bob", []string{"bob"}, nil},
		{"unassigned", []string{"bob hi"}, "someone must do it", nil, nil},
		// A leading word that starts a sentence is no owner unless known.
		{"verb at start", nil, "Talk to Prof. X about the venue", nil, nil},
		{"verb at start, known name later", []string{"bob hi"}, "Talk to bob about the venue", []string{"bob"}, nil},
		{"verb lower-case", nil, "ask to get the keys", nil, nil},
		{"verbs", nil, "Send to the list; Reach to Y", nil, nil},
		{"follow up", nil, "Follow to the end", nil, nil},
		{"group word", nil, "Team to decide on the venue", nil, nil},
		{"two with a verb", nil, "kushal and Check to do it", nil, nil},
		{"verb that is a present nick", []string{"check hi"}, "check to do it", []string{"check"}, nil},
		{"verb that is a #nick'ed name", []string{"alice #nick Ping"}, "Ping to book it", []string{"Ping"}, nil},
		{"verb that speaks later", nil, "Remember to book it", []string{"remember"}, []string{"remember here"}},
		{"capitalised name", nil, "Rahul to follow up", []string{"Rahul"}, nil},
		{"all caps, notes' form", nil, "PJP to do: Caterers (deadline: 10 Aug)", []string{"PJP"}, nil},
		{"notes' form, three", nil, "Rahul, Saleem and Shreyank to do: Set up a mirror", []string{"Rahul", "Saleem", "Shreyank"}, nil},
		{"notes' token", nil, "Kushal_Das to do: Goodies", []string{"Kushal_Das"}, nil},
		{"lower-case nick", nil, "mether to write the post", []string{"mether"}, nil},
		// The word list (internal/english), not a hand-typed list, decides.
		{"welcome", nil, "Welcome to the meeting", nil, nil},
		{"british plural", nil, "Colours to be chosen from the vendor's list", nil, nil},
		{"noun", nil, "Relevance to the theme", nil, nil},
		{"given name that is a word", nil, "bob to review the patch", []string{"bob"}, nil},
		{"word that is a present nick", []string{"welcome hi"}, "welcome to review", []string{"welcome"}, nil},
		// Co-owners without "to": one present nick makes the list one.
		{"co-owners, one absent", []string{"satya hi"}, "satya and kushal send the CFP", []string{"satya", "kushal"}, nil},
		{"co-owners, none known", nil, "satya and kushal send the CFP", nil, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			lines := append([]string{"alice #startmeeting"}, tc.pre...)
			lines = append(lines, "alice #action "+tc.text)
			lines = append(lines, tc.after...)
			lines = append(lines, "alice #endmeeting")
			m, _ := run(t, Options{}, lines...)
			a := m.Actions()
			if len(a) != 1 {
				t.Fatalf("actions %+v", a)
			}
			if !reflect.DeepEqual(a[0].Owners, tc.want) {
				t.Errorf("owners of %q = %q, want %q", tc.text, a[0].Owners, tc.want)
			}
			by, un := m.ActionsByPerson()
			if len(tc.want) == 0 && (len(un) != 1 || len(by) != 0) {
				t.Errorf("unassigned action not listed: by %+v un %+v", by, un)
			}
			if len(tc.want) > 0 && (len(un) != 0 || len(by) != len(tc.want)) {
				t.Errorf("by person %+v un %+v", by, un)
			}
		})
	}
}

func TestActionsByPerson(t *testing.T) {
	m, _ := run(t, Options{},
		"alice #startmeeting",
		"zed hi",
		"alice #action zed and bob to a",
		"alice #action bob to b",
		"alice #action nobody knows",
		"alice #action Carol to c",
	)
	by, un := m.ActionsByPerson()
	var got []string
	for _, p := range by {
		var ts []string
		for _, it := range p.Items {
			ts = append(ts, it.Text)
		}
		got = append(got, p.Nick+"="+strings.Join(ts, "|"))
	}
	want := []string{"bob=zed and bob to a|bob to b", "Carol=Carol to c", "zed=zed and bob to a"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("by person %q, want %q", got, want)
	}
	if len(un) != 1 || un[0].Text != "nobody knows" {
		t.Errorf("unassigned %+v", un)
	}
}

func TestActionIDs(t *testing.T) {
	m1, _ := run(t, Options{}, "alice #startmeeting", "alice #action a", "alice #action b")
	m2, _ := run(t, Options{}, "alice #startmeeting", "alice #action a", "alice #action b")
	a1, a2 := m1.Actions(), m2.Actions()
	if a1[0].ActionID == a1[1].ActionID {
		t.Errorf("two actions share id %q", a1[0].ActionID)
	}
	for i := range a1 {
		id := a1[i].ActionID
		if id != a2[i].ActionID || len(id) != 6 || strings.Trim(id, "abcdefghijklmnopqrstuvwxyz234567") != "" {
			t.Errorf("action id %q / %q: want equal, 6 base32 lower-case chars", id, a2[i].ActionID)
		}
	}
	m3, _ := run(t, Options{Series: "other"}, "alice #startmeeting", "alice #action a")
	if m3.Actions()[0].ActionID == a1[0].ActionID {
		t.Errorf("ids of different meetings collide: %q", a1[0].ActionID)
	}
}

func TestActionDeadlines(t *testing.T) {
	kolkata, err := time.LoadLocation("Asia/Kolkata")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		loc       *time.Location
		text      string
		due, dtxt string
		unread    bool
	}{
		{nil, "bob to send the mail by next Friday", "2026-07-24", "next Friday", false},
		{nil, "bob to send the mail due Aug 10", "2026-08-10", "Aug 10", false},
		{nil, "bob to send the mail, deadline: 31 Aug", "2026-08-31", "31 Aug", false},
		{nil, "bob to send the mail before 2026-12-04, then rest", "2026-12-04", "2026-12-04", false},
		{nil, "bob to book hotels by end of month", "2026-07-31", "end of month", false},
		{nil, "bob to book hotels DUE in 2 weeks", "2026-08-05", "in 2 weeks", false},
		{nil, "by the way bob books hotels", "", "", false},
		{nil, "bob to ask by bob", "", "", false},
		{nil, "bob to fix it due to the outage", "", "", false},
		{nil, "bob to fix it, due: when pigs fly", "", "when pigs fly", true},
		{nil, "bob to fix it", "", "", false},
		// 23:30 UTC on Jul 22 is Jul 23 in Kolkata: tomorrow is Jul 24.
		{kolkata, "bob to fix it by tomorrow", "2026-07-24", "tomorrow", false},
		{nil, "bob to fix it by tomorrow", "2026-07-23", "tomorrow", false},
	}
	for _, tc := range cases {
		at := time.Date(2026, 7, 22, 23, 30, 0, 0, time.UTC)
		c := NewChannel("#t", Options{Location: tc.loc})
		c.Handle(Event{Time: at, Nick: "alice", Text: "#startmeeting"})
		r := c.Handle(Event{Time: at, Nick: "alice", Text: "#action " + tc.text})
		it := r.Meeting.Items[0]
		if it.Due != tc.due || it.DueText != tc.dtxt || it.DueUnread != tc.unread {
			t.Errorf("%q (tz %v): due %q text %q unread %v, want %q %q %v", tc.text, tc.loc, it.Due, it.DueText, it.DueUnread, tc.due, tc.dtxt, tc.unread)
		}
	}
}

func TestVotes(t *testing.T) {
	m, res := run(t, Options{},
		"alice #startmeeting",
		"bob #vote yes",
		"alice #startvote Ship it? Yes, No, Later",
		"alice #startvote Another?",
		"bob #vote yes",
		"carol #vote NO",
		"bob #vote later",
		"dave #vote maybe",
		"dave #showvote",
		"erin #vote Later",
		"alice #endvote",
		"alice #endvote",
		"alice #startvote Default options?",
		"bob #vote abstain",
		"alice #endmeeting",
	)
	if got := res[1].Replies; len(got) != 1 || !strings.Contains(got[0], "no vote open") {
		t.Errorf("vote without vote: %q", got)
	}
	if got := res[3].Replies; len(got) != 1 || !strings.Contains(got[0], "already open") {
		t.Errorf("second startvote: %q", got)
	}
	if got := res[7].Replies; len(got) != 1 || !strings.Contains(got[0], "not a valid option") {
		t.Errorf("unknown option: %q", got)
	}
	if got := res[8].Replies; len(got) != 1 || got[0] != "Ship it? Yes (0); No (1): carol; Later (1): bob" {
		t.Errorf("showvote: %q", got)
	}
	want := "Voted on \"Ship it?\" Results are: Yes (0); No (1): carol; Later (2): bob, erin"
	if got := res[10].Replies; len(got) != 1 || got[0] != want {
		t.Errorf("endvote: %q, want %q", got, want)
	}
	if got := res[11].Replies; len(got) != 1 || !strings.Contains(got[0], "no vote open") {
		t.Errorf("second endvote: %q", got)
	}
	if len(m.Votes) != 2 {
		t.Fatalf("votes %+v", m.Votes)
	}
	v := m.Votes[0]
	if v.Question != "Ship it?" || !reflect.DeepEqual(v.Options, []string{"Yes", "No", "Later"}) || v.Ended.IsZero() {
		t.Errorf("vote %+v", v)
	}
	if got := v.Results(); !reflect.DeepEqual(got, []VoteResult{{"Yes", nil}, {"No", []string{"carol"}}, {"Later", []string{"bob", "erin"}}}) {
		t.Errorf("results %+v", got)
	}
	if got := kinds(m); len(got) != 1 || got[0] != "vote:"+want {
		t.Errorf("items %q", got)
	}
	v = m.Votes[1]
	if !reflect.DeepEqual(v.Options, []string{"Yes", "No", "Abstain"}) || v.Ended.IsZero() || len(v.Ballots) != 1 || v.Ballots[0].Option != "Abstain" {
		t.Errorf("default vote %+v (should be closed by #endmeeting)", v)
	}
}

func TestVoteNickChange(t *testing.T) {
	m, _ := run(t, Options{},
		"alice #startmeeting",
		"alice #startvote Go? a, b",
		"bobby #vote a",
		"bob #vote b",
		"bob -> bobby",
		"carol #vote a",
		"carol -> dan",
	)
	got := m.Votes[0].Ballots
	if len(got) != 2 || got[0].Nick != "bobby" || got[0].Option != "b" || got[1].Nick != "dan" {
		t.Errorf("ballots after nick changes %+v", got)
	}
}

func TestTopicsGrouping(t *testing.T) {
	m, _ := run(t, Options{},
		"alice #startmeeting",
		"alice #info early",
		"alice #topic One",
		"alice #info a",
		"alice #subtopic s",
		"alice #topic Two",
	)
	tp := m.Topics()
	if len(tp) != 3 || tp[0].Title != "" || len(tp[0].Items) != 1 || tp[0].Line != 1 ||
		tp[1].Title != "One" || len(tp[1].Items) != 2 || tp[1].Line != 2 || tp[2].Title != "Two" || len(tp[2].Items) != 0 {
		t.Errorf("topics %+v", tp)
	}
	m, _ = run(t, Options{}, "alice #startmeeting", "alice #topic One")
	if tp := m.Topics(); len(tp) != 1 {
		t.Errorf("no empty leading topic expected: %+v", tp)
	}
}

func TestAttendeeOrder(t *testing.T) {
	m, _ := run(t, Options{}, "zed #startmeeting", "bob a", "Amy b", "carol c", "carol d", "alice #nick dan")
	// By lines said (descending), then nick case-insensitively.
	want := []Attendee{{"carol", 2}, {"alice", 1}, {"Amy", 1}, {"bob", 1}, {"zed", 1}, {"dan", 0}}
	if got := m.Attendees(); !reflect.DeepEqual(got, want) {
		t.Errorf("attendees %+v, want %+v", got, want)
	}
}

func TestDeterministicReplay(t *testing.T) {
	evs := script(
		"alice #startmeeting Plan",
		"bob hi",
		"alice #chair bob carol",
		"alice #topic A",
		"bob #action carol and bob to draft by Friday",
		"* carol nods",
		"carol -> carol_",
		"alice #startvote Go? y, n",
		"bob #vote y",
		"alice #endvote",
		"alice #undo",
		"alice #endmeeting",
	)
	for _, opt := range []Options{{}, {BotNick: "gavel"}} {
		_, r1 := replay(opt, evs)
		_, r2 := replay(opt, evs)
		if !reflect.DeepEqual(r1, r2) {
			t.Errorf("replay with %+v differs", opt)
		}
	}
}

func TestHostileInput(t *testing.T) {
	huge := strings.Repeat("x", 10<<20)
	m, res := run(t, Options{BotNick: "gavel"},
		"alice #startmeeting \x00bad\r\ntitle",
		"bob "+huge,
		"bob #action "+huge+" by Friday",
		"bob \xff\xfe#info invalid",
		"bob #info \xffok\x00",
		"\xff\x00 #topic nick",
		"alice #chair \r\n",
	)
	if len(res) != 7 {
		t.Fatalf("%d results", len(res))
	}
	if m.Title != "bad  title" {
		t.Errorf("title %q: CR/LF/NUL should become spaces", m.Title)
	}
	if got := m.Items[len(m.Items)-1].Text; got != "\uFFFDok" {
		t.Errorf("info text %q", got)
	}
	for i, l := range m.Log {
		if strings.ContainsAny(l.Text, "\r\n\x00") || strings.ContainsAny(l.Nick, "\r\n\x00 ") {
			t.Errorf("log line %d keeps control bytes: %q", i, l.Text[:min(len(l.Text), 40)])
		}
	}
	found := false
	for _, l := range m.Log {
		found = found || (l.Nick == "bob" && l.Text == huge)
	}
	if !found {
		t.Errorf("huge line not stored as given")
	}
}

// TestActionDeadlinePast: a deadline read as a date before the meeting's
// day is flagged (DuePast, DueUnread) and not kept as Due, so the minutes
// never show a silently wrong date; the meeting's start day counts, also
// for a meeting that crosses midnight.
func TestActionDeadlinePast(t *testing.T) {
	start := time.Date(2026, 7, 22, 23, 30, 0, 0, time.UTC) // a Wednesday
	cases := []struct {
		after time.Duration // after the start
		text  string
		due   string
		past  bool
	}{
		{0, "bob to send it due Jul 10", "", true},
		{0, "bob to send it before 2026-01-01", "", true},
		{0, "bob to send it by yesterday", "", true},
		{0, "bob to send it by today", "2026-07-22", false},
		{0, "bob to send it due Aug 10", "2026-08-10", false},
		{0, "bob to send it due Jun 1", "", true}, // within 60 days: this year, so past
		// An hour later it is Jul 23, but the meeting's day is Jul 22.
		{time.Hour, "bob to send it by yesterday", "2026-07-22", false},
		{time.Hour, "bob to send it due 2026-07-21", "", true},
		{0, "bob to fix it, due: when pigs fly", "", false},
	}
	for _, tc := range cases {
		c := NewChannel("#t", Options{})
		c.Handle(Event{Time: start, Nick: "alice", Text: "#startmeeting"})
		r := c.Handle(Event{Time: start.Add(tc.after), Nick: "alice", Text: "#action " + tc.text})
		it := r.Meeting.Items[0]
		if it.Due != tc.due || it.DuePast != tc.past || (tc.past && (!it.DueUnread || it.DueText == "")) {
			t.Errorf("%q at +%v: due %q past %v unread %v text %q, want due %q past %v",
				tc.text, tc.after, it.Due, it.DuePast, it.DueUnread, it.DueText, tc.due, tc.past)
		}
	}
}

// TestReserve: Reserve grows the running meeting's room without changing
// it, and does nothing without a meeting.
func TestReserve(t *testing.T) {
	c := NewChannel("#r", Options{})
	c.Reserve(10) // no meeting: no panic, nothing started
	if c.Meeting() != nil {
		t.Fatalf("Reserve started a meeting")
	}
	at := time.Date(2026, 7, 22, 10, 0, 0, 0, time.UTC)
	c.Handle(Event{Time: at, Channel: "#r", Nick: "alice", Text: "#startmeeting r"})
	c.Handle(Event{Time: at.Add(time.Second), Channel: "#r", Nick: "alice", Text: "#info one"})
	m := c.Meeting()
	items, logs := len(m.Items), len(m.Log)
	c.Reserve(100)
	if len(m.Items) != items || len(m.Log) != logs || cap(m.Items) < items+100 || cap(m.Log) < logs+100 {
		t.Fatalf("after Reserve(100): items %d/%d cap %d, log %d/%d cap %d", len(m.Items), items, cap(m.Items), len(m.Log), logs, cap(m.Log))
	}
	if m.Items[0].Text != "one" {
		t.Fatalf("item after Reserve: %+v", m.Items[0])
	}
}

// TestSummaryLines: chairs' #summary lines append, #undo removes the last
// one said (a summary line or an item, whichever came last), a non-chair's
// line is refused, and a replay of the same events gives the same summary.
func TestSummaryLines(t *testing.T) {
	evs := script("alice #startmeeting", "alice #summary We picked Brno.", "alice #info rooms for 300",
		"alice #summary Budget is *final*.", "alice #summary oops", "alice #undo", "bob #summary not a chair",
		"alice #undo", "alice #endmeeting")
	c, res := replay(Options{}, evs)
	_ = c
	var m *Meeting
	for _, r := range res {
		if r.Meeting != nil {
			m = r.Meeting
		}
	}
	// The second #undo removes "Budget is *final*.", said after the #info.
	if got := m.SummaryText(); got != "We picked Brno." {
		t.Errorf("summary %q", got)
	}
	if len(m.Items) != 1 || m.Items[0].Text != "rooms for 300" {
		t.Errorf("items %+v, want the #info kept", m.Items)
	}
	if !res[1].Changed || !strings.Contains(res[5].Replies[0], "Removed from the summary: oops") {
		t.Errorf("replies %q %q", res[1].Replies, res[5].Replies)
	}
	_, again := replay(Options{}, evs)
	if again[len(again)-1].Meeting.SummaryText() != m.SummaryText() {
		t.Errorf("replay gives another summary")
	}
}

func TestClosestNickAndAbsentReply(t *testing.T) {
	here := []string{"bobby", "alice", "kushal_", "zodbot"}
	for _, tc := range []struct{ name, want string }{
		{"bob", "bobby"}, {"Alice", ""}, {"kushal", "kushal_"}, {"alcie", "alice"}, {"xyz", ""},
	} {
		got, _ := ClosestNick(tc.name, here)
		if got != tc.want {
			t.Errorf("ClosestNick(%q) = %q, want %q", tc.name, got, tc.want)
		}
	}
	if got, want := AbsentOwnerReply("bob", "a3", here), "bob is not here; did you mean bobby? `#action a3 owner bobby` fixes it"; got != want {
		t.Errorf("reply %q, want %q", got, want)
	}
	if got := AbsentOwnerReply("xyz", "a3", here); !strings.Contains(got, "xyz is not here") || !strings.Contains(got, "#action a3 owner NICK") {
		t.Errorf("reply %q", got)
	}
}

// TestSeriesFixed: with Options.SeriesFixed (a channel whose series is
// configured) #meetingname answers but does not rename the meeting.
func TestSeriesFixed(t *testing.T) {
	t0 := time.Date(2026, 7, 1, 10, 0, 0, 0, time.UTC)
	for _, fixed := range []bool{true, false} {
		c := NewChannel("#fixed", Options{Series: "fudcon", SeriesFixed: fixed})
		c.Handle(Event{Time: t0, Channel: "#fixed", Nick: "alice", Text: "#startmeeting venue"})
		res := c.Handle(Event{Time: t0.Add(time.Minute), Channel: "#fixed", Nick: "alice", Text: "#meetingname index.html"})
		want, reply := "fudcon", "The meeting name is fixed to 'fudcon' for this channel by the configuration"
		if !fixed {
			want, reply = "index.html", "The meeting name has been set to 'index.html'"
		}
		if got := c.Meeting().Series; got != want || len(res.Replies) != 1 || res.Replies[0] != reply {
			t.Errorf("fixed=%v: series %q, replies %q; want %q, %q", fixed, got, res.Replies, want, reply)
		}
	}
}

// TestActionIDAsBefore: actionID encodes only the hash's first five bytes,
// in lower-case base32, for the six characters it keeps; the ids are those
// of the whole hash encoded and lower-cased (ids already stored and
// published stay valid).
func TestActionIDAsBefore(t *testing.T) {
	old := func(meetingID string, line int) string {
		h := sha256.Sum256([]byte(meetingID + "\x00" + strconv.Itoa(line)))
		return strings.ToLower(base32.StdEncoding.EncodeToString(h[:])[:6])
	}
	for _, id := range []string{"", "big.2011-07-18T183000Z", strings.Repeat("long-series-name.", 20) + "2026-01-01T000000Z"} {
		for _, line := range []int{0, 1, 7, 4399, 1 << 40} {
			if got, want := actionID(id, line), old(id, line); got != want {
				t.Errorf("actionID(%q, %d) = %q, want %q", id, line, got, want)
			}
		}
	}
}

// TestReserveLog: ReserveLog makes room for n more lines in the running
// meeting's log without changing what it holds, and does nothing when no
// meeting runs or n is not positive.
func TestReserveLog(t *testing.T) {
	c := NewChannel("#t", Options{})
	c.ReserveLog(100) // no meeting: nothing to reserve, no panic
	at := time.Date(2026, 1, 2, 10, 0, 0, 0, time.UTC)
	c.Handle(Event{Time: at, Nick: "alice", Text: "#startmeeting reserve"})
	m := c.Meeting()
	if m == nil {
		t.Fatal("no meeting after #startmeeting")
	}
	before := slices.Clone(m.Log)
	c.ReserveLog(0)
	c.ReserveLog(-5)
	c.ReserveLog(1000)
	if cap(m.Log)-len(m.Log) < 1000 {
		t.Errorf("room for %d lines after ReserveLog(1000)", cap(m.Log)-len(m.Log))
	}
	if !slices.Equal(m.Log, before) {
		t.Errorf("ReserveLog changed the log: %v, was %v", m.Log, before)
	}
	c.Handle(Event{Time: at.Add(time.Minute), Nick: "alice", Text: "#info after the reserve"})
	if len(m.Log) != len(before)+1 || m.Log[len(m.Log)-1].Text != "#info after the reserve" {
		t.Errorf("the line after ReserveLog: %v", m.Log)
	}
}
