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
# Each round runs gavel, then MeetBot (the order alternates every round), each as a new process (timed with
# wait4's rusage, see below) writing its minutes into an empty folder: gavel all six formats, MeetBot its three
# (.html, .txt, .log.html).
# Prints, for each, the median and fastest wall time, median user+sys CPU and the largest peak RSS, then the
# ratios of the medians (MeetBot / gavel), and the load average before and after. Targets (issue 10): wall ratio
# >= 20, gavel's peak RSS <= 30 MB.
set -eu
[ $# -ge 1 ] || { sed -n '2,17p' "$0"; exit 2; }
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
# Each run is a new process started from Python and reaped with wait4: wall time from a monotonic clock around
# fork+exec+wait, user+sys CPU and peak RSS from the child's rusage (microseconds and KiB; GNU time rounds both
# times to 10 ms, too coarse for a process of 30-40 ms).
$py - "$gavel" "$py" "$here/meetbot_replay.py" "$meetbot" "$log" "$work" "$runs" <<'PY'
import os, shutil, statistics, subprocess, sys, time
gavel, py, mbr, meetbot, log, work, runs = sys.argv[1:8]
runs = int(runs)
cmds = {
    "gavel replay": (os.path.join(work, "g"),
                     lambda out: [gavel, "replay", "--out", out, "--date", "2026-07-26", "--channel", "#load", log]),
    "MeetBot replay": (os.path.join(work, "m"),
                       lambda out: [py, mbr, meetbot, log, os.path.join(out, "load")]),
}
def once(name):
    out, argv = cmds[name]
    shutil.rmtree(out, ignore_errors=True)
    os.mkdir(out)
    null = os.open(os.devnull, os.O_WRONLY)
    t0 = time.perf_counter()
    a = argv(out)
    pid = os.posix_spawn(a[0], a, os.environ, file_actions=[(os.POSIX_SPAWN_DUP2, null, 1)])
    _, status, ru = os.wait4(pid, 0)
    wall = time.perf_counter() - t0
    os.close(null)
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{name} failed: exit {os.waitstatus_to_exitcode(status)}")
    return wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024
# One untimed run of each first, so neither pays for a cold page cache.
once("gavel replay"); once("MeetBot replay")
res = {n: [] for n in cmds}
for i in range(runs):
    order = ["gavel replay", "MeetBot replay"] if i % 2 == 0 else ["MeetBot replay", "gavel replay"]
    for n in order:
        res[n].append(once(n))
if not any(f.endswith("log.html") for f in os.listdir(cmds["MeetBot replay"][0])):
    sys.exit("MeetBot wrote no minutes: %s" % os.listdir(cmds["MeetBot replay"][0]))
print("load average after: " + " ".join(open("/proc/loadavg").read().split()[:3]))
med = {}
for n, rows in res.items():
    wall, cpu, rss = [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]
    med[n] = (statistics.median(wall), statistics.median(cpu))
    print(f"{n:15s} wall median {med[n][0]*1000:7.1f} ms (fastest {min(wall)*1000:.1f}), "
          f"CPU median {med[n][1]*1000:7.1f} ms, peak RSS max {max(rss):5.1f} MB  ({len(rows)} runs)")
g, m = med["gavel replay"], med["MeetBot replay"]
grss = max(r[2] for r in res["gavel replay"])
print(f"ratio MeetBot/gavel: wall {m[0]/g[0]:.1f}x (target >= 20), CPU {m[1]/max(g[1], 1e-6):.1f}x; "
      f"gavel peak RSS {grss:.1f} MB (target <= 30)")
PY
