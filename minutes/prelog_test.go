package minutes

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/logfile"
	"github.com/gavel-irc/gavel/meeting"
)

// renderAll renders every format of every meeting of rs, as gavel replay
// does, with r.NewRenderer.
func renderAll(t *testing.T, rs []Replayed) []string {
	t.Helper()
	var out []string
	for _, r := range rs {
		rr, err := r.NewRenderer(Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range Formats() {
			if _, ok := rr.Paths()[f]; !ok {
				continue
			}
			var b bytes.Buffer
			if err := rr.Render(&b, f); err != nil {
				t.Fatal(err)
			}
			out = append(out, f+"\n"+b.String())
		}
	}
	return out
}

// sameRendering checks that ReplayRendering gives every meeting of evs the
// bytes ReplayContext's meetings render to, and that it did render their
// logs beside the engine (the path under test, not the fallback).
func sameRendering(t *testing.T, what string, evs []meeting.Event, opt meeting.Options) {
	t.Helper()
	plain, err := ReplayContext(context.Background(), evs, evs[0].Channel, opt)
	if err != nil {
		t.Fatal(err)
	}
	pre, err := ReplayRendering(context.Background(), evs, evs[0].Channel, opt)
	if err != nil {
		t.Fatal(err)
	}
	if len(plain) == 0 || len(pre) != len(plain) {
		t.Fatalf("%s: %d meetings replayed, %d with the logs rendered beside", what, len(plain), len(pre))
	}
	for i, r := range pre {
		if !r.logs.ready(r.Meeting) {
			t.Errorf("%s: meeting %d: the log lines rendered beside the engine are not all of its %d lines", what, i, len(r.Meeting.Log))
		}
	}
	want, got := renderAll(t, plain), renderAll(t, pre)
	if len(got) != len(want) {
		t.Fatalf("%s: %d files, want %d", what, len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			f, _, _ := strings.Cut(want[i], "\n")
			t.Errorf("%s: file %d (%s) differs from the one rendered after the engine", what, i, f)
		}
	}
}

// TestReplayRenderingSameBytes: the .log.html and .log.txt rendered while
// the engine runs are the bytes rendered after it, on every corpus log, the
// 20,000-line log (many 1024-event chunks), a log of several meetings with
// the old bot's lines after #endmeeting, and a date-only meeting.
func TestReplayRenderingSameBytes(t *testing.T) {
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
	logs = append(logs, synthetic20k)
	for _, p := range logs {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		evs, _, err := logfile.ReadString(string(b), p, logfile.ReadOptions{Date: time.Date(2026, 7, 26, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			t.Fatal(err)
		}
		sameRendering(t, p, evs, meeting.Options{})
	}

	at := time.Date(2026, 3, 4, 10, 0, 0, 0, time.UTC)
	var evs []meeting.Event
	say := func(nick, text string) {
		evs = append(evs, meeting.Event{Time: at, Channel: "#c", Nick: nick, Text: text, Kind: meeting.KindMessage})
		at = at.Add(7 * time.Second)
	}
	say("x", "before any meeting")
	for k := range 3 {
		say("alice", "#startmeeting part "+fmt.Sprint(k))
		for i := range 1500 * k {
			say([]string{"bob", "carol", "alice"}[i%3], fmt.Sprintf("line %d <b>&amp; see https://example.org/%d", i, i))
		}
		say("bob", "#action carol to write it up")
		say("alice", "#endmeeting")
		say("meetbot", "Meeting ended; minutes at https://example.org/m")
		say("x", "after the end")
	}
	say("alice", "#startmeeting still running")
	say("bob", "#info no end")
	sameRendering(t, "three meetings and one running", evs, meeting.Options{})
	sameRendering(t, "date-only", evs, meeting.Options{DateOnly: true})
}

// TestReplayRenderingCancel: a cancelled replay returns ctx's error and
// leaves no goroutine behind.
func TestReplayRenderingCancel(t *testing.T) {
	b, err := os.ReadFile(synthetic20k)
	if err != nil {
		t.Fatal(err)
	}
	evs, _, err := logfile.ReadString(string(b), synthetic20k, logfile.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	before := runtime.NumGoroutine()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := ReplayRendering(ctx, evs, evs[0].Channel, meeting.Options{}); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled replay: error %v, want context.Canceled", err)
	}
	// The renderer's goroutine has closed its done channel when
	// ReplayRendering returns; give it the moment to exit.
	for range 100 {
		if runtime.NumGoroutine() <= before {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("%d goroutines after a cancelled replay, %d before", runtime.NumGoroutine(), before)
}
