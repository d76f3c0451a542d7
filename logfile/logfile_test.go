package logfile

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/meeting"
)

const corpus = "../testdata/corpus"

// read reads text with both Read and ReadString, which must agree.
func read(t *testing.T, name, text string, opt ReadOptions) ([]meeting.Event, []Warning) {
	t.Helper()
	evs, warns, err := Read(strings.NewReader(text), name, opt)
	if err != nil {
		t.Fatalf("Read(%s): %v", name, err)
	}
	evs2, warns2, err2 := ReadString(text, name, opt)
	if err2 != nil || !reflect.DeepEqual(evs, evs2) || !reflect.DeepEqual(warns, warns2) {
		t.Fatalf("ReadString differs from Read: %v\n%+v\n%+v\n%v\n%v", err2, evs, evs2, warns, warns2)
	}
	if err := partsAsRead(text, name, opt); err != nil {
		t.Fatal(err)
	}
	if err := streamAsRead(text, name, opt); err != nil {
		t.Fatal(err)
	}
	return evs, warns
}

// partsAsRead checks that reading text in parts side by side (readParts,
// cut into 2, 3 and 7 parts of any size) gives what Read gives: the same
// events, warnings and error.
func partsAsRead(text, name string, opt ReadOptions) error {
	evs, warns, err := Read(strings.NewReader(text), name, opt)
	for _, parts := range []int{2, 3, 7} {
		pevs, pwarns, perr := readStringParts(context.Background(), text, name, opt, parts, 1)
		if (err == nil) != (perr == nil) || (err != nil && err.Error() != perr.Error()) {
			return fmt.Errorf("%s in %d parts: error %v, Read's %v", name, parts, perr, err)
		}
		if len(evs) != len(pevs) || (len(evs) > 0 && !reflect.DeepEqual(evs, pevs)) {
			return fmt.Errorf("%s in %d parts: %d events differ from Read's %d", name, parts, len(pevs), len(evs))
		}
		if len(warns) != len(pwarns) || (len(warns) > 0 && !reflect.DeepEqual(warns, pwarns)) {
			return fmt.Errorf("%s in %d parts: %d warnings differ from Read's %d", name, parts, len(pwarns), len(warns))
		}
	}
	return nil
}

// TestPartsAsOnePass: a log read in parts side by side gives what one pass
// gives, for every log of the corpus, the 20,000-line log, and logs whose
// parts cut through what the parts must share: the header, the date
// hints, the warnings' bound, a test script.
func TestPartsAsOnePass(t *testing.T) {
	for _, f := range partsLogs(t) {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := partsAsRead(string(b), f, ReadOptions{}); err != nil {
			t.Error(err)
		}
	}
	for name, text := range partsTexts() {
		if err := partsAsRead(text, name+".2020-01-01.log", ReadOptions{}); err != nil {
			t.Error(err)
		}
		if err := partsAsRead(text, name, ReadOptions{}); err != nil {
			t.Error(err)
		}
	}
}

// partsLogs are the corpus logs and the 20,000-line log.
func partsLogs(t *testing.T) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(corpus, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && (strings.HasSuffix(p, ".log.txt") || strings.HasSuffix(p, ".log")) {
			files = append(files, p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	files = append(files, "../meeting/testdata/synthetic20k.log.txt")
	if len(files) < 5 {
		t.Fatalf("only %d corpus logs", len(files))
	}
	return files
}

// partsTexts are logs that cut through what parts (and a stream's
// chunks) must share: the header, the date hints, the warnings' bound, a
// test script.
func partsTexts() map[string]string {
	garbage := strings.Repeat("\x01 not a log line\n", 150)      // bare lines: warned at the end
	badLines := strings.Repeat("12:00:00 not a log line\n", 150) // warned as read
	return map[string]string{
		"header after lines": "12:00:00 <a> hi\n# #c meeting log, 2020-01-01 (UTC), bot g\n12:00:01 <g> x\n",
		"header after garbage": garbage + "# #c meeting log, 2020-01-01 (UTC), bot g\n12:00:01 <g> x\n" +
			"12:00:02 <a> [notes] #info y\n",
		"header first":         "# #c meeting log, 2020-01-01 (Europe/Paris), bot g\n12:00:00 <g> hi\n12:00:01 <a> [notes] x\n23:59:00 <a> y\n00:01:00 <a> z\n",
		"day changes":          "--- Log opened Wed Sep 09 17:00:00 2020\n17:00 < a> hi\n--- Day changed Thu Sep 10 2020\n00:01 <@b> x\n-!- a is now known as c\n23:00 < c> late\n01:00 < c> rolled\n",
		"weak date only":       "12:02:26 <b> #startmeeting M\n12:02:26 <zodbot> Meeting started Wed Jun 10 12:02:26 2020 UTC.\n11:00:00 <b> rolled over\n",
		"warnings over bound":  badLines + "12:00:00 <a> hello\n" + badLines + garbage,
		"script":               "#startmeeting\n/me waves\nhello\n#endmeeting\n",
		"script, started late": strings.Repeat("hello\n", 40) + "#startmeeting\n/me waves\n#endmeeting\n",
		"script, a timed line": "#startmeeting\n/me waves\nhello\n#endmeeting\n" + strings.Repeat("bare\n", 20) + "12:00:00 <a> x\n",
		"no final line end":    "12:00:00 <a> one\n12:00:01 <a> two\n12:00:02 <a> three",
		"blank lines":          "\n\n\n12:00:00 <a> one\n\n\n",
		"garbage only":         garbage,
	}
}

// TestCutLines: the cuts fall just after line ends, in order, and never
// make an empty part; a short log is not cut.
func TestCutLines(t *testing.T) {
	if cuts := cutLines("12:00:00 <a> x\n12:00:01 <a> y\n", 2, 1<<10); len(cuts) != 0 {
		t.Errorf("short log cut at %v", cuts)
	}
	data := strings.Repeat("12:00:00 <a> some text\n", 1000) + "no line end"
	for parts := 2; parts <= 9; parts++ {
		cuts := cutLines(data, parts, 100)
		if len(cuts) != parts-1 {
			t.Errorf("%d parts: cuts %v", parts, cuts)
		}
		prev := 0
		for _, c := range cuts {
			if c <= prev || c >= len(data) || data[c-1] != '\n' {
				t.Errorf("%d parts: bad cut %d in %v", parts, c, cuts)
			}
			prev = c
		}
	}
	if cuts := cutLines(strings.Repeat("x", 1000)+"\n", 4, 10); len(cuts) != 0 {
		t.Errorf("one line cut at %v", cuts)
	}
}

func utc(s string) time.Time {
	t, err := time.Parse("2006-01-02 15:04:05", s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestFormats(t *testing.T) {
	tests := []struct {
		name, file, line string
		want             meeting.Event
	}{
		{"meetbot", "x.2020-06-10-12.02.log.txt", "12:02:26 <bcotton> #startmeeting Magazine",
			meeting.Event{Time: utc("2020-06-10 12:02:26"), Channel: "#x", Nick: "bcotton", Text: "#startmeeting Magazine", Kind: meeting.KindMessage}},
		{"meetbot action", "x.2020-06-10.log", "14:14:13 * kushal got a chance",
			meeting.Event{Time: utc("2020-06-10 14:14:13"), Channel: "#x", Nick: "kushal", Text: "got a chance", Kind: meeting.KindAction}},
		{"irssi", "club.2020-09-09.irssi.log", "17:00 < pinheadmz> #startmeeting",
			meeting.Event{Time: utc("2020-09-09 17:00:00"), Channel: "#club", Nick: "pinheadmz", Text: "#startmeeting", Kind: meeting.KindMessage}},
		{"irssi op", "club.2020-09-09.irssi.log", "17:00 <@jnewbery> hi there",
			meeting.Event{Time: utc("2020-09-09 17:00:00"), Channel: "#club", Nick: "jnewbery", Text: "hi there", Kind: meeting.KindMessage, Op: true}},
		{"irssi voice no space", "club.2020-09-09.log", "17:00 <+glozow> hi",
			meeting.Event{Time: utc("2020-09-09 17:00:00"), Channel: "#club", Nick: "glozow", Text: "hi", Kind: meeting.KindMessage}},
		{"irssi action", "club.2020-09-09.log", "17:47  * michaelfolkson waves",
			meeting.Event{Time: utc("2020-09-09 17:47:00"), Channel: "#club", Nick: "michaelfolkson", Text: "waves", Kind: meeting.KindAction}},
		{"irssi nick change", "club.2020-09-09.log", "17:47 -!- alice is now known as alice_",
			meeting.Event{Time: utc("2020-09-09 17:47:00"), Channel: "#club", Nick: "alice", Text: "alice_", Kind: meeting.KindNick}},
		{"znc nick change", "club.2020-09-09.log", "[17:47:01] *** bob is now known as bobby",
			meeting.Event{Time: utc("2020-09-09 17:47:01"), Channel: "#club", Nick: "bob", Text: "bobby", Kind: meeting.KindNick}},
		{"dated", "whatever.log", "[2021-03-04 05:06:07] <carol> #info x",
			meeting.Event{Time: utc("2021-03-04 05:06:07"), Channel: "#whatever", Nick: "carol", Text: "#info x", Kind: meeting.KindMessage}},
		{"dated action", "whatever.log", "[2021-03-04 05:06:07] * carol nods",
			meeting.Event{Time: utc("2021-03-04 05:06:07"), Channel: "#whatever", Nick: "carol", Text: "nods", Kind: meeting.KindAction}},
		{"weechat", "w.log", "2021-03-04 05:06:07\t@dave\thello world",
			meeting.Event{Time: utc("2021-03-04 05:06:07"), Channel: "#w", Nick: "dave", Text: "hello world", Kind: meeting.KindMessage, Op: true}},
		{"crlf", "x.2020-06-10.log", "12:00:00 <a> hi\r",
			meeting.Event{Time: utc("2020-06-10 12:00:00"), Channel: "#x", Nick: "a", Text: "hi", Kind: meeting.KindMessage}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			evs, warns := read(t, tc.file, tc.line+"\n", ReadOptions{})
			if len(warns) != 0 {
				t.Errorf("warnings: %v", warns)
			}
			if len(evs) != 1 {
				t.Fatalf("got %d events %+v, want 1", len(evs), evs)
			}
			if evs[0] != tc.want {
				t.Errorf("got  %+v\nwant %+v", evs[0], tc.want)
			}
		})
	}
}

func TestSkippedLinesWarn(t *testing.T) {
	text := "12:00:00 <a> one\n" +
		"garbage here\n" +
		"12:00:01 <a two\n" +
		"25:00:00 <a> bad hour\n" +
		"12:00:02 -!- a [~a@h] has joined #c\n" + // known, skipped silently
		"# a comment\n" +
		"\n" +
		"12:00:03 <a> three\n"
	evs, warns := read(t, "c.2020-01-02.log", text, ReadOptions{})
	if len(evs) != 2 || evs[0].Text != "one" || evs[1].Text != "three" {
		t.Fatalf("events %+v", evs)
	}
	var lines []int
	for _, w := range warns {
		if w.File != "c.2020-01-02.log" {
			t.Errorf("warning names file %q", w.File)
		}
		lines = append(lines, w.Line)
	}
	if want := []int{2, 3, 4}; !equalInts(lines, want) {
		t.Errorf("warned lines %v, want %v (%v)", lines, want, warns)
	}
	if got := warns[0].String(); !strings.HasPrefix(got, "c.2020-01-02.log:2: ") {
		t.Errorf("warning string %q", got)
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestDateSources(t *testing.T) {
	body := "23:59:58 <a> #startmeeting\n00:00:03 <a> after midnight\n"
	tests := []struct {
		name, file, text string
		opt              ReadOptions
		first, last      string
	}{
		{"option wins", "m.2020-06-10-12.02.log.txt", body, ReadOptions{Date: utc("2021-01-01 00:00:00")},
			"2021-01-01 23:59:58", "2021-01-02 00:00:03"},
		{"file name", "m.2020-06-10-12.02.log.txt", body, ReadOptions{}, "2020-06-10 23:59:58", "2020-06-11 00:00:03"},
		{"meeting started line", "m.log",
			"12:02:26 <b> #startmeeting x\n12:02:26 <zodbot> Meeting started Wed Jun 10 12:02:26 2020 UTC.\n12:03:00 <b> hi\n",
			ReadOptions{}, "2020-06-10 12:02:26", "2020-06-10 12:03:00"},
		{"meeting started after midnight", "m.log",
			"23:59:59 <b> #startmeeting x\n00:00:01 <zodbot> Meeting started Thu Jun 11 00:00:01 2020 UTC.\n",
			ReadOptions{}, "2020-06-10 23:59:59", "2020-06-11 00:00:01"},
		{"irssi log opened", "m.log",
			"--- Log opened Wed Sep 09 17:00:00 2020\n17:00 < a> hi\n--- Day changed Thu Sep 10 2020\n00:01 < a> late\n",
			ReadOptions{}, "2020-09-09 17:00:00", "2020-09-10 00:01:00"},
		{"irssi day changed first", "m.log",
			"23:58 < a> hi\n--- Day changed Thu Sep 10 2020\n00:01 < a> late\n",
			ReadOptions{}, "2020-09-09 23:58:00", "2020-09-10 00:01:00"},
		{"gavel header", "out.log.txt",
			"# #fudcon meeting log, 2026-03-01 (UTC), bot gavel\n23:00:00 <a> hi\n01:00:00 <a> later\n",
			ReadOptions{}, "2026-03-01 23:00:00", "2026-03-02 01:00:00"},
		{"dated lines", "m.log",
			"[2020-01-01 23:59:59] <a> x\n[2020-01-02 00:00:01] <a> y\n", ReadOptions{}, "2020-01-01 23:59:59", "2020-01-02 00:00:01"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			evs, _ := read(t, tc.file, tc.text, tc.opt)
			if got := evs[0].Time.Format("2006-01-02 15:04:05"); got != tc.first {
				t.Errorf("first line at %s, want %s", got, tc.first)
			}
			if got := evs[len(evs)-1].Time.Format("2006-01-02 15:04:05"); got != tc.last {
				t.Errorf("last line at %s, want %s", got, tc.last)
			}
		})
	}
}

func TestNoDateWarns(t *testing.T) {
	evs, warns := read(t, "nodate.log", "10:00:00 <a> hi\n", ReadOptions{})
	if evs[0].Time.Year() != 1970 {
		t.Errorf("time %v", evs[0].Time)
	}
	if len(warns) != 1 || warns[0].Line != 0 || !strings.Contains(warns[0].Msg, "no date") {
		t.Errorf("warnings %v", warns)
	}
}

func TestLocation(t *testing.T) {
	kolkata, err := time.LoadLocation("Asia/Kolkata")
	if err != nil {
		t.Skip("no tzdata")
	}
	evs, _ := read(t, "x.2020-06-10.log", "18:30:05 <a> hi\n", ReadOptions{Location: kolkata})
	if got := evs[0].Time.UTC().Format("15:04:05"); got != "13:00:05" {
		t.Errorf("UTC time %s, want 13:00:05", got)
	}
	// gavel's header names the zone of its times and overrides the option.
	evs, _ = read(t, "x.log.txt", Header("#x", utc("2020-06-10 00:00:00"), time.UTC, "")+"\n13:00:05 <a> hi\n", ReadOptions{Location: kolkata})
	if got := evs[0].Time.UTC().Format("15:04:05"); got != "13:00:05" || evs[0].Channel != "#x" {
		t.Errorf("with header: %v %q", evs[0].Time, evs[0].Channel)
	}
}

func TestBotNickFromHeader(t *testing.T) {
	text := Header("#c", utc("2020-06-10 00:00:00"), time.UTC, "gavel") + "\n" +
		"12:00:00 <alice> #startmeeting\n12:00:00 <gavel> Meeting started\n"
	evs, _ := read(t, "c.log.txt", text, ReadOptions{Channel: "#other"})
	if evs[0].Kind != meeting.KindMessage || evs[1].Kind != meeting.KindBot {
		t.Errorf("kinds %q %q", evs[0].Kind, evs[1].Kind)
	}
	if evs[0].Channel != "#other" {
		t.Errorf("the option's channel should win, got %q", evs[0].Channel)
	}
}

func TestDirtyInput(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("12:00:00 <a> bad \xff\xfe utf8\r\n")
	b.WriteString("12:00:01 <a> nul\x00byte\r\n")
	b.WriteString("12:00:02 <a> ")
	b.Write(bytes.Repeat([]byte("x"), 10<<20))
	b.WriteString("\n12:00:03 <b> after the long line")
	evs, warns, err := Read(&b, "dirty.2020-01-01.log", ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 3 {
		t.Fatalf("got %d events, want 3", len(evs))
	}
	if evs[0].Text != "bad \uFFFD utf8" {
		t.Errorf("utf8: %q", evs[0].Text)
	}
	if evs[1].Text != "nul\uFFFDbyte" {
		t.Errorf("nul: %q", evs[1].Text)
	}
	if evs[2].Text != "after the long line" || evs[2].Nick != "b" {
		t.Errorf("after long line: %+v", evs[2])
	}
	if len(warns) != 1 || warns[0].Line != 3 || !strings.Contains(warns[0].Msg, "longer than") {
		t.Errorf("warnings %v", warns)
	}
}

// TestLongLineUnderLimit: a line under ReadOptions.MaxLineBytes is read
// whole; the same line over the default limit is skipped with a warning.
func TestLongLineUnderLimit(t *testing.T) {
	long := strings.Repeat("y", 200<<10)
	text := "12:00:00 <a> " + long + "\n12:00:01 <a> short\n"
	evs, warns := read(t, "l.2020-01-01.log", text, ReadOptions{MaxLineBytes: 256 << 10})
	if len(evs) != 2 || evs[0].Text != long || len(warns) != 0 {
		t.Errorf("long line: %d events, %d warnings", len(evs), len(warns))
	}
	evs, warns = read(t, "l.2020-01-01.log", text, ReadOptions{})
	if len(evs) != 1 || len(warns) != 1 || !strings.Contains(warns[0].Msg, "longer than 65536 bytes") {
		t.Errorf("long line over the default limit: %d events, warnings %v", len(evs), warns)
	}
}

// TestWarningsBounded: a file of garbage lines after a log line gives
// MaxWarnings warnings and one that counts the rest.
func TestWarningsBounded(t *testing.T) {
	text := "12:00:00 <a> hello\n" + strings.Repeat("\x01\x02 not a log line\n", 5000)
	_, warns := read(t, "g.2020-01-01.log", text, ReadOptions{})
	if len(warns) != MaxWarnings+1 || !strings.Contains(warns[MaxWarnings].Msg, "4900 more warnings not listed") {
		t.Errorf("%d warnings, last %v", len(warns), warns[len(warns)-1])
	}
}

func TestEmpty(t *testing.T) {
	for _, text := range []string{"", "\n\n", "garbage\nmore garbage\n"} {
		_, _, err := Read(strings.NewReader(text), "empty.log", ReadOptions{})
		if !errors.Is(err, ErrNoLines) || !strings.Contains(err.Error(), "empty.log") {
			t.Errorf("Read(%q) error %v, want ErrNoLines naming the file", text, err)
		}
	}
}

func TestScriptMode(t *testing.T) {
	f := filepath.Join(corpus, "meetbot/edge/test-script-2.log.txt")
	b, err := os.ReadFile(f)
	if err != nil {
		t.Fatal(err)
	}
	evs, warns, err := Read(bytes.NewReader(b), f, ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if evs[0].Text != "#startmeeting" || evs[0].Nick != DefaultScriptNick {
		t.Errorf("first event %+v", evs[0])
	}
	if last := evs[len(evs)-1]; last.Text != "#endmeeting" {
		t.Errorf("last event %+v", last)
	}
	var sawAction bool
	for i, e := range evs {
		if i > 0 && !e.Time.After(evs[i-1].Time) {
			t.Errorf("times not increasing at %d", i)
		}
		if e.Kind == meeting.KindAction && e.Text == "says hi" {
			sawAction = true
		}
	}
	if !sawAction {
		t.Error("/me line not read as an action")
	}
	// Only the "no date" warning.
	if len(warns) != 1 {
		t.Errorf("warnings %v", warns)
	}
}

func TestCorpus(t *testing.T) {
	tests := []struct {
		file        string
		events      int
		first, last string
	}{
		{"meetbot/fedora/magazine.2020-06-10-12.02.log.txt", 270, "2020-06-10 12:02:26", "2020-06-10 13:00:23"},
		{"meetbot/fedora/fedora_iot_working_group_meeting.2020-06-10-14.10.log.txt", 23, "2020-06-10 14:10:12", "2020-06-10 14:19:29"},
		{"meetbot/fedora/magazine_editorial_board.2020-06-10-12.02.log.txt", 1, "2020-06-10 12:02:26", "2020-06-10 12:02:26"},
		{"meetbot/opendev/opendev-meeting-test.2026-06-27-13.01.log.txt", 7, "2026-06-27 13:01:46", "2026-06-27 13:03:22"},
		{"clientlogs/bitcoin-review-club.2020-09-09.irssi.log", 601, "2020-09-09 17:00:00", "2020-09-10 07:09:00"},
		{"clientlogs/bitcoin-review-club.2023-02-22.irssi.log", 200, "2023-02-22 17:00:00", "2023-02-22 18:27:00"},
	}
	for _, tc := range tests {
		t.Run(filepath.Base(tc.file), func(t *testing.T) {
			path := filepath.Join(corpus, tc.file)
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			evs, warns, err := Read(bytes.NewReader(b), path, ReadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if evs2, _, _ := ReadString(string(b), path, ReadOptions{}); !reflect.DeepEqual(evs, evs2) {
				t.Error("ReadString differs from Read")
			}
			for _, w := range warns {
				t.Log(w)
			}
			if len(evs) != tc.events {
				t.Errorf("%d events, want %d", len(evs), tc.events)
			}
			if got := evs[0].Time.Format("2006-01-02 15:04:05"); got != tc.first {
				t.Errorf("first at %s, want %s", got, tc.first)
			}
			if got := evs[len(evs)-1].Time.Format("2006-01-02 15:04:05"); got != tc.last {
				t.Errorf("last at %s, want %s", got, tc.last)
			}
		})
	}
}

func FuzzRead(f *testing.F) {
	f.Add([]byte("12:02:26 <bcotton> #startmeeting Magazine\n12:02:27 * a b\n"), "m.2020-06-10-12.02.log.txt")
	f.Add([]byte("17:00 < a> hi\n--- Day changed Thu Sep 10 2020\n17:00 <@b> x\n-!- a is now known as c\n"), "x.log")
	f.Add([]byte("[2020-01-01 00:00:00] <a> x\r\n\x00\xff"), "y")
	f.Add([]byte("# #c meeting log, 2020-01-01 (UTC), bot g\n12:00:00 <g> hi\n"), "z.log.txt")
	f.Add([]byte("#startmeeting\n/me x\n#endmeeting"), "script")
	f.Add([]byte("12:00:00 <nick> #startmeeting plain ascii first\x00 then a NUL, \xff\xfe and \xe2\x82\n"), "w.log.txt")
	f.Fuzz(func(t *testing.T, data []byte, name string) {
		evs, warns, err := Read(bytes.NewReader(data), name, ReadOptions{})
		evs2, warns2, err2 := ReadString(string(data), name, ReadOptions{})
		if (err == nil) != (err2 == nil) || !reflect.DeepEqual(evs, evs2) || !reflect.DeepEqual(warns, warns2) {
			t.Fatalf("Read and ReadString differ: %v / %v\n%+v\n%+v", err, err2, warns, warns2)
		}
		if err := partsAsRead(string(data), name, ReadOptions{}); err != nil {
			t.Fatal(err)
		}
		if err := streamAsRead(string(data), name, ReadOptions{}); err != nil {
			t.Fatal(err)
		}
		if err != nil && len(evs) != 0 {
			t.Fatalf("events with an error")
		}
		for _, w := range warns {
			if w.File != name {
				t.Fatalf("warning names %q, want %q", w.File, name)
			}
		}
		for i, e := range evs {
			if e.Nick == "" && e.Kind != meeting.KindNick {
				t.Fatalf("event %d without nick: %+v", i, e)
			}
			if i > 0 && e.Time.Before(evs[i-1].Time) && !hasDateLines(data) {
				t.Fatalf("time went backwards at %d: %v < %v", i, e.Time, evs[i-1].Time)
			}
		}
	})
}

// hasDateLines reports whether the log states dates itself (which may go
// backwards, and then the log is believed).
func hasDateLines(b []byte) bool {
	return bytes.Contains(b, []byte("---")) || bytes.Contains(b, []byte("[")) || bytes.Contains(b, []byte("\t")) ||
		bytes.Contains(b, []byte("# "))
}

// TestNotesLines: in gavel's own .log.txt (its header line) a
// "<nick> [notes] ..." line is a KindNotes event without the mark; in any
// other log it is a message as said.
func TestNotesLines(t *testing.T) {
	body := "12:00:00 <alice> #startmeeting x\n12:00:05 <alice> #endmeeting\n12:01:00 <alice> [notes] #info typed in\n"
	for _, tc := range []struct {
		name, log string
		kind      meeting.EventKind
		text      string
	}{
		{"gavel", Header("#c", time.Date(2026, 7, 26, 0, 0, 0, 0, time.UTC), nil, "gavel") + "\n" + body, meeting.KindNotes, "#info typed in"},
		{"meetbot", body, meeting.KindMessage, "[notes] #info typed in"},
	} {
		evs, _, err := ReadString(tc.log, "c.2026-07-26-12.00.log.txt", ReadOptions{})
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		last := evs[len(evs)-1]
		if last.Kind != tc.kind || last.Text != tc.text || last.Nick != "alice" {
			t.Errorf("%s: last event %v %q %q, want %v %q alice", tc.name, last.Kind, last.Nick, last.Text, tc.kind, tc.text)
		}
		for _, ev := range evs[:len(evs)-1] {
			if ev.Kind != meeting.KindMessage {
				t.Errorf("%s: %q read as %v", tc.name, ev.Text, ev.Kind)
			}
		}
	}
}
