package logfile

import (
	"context"
	"errors"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/gavel-irc/gavel/meeting"
)

// streamAsRead checks that reading text as a Stream (ReadStringStream,
// handing events over after every line, about every 7 bytes and every
// streamBytes) gives what Read gives: the same events, warnings and error,
// and events handed over that are, at each Next, a longer prefix of the
// one array Wait returns, already as Read dates them.
func streamAsRead(text, name string, opt ReadOptions) error {
	evs, warns, err := Read(strings.NewReader(text), name, opt)
	for _, chunk := range []int{0, 7, streamBytes} {
		s := readStringStream(context.Background(), text, name, opt, chunk)
		var got []meeting.Event
		for {
			more, ok := s.Next()
			if !ok {
				break
			}
			if len(more) <= len(got) || (len(got) > 0 && &more[0] != &got[0]) {
				return fmt.Errorf("%s, chunks of %d: %d events handed over after %d, or not in the same array", name, chunk, len(more), len(got))
			}
			if len(more) > len(evs) || !reflect.DeepEqual(more, evs[:len(more)]) {
				return fmt.Errorf("%s, chunks of %d: the first %d events handed over differ from Read's", name, chunk, len(more))
			}
			got = more
		}
		sevs, swarns, serr := s.Wait()
		if (err == nil) != (serr == nil) || (err != nil && err.Error() != serr.Error()) {
			return fmt.Errorf("%s, chunks of %d: error %v, Read's %v", name, chunk, serr, err)
		}
		if len(got) != len(sevs) || len(evs) != len(sevs) || (len(evs) > 0 && !reflect.DeepEqual(evs, sevs)) {
			return fmt.Errorf("%s, chunks of %d: %d events (%d handed over) differ from Read's %d", name, chunk, len(sevs), len(got), len(evs))
		}
		if len(warns) != len(swarns) || (len(warns) > 0 && !reflect.DeepEqual(warns, swarns)) {
			return fmt.Errorf("%s, chunks of %d: %d warnings differ from Read's %d", name, chunk, len(swarns), len(warns))
		}
	}
	return nil
}

// TestStreamAsOnePass: a Stream gives what Read gives for every log
// TestPartsAsOnePass reads, and for dates found only after events (a date
// line after them, a date never found, a date required), which hold the
// events back until the date is known.
func TestStreamAsOnePass(t *testing.T) {
	for _, f := range partsLogs(t) {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := streamAsRead(string(b), f, ReadOptions{}); err != nil {
			t.Error(err)
		}
	}
	late := strings.Repeat("23:00 < a> hi\n", 30) + "--- Day changed Thu Sep 10 2020\n00:01 <@b> x\n"
	for name, text := range partsTexts() {
		for _, opt := range []ReadOptions{{}, {RequireDate: true}, {Channel: "#x"}} {
			for _, n := range []string{name + ".2020-01-01.log", name, "late.log"} {
				if err := streamAsRead(text, n, opt); err != nil {
					t.Error(err)
				}
				if err := streamAsRead(late+text, n, opt); err != nil {
					t.Error(err)
				}
			}
		}
	}
}

// TestStreamCancel: a cancelled Stream ends with the context's error,
// whether or not its events are taken.
func TestStreamCancel(t *testing.T) {
	b, err := os.ReadFile("../meeting/testdata/synthetic20k.log.txt")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	s := readStringStream(ctx, string(b), "s.log", ReadOptions{}, 1)
	if _, _, err := s.Wait(); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled before: %v", err)
	}
	ctx, cancel = context.WithCancel(context.Background())
	s = readStringStream(ctx, string(b), "s.log", ReadOptions{}, 1)
	if _, ok := s.Next(); !ok {
		t.Fatal("no events")
	}
	cancel() // the events are no longer taken
	if evs, _, err := s.Wait(); err != nil && !errors.Is(err, context.Canceled) || err == nil && len(evs) == 0 {
		t.Errorf("cancelled while read: %d events, %v", len(evs), err)
	}
}
