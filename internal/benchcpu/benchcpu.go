// Package benchcpu measures the CPU time (user + system) a benchmark's
// process uses. The machines the figures are taken on are shared, so
// wall-clock ns/op overstate the cost under load; cpu-ms/op does not.
package benchcpu

import (
	"syscall"
	"testing"
	"time"
)

// Now is the CPU time (user + system) this process has used so far, or 0
// when the system cannot say.
func Now() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// Report reports the CPU time per operation since start (a value of Now)
// as the benchmark's "cpu-ms/op" metric.
func Report(b *testing.B, start time.Duration) {
	if b.N > 0 {
		b.ReportMetric(float64(Now()-start)/float64(b.N)/1e6, "cpu-ms/op")
	}
}
