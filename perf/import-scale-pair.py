#!/usr/bin/env python3
"""Paired whole-process measurement of `gavel import --no-publish` at two archive sizes (issue 10: 10,000 logs in
under 5 times the time of 2,000): two or more gavel binaries import the same generated 150-line logs
(perf/gen_import_logs.py, in date order, as perf/import-scale.sh does), each into a new store, taking turns size by
size and round by round, so that all see the same machine load. Reports per binary and size the median and range of
the CPU time (user+sys from wait4's rusage) and of the wall time, the peak RSS and the load average, then each
binary's ratio of the medians (largest size over smallest), in CPU and in wall time. On a shared machine read the
CPU columns; the wall times follow the load.

usage: perf/import-scale-pair.py [--rounds N] [--sizes 2000,10000] [--logs DIR] LABEL=GAVEL [LABEL=GAVEL ...]
e.g.   perf/import-scale-pair.py --rounds 3 before=/tmp/gavel-before after=bin/gavel
(--logs: a folder of logs gen_import_logs.py wrote before, at least the largest size, to skip generating them)
"""
import argparse
import os
import shutil
import statistics
import sys
import tempfile

import gavelproc

ap = argparse.ArgumentParser()
ap.add_argument("--rounds", type=int, default=3)
ap.add_argument("--sizes", default="2000,10000")
ap.add_argument("--logs")
ap.add_argument("gavels", nargs="+", metavar="LABEL=GAVEL")
a = ap.parse_args()
sizes = [int(n) for n in a.sizes.split(",")]
gavels = gavelproc.gavels(a.gavels)

work = tempfile.mkdtemp()
try:
    order = gavelproc.import_logs(a.logs, max(sizes), work)
    with open(os.path.join(work, "gavel.toml"), "w") as f:
        f.write('[store]\npath = "gavel.db"\n')
    res = {(label, n): [] for label, _ in gavels for n in sizes}
    for r in range(a.rounds):
        for n in sizes:
            files = order[:n]
            for label, path in gavels:
                db = os.path.join(work, "gavel.db")
                if os.path.exists(db):
                    os.remove(db)
                before = gavelproc.load()
                status, ru, wall, err = gavelproc.run([path, "import", "-c", "gavel.toml", "--no-publish"] + files,
                                                      work)
                if status != 0:
                    sys.exit(f"{label}: gavel import of {n} logs failed ({status}): {err.decode()[-2000:]}")
                cpu = ru.ru_utime + ru.ru_stime
                res[(label, n)].append((cpu, wall, ru.ru_maxrss, before))
                print(f"round {r + 1} {label:>10} {n:>6} logs: cpu {cpu:7.2f} s (user {ru.ru_utime:.2f} + sys "
                      f"{ru.ru_stime:.2f}), wall {wall:7.2f} s, peak RSS {ru.ru_maxrss // 1024} MB, load {before}",
                      flush=True)
    print()
    for label, _ in gavels:
        med = {}
        for n in sizes:
            xs = res[(label, n)]
            cpu = [x[0] for x in xs]
            wall = [x[1] for x in xs]
            med[n] = (statistics.median(cpu), statistics.median(wall))
            print(f"{label:>10} {n:>6} logs: cpu median {med[n][0]:.2f} s ({min(cpu):.2f}-{max(cpu):.2f}), wall "
                  f"median {med[n][1]:.2f} s ({min(wall):.2f}-{max(wall):.2f}), peak RSS "
                  f"{max(x[2] for x in xs) // 1024} MB, load {', '.join(x[3] for x in xs)}")
        lo, hi = min(sizes), max(sizes)
        print(f"{label:>10} {hi}/{lo}: {med[hi][0] / med[lo][0]:.2f}x cpu, {med[hi][1] / med[lo][1]:.2f}x wall "
              f"(ratios of the medians)")
finally:
    shutil.rmtree(work)
