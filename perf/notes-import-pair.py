#!/usr/bin/env python3
"""Paired whole-process measurement of `gavel notes` (issue 9): two or more gavel binaries import the same 5,000-line
notes file (the three seeds of notes/testdata repeated, as perf/notes-import.sh and the benchmarks build it), each
into a new store with --no-publish, one after the other round by round, so that all see the same machine load.
Reports per binary the median, quartiles and fastest of the CPU time (user+sys from wait4's rusage, microseconds,
where GNU time rounds to 10 ms) and of the wall time, and the peak RSS; with --dry-run the parse and engine only.

usage: perf/notes-import-pair.py [--rounds N] [--lines N] [--dry-run] LABEL=GAVEL [LABEL=GAVEL ...]
e.g.   perf/notes-import-pair.py --rounds 20 before=/tmp/gavel-before after=bin/gavel
"""
import argparse
import os
import shutil
import statistics
import sys
import tempfile

import gavelproc

here = os.path.dirname(os.path.abspath(__file__))
ap = argparse.ArgumentParser()
ap.add_argument("--rounds", type=int, default=20)
ap.add_argument("--lines", type=int, default=5000)
ap.add_argument("--dry-run", action="store_true")
ap.add_argument("gavels", nargs="+", metavar="LABEL=GAVEL")
a = ap.parse_args()
gavels = gavelproc.gavels(a.gavels)

work = tempfile.mkdtemp()
try:
    with open(os.path.join(work, "gavel.toml"), "w") as f:
        f.write('[store]\npath = "gavel.db"\n[site]\ndir = "public"\nbase_url = "http://127.0.0.1:8080/"\n')
    seeds = [open(os.path.join(here, "..", "notes", "testdata", f"f2f-2011-07-{d}.txt")).read() for d in ("12", "19", "26")]
    text = "Big planning meeting\n\n"
    while text.count("\n") < a.lines:
        text += "".join(seeds)
    text = "".join(text.splitlines(keepends=True)[: a.lines])
    notes = os.path.join(work, "notes5k.txt")
    with open(notes, "w") as f:
        f.write(text)
    print(f"notes file: {text.count(chr(10))} lines, {len(text.encode())} bytes; {'dry run' if a.dry_run else 'import'}")
    print("load before:", gavelproc.load(3))
    args = ["notes", "-c", "gavel.toml", "--series", "big", "--date", "2011-07-19", "--tz", "Asia/Kolkata",
            "--dry-run" if a.dry_run else "--no-publish", notes]
    res = {label: [] for label, _ in gavels}
    errpath = os.path.join(work, "stderr")
    for _ in range(a.rounds):
        for label, path in gavels:
            db = os.path.join(work, "gavel.db")
            if os.path.exists(db):
                os.remove(db)
            with open(errpath, "w") as errf:
                status, ru, wall, _ = gavelproc.run([path] + args, work, stderr=errf)
            if status != 0:
                sys.exit(f"{label}: exit {os.waitstatus_to_exitcode(status)}: {open(errpath).read()[-500:]}")
            res[label].append((ru.ru_utime + ru.ru_stime, wall, ru.ru_maxrss))
    print("load after:", gavelproc.load(3))

    def q(v):
        v = sorted(v)
        return f"median {statistics.median(v) * 1000:.1f}, quartiles {v[len(v) // 4] * 1000:.1f}-{v[(3 * len(v)) // 4] * 1000:.1f}, fastest {v[0] * 1000:.1f} ms"

    for label, rs in res.items():
        print(f"{label}: cpu {q([r[0] for r in rs])}; wall {q([r[1] for r in rs])}; peak RSS {max(r[2] for r in rs) / 1024:.1f} MB ({len(rs)} runs)")
finally:
    shutil.rmtree(work)
