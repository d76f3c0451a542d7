#!/bin/sh
# What two gavel binaries make of the same logs with `gavel replay`, compared byte for byte (`diff -r`): every file
# written, and each run's stdout (the output folder's name replaced), stderr and exit status. Speed work on replay
# must print `identical` (issue 10). The logs: the corpus's raw logs (testdata/corpus), the 20,000-line log, the
# corpus's MeetBot logs joined and repeated into a long log of many meetings, and logs of perf/gen_replay_mix.py (6 to
# 60 meetings: renamed, restricted, the old bot's replies after #endmeeting, IRC colours, bidirectional overrides,
# `<>&"'`, URLs in parentheses, invalid UTF-8, a date only from a "--- Day changed" line), short ones and ones over
# the 4,096 lines from which replay parses while the engine runs; each log with and without --date/--channel.
#
# usage: perf/replay-same.sh GAVEL_OLD GAVEL_NEW
#   e.g. perf/replay-same.sh /tmp/gavel-79d2 bin/gavel
set -eu
[ $# -eq 2 ] || { sed -n '2,10p' "$0"; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
root=$here/..
for g in "$1" "$2"; do
	[ -x "$g" ] || { echo "no gavel binary at $g" >&2; exit 2; }
done
old=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
new=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
logs=$work/logs
mkdir -p "$logs"
find "$root/testdata/corpus" -type f \( -name '*.log.txt' -o -name '*.log' \) | sort >"$work/list"
cp "$root/meeting/testdata/synthetic20k.log.txt" "$logs/load.2026-07-26-09.00.log.txt"
i=0
while [ $i -lt 20 ]; do
	cat "$root"/testdata/corpus/meetbot/*/*.log.txt
	i=$((i + 1))
done >"$logs/corpus-repeated.2026-07-26-10.00.log.txt"
python3 "$here/gen_replay_mix.py" 6 1 >"$logs/mix-short.2026-07-26-10.00.log.txt"
python3 "$here/gen_replay_mix.py" 40 2 >"$logs/mix.2026-07-26-10.00.log.txt"
python3 "$here/gen_replay_mix.py" 60 3 --day-changed >"$logs/mix-daychanged.log.txt"
python3 "$here/gen_replay_mix.py" 50 4 >"$logs/mix-nodate.log.txt"
ls "$logs"/* >>"$work/list"
n=0
while read -r log; do
	n=$((n + 1))
	for side in old new; do
		eval bin=\$$side
		for mode in plain dated; do
			d=$work/$side/$n-$mode
			mkdir -p "$d"
			set +e
			if [ $mode = plain ]; then
				"$bin" replay --out "$d/out" "$log" >"$d/stdout" 2>"$d/stderr"
			else
				"$bin" replay --out "$d/out" --date 2026-07-26 --channel '#load' "$log" >"$d/stdout" 2>"$d/stderr"
			fi
			echo "exit $?" >>"$d/stderr"
			set -e
			sed -i "s|$work/$side|OUT|g" "$d/stdout" "$d/stderr"
		done
	done
done <"$work/list"
files=$(find "$work/old" -type f | wc -l)
lines=$(cat "$work/list" | xargs cat | wc -l)
if diff -r "$work/old" "$work/new" >"$work/diff"; then
	echo "identical: $n logs ($lines lines), $files files and outputs"
else
	echo "DIFFERENT:"
	head -40 "$work/diff"
	exit 1
fi
