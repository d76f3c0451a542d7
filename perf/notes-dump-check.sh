#!/bin/sh
# Checks that two commits make the same of every notes file (issue 9's speed work must not change output): builds
# perf/notesdump (this tree's copy) in clean `git archive` copies of BEFORE and AFTER, runs both on the notes corpus,
# the seeds and the three generated 5,000-line inputs of the benchmarks, and compares the dumps byte for byte: the
# parsed notes and the events fed to the engine (JSON), the import's changes, and every key and value of the stores.
# usage: perf/notes-dump-check.sh BEFORE [AFTER]   (AFTER defaults to HEAD; "-" for AFTER means the work tree)
# Exit 0 and "identical" when the dumps agree; else the first differing lines and exit 1.
set -eu
before=${1:?usage: perf/notes-dump-check.sh BEFORE [AFTER]}
after=${2:-HEAD}
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for side in before after; do
	eval rev=\$$side
	mkdir "$work/$side"
	if [ "$rev" = - ]; then
		(cd "$repo" && git ls-files -z --cached --others --exclude-standard | xargs -0 tar -c) | tar -x -C "$work/$side"
	else
		git -C "$repo" archive "$rev" | tar -x -C "$work/$side"
	fi
	rm -rf "$work/$side/perf/notesdump"
	cp -r "$repo/perf/notesdump" "$work/$side/perf/notesdump"
	(cd "$work/$side" && go build -o "$work/$side.bin" ./perf/notesdump)
	(cd "$work/$side" && "$work/$side.bin" -seeds notes/testdata testdata/notes-corpus/*.md testdata/notes-corpus/*.txt \
		notes/testdata/*.txt >"$work/$side.dump")
	echo "$side = $rev: $(wc -c <"$work/$side.dump") bytes, $(grep -c '^== ' "$work/$side.dump") inputs"
done
if cmp -s "$work/before.dump" "$work/after.dump"; then
	echo identical
else
	diff "$work/before.dump" "$work/after.dump" | cut -c1-300 | head -40
	exit 1
fi
