package benchcpu

import (
	"testing"
	"time"
)

// TestNowGrows checks that Now counts this process's CPU time: spinning
// makes it grow.
func TestNowGrows(t *testing.T) {
	start := Now()
	if start <= 0 {
		t.Fatalf("Now() = %v at start, want the CPU time used so far", start)
	}
	x := 0
	for end := time.Now().Add(10 * time.Second); Now()-start < 5*time.Millisecond && time.Now().Before(end); {
		for i := 0; i < 1e6; i++ {
			x += i
		}
	}
	if d := Now() - start; d < 5*time.Millisecond {
		t.Errorf("Now() grew by %v after 10 s of spinning (x=%d), want at least 5 ms", d, x)
	}
}
