#!/usr/bin/env python3
"""Time each store command with and without a running `gavel run`, to measure what the hand-off adds.

usage: perf/handoff.py GAVEL [ROUNDS]     (run from the repository root; GAVEL is a built binary)

For every command and round: a fresh store holding the seed notes (so that publish has a site to build and summary
a meeting to change) is copied in, then the command runs once with the store free and once while `gavel run`
(pointed at a closed IRC port, so it keeps the store and its sockets while it retries; up for a second) holds it. Prints the median
wall time of each, and the difference: what a running gavel adds; and the median CPU time (user+sys) of the command's own
process, and of the command plus the running gavel (what the work costs wherever it runs), which other sessions' load
does not inflate the way it inflates wall time. The configuration's lock_timeout is the default 2 s, so a command that
waited for the lock would show it.
"""
import os, resource, shutil, signal, statistics, subprocess, sys, tempfile, time

gavel = os.path.abspath(sys.argv[1])
rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 5
root = os.getcwd()
seed = os.path.join(root, "notes/testdata/f2f-2011-07-19.txt")
seed2 = os.path.join(root, "notes/testdata/f2f-2011-07-26.txt")
log = os.path.join(root, "testdata/corpus/meetbot/fedora/magazine.2020-06-10-12.02.log.txt")
work = tempfile.mkdtemp()
cfg = os.path.join(work, "gavel.toml")
with open(cfg, "w") as f:
    f.write('[irc]\nserver = "127.0.0.1:1"\nnick = "gavel"\nchannels = ["#x"]\n[store]\npath = "data/gavel.db"\n'
            '[site]\ndir = "public"\nbase_url = "http://127.0.0.1:8080/"\n[remind]\nenabled = false\n')
db = os.path.join(work, "data/gavel.db")


def cpu_of(pid):
    """CPU seconds (user+sys) a live process has used so far."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run(args, check=True):
    """Runs gavel with args: wall seconds, CPU seconds of the process, stdout."""
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    p = subprocess.run([gavel] + args, cwd=work, capture_output=True, text=True)
    dt = time.perf_counter() - t
    ru2 = resource.getrusage(resource.RUSAGE_CHILDREN)
    if check and p.returncode != 0:
        sys.exit("%s: exit %d\n%s%s" % (" ".join(args), p.returncode, p.stdout, p.stderr))
    return dt, (ru2.ru_utime - ru.ru_utime) + (ru2.ru_stime - ru.ru_stime), p.stdout


notes = ["notes", "-c", cfg, "--series", "fudcon", "--date", "2011-07-19", "--time", "15:00", "--tz", "Asia/Kolkata"]
run(notes + [seed])
base = tempfile.mkdtemp()
shutil.copytree(work, base, dirs_exist_ok=True)
meeting = "fudcon.2011-07-19T093000Z"
commands = {
    "notes": ["notes", "-c", cfg, "--series", "fudcon", "--date", "2011-07-26", "--time", "15:00", "--tz", "Asia/Kolkata", seed2],
    "import": ["import", "-c", cfg, log],
    "summary": ["summary", "-c", cfg, "--meeting", meeting, "--text", "Venue booked."],
    "rename": ["rename", "-c", cfg, "--meeting", meeting, "--title", "FUDCon F2F, Pune", "--by", "perf"],
    "agenda add": ["agenda", "-c", cfg, "--series", "fudcon", "--by", "perf", "add", "Budget"],
    "publish": ["publish", "-c", cfg],
    "remind": ["remind", "-c", cfg, "--at", "2011-08-01T10:00:00Z"],
    "remind --dry-run": ["remind", "-c", cfg, "--at", "2011-08-01T10:00:00Z", "--dry-run"],
    "actions": ["actions", "-c", cfg, "--json"],
    "backup": ["backup", "-c", cfg, os.path.join(work, "copy.db")],
}


def reset():
    shutil.rmtree(work)
    shutil.copytree(base, work)


def start_gavel():
    p = subprocess.Popen([gavel, "run", "-c", cfg], cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(500):
        if os.path.exists(db + ".ctl"):
            time.sleep(1)  # a gavel that is up, not one still starting (its first publish)
            return p
        time.sleep(0.01)
    sys.exit("gavel run made no control socket")


def stop_gavel(p):
    p.send_signal(signal.SIGTERM)
    p.wait(timeout=30)


print("load before: %s" % open("/proc/loadavg").read().split()[:3])
print("%-18s %12s %14s %10s   %14s %14s %14s" % ("command", "store free", "gavel running", "extra",
                                                "CPU free", "CPU client", "CPU both"))
for name, args in commands.items():
    free, held, cfree, cheld, cboth = [], [], [], [], []
    for _ in range(rounds):
        reset()
        if os.path.exists(os.path.join(work, "copy.db")):
            os.remove(os.path.join(work, "copy.db"))
        wall, cpu, _ = run(args)
        free.append(wall)
        cfree.append(cpu)
        reset()
        p = start_gavel()
        try:
            before = cpu_of(p.pid)
            wall, cpu, _ = run(args)
            held.append(wall)
            cheld.append(cpu)
            cboth.append(cpu + cpu_of(p.pid) - before)
        finally:
            stop_gavel(p)
    f, h = statistics.median(free), statistics.median(held)
    print("%-18s %9.0f ms %11.0f ms %7.0f ms   %11.0f ms %11.0f ms %11.0f ms" % (
        name, f * 1000, h * 1000, (h - f) * 1000, statistics.median(cfree) * 1000, statistics.median(cheld) * 1000,
        statistics.median(cboth) * 1000))
print("load after: %s" % open("/proc/loadavg").read().split()[:3])
shutil.rmtree(work)
shutil.rmtree(base)
