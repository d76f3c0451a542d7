// Package progress draws a one-line progress bar ("publishing [####....]
// 40% 4/10 meetings") on a terminal, for long builds and imports. A Bar with
// a nil writer or a zero total draws nothing, so callers create one
// unconditionally and pass a writer only when the output is a terminal.
package progress

import (
	"fmt"
	"io"
	"strings"
	"sync"
)

// Bar is a progress bar; safe for concurrent use.
type Bar struct {
	w     io.Writer
	verb  string
	unit  string
	total int

	mu   sync.Mutex
	n    int
	last int
}

// New returns a bar that counts to total units (for example 10,
// "publishing", "meetings"), drawn on w; w may be nil.
func New(w io.Writer, verb, unit string, total int) *Bar {
	return &Bar{w: w, verb: verb, unit: unit, total: total, last: -1}
}

// Add counts n more units and redraws the bar when its percentage changed.
func (b *Bar) Add(n int) {
	if b == nil || b.w == nil || b.total <= 0 {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.n += n
	if b.n > b.total {
		b.n = b.total
	}
	pct := b.n * 100 / b.total
	if pct == b.last {
		return
	}
	b.last = pct
	const width = 30
	fill := pct * width / 100
	fmt.Fprintf(b.w, "\r%s [%s%s] %3d%% %d/%d %s", b.verb, strings.Repeat("#", fill), strings.Repeat(".", width-fill), pct, b.n, b.total, b.unit)
}

// Done ends the bar's line, if it drew anything.
func (b *Bar) Done() {
	if b == nil || b.w == nil || b.total <= 0 || b.last < 0 {
		return
	}
	fmt.Fprintln(b.w)
}
