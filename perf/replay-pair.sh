#!/bin/sh
# Paired whole-process run of `gavel replay` with two gavel binaries (issue 10): the same 20,000-line log, the
# binaries alternating every round (A B, B A, ...) so both see the same machine load, each run a new process
# reaped with wait4 (as perf/replay-vs-meetbot.sh times them). Prints, for each binary, the median user+sys CPU
# (with the fastest and the first quartile), the median and fastest wall time, the peak RSS and the median page
# faults, and the load average before and after. On a shared machine compare CPU, not wall.
#
# usage: perf/replay-pair.sh GAVEL_A GAVEL_B [RUNS] [LOG]
#   e.g. git worktree add /tmp/old main~4 && (cd /tmp/old && go build -o /tmp/gavel-old ./cmd/gavel) &&
#        make build && perf/replay-pair.sh /tmp/gavel-old bin/gavel 40
#   LOG defaults to meeting/testdata/synthetic20k.log.txt (channel #load, date 2026-07-26).
set -eu
[ $# -ge 2 ] || { sed -n '2,12p' "$0"; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
a=$1
b=$2
runs=${3:-30}
log=${4:-$here/../meeting/testdata/synthetic20k.log.txt}
for g in "$a" "$b"; do
	[ -x "$g" ] || { echo "no gavel binary at $g" >&2; exit 2; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
/usr/bin/python3 - "$a" "$b" "$runs" "$log" "$work" <<'PY'
import os, shutil, statistics, sys, time
a, b, runs, log, work = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
bins = [a, b]
res = {x: [] for x in bins}
def load():
    return " ".join(open("/proc/loadavg").read().split()[:3])
print(f"log: {log}; {runs} rounds; load average before: {load()}")
for r in range(runs):
    for g in (bins if r % 2 == 0 else bins[::-1]):
        out = os.path.join(work, "out")
        shutil.rmtree(out, ignore_errors=True)
        os.mkdir(out)
        t0 = time.monotonic()
        pid = os.fork()
        if pid == 0:
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, 1)
            os.dup2(null, 2)
            os.execv(g, [g, "replay", "--out", out, "--date", "2026-07-26", "--channel", "#load", log])
        _, status, ru = os.wait4(pid, 0)
        wall = (time.monotonic() - t0) * 1000
        if status != 0:
            sys.exit(f"{g} replay failed (status {status})")
        res[g].append(((ru.ru_utime + ru.ru_stime) * 1000, wall, ru.ru_maxrss / 1024, ru.ru_minflt))
print(f"load average after: {load()}")
for g in bins:
    cpu = sorted(x[0] for x in res[g])
    wall = sorted(x[1] for x in res[g])
    print(f"{g}: CPU median {statistics.median(cpu):.1f} ms (fastest {cpu[0]:.1f}, first quartile {cpu[len(cpu) // 4]:.1f}), "
          f"wall median {statistics.median(wall):.0f} ms (fastest {wall[0]:.0f}), "
          f"peak RSS {max(x[2] for x in res[g]):.1f} MB, page faults {statistics.median(x[3] for x in res[g]):.0f}")
PY
