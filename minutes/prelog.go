package minutes

import (
	"bufio"
	"bytes"

	"github.com/gavel-irc/gavel/meeting"
)

// preLog is a meeting's .log.html and .log.txt lines (what goes between
// their headers and footers), rendered on a goroutine of their own while
// the engine was still recording the meeting (ReplayRendering). The
// headers are written at the end, from the meeting as it then is (its
// channel, its bot's nick).
type preLog struct {
	m        *meeting.Meeting
	dateOnly bool // m.DateOnly, fixed when the meeting starts
	sent     int  // lines of m.Log handed to the renderer (the engine's side)
	// Written only by the renderer's goroutine until logPipe.close:
	n          int // lines of m.Log rendered
	html, text bytes.Buffer
	hw, tw     *bufio.Writer
}

// newPreLog starts m's preLog, its buffers sized once for rest, the
// events from m's start to the end of the log (the most its log can hold,
// but for the old bot's replies after the end: a buffer that grows): room
// never written to costs no memory, growing them line by line would copy
// them and, in gavel replay, start a garbage collection.
func newPreLog(m *meeting.Meeting, rest []meeting.Event) *preLog {
	pl := &preLog{m: m, dateOnly: m.DateOnly}
	h, t := 0, 0
	for i := range rest {
		n := len(rest[i].Nick) + len(rest[i].Text)
		h += 100 + n + len(rest[i].Text)/8
		t += 24 + n
	}
	pl.html.Grow(h)
	pl.text.Grow(t)
	return pl
}

// ready says whether p holds every line of m's log (a nil p holds none).
func (p *preLog) ready(m *meeting.Meeting) bool {
	return p != nil && p.m == m && p.n == len(m.Log)
}

// logChunk is lines of a meeting's log, from its line first.
type logChunk struct {
	p     *preLog
	lines []meeting.LogLine
	first int
}

// logPipe renders chunks of meetings' logs on one goroutine of its own, in
// the order they are sent. The engine only appends to a meeting's log, so
// the lines of a chunk are never written again once it is sent.
type logPipe struct {
	ch   chan logChunk
	done chan struct{}
}

func newLogPipe() *logPipe {
	p := &logPipe{ch: make(chan logChunk, 8), done: make(chan struct{})}
	go func() {
		defer close(p.done)
		for c := range p.ch {
			pl := c.p
			if pl.hw == nil {
				pl.hw = bufio.NewWriterSize(&pl.html, 16<<10)
				pl.tw = bufio.NewWriterSize(&pl.text, 8<<10)
			}
			writeLogHTMLLines(pl.hw, c.lines, c.first, pl.dateOnly)
			writeLogTextLines(pl.tw, c.lines)
			pl.n = c.first + len(c.lines)
		}
	}()
	return p
}

// send hands the lines of pl's meeting not yet sent to the renderer.
func (p *logPipe) send(pl *preLog) {
	log := pl.m.Log
	if len(log) <= pl.sent {
		return
	}
	p.ch <- logChunk{p: pl, lines: log[pl.sent:len(log):len(log)], first: pl.sent}
	pl.sent = len(log)
}

// close waits until every chunk sent is rendered; the preLogs may then be
// read.
func (p *logPipe) close() {
	close(p.ch)
	<-p.done
}

// flush ends pl's buffers once the renderer is done.
func (pl *preLog) flush() {
	if pl.hw != nil {
		// Writes into a bytes.Buffer do not fail.
		_ = pl.hw.Flush()
		_ = pl.tw.Flush()
	}
}
