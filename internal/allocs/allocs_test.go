package allocs

import (
	"strings"
	"testing"
)

// sink keeps the built strings alive, so the compiler keeps the work.
var sink string

// TestLinearTellsQuadraticApart: text built with += (what notes did for
// long paragraphs) fails Linear; a strings.Builder passes.
func TestLinearTellsQuadraticApart(t *testing.T) {
	plus := func(n int) func() {
		return func() {
			s := ""
			for i := 0; i < n; i++ {
				s += "a line of words "
			}
			sink = s
		}
	}
	builder := func(n int) func() {
		return func() {
			var b strings.Builder
			for i := 0; i < n; i++ {
				b.WriteString("a line of words ")
			}
			sink = b.String()
		}
	}
	if _, err := Linear("+=", plus(500), plus(4000)); err == nil {
		t.Error("Linear took += for linear")
	}
	if _, err := Linear("strings.Builder", builder(500), builder(4000)); err != nil {
		t.Error(err)
	}
}
