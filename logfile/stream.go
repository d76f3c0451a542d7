package logfile

import (
	"context"
	"strings"

	"github.com/gavel-irc/gavel/internal/hugeheap"
	"github.com/gavel-irc/gavel/meeting"
)

// streamBytes is about how much of a log Stream parses and dates between
// two hand-overs of its events (about 700 lines of a MeetBot log).
const streamBytes = 64 << 10

// Stream is a log being read by ReadStringStream: its events are handed
// over as they are parsed and dated, so that a consumer (the meeting
// engine, minutes.ReplayStreamingFrom) runs beside the reading on another
// core instead of after it. Next and Lines are for one consumer goroutine;
// Wait may be called from any.
type Stream struct {
	evs   chan []meeting.Event
	done  chan struct{}
	lines int
	// Set by the reading goroutine before done is closed.
	all   []meeting.Event
	warns []Warning
	err   error
}

// ReadStringStream reads data as ReadStringContext does, in one pass on a
// goroutine of its own, handing the events over through Next as soon as
// they are dated: the events and the log's channel are known once its
// first line with a time is read, its date when ReadOptions.Date, the file
// name or a date line before the events gives it (otherwise the events
// are handed over only at the end, as ReadStringContext finds the date).
// The events, warnings and error Wait returns are ReadStringContext's.
// The goroutine stops early when ctx is done; the caller must call Wait
// (after cancelling ctx when it stops taking events before Next reported
// the end), which returns once the goroutine has ended. The events' array,
// sized once from the line count and filled whole, is advised for huge
// pages (internal/hugeheap.Advise): the stream is gavel replay's, a short
// process reading one large log.
func ReadStringStream(ctx context.Context, data string, name string, opt ReadOptions) *Stream {
	return readStringStream(ctx, data, name, opt, streamBytes)
}

// readStringStream is ReadStringStream handing events over about every
// chunk bytes.
func readStringStream(ctx context.Context, data string, name string, opt ReadOptions, chunk int) *Stream {
	lines := strings.Count(data, "\n") + 1
	s := &Stream{evs: make(chan []meeting.Event, len(data)/max(chunk, 1)+2), done: make(chan struct{}), lines: lines}
	go func() {
		defer close(s.done)
		defer close(s.evs)
		r := newReader(name, opt)
		r.steps = make([]step, 0, lines)
		r.evs = make([]meeting.Event, 0, lines)
		hugeheap.Advise(r.evs)
		s.all, s.err = s.read(ctx, r, data, chunk)
		s.warns = r.warnings
	}()
	return s
}

// read parses data into r chunk by chunk, dating and handing over the
// events of each chunk as soon as their date is known.
func (s *Stream) read(ctx context.Context, r *reader, data string, step int) ([]meeting.Event, error) {
	var d *dater
	given := 0 // events handed over
	lineNo := 0
	for rest := data; len(rest) > 0; {
		chunk := rest
		if len(rest) > step {
			if nl := strings.IndexByte(rest[step:], '\n'); nl >= 0 {
				chunk = rest[:step+nl+1]
			}
		}
		rest = rest[len(chunk):]
		n, err := r.readLines(ctx, chunk, lineNo)
		if err != nil {
			return nil, err
		}
		lineNo = n
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if d == nil && len(r.evs) > 0 {
			if base, ok := r.baseDate(); ok {
				d = r.newDater(base)
			}
		}
		if d == nil {
			continue
		}
		d.run(r)
		if d.j > given {
			given = d.j
			if !s.send(ctx, r.evs[:given:given]) {
				return nil, ctx.Err()
			}
		}
	}
	evs, err := r.finishFrom(d)
	if err != nil {
		return nil, err
	}
	if len(evs) > given && !s.send(ctx, evs) {
		return nil, ctx.Err()
	}
	return evs, nil
}

// send hands evs over unless ctx is done first.
func (s *Stream) send(ctx context.Context, evs []meeting.Event) bool {
	select {
	case s.evs <- evs:
		return true
	case <-ctx.Done():
		return false
	}
}

// Next returns the events dated so far, a longer prefix of one array at
// each call, waiting for more; it reports false once there are no more
// (the log is read, or reading it failed: Wait says which).
func (s *Stream) Next() ([]meeting.Event, bool) {
	evs, ok := <-s.evs
	return evs, ok
}

// Lines is at least the number of events the log holds (its number of
// lines).
func (s *Stream) Lines() int { return s.lines }

// Wait waits for the reading goroutine to end and returns what
// ReadStringContext would: the events, the warnings and the error.
func (s *Stream) Wait() ([]meeting.Event, []Warning, error) {
	<-s.done
	return s.all, s.warns, s.err
}
