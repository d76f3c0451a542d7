package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/logfile"
	"github.com/gavel-irc/gavel/meeting"
	"github.com/gavel-irc/gavel/minutes"
)

const corpusDir = "../../testdata/corpus"

// readTree returns every file under dir by its path relative to dir.
func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[rel] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestReplayReproducible(t *testing.T) {
	logs, _ := filepath.Glob(filepath.Join(corpusDir, "meetbot/fedora/*.log.txt"))
	logs = append(logs, filepath.Join(corpusDir, "clientlogs/bitcoin-review-club.2020-09-09.irssi.log"))
	var trees []map[string][]byte
	for i := 0; i < 2; i++ {
		out := t.TempDir()
		var stdout, stderr bytes.Buffer
		args := append([]string{"replay", "--out", out, "--channel", "#fedora-meeting"}, logs...)
		if rc := run(args, &stdout, &stderr); rc != 0 {
			t.Fatalf("exit %d: %s", rc, stderr.String())
		}
		tree := readTree(t, out)
		// Every file written is printed, and nothing else.
		printed := strings.Fields(stdout.String())
		if len(printed) != len(tree) || len(tree) != 4*6 {
			t.Fatalf("printed %d paths, wrote %d files, want 24", len(printed), len(tree))
		}
		trees = append(trees, tree)
	}
	for p, b := range trees[0] {
		if !bytes.Equal(b, trees[1][p]) {
			t.Errorf("%s differs between two replays", p)
		}
	}
	if _, ok := trees[0]["magazine/2020-06-10/magazine.2020-06-10-12.02.html"]; !ok {
		t.Errorf("Fedora file name missing; have %v", keys(trees[0]))
	}
}

func keys(m map[string][]byte) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestReplayOwnLogRoundTrip(t *testing.T) {
	// The .log.txt gavel writes reads back into the same minutes.
	out1, out2 := t.TempDir(), t.TempDir()
	src := filepath.Join(corpusDir, "meetbot/fedora/magazine.2020-06-10-12.02.log.txt")
	var so, se bytes.Buffer
	if rc := run([]string{"replay", "--out", out1, "--channel", "#fedora-meeting", src}, &so, &se); rc != 0 {
		t.Fatalf("exit %d: %s", rc, se.String())
	}
	own := filepath.Join(out1, "magazine/2020-06-10/magazine.2020-06-10-12.02.log.txt")
	// Read back without --channel: the header gives it.
	if rc := run([]string{"replay", "--out", out2, own}, &so, &se); rc != 0 {
		t.Fatalf("exit %d: %s", rc, se.String())
	}
	a, b := readTree(t, out1), readTree(t, out2)
	for p, data := range a {
		if !bytes.Equal(data, b[p]) {
			t.Errorf("%s differs after a round trip through gavel's own .log.txt", p)
		}
	}
}

func TestReplayErrors(t *testing.T) {
	dir := t.TempDir()
	nomeeting := filepath.Join(dir, "chat.2020-01-01.log")
	os.WriteFile(nomeeting, []byte("12:00:00 <a> just chatting\n"), 0o644)
	garbage := filepath.Join(dir, "garbage.log")
	os.WriteFile(garbage, []byte("\x00\x01\x02 not a log\n"), 0o644)
	tests := []struct {
		name string
		args []string
		rc   int
		msg  string
	}{
		{"missing file", []string{"replay", "--out", dir, filepath.Join(dir, "nope.log")}, 1, "nope.log"},
		{"no meeting", []string{"replay", "--out", dir, nomeeting}, 1, "no #startmeeting"},
		{"garbage", []string{"replay", "--out", dir, garbage}, 1, "garbage.log"},
		{"no args", []string{"replay"}, 2, "want at least one LOG file"},
		{"bad tz", []string{"replay", "--tz", "Mars/Olympus", nomeeting}, 2, "Mars/Olympus"},
		{"bad date", []string{"replay", "--date", "10/06/2020", nomeeting}, 2, "YYYY-MM-DD"},
		{"bad pattern", []string{"replay", "--out", dir, "--pattern", "../{series}", filepath.Join(corpusDir, "meetbot/opendev/opendev-meeting-test.2026-06-27-13.01.log.txt")}, 1, "pattern"},
		{"over --max-log-bytes", []string{"replay", "--out", dir, "--max-log-bytes", "1KiB", filepath.Join(corpusDir, "meetbot/fedora/fedora_iot_working_group_meeting.2020-06-10-14.10.log.txt")}, 1, "over limits.max_log_bytes (1KiB); refused (raise [limits] max_log_bytes (gavel replay: --max-log-bytes)"},
		{"bad --max-log-bytes", []string{"replay", "--max-log-bytes", "lots", nomeeting}, 2, `--max-log-bytes "lots"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var so, se bytes.Buffer
			if rc := run(tc.args, &so, &se); rc != tc.rc {
				t.Errorf("exit %d, want %d; stderr %s", rc, tc.rc, se.String())
			}
			if !strings.Contains(se.String(), tc.msg) {
				t.Errorf("stderr %q lacks %q", se.String(), tc.msg)
			}
		})
	}
}

func TestReplaySeveralMeetingsInOneLog(t *testing.T) {
	dir := t.TempDir()
	log := filepath.Join(dir, "team.2026-01-05.log.txt")
	os.WriteFile(log, []byte("10:00:00 <a> #startmeeting one\n10:01:00 <a> #info x\n10:02:00 <a> #endmeeting\n"+
		"11:00:00 <b> #startmeeting two\n11:05:00 <b> #endmeeting\n"), 0o644)
	var so, se bytes.Buffer
	if rc := run([]string{"replay", "--out", dir, "--series", "team", log}, &so, &se); rc != 0 {
		t.Fatalf("exit %d: %s", rc, se.String())
	}
	for _, want := range []string{"team/2026-01-05/team.2026-01-05-10.00.json", "team/2026-01-05/team.2026-01-05-11.00.json"} {
		if _, err := os.Stat(filepath.Join(dir, want)); err != nil {
			t.Error(err)
		}
	}
}

// TestReplayLayouts: the Fedora corpus replayed under each archive layout
// lands where that archive keeps it; under "fedora" at Fedora's exact paths
// (mote's own test archive: fedora-meeting/2020-06-10/
// magazine.2020-06-10-12.02.html, the channel first).
func TestReplayLayouts(t *testing.T) {
	logs, _ := filepath.Glob(filepath.Join(corpusDir, "meetbot/fedora/*.log.txt"))
	for layout, want := range map[string][]string{
		"fedora": {"fedora-meeting/2020-06-10/magazine.2020-06-10-12.02.html",
			"fedora-meeting/2020-06-10/fedora_iot_working_group_meeting.2020-06-10-14.10.log.html"},
		"openstack": {"magazine/2020/magazine.2020-06-10-12.02.txt"},
		"meetbot":   {"fedora-meeting/2020/fedora-meeting.2020-06-10-12.02.html"},
		"gavel":     {"magazine/2020-06-10/magazine.2020-06-10-12.02.html"},
	} {
		out := t.TempDir()
		var stdout, stderr bytes.Buffer
		args := append([]string{"replay", "--out", out, "--channel", "#fedora-meeting", "--layout", layout}, logs...)
		rc := run(args, &stdout, &stderr)
		switch {
		case layout == "meetbot":
			// Two of the corpus' meetings started in the same channel in the
			// same minute: MeetBot's layout has no series to tell them apart,
			// and replay refuses to overwrite one with the other.
			if rc == 0 || !strings.Contains(stderr.String(), "two meetings would be written") {
				t.Errorf("meetbot layout: exit %d, %q; want the collision refused", rc, stderr.String())
			}
		case rc != 0:
			t.Fatalf("%s: exit %d: %s", layout, rc, stderr.String())
		}
		tree := readTree(t, out)
		for _, w := range want {
			if _, ok := tree[w]; !ok {
				t.Errorf("layout %s: %s missing; have %v", layout, w, keys(tree))
			}
		}
	}
	var stdout, stderr bytes.Buffer
	if rc := run([]string{"replay", "--layout", "fedora", "--pattern", "{series}/x", "a.log.txt"}, &stdout, &stderr); rc == 0 ||
		!strings.Contains(stderr.String(), "use one") {
		t.Errorf("--layout with --pattern: exit %d, %q", rc, stderr.String())
	}
	if rc := run([]string{"replay", "--layout", "debian", "a.log.txt"}, &stdout, &stderr); rc == 0 ||
		!strings.Contains(stderr.String(), `layout "debian": want one of gavel, fedora, openstack, meetbot`) {
		t.Errorf("unknown layout: exit %d, %q", rc, stderr.String())
	}
}

// TestReplayStreamedLogsSameBytes: a log long enough that replay writes its
// log formats while the engine runs (streamLogsMin events or more) gives
// the files the minutes package renders from the replayed meeting, byte for
// byte, printed in the formats' order, with no temporary file left behind.
func TestReplayStreamedLogsSameBytes(t *testing.T) {
	src := filepath.Join("..", "..", "meeting", "testdata", "synthetic20k.log.txt")
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	ro := logfile.ReadOptions{Channel: "#load", Date: time.Date(2026, 7, 26, 0, 0, 0, 0, time.UTC)}
	evs, _, err := logfile.ReadString(string(data), src, ro)
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) < streamLogsMin {
		t.Fatalf("%d events: under streamLogsMin (%d), the streamed path is not taken", len(evs), streamLogsMin)
	}
	ms := minutes.Replay(evs, "#load", meeting.Options{Location: time.UTC})
	if len(ms) != 1 {
		t.Fatalf("%d meetings", len(ms))
	}
	files, err := minutes.Write(ms[0].Meeting, minutes.Options{})
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	var so, se bytes.Buffer
	if rc := run([]string{"replay", "--out", out, "--date", "2026-07-26", "--channel", "#load", src}, &so, &se); rc != 0 {
		t.Fatalf("exit %d: %s", rc, se.String())
	}
	tree := readTree(t, out)
	printed := strings.Fields(so.String())
	if len(tree) != len(files) || len(printed) != len(files) {
		t.Fatalf("wrote %v, printed %d paths, want the %d formats", keys(tree), len(printed), len(files))
	}
	for i, f := range files {
		if got, ok := tree[filepath.FromSlash(f.Path)]; !ok || !bytes.Equal(got, f.Data) {
			t.Errorf("%s: differs from minutes.Write's (written: %v)", f.Path, ok)
		}
		if printed[i] != filepath.Join(out, filepath.FromSlash(f.Path)) {
			t.Errorf("printed %s as file %d, want %s", printed[i], i, f.Path)
		}
	}
}
