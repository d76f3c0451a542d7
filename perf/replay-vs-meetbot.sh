#!/bin/sh
# Paired whole-process run: `gavel replay` against MeetBot's own replay on the same 20,000-line log (issue 10).
#
# usage: perf/replay-vs-meetbot.sh MEETBOT_DIR [GAVEL] [RUNS] [LINES]
#   MEETBOT_DIR  folder holding a Python 3 MeetBot's meeting.py, items.py and writers.py (see perf/README.md:
#                Fedora's supybot_meetbot/ or OpenDev's ircmeeting/); not part of gavel's repository
#   GAVEL        gavel binary (default bin/gavel; `make build`)
#   RUNS         pairs of runs (default 10)
#   LINES        log length (default 20000: python3 tools/gen_synthetic_log.py LINES from the shared corpus, or
#                meeting/testdata/synthetic20k.log.txt, the same file, when the generator is not there)
#
# Each round runs gavel, then MeetBot (the order alternates every round), each as a new process under GNU time
# writing its minutes into an empty folder: gavel all six formats, MeetBot its three (.html, .txt, .log.html).
# Prints, for each, the median and fastest wall time, median user+sys CPU and the largest peak RSS, then the
# ratios of the medians (MeetBot / gavel), and the load average before and after. Targets (issue 10): wall ratio
# >= 20, gavel's peak RSS <= 30 MB.
set -eu
[ $# -ge 1 ] || { sed -n '2,16p' "$0"; exit 2; }
meetbot=$1
gavel=${2:-bin/gavel}
runs=${3:-10}
lines=${4:-20000}
here=$(cd "$(dirname "$0")" && pwd)
py=/usr/bin/python3
[ -f "$meetbot/meeting.py" ] || { echo "no meeting.py in $meetbot (see perf/README.md)" >&2; exit 2; }
[ -x "$gavel" ] || { echo "no gavel binary at $gavel (make build)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# MeetBot's replay takes the channel from the file name: #load.
log=$work/load.log.txt
gen=${GEN_SYNTHETIC:-/work/shared/corpus/tools/gen_synthetic_log.py}
if [ -f "$gen" ]; then
	$py "$gen" "$lines" >"$log"
elif [ "$lines" = 20000 ]; then
	cp "$here/../meeting/testdata/synthetic20k.log.txt" "$log"
else
	echo "no generator at $gen (set GEN_SYNTHETIC)" >&2
	exit 2
fi
echo "log: $lines lines, $(wc -c <"$log") bytes; gavel: $gavel; MeetBot: $meetbot; $runs rounds"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
run_gavel() {
	rm -rf "$work/g" && mkdir "$work/g"
	/usr/bin/time -a -o "$work/gavel.times" -f "%e %U %S %M" \
		"$gavel" replay --out "$work/g" --date 2026-07-26 --channel '#load' "$log" >/dev/null
}
run_meetbot() {
	rm -rf "$work/m" && mkdir "$work/m"
	/usr/bin/time -a -o "$work/meetbot.times" -f "%e %U %S %M" \
		$py "$here/meetbot_replay.py" "$meetbot" "$log" "$work/m/load" >/dev/null
}
# One untimed run of each first, so neither pays for a cold page cache.
run_gavel; run_meetbot; rm -f "$work/gavel.times" "$work/meetbot.times"
i=0
while [ $i -lt "$runs" ]; do
	if [ $((i % 2)) = 0 ]; then run_gavel; run_meetbot; else run_meetbot; run_gavel; fi
	i=$((i + 1))
done
ls "$work/m" | grep -q 'log.html$' || { echo "MeetBot wrote no minutes: $(ls "$work/m")" >&2; exit 1; }
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
$py - "$work/gavel.times" "$work/meetbot.times" <<'PY'
import statistics, sys
def read(p):
    rows = [l.split() for l in open(p) if l.strip() and l.split()[0][0].isdigit()]
    wall = [float(r[0]) for r in rows]
    cpu = [float(r[1]) + float(r[2]) for r in rows]
    rss = [int(r[3]) / 1024 for r in rows]
    return wall, cpu, rss
g, m = read(sys.argv[1]), read(sys.argv[2])
for name, (wall, cpu, rss) in (("gavel replay", g), ("MeetBot replay", m)):
    print(f"{name:15s} wall median {statistics.median(wall)*1000:7.0f} ms (fastest {min(wall)*1000:.0f}), "
          f"CPU median {statistics.median(cpu)*1000:7.0f} ms, peak RSS max {max(rss):5.1f} MB  ({len(wall)} runs)")
rw = statistics.median(m[0]) / statistics.median(g[0])
rc = statistics.median(m[1]) / max(statistics.median(g[1]), 0.001)
print(f"ratio MeetBot/gavel: wall {rw:.1f}x (target >= 20), CPU {rc:.1f}x; gavel peak RSS {max(g[2]):.1f} MB (target <= 30)")
print("GNU time reports CPU in 10 ms steps: gavel's CPU median is coarse.")
PY
