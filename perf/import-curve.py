#!/usr/bin/env python3
"""The cost of `gavel import` per log as the archive grows (issue 10: import must be linear): the generated 150-line
logs (perf/gen_import_logs.py, in date order, as perf/import-scale.sh imports them) are imported in chunks, each
chunk by its own `gavel import --no-publish` process into the same store, so chunk k measures importing into an
archive of (k-1) chunks. Two or more gavel binaries take turns chunk by chunk, each into a store of its own, so that
all see the same machine load. Prints each chunk's CPU time (user+sys from wait4's rusage) per log and wall time, then
per binary the last chunk's CPU per log over the first's: 1.0 is a flat cost per log. Each process also pays its
start-up and the store's first reads (the import keys, each series' open items): a cost per chunk, the same at every
chunk as long as those reads stay small next to the chunk's work.

usage: perf/import-curve.py [--chunk 1000] [--total 10000] [--logs DIR] LABEL=GAVEL [LABEL=GAVEL ...]
e.g.   perf/import-curve.py before=/tmp/gavel-before after=bin/gavel
(--logs: a folder of logs gen_import_logs.py wrote before, at least --total of them, to skip generating them)
"""
import argparse
import os
import shutil
import sys
import tempfile

import gavelproc

ap = argparse.ArgumentParser()
ap.add_argument("--chunk", type=int, default=1000)
ap.add_argument("--total", type=int, default=10000)
ap.add_argument("--logs")
ap.add_argument("gavels", nargs="+", metavar="LABEL=GAVEL")
a = ap.parse_args()
if a.chunk <= 0 or a.total < a.chunk:
    sys.exit("want 0 < --chunk <= --total")
gavels = gavelproc.gavels(a.gavels)

work = tempfile.mkdtemp()
try:
    order = gavelproc.import_logs(a.logs, a.total, work)
    for label, _ in gavels:
        os.mkdir(os.path.join(work, label))
        with open(os.path.join(work, label, "gavel.toml"), "w") as f:
            f.write('[store]\npath = "gavel.db"\n')
    per = {label: [] for label, _ in gavels}
    for k, start in enumerate(range(0, a.total, a.chunk)):
        files = order[start:start + a.chunk]
        for label, path in gavels:
            before = gavelproc.load()
            status, ru, wall, err = gavelproc.run([path, "import", "-c", "gavel.toml", "--no-publish"] + files,
                                                  os.path.join(work, label))
            if status != 0:
                sys.exit(f"{label}: gavel import of logs {start + 1}-{start + len(files)} failed ({status}): "
                         f"{err.decode()[-2000:]}")
            cpu = ru.ru_utime + ru.ru_stime
            per[label].append(cpu / len(files))
            print(f"chunk {k + 1:>3} {label:>10} logs {start + 1:>6}-{start + len(files):<6} cpu {cpu:6.2f} s "
                  f"({1000 * cpu / len(files):.3f} ms/log; user {ru.ru_utime:.2f} + sys {ru.ru_stime:.2f}), "
                  f"wall {wall:6.2f} s, peak RSS {ru.ru_maxrss // 1024} MB, load {before}", flush=True)
    print()
    for label, _ in gavels:
        xs = per[label]
        print(f"{label:>10}: cpu per log {1000 * xs[0]:.3f} ms in the first chunk, {1000 * xs[-1]:.3f} ms in the "
              f"last: {xs[-1] / xs[0]:.2f}x; mean {1000 * sum(xs) / len(xs):.3f} ms")
finally:
    shutil.rmtree(work)
