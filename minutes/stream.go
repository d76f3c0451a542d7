package minutes

import (
	"bufio"
	"context"
	"io"
	"sync"

	"github.com/gavel-irc/gavel/meeting"
)

// LogCreate returns the writer meeting m's log format (FormatLogHTML or
// FormatLogText) is streamed to while ReplayStreaming replays it. It is
// called on ReplayStreaming's writing goroutines (one a format: two calls
// may run at once), at most once per meeting and format; m is still being replayed then, so it serves only to tell
// the meetings apart: the files' names are known only once the meeting
// ended (#meetingname may still change them).
type LogCreate func(m *meeting.Meeting, format string) (io.Writer, error)

// ReplayStreaming is ReplayContext that also renders every meeting's
// .log.html and .log.txt while the engine replays the log, on a goroutine
// a format, into the writers create returns: on two cores the two log
// formats (most of the writing) are done soon after the engine is, not
// after it. The goroutines have ended when ReplayStreaming returns. It is
// gavel replay's, a short process: the first meeting's log is backed by
// huge pages (internal/hugeheap).
//
// Each Replayed's Streamed lists the log formats written in full to their
// writers, the bytes Render writes: a meeting whose logs were restricted
// (#restrictlogs) has none, nor a format whose writer failed; a
// .log.txt whose header had to name the bot (Meeting.BotNick) before the
// bot's first line was seen is left out when it named none or another.
// The caller renders the log formats missing from Streamed (when the
// meeting has them) and throws away the writers of formats not listed.
func ReplayStreaming(ctx context.Context, evs []meeting.Event, channel string, opt meeting.Options, create LogCreate) ([]Replayed, error) {
	out, wait, err := replayStreaming(ctx, &whole{evs: evs}, channel, opt, create, watchEvery)
	wait()
	return out, err
}

// ReplayStreamingFrom is ReplayStreaming taking the events from src while
// they are still being read (logfile.Stream: the log is parsed on another
// core while the engine replays what is parsed), for the channel of its
// first event. A src without events replays no meeting.
//
// It returns once the engine has ended, while the log formats' goroutines
// may still be writing what the engine handed them last (so that the
// caller renders the other formats meanwhile, on two cores): wait returns
// once they have ended and then sets each Replayed's Streamed. Call it
// before reading Streamed or touching the writers create returned; it may
// be called more than once, from any goroutine. On an error the
// goroutines have already ended.
func ReplayStreamingFrom(ctx context.Context, src Source, opt meeting.Options, create LogCreate) (out []Replayed, wait func(), err error) {
	first, ok := src.Next()
	for ok && len(first) == 0 {
		first, ok = src.Next()
	}
	if !ok {
		return nil, func() {}, ctx.Err()
	}
	return replayStreaming(ctx, &resumed{first: first, src: src}, first[0].Channel, opt, create, watchEvery)
}

// resumed is src whose first events were already taken.
type resumed struct {
	first []meeting.Event
	src   Source
}

func (p *resumed) Next() ([]meeting.Event, bool) {
	if f := p.first; f != nil {
		p.first = nil
		return f, true
	}
	return p.src.Next()
}

func (p *resumed) Lines() int { return p.src.Lines() }

// watchEvery is how many events the engine handles between two hand-overs
// of a meeting's new log lines to ReplayStreaming's writing goroutine.
const watchEvery = 1024

// replayStreaming is ReplayStreamingFrom handing the new lines over every
// `every` events.
func replayStreaming(ctx context.Context, src Source, channel string, opt meeting.Options, create LogCreate, every int) ([]Replayed, func(), error) {
	// One goroutine a format: once the engine is done, what is left of
	// the two is written on both cores.
	formats := [...]string{FormatLogHTML, FormatLogText}
	var chunks [len(formats)]chan logChunk
	var streams [len(formats)]map[*meeting.Meeting]*logStream
	var wg sync.WaitGroup
	for k, f := range formats {
		chunks[k] = make(chan logChunk, 64)
		streams[k] = map[*meeting.Meeting]*logStream{}
		wg.Go(func() {
			// Drains its chunks to the end, even after a failure: the
			// engine never waits on a writer that gave up.
			for c := range chunks[k] {
				s := streams[k][c.m]
				if s == nil {
					s = newLogStream(c, f, create)
					streams[k][c.m] = s
				}
				s.add(c)
			}
		})
	}
	out, err := replay(ctx, src, channel, opt, func(m *meeting.Meeting, log []meeting.LogLine, rest int, final bool) {
		for _, ch := range chunks {
			ch <- logChunk{m: m, log: log, rest: rest, final: final}
		}
	}, every, true)
	for _, ch := range chunks {
		close(ch)
	}
	wait := sync.OnceFunc(func() {
		wg.Wait()
		for i := range out {
			for k, f := range formats {
				if s := streams[k][out[i].Meeting]; s != nil && s.complete(out[i].Meeting) {
					out[i].Streamed = append(out[i].Streamed, f)
				}
			}
		}
	})
	if err != nil {
		wait()
		return nil, wait, err
	}
	return out, wait, nil
}

// logChunk is the log of meeting m as it was when the engine handed it
// over: lines already streamed are skipped, the rest written.
type logChunk struct {
	m     *meeting.Meeting
	log   []meeting.LogLine
	rest  int
	final bool
}

// logStream is one meeting's log format being written.
type logStream struct {
	format string
	w      *bufio.Writer
	// bot is the bot's nick the .log.txt's header names: the first bot
	// line's in the lines at hand when the stream began.
	bot  string
	n    int  // lines written
	done bool // the end written, the writer flushed
	err  error
}

// newLogStream opens meeting c.m's log format through create and writes
// its head. The meeting's channel and start, which the heads show, are
// set when it starts and never change.
func newLogStream(c logChunk, format string, create LogCreate) *logStream {
	s := &logStream{format: format}
	w, err := create(c.m, format)
	if err != nil {
		s.err = err
		return s
	}
	// Sized as render sizes them, from a guess of the rest of the log
	// (about 110 and 80 bytes a line).
	lines := len(c.log) + c.rest
	if format == FormatLogHTML {
		s.w = bufio.NewWriterSize(w, fileBuffer(2048+110*lines))
		writeLogHTMLHead(c.m, s.w)
		return s
	}
	s.w = bufio.NewWriterSize(w, fileBuffer(64+80*lines))
	for _, l := range c.log {
		if l.Kind == meeting.KindBot {
			s.bot = l.Nick
			break
		}
	}
	writeLogTextHead(c.m, s.bot, s.w)
	return s
}

// add writes the lines of c not written yet, and the .log.html's end when c
// is final.
func (s *logStream) add(c logChunk) {
	if s.err != nil || s.done {
		return
	}
	if s.format == FormatLogHTML {
		writeLogHTMLLines(c.m, s.n, c.log[s.n:], s.w)
	} else {
		writeLogTextLines(c.log[s.n:], s.w)
	}
	s.n = len(c.log)
	if !c.final {
		return
	}
	if s.format == FormatLogHTML {
		writeLogHTMLTail(s.w)
	}
	if err := s.w.Flush(); err != nil {
		s.err = err
		return
	}
	s.done = true
}

// complete says whether s wrote its format in full for m, now that the
// replay has ended.
func (s *logStream) complete(m *meeting.Meeting) bool {
	if !s.done || s.err != nil || s.n != len(m.Log) || m.Restricted {
		return false
	}
	return s.format != FormatLogText || s.bot == m.BotNick()
}
