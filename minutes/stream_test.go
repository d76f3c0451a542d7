package minutes

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/logfile"
	"github.com/gavel-irc/gavel/meeting"
)

// streamLogs are the logs ReplayStreaming is checked on: name -> content.
func streamLogs(t *testing.T) map[string]string {
	t.Helper()
	logs := map[string]string{}
	var files []string
	for _, g := range []string{"meetbot/*/*.log.txt", "clientlogs/*.log"} {
		m, _ := filepath.Glob(filepath.Join("..", "testdata", "corpus", g))
		files = append(files, m...)
	}
	files = append(files, synthetic20k)
	if len(files) < 8 {
		t.Fatalf("only %d corpus logs found", len(files))
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		logs[filepath.Base(f)] = string(b)
	}
	// Two meetings, chatter between them, and the old bot's lines after
	// each #endmeeting (the engine adds them to the meeting that ended).
	logs["team.2026-01-05.log.txt"] = "09:59:00 <c> morning\n10:00:00 <a> #startmeeting one\n10:01:00 <a> #info x\n" +
		"10:02:00 <a> #endmeeting\n10:02:01 <zodbot> Meeting ended Mon Jan  5 10:02:00 2026 UTC.\n10:02:02 <zodbot> Minutes: http://x/1.html\n" +
		"10:30:00 <c> lunch?\n11:00:00 <b> #startmeeting two\n11:01:00 <b> #action b does y\n11:05:00 <b> #endmeeting\n" +
		"11:05:01 <zodbot> Meeting ended\n"
	logs["secret.2026-01-06.log.txt"] = "10:00:00 <a> #startmeeting secret\n10:01:00 <a> #restrictlogs\n10:02:00 <a> #info y\n10:03:00 <a> #endmeeting\n"
	// gavel's own log: its header names the bot, whose lines are the
	// bot's (Meeting.BotNick, in the .log.txt's header).
	logs["own.2026-01-07.log.txt"] = logfile.Header("#own", time.Date(2026, 1, 7, 0, 0, 0, 0, time.UTC), nil, "gavelbot") + "\n" +
		"10:00:00 <a> #startmeeting own\n10:00:01 <gavelbot> Meeting started\n10:01:00 <a> #info z\n10:02:00 <a> #endmeeting\n"
	return logs
}

// TestReplayStreamingSameBytes: the log formats ReplayStreaming writes while
// the engine runs are the bytes Render writes after it, for every meeting of
// every log, handing lines over after every event, every third and every
// watchEvery, and (ReplayStreamingFrom) while logfile.ReadStringStream
// still parses the log; the meetings are ReplayContext's (from the
// stream: every format rendered, the same bytes). A format left out of
// Streamed is one of the documented cases, and the writers of every meeting
// with logs are used.
func TestReplayStreamingSameBytes(t *testing.T) {
	for name, data := range streamLogs(t) {
		evs, _, err := logfile.ReadString(data, name, logfile.ReadOptions{})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		want, err := ReplayContext(context.Background(), evs, evs[0].Channel, meeting.Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, every := range []int{1, 3, watchEvery, 0} { // 0: ReplayStreamingFrom
			type key struct {
				m      *meeting.Meeting
				format string
			}
			bufs := map[key]*bytes.Buffer{}
			var mu sync.Mutex // create is called by the two formats' goroutines
			create := func(m *meeting.Meeting, format string) (io.Writer, error) {
				mu.Lock()
				defer mu.Unlock()
				if bufs[key{m, format}] != nil {
					t.Errorf("%s: %s opened twice for one meeting", name, format)
				}
				b := &bytes.Buffer{}
				bufs[key{m, format}] = b
				return b, nil
			}
			var got []Replayed
			if every > 0 {
				var wait func()
				got, wait, err = replayStreaming(context.Background(), &whole{evs: evs}, evs[0].Channel, meeting.Options{}, create, every)
				wait()
			} else {
				s := logfile.ReadStringStream(context.Background(), data, name, logfile.ReadOptions{})
				var wait func()
				got, wait, err = ReplayStreamingFrom(context.Background(), s, meeting.Options{}, create)
				wait()
				if _, _, werr := s.Wait(); werr != nil {
					t.Fatal(werr)
				}
				sameFormats(t, name, got, want)
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(want) {
				t.Fatalf("%s every %d: %d meetings, ReplayContext %d", name, every, len(got), len(want))
			}
			for i, r := range got {
				m := r.Meeting
				if m.ID != want[i].Meeting.ID || len(m.Log) != len(want[i].Meeting.Log) || len(r.Events) != len(want[i].Events) {
					t.Errorf("%s every %d: meeting %d is %s (%d lines), want %s (%d lines)", name, every, i, m.ID, len(m.Log), want[i].Meeting.ID, len(want[i].Meeting.Log))
				}
				rr, err := NewRenderer(m, Options{})
				if err != nil {
					t.Fatal(err)
				}
				for _, f := range []string{FormatLogHTML, FormatLogText} {
					streamed := slices.Contains(r.Streamed, f)
					_, hasLogs := rr.Paths()[f]
					switch {
					case m.Restricted:
						if streamed || hasLogs {
							t.Errorf("%s every %d: restricted meeting %s streamed %v", name, every, m.ID, r.Streamed)
						}
						continue
					case !streamed && f == FormatLogText && every == 1 && m.BotNick() != "":
						// The header was written before the bot's first
						// line: rendered again by the caller.
						continue
					case !streamed:
						t.Errorf("%s every %d: meeting %s: %s not streamed (Streamed %v)", name, every, m.ID, f, r.Streamed)
						continue
					}
					var w bytes.Buffer
					if err := rr.Render(&w, f); err != nil {
						t.Fatal(err)
					}
					if b := bufs[key{m, f}]; b == nil || !bytes.Equal(b.Bytes(), w.Bytes()) {
						t.Errorf("%s every %d: meeting %s: streamed %s differs from Render's", name, every, m.ID, f)
					}
				}
			}
		}
	}
}

// sameFormats checks that the meetings got render every format as want's
// do.
func sameFormats(t *testing.T, name string, got, want []Replayed) {
	t.Helper()
	for i := range min(len(got), len(want)) {
		g, err := NewRenderer(got[i].Meeting, Options{})
		if err != nil {
			t.Fatal(err)
		}
		w, err := NewRenderer(want[i].Meeting, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got[i].Events, want[i].Events) {
			t.Errorf("%s: meeting %d's events differ", name, i)
		}
		for _, f := range Formats() {
			var gb, wb bytes.Buffer
			gerr, werr := g.Render(&gb, f), w.Render(&wb, f)
			if (gerr == nil) != (werr == nil) || !bytes.Equal(gb.Bytes(), wb.Bytes()) {
				t.Errorf("%s: meeting %d's %s differs (%v, %v)", name, i, f, gerr, werr)
			}
		}
	}
}

// TestReplayStreamingBotHeader: a .log.txt whose header was written before
// the bot's first line is not listed; the .log.html is.
func TestReplayStreamingBotHeader(t *testing.T) {
	data := streamLogs(t)["own.2026-01-07.log.txt"]
	evs, _, err := logfile.ReadString(data, "own.2026-01-07.log.txt", logfile.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	create := func(*meeting.Meeting, string) (io.Writer, error) { return io.Discard, nil }
	for every, want := range map[int][]string{1: {FormatLogHTML}, watchEvery: {FormatLogHTML, FormatLogText}} {
		got, wait, err := replayStreaming(context.Background(), &whole{evs: evs}, "#own", meeting.Options{}, create, every)
		wait()
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 {
			t.Fatalf("every %d: %d meetings, want 1", every, len(got))
		}
		if got[0].Meeting.BotNick() != "gavelbot" || !slices.Equal(got[0].Streamed, want) {
			t.Errorf("every %d: bot %q, streamed %v, want gavelbot and %v", every, got[0].Meeting.BotNick(), got[0].Streamed, want)
		}
	}
}

// TestReplayStreamingFailures: a writer that cannot be made or fails leaves
// the meeting's logs out of Streamed; a cancelled replay returns the
// context's error (its writing goroutine has ended: -race and the test's
// end would see it).
func TestReplayStreamingFailures(t *testing.T) {
	data := streamLogs(t)["synthetic20k.log.txt"]
	evs, _, err := logfile.ReadString(data, "synthetic20k.log.txt", benchRead)
	if err != nil {
		t.Fatal(err)
	}
	refuse := func(*meeting.Meeting, string) (io.Writer, error) { return nil, errors.New("no room") }
	full := func(*meeting.Meeting, string) (io.Writer, error) { return failingWriter{}, nil }
	for name, create := range map[string]LogCreate{"refused": refuse, "failing": full} {
		got, err := ReplayStreaming(context.Background(), evs, "#load", meeting.Options{}, create)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 {
			t.Fatalf("%s: %d meetings, want 1", name, len(got))
		}
		if len(got[0].Streamed) != 0 {
			t.Errorf("%s: streamed %v, want none", name, got[0].Streamed)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := ReplayStreaming(ctx, evs, "#load", meeting.Options{}, full); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled replay: %v", err)
	}
}

// TestReplayStreamingFromCancelled: ReplayStreamingFrom stopped by its
// context returns the context's error once the log formats' goroutines
// have ended: no write reaches a writer after it returned (the writers
// cancel the replay at their first write, while the engine has handed
// over more of the 20,000-line log than they wrote), and its wait returns.
func TestReplayStreamingFromCancelled(t *testing.T) {
	data := streamLogs(t)["synthetic20k.log.txt"]
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var returned, late atomic.Bool
	create := func(*meeting.Meeting, string) (io.Writer, error) {
		return writerFunc(func(p []byte) (int, error) {
			cancel()
			if returned.Load() {
				late.Store(true)
			}
			return len(p), nil
		}), nil
	}
	s := logfile.ReadStringStream(ctx, data, "synthetic20k.log.txt", logfile.ReadOptions{})
	_, wait, err := ReplayStreamingFrom(ctx, s, meeting.Options{}, create)
	returned.Store(true)
	s.Wait()
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled at the first write: %v", err)
	}
	wait()
	if late.Load() {
		t.Error("a log format was written after ReplayStreamingFrom returned its error")
	}
}

// writerFunc is a function as an io.Writer.
type writerFunc func(p []byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

// BenchmarkReplayStreaming20k is the engine with the two log formats
// written beside it into io.Discard (gavel replay's path for a large log).
func BenchmarkReplayStreaming20k(b *testing.B) {
	data := loadSynthetic(b)
	evs, _, err := logfile.ReadString(data, "synthetic20k.log.txt", benchRead)
	if err != nil {
		b.Fatal(err)
	}
	create := func(*meeting.Meeting, string) (io.Writer, error) { return io.Discard, nil }
	b.ReportAllocs()
	for b.Loop() {
		rs, err := ReplayStreaming(context.Background(), evs, "#load", meeting.Options{}, create)
		if err != nil || len(rs) != 1 || len(rs[0].Streamed) != 2 {
			b.Fatalf("%v, %d meetings", err, len(rs))
		}
	}
}

// gatedWriter is a writer whose writes wait until open is closed.
type gatedWriter struct {
	open chan struct{}
	buf  bytes.Buffer
}

func (g *gatedWriter) Write(p []byte) (int, error) {
	<-g.open
	return g.buf.Write(p)
}

// TestReplayStreamingFromEarly: ReplayStreamingFrom returns once the engine
// has ended, while the log formats' writers are still writing (here held in
// their writes), and its wait returns once they are done, with Streamed set
// and the bytes Render writes.
func TestReplayStreamingFromEarly(t *testing.T) {
	name := "magazine.2020-06-10-12.02.log.txt"
	data, err := os.ReadFile(filepath.Join("..", "testdata", "corpus", "meetbot", "fedora", name))
	if err != nil {
		t.Fatal(err)
	}
	open := make(chan struct{})
	var mu sync.Mutex
	writers := map[string]*gatedWriter{}
	create := func(m *meeting.Meeting, format string) (io.Writer, error) {
		mu.Lock()
		defer mu.Unlock()
		w := &gatedWriter{open: open}
		writers[format] = w
		return w, nil
	}
	type result struct {
		got  []Replayed
		wait func()
		err  error
	}
	done := make(chan result, 1)
	s := logfile.ReadStringStream(context.Background(), string(data), name, logfile.ReadOptions{})
	go func() {
		got, wait, err := ReplayStreamingFrom(context.Background(), s, meeting.Options{}, create)
		done <- result{got, wait, err}
	}()
	var r result
	select {
	case r = <-done:
	case <-time.After(20 * time.Second):
		close(open)
		t.Fatal("ReplayStreamingFrom waited for its writers")
	}
	if _, _, err := s.Wait(); err != nil || r.err != nil {
		t.Fatal(err, r.err)
	}
	if len(r.got) != 1 {
		t.Fatalf("%d meetings, want 1", len(r.got))
	}
	close(open)
	r.wait()
	r.wait() // a second call returns at once
	if !slices.Equal(r.got[0].Streamed, []string{FormatLogHTML, FormatLogText}) {
		t.Fatalf("streamed %v after wait", r.got[0].Streamed)
	}
	for _, f := range r.got[0].Streamed {
		var want bytes.Buffer
		if err := Render(&want, r.got[0].Meeting, Options{}, f); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(writers[f].buf.Bytes(), want.Bytes()) {
			t.Errorf("%s: the streamed bytes differ from Render's", f)
		}
	}
}
