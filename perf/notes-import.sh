#!/bin/sh
# Times `gavel notes` importing a 5,000-line notes file (the three face-to-face seeds of notes/testdata repeated, as
# notes.BenchmarkParseSeedLike5000Lines builds it) as a user runs it: whole processes under GNU time, each import
# into a new store (--no-publish), interleaved with a --dry-run of the same file (parse + engine, no store) and with
# `gavel version` (the process's own start-up). Prints each run's wall, user, sys and peak RSS, then the medians and
# the import's CPU (user+sys) less the start-up's: the figure to hold against issue 9's "well under 100 ms".
# usage: perf/notes-import.sh [GAVEL] [RUNS] [LINES]   (GAVEL defaults to bin/gavel: make build; RUNS 10; LINES 5000)
set -eu
gavel=$(cd "$(dirname "${1:-bin/gavel}")" && pwd)/$(basename "${1:-bin/gavel}")
runs=${2:-10}
lines=${3:-5000}
here=$(cd "$(dirname "$0")" && pwd)
seeds="$here/../notes/testdata"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat >"$work/gavel.toml" <<TOML
[store]
path = "gavel.db"
[site]
dir = "public"
base_url = "http://127.0.0.1:8080/"
TOML
# The seeds, repeated until the file has LINES lines.
printf 'Big planning meeting\n\n' >"$work/notes.txt"
while [ "$(wc -l <"$work/notes.txt")" -lt "$lines" ]; do
	cat "$seeds/f2f-2011-07-12.txt" "$seeds/f2f-2011-07-19.txt" "$seeds/f2f-2011-07-26.txt" >>"$work/notes.txt"
done
head -n "$lines" "$work/notes.txt" >"$work/notes5k.txt"
echo "notes file: $(wc -l <"$work/notes5k.txt") lines, $(wc -c <"$work/notes5k.txt") bytes"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
timed() { # label, command...: one line "label wall user sys rss"
	label=$1
	shift
	/usr/bin/time -f "$label %e %U %S %M" -o "$work/t" "$@" >/dev/null 2>"$work/err" || {
		cat "$work/err" >&2
		exit 1
	}
	cat "$work/t"
}
args="-c $work/gavel.toml --series big --date 2011-07-19 --tz Asia/Kolkata"
i=0
while [ "$i" -lt "$runs" ]; do
	rm -f "$work/gavel.db"
	(cd "$work" && timed import "$gavel" notes $args --no-publish "$work/notes5k.txt")
	(cd "$work" && timed dry-run "$gavel" notes $args --dry-run "$work/notes5k.txt")
	timed start-up "$gavel" version
	i=$((i + 1))
done >"$work/all"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "run wall-s user-s sys-s rss-KB"
cat "$work/all"
python3 - "$work/all" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    label, wall, user, sys_, rss = line.split()
    rows.setdefault(label, []).append((float(wall), float(user) + float(sys_), int(rss)))
med = {}
for label, rs in rows.items():
    med[label] = (statistics.median(r[0] for r in rs), statistics.median(r[1] for r in rs), max(r[2] for r in rs))
    print(f"median {label}: wall {med[label][0]*1000:.0f} ms, cpu (user+sys) {med[label][1]*1000:.0f} ms, peak RSS {med[label][2]/1024:.1f} MB ({len(rs)} runs)")
for label in ("import", "dry-run"):
    print(f"{label} cpu less start-up: {(med[label][1]-med['start-up'][1])*1000:.0f} ms")
PY
