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
// called on ReplayStreaming's writing goroutine, at most once per meeting
// and format; m is still being replayed then, so it serves only to tell
// the meetings apart: the files' names are known only once the meeting
// ended (#meetingname may still change them).
type LogCreate func(m *meeting.Meeting, format string) (io.Writer, error)

// ReplayStreaming is ReplayContext that also renders every meeting's
// .log.html and .log.txt while the engine replays the log, on a goroutine
// of its own, into the writers create returns: on two cores the two log
// formats (most of the writing) are done when the engine is, not after it.
// The goroutine has ended when ReplayStreaming returns.
//
// Each Replayed's Streamed lists the log formats written in full to their
// writers, the bytes Render writes: a meeting whose logs were restricted
// (#restrictlogs) has none, nor has a meeting whose writer failed; a
// .log.txt whose header had to name the bot (Meeting.BotNick) before the
// bot's first line was seen is left out when it named none or another.
// The caller renders the log formats missing from Streamed (when the
// meeting has them) and throws away the writers of formats not listed.
func ReplayStreaming(ctx context.Context, evs []meeting.Event, channel string, opt meeting.Options, create LogCreate) ([]Replayed, error) {
	return replayStreaming(ctx, &whole{evs: evs}, channel, opt, create, watchEvery)
}

// ReplayStreamingFrom is ReplayStreaming taking the events from src while
// they are still being read (logfile.Stream: the log is parsed on another
// core while the engine replays what is parsed), for the channel of its
// first event. A src without events replays no meeting.
func ReplayStreamingFrom(ctx context.Context, src Source, opt meeting.Options, create LogCreate) ([]Replayed, error) {
	first, ok := src.Next()
	for ok && len(first) == 0 {
		first, ok = src.Next()
	}
	if !ok {
		return nil, ctx.Err()
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

// replayStreaming is ReplayStreaming handing the new lines over every
// `every` events.
func replayStreaming(ctx context.Context, src Source, channel string, opt meeting.Options, create LogCreate, every int) ([]Replayed, error) {
	chunks := make(chan logChunk, 64)
	streams := map[*meeting.Meeting]*logStream{}
	var wg sync.WaitGroup
	wg.Go(func() {
		// Drains chunks to the end, even after a failure: the engine
		// never waits on a writer that gave up.
		for c := range chunks {
			s := streams[c.m]
			if s == nil {
				s = newLogStream(c, create)
				streams[c.m] = s
			}
			s.add(c)
		}
	})
	out, err := replay(ctx, src, channel, opt, func(m *meeting.Meeting, log []meeting.LogLine, rest int, final bool) {
		chunks <- logChunk{m: m, log: log, rest: rest, final: final}
	}, every)
	close(chunks)
	wg.Wait()
	if err != nil {
		return nil, err
	}
	for i := range out {
		if s := streams[out[i].Meeting]; s != nil {
			out[i].Streamed = s.complete(out[i].Meeting)
		}
	}
	return out, nil
}

// logChunk is the log of meeting m as it was when the engine handed it
// over: lines already streamed are skipped, the rest written.
type logChunk struct {
	m     *meeting.Meeting
	log   []meeting.LogLine
	rest  int
	final bool
}

// logStream is one meeting's two log formats being written.
type logStream struct {
	m          *meeting.Meeting
	html, text *bufio.Writer
	// bot is the bot's nick the .log.txt's header names: the first bot
	// line's in the lines at hand when the stream began.
	bot  string
	n    int  // lines written
	done bool // the .log.html's end written, both writers flushed
	err  error
}

// newLogStream opens meeting c.m's log formats through create and writes
// their heads. The meeting's channel and start, which the heads show, are
// set when it starts and never change.
func newLogStream(c logChunk, create LogCreate) *logStream {
	s := &logStream{m: c.m}
	html, err := create(c.m, FormatLogHTML)
	if err != nil {
		s.err = err
		return s
	}
	text, err := create(c.m, FormatLogText)
	if err != nil {
		s.err = err
		return s
	}
	// Sized as render sizes them, from a guess of the rest of the log
	// (about 110 and 80 bytes a line).
	lines := len(c.log) + c.rest
	s.html = bufio.NewWriterSize(html, fileBuffer(2048+110*lines))
	s.text = bufio.NewWriterSize(text, fileBuffer(64+80*lines))
	for _, l := range c.log {
		if l.Kind == meeting.KindBot {
			s.bot = l.Nick
			break
		}
	}
	writeLogHTMLHead(c.m, s.html)
	writeLogTextHead(c.m, s.bot, s.text)
	return s
}

// add writes the lines of c not written yet, and the .log.html's end when c
// is final.
func (s *logStream) add(c logChunk) {
	if s.err != nil || s.done {
		return
	}
	writeLogHTMLLines(c.m, s.n, c.log[s.n:], s.html)
	writeLogTextLines(c.log[s.n:], s.text)
	s.n = len(c.log)
	if !c.final {
		return
	}
	writeLogHTMLTail(s.html)
	if err := s.html.Flush(); err != nil {
		s.err = err
		return
	}
	if err := s.text.Flush(); err != nil {
		s.err = err
		return
	}
	s.done = true
}

// complete lists the formats s wrote in full for m, now that the replay
// has ended.
func (s *logStream) complete(m *meeting.Meeting) []string {
	if !s.done || s.err != nil || s.n != len(m.Log) || m.Restricted {
		return nil
	}
	if s.bot != m.BotNick() {
		return []string{FormatLogHTML}
	}
	return []string{FormatLogHTML, FormatLogText}
}
