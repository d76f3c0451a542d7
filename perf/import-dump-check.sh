#!/bin/sh
# Checks that two commits store the same data for the same `gavel import` (issue 10's speed work must not change
# what is stored): builds gavel in clean `git archive` copies of BEFORE and AFTER, imports the first N logs of
# perf/gen_import_logs.py (default 2000) with each into a new store (--no-publish, the order import-scale.sh uses),
# and compares perf/storedigest's lines: a SHA-256 of every key and value of each bucket. Each store is first opened
# by this tree's store package (storedigest -migrate), so that BEFORE's store, when it has an older schema, is
# migrated: across a schema change the check says that a migrated store holds what a new import makes.
# usage: perf/import-dump-check.sh BEFORE [AFTER] [N]   (AFTER defaults to HEAD)
# Exit 0 and "identical" when the stores agree; else the differing buckets and exit 1.
set -eu
before=${1:?usage: perf/import-dump-check.sh BEFORE [AFTER] [N]}
after=${2:-HEAD}
n=${3:-2000}
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 "$repo/perf/gen_import_logs.py" "$n" "$work/logs"
python3 -c 'import os,sys; fs=sorted(os.listdir(sys.argv[1])); order=sorted(fs, key=lambda f: (f.split(".")[1], f)); print("\n".join(os.path.join(sys.argv[1], f) for f in order))' "$work/logs" >"$work/list"
(cd "$repo" && go build -o "$work/storedigest" ./perf/storedigest)
for side in before after; do
	eval rev=\$$side
	mkdir "$work/$side"
	git -C "$repo" archive "$rev" | tar -x -C "$work/$side"
	(cd "$work/$side" && go build -o "$work/$side.bin" ./cmd/gavel)
	printf '[store]\npath = "%s"\n' "$work/$side.db" >"$work/$side.toml"
	"$work/$side.bin" import -c "$work/$side.toml" --no-publish $(cat "$work/list") | tail -1
	"$work/storedigest" -migrate "$work/$side.db" >"$work/$side.digest"
	echo "$side = $rev: $(wc -l <"$work/$side.digest") buckets"
done
if cmp -s "$work/before.digest" "$work/after.digest"; then
	echo identical
else
	diff "$work/before.digest" "$work/after.digest"
	exit 1
fi
