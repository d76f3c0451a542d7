package bot

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/lrstanley/girc"
)

// class is an output priority: a line of a lower class always goes out
// before any line of a higher one.
type class int

const (
	// classChannel is every line to a channel: meeting replies, topics,
	// announcements.
	classChannel class = iota
	// classPrivate is every line to a nick: replies to private commands,
	// reminders, CTCP replies.
	classPrivate
	nClasses
)

// maxPrivateWaiting bounds the lines waiting for one nick. A line to a
// nick that has this many waiting is dropped (the newest go, the replies
// already queued keep their order); when the nick's queue has drained, one
// more line tells it how many were dropped. Lines to channels are never
// dropped.
const maxPrivateWaiting = 50

// droppedNotice is the line that tells a nick how many of its replies
// were dropped.
func droppedNotice(n int) string {
	return fmt.Sprintf("(%d replies dropped: you are sending too fast)", n)
}

// maxCTCPWaiting bounds the CTCP replies waiting in the queue (one per
// target at most): a CTCP flood costs a few lines, never a backlog.
const maxCTCPWaiting = 8

// target is the lines waiting for one channel or nick.
type target struct {
	key   string // girc.ToRFC1459 of the name
	class class
	lines []*girc.Event
	// ctcp is set while a CTCP reply to this target waits.
	ctcp bool
	// dropped counts the lines dropped since the target's queue was
	// last empty (private targets only, see maxPrivateWaiting).
	dropped int
}

// queue is the bot's output queue: one FIFO per target, served round-robin
// (one line per target in turn) within a class, channels before nicks.
// Lines go out at the server's pace (a token bucket of burst lines, one
// more every interval), so that nothing ever sleeps inside girc's event
// loop. Pushing never blocks.
type queue struct {
	interval time.Duration
	burst    int

	mu      sync.Mutex
	targets map[string]*target
	// ring holds, per class, the targets with lines waiting, in the order
	// they are served; the first is served next and then goes to the end.
	ring  [nClasses][]*target
	n     int // lines waiting
	nCTCP int // CTCP replies waiting
	wake  chan struct{}
}

func newQueue(interval time.Duration, burst int) *queue {
	if burst < 1 {
		burst = 1
	}
	return &queue{interval: interval, burst: burst, targets: map[string]*target{}, wake: make(chan struct{}, 1)}
}

// classOf is the class of lines to name (a channel or a nick).
func classOf(name string) class {
	if girc.IsValidChannel(name) {
		return classChannel
	}
	return classPrivate
}

// targetOf returns the target of e (its first parameter), creating it and
// putting it in its ring; q.mu is held.
func (q *queue) targetOf(e *girc.Event) *target {
	name := ""
	if len(e.Params) > 0 {
		name = e.Params[0]
	}
	k := girc.ToRFC1459(name)
	t, ok := q.targets[k]
	if !ok {
		t = &target{key: k, class: classOf(name)}
		q.targets[k] = t
		q.ring[t.class] = append(q.ring[t.class], t)
	}
	return t
}

// push appends events to their targets' queues, in order.
func (q *queue) push(evs ...*girc.Event) {
	if len(evs) == 0 {
		return
	}
	q.mu.Lock()
	for _, e := range evs {
		t := q.targetOf(e)
		if t.class == classPrivate && len(t.lines) >= maxPrivateWaiting {
			t.dropped++
			continue
		}
		t.lines = append(t.lines, e)
		q.n++
	}
	q.mu.Unlock()
	q.kick()
}

// pushCTCP queues a CTCP reply unless one to the same target is waiting
// already or maxCTCPWaiting are; it reports whether e was queued.
func (q *queue) pushCTCP(e *girc.Event) bool {
	q.mu.Lock()
	if q.nCTCP >= maxCTCPWaiting {
		q.mu.Unlock()
		return false
	}
	if len(e.Params) > 0 {
		if t, ok := q.targets[girc.ToRFC1459(e.Params[0])]; ok && t.ctcp {
			q.mu.Unlock()
			return false
		}
	}
	t := q.targetOf(e)
	t.lines = append(t.lines, e)
	t.ctcp = true
	q.n++
	q.nCTCP++
	q.mu.Unlock()
	q.kick()
	return true
}

// kick wakes the sender (after a push, or when the connection is ready).
func (q *queue) kick() {
	select {
	case q.wake <- struct{}{}:
	default:
	}
}

// len returns the number of lines waiting.
func (q *queue) len() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.n
}

// next returns the line to send next and its target, or nil when none
// waits. Only the sender calls next and pop, and pushes only append, so
// the line stays first in its target until pop.
func (q *queue) next() (*girc.Event, *target) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for c := range q.ring {
		if r := q.ring[c]; len(r) > 0 {
			return r[0].lines[0], r[0]
		}
	}
	return nil, nil
}

// pop removes t's first line (the one next returned) and moves t to the
// end of its ring, or drops it when it has no more lines.
func (q *queue) pop(t *target) {
	q.mu.Lock()
	defer q.mu.Unlock()
	e := t.lines[0]
	t.lines[0] = nil
	t.lines = t.lines[1:]
	q.n--
	if t.ctcp && isCTCPReply(e) {
		t.ctcp = false
		q.nCTCP--
	}
	r := q.ring[t.class]
	for i, x := range r { // t is r[0] unless a ring was reordered
		if x == t {
			r = append(r[:i], r[i+1:]...)
			break
		}
	}
	if len(t.lines) == 0 && t.dropped > 0 {
		t.lines = append(t.lines, &girc.Event{Command: girc.PRIVMSG, Params: []string{e.Params[0], droppedNotice(t.dropped)}})
		t.dropped = 0
		q.n++
	}
	if len(t.lines) > 0 {
		r = append(r, t)
	} else {
		delete(q.targets, t.key)
		t.lines = nil // let the backing array go
	}
	if len(r) == 0 {
		r = nil
	}
	q.ring[t.class] = r
}

// isCTCPReply reports whether e is a CTCP reply (a NOTICE in \x01).
func isCTCPReply(e *girc.Event) bool {
	if e.Command != girc.NOTICE || len(e.Params) < 2 {
		return false
	}
	s := e.Params[len(e.Params)-1]
	return len(s) >= 2 && s[0] == 0x01 && s[len(s)-1] == 0x01
}

// run sends queued lines with send until ctx is done. send returns false
// when the line could not go out (not connected): the line stays first in
// the queue and run waits for a kick or a short poll before trying again.
func (q *queue) run(ctx context.Context, send func(*girc.Event) bool) {
	tokens := float64(q.burst)
	last := time.Now()
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	wait := func(d time.Duration) bool {
		if !timer.Stop() {
			select {
			case <-timer.C:
			default:
			}
		}
		timer.Reset(d)
		select {
		case <-ctx.Done():
			return false
		case <-q.wake:
		case <-timer.C:
		}
		return true
	}
	for {
		e, t := q.next()
		if e == nil {
			if !wait(time.Hour) {
				return
			}
			continue
		}
		if q.interval > 0 {
			now := time.Now()
			tokens += float64(now.Sub(last)) / float64(q.interval)
			last = now
			if tokens > float64(q.burst) {
				tokens = float64(q.burst)
			}
			if tokens < 1 {
				if !wait(time.Duration((1 - tokens) * float64(q.interval))) {
					return
				}
				continue
			}
		}
		if !send(e) {
			if !wait(100 * time.Millisecond) {
				return
			}
			continue
		}
		q.pop(t)
		tokens--
		if ctx.Err() != nil {
			return
		}
	}
}
