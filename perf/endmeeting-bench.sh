#!/bin/sh
# Times what a chair waits for after #endmeeting in a big archive (issue 10) and the incremental publish with the
# readers' site (issue 11), as CPU per operation (getrusage of the test process around the timed part), with the
# load average before and after each run: the figures docs/PERFORMANCE.md gives.
#   cmd/gavel BenchmarkEndmeetingToPublished10k: a real bbolt store of 10,000 meetings and 20,000 open items, one
#     full build, then each iteration one more meeting ended through life.Keeper and gavel run's long-lived
#     publisher (timed: the #endmeeting line, the replay, the publish up to the URLs checked);
#   publisher BenchmarkIncremental10k: the in-memory source of 10,000 meetings, one more meeting per iteration.
# usage: perf/endmeeting-bench.sh [ITERATIONS]   (default 10; GAVEL_BENCH_MEETINGS=N for a smaller archive)
set -eu
n=${1:-10}
cd "$(dirname "$0")/.."
for b in "./cmd/gavel EndmeetingToPublished10k" "./publisher Incremental10k\$"; do
	set -- $b
	echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
	go test -run '^$' -bench "$2" -benchtime="${n}x" -benchmem "$1" | grep -E '^Benchmark|full build'
	echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
done
