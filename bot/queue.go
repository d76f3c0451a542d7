package bot

import (
	"context"
	"sync"
	"time"

	"github.com/lrstanley/girc"
)

// queue is the bot's output queue: lines wait here and go out at the
// server's pace (a token bucket of burst lines, one more every interval),
// so that nothing ever sleeps inside girc's event loop. Pushing never
// blocks.
type queue struct {
	interval time.Duration
	burst    int

	mu    sync.Mutex
	items []*girc.Event
	wake  chan struct{}
}

func newQueue(interval time.Duration, burst int) *queue {
	if burst < 1 {
		burst = 1
	}
	return &queue{interval: interval, burst: burst, wake: make(chan struct{}, 1)}
}

// push appends events to the queue.
func (q *queue) push(evs ...*girc.Event) {
	if len(evs) == 0 {
		return
	}
	q.mu.Lock()
	q.items = append(q.items, evs...)
	q.mu.Unlock()
	q.kick()
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
	return len(q.items)
}

func (q *queue) peek() *girc.Event {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.items) == 0 {
		return nil
	}
	return q.items[0]
}

func (q *queue) pop() {
	q.mu.Lock()
	q.items[0] = nil
	q.items = q.items[1:]
	if len(q.items) == 0 {
		q.items = nil // let the backing array go
	}
	q.mu.Unlock()
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
		e := q.peek()
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
		q.pop()
		tokens--
		if ctx.Err() != nil {
			return
		}
	}
}
