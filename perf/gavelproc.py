"""What the paired whole-process scripts of perf/ share (import-scale-pair.py, import-curve.py, notes-import-pair.py):
reading LABEL=GAVEL arguments, the load average, the generated import logs in date order, and running one gavel
process timed from outside: wall time by the monotonic clock, CPU time and peak RSS by wait4's rusage (microseconds,
where GNU time rounds to 10 ms). A module, not a script: the scripts import it from their own folder."""
import os
import subprocess
import sys
import time

here = os.path.dirname(os.path.abspath(__file__))


def gavels(specs):
    """The (label, absolute path) of each LABEL=GAVEL argument; exits naming the first one without a path."""
    out = []
    for g in specs:
        label, _, path = g.partition("=")
        if not path:
            sys.exit(f"want LABEL=GAVEL, got {g!r}")
        out.append((label, os.path.abspath(path)))
    return out


def load(fields=1):
    """The first `fields` load averages of /proc/loadavg, joined by a space."""
    return " ".join(open("/proc/loadavg").read().split()[:fields])


def import_logs(logs, n, work):
    """The paths of n generated 150-line logs in date order (as import-scale.sh imports them): those of the folder
    logs (gen_import_logs.py wrote it before), or, with logs empty, n new ones written into work/logs. Exits when
    logs holds fewer than n."""
    if not logs:
        logs = os.path.join(work, "logs")
        subprocess.run([sys.executable, os.path.join(here, "gen_import_logs.py"), str(n), logs], check=True)
    order = sorted(sorted(os.listdir(logs)), key=lambda f: (f.split(".")[1], f))  # by date, as import-scale.sh
    if len(order) < n:
        sys.exit(f"{logs} holds {len(order)} logs, fewer than {n}")
    return [os.path.join(logs, x) for x in order]


def run(argv, cwd, stderr=subprocess.PIPE):
    """Runs argv in cwd, its output discarded, and waits for it by wait4: (wait status, rusage, wall seconds, what
    it wrote to stderr: bytes, or b"" when stderr is a file given here)."""
    t0 = time.monotonic()
    p = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=stderr)
    err = p.stderr.read() if stderr == subprocess.PIPE else b""
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.monotonic() - t0
    if p.stderr:
        p.stderr.close()
    p.returncode = os.waitstatus_to_exitcode(status)
    return status, ru, wall, err
