#!/bin/sh
# Paired measurement of the notes reader's benchmarks at two commits (issue 9): builds the notes and tracker
# benchmark binaries of BEFORE and AFTER from clean `git archive` copies, then runs them interleaved (before, after,
# before, ...) so both see the same machine load, and prints each run's ns/op, cpu-ms/op (getrusage, GC included),
# B/op and allocs/op with the load average. On a shared machine compare cpu-ms/op, not ns/op.
# usage: perf/notes-bench-pair.sh BEFORE [AFTER] [ROUNDS]   (AFTER defaults to HEAD; ROUNDS 3)
# e.g.   perf/notes-bench-pair.sh 7f7d9f8 main 3
set -eu
before=${1:?usage: perf/notes-bench-pair.sh BEFORE [AFTER] [ROUNDS]}
after=${2:-HEAD}
rounds=${3:-3}
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for side in before after; do
	eval rev=\$$side
	mkdir "$work/$side"
	git -C "$repo" archive "$rev" | tar -x -C "$work/$side"
	(cd "$work/$side" && go test -c -o "$work/$side-notes.test" ./notes && go test -c -o "$work/$side-tracker.test" ./tracker)
	echo "$side = $rev ($(git -C "$repo" rev-parse --short "$rev"))"
done
i=1
while [ "$i" -le "$rounds" ]; do
	for side in before after; do
		echo "round $i $side, load $(cut -d' ' -f1-3 /proc/loadavg)"
		(cd "$work/$side/notes" && "$work/$side-notes.test" -test.run '^$' -test.benchmem -test.benchtime 20x \
			-test.bench 'ParseSeedLike5000Lines|Parse5000Lines|ParseFeed5000Lines|ParseMarkdown5000Lines') | grep '^Benchmark'
		(cd "$work/$side/tracker" && "$work/$side-tracker.test" -test.run '^$' -test.benchmem -test.benchtime 10x \
			-test.bench 'ImportSeedLike5000Lines|Import5000Lines') | grep '^Benchmark'
	done
	i=$((i + 1))
done
