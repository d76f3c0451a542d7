#!/usr/bin/env python3
"""Delay from SIGINT/SIGTERM to exit of gavel's long commands (issue 13: within 1 s, hand-offs included).

usage: perf/signal-delay.py [GAVEL] [RUNS]     (GAVEL defaults to bin/gavel; RUNS per command, default 3)

Each command runs as a whole process on generated input big enough to take many seconds: replay and import of
400 raw logs, publish --full of the 400 imported meetings, notes of an 8 MB file, and import handed to a running
`gavel run` (whose IRC server does not answer: it serves its control socket all the same). The signal is sent once
the process has used 0.3 s of CPU (it is past its start, into the work); the delay is from the signal to the
process's exit. Prints each delay, exit status and last stderr line, the median and the worst, and the load
average. The store is checked after each run (gavel backup of it must succeed).
"""
import os, random, shutil, signal, statistics, subprocess, sys, tempfile, time

gavel = os.path.realpath(sys.argv[1] if len(sys.argv) > 1 else "bin/gavel")
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
work = tempfile.mkdtemp()
os.chdir(work)
CONF = """[irc]
server = "127.0.0.1:1"
nick = "gavel"
channels = ["#x"]
[store]
path = "gavel.db"
[site]
dir = "public"
base_url = "http://127.0.0.1:8080/"
[remind]
enabled = false
[limits]
max_notes_bytes = "256MiB"
"""
open("gavel.toml", "w").write(CONF)
os.makedirs("logs")
logs = []
for i in range(400):
    name = "logs/team%02d.%s-15.00.log.txt" % (i % 20, time.strftime("%Y-%m-%d", time.gmtime(1578322800 + 7 * 86400 * (i // 20))))
    with open(name, "w") as f:
        f.write("15:00:00 <alice> #startmeeting team%02d\n" % (i % 20))
        for j in range(150):
            s = 2 + j
            kind = j % 7
            text = ("#info the build %d-%d is green" if kind == 0 else
                    "#action dave to review patch %d-%d" if kind == 3 else "we talked about mirror %d-%d") % (i, j)
            f.write("15:%02d:%02d <bob> %s\n" % (s // 60 % 60, s % 60, text))
        f.write("16:00:00 <alice> #endmeeting\n")
    logs.append(name)
with open("notes.txt", "w") as f:
    f.write("FUDCon planning\n\nPresent: alice, bob\n\n")
    n, t = 0, 0
    while f.tell() < 8 << 20:
        f.write("Topic %d about the release\n" % t)
        for j in range(50):
            f.write("  - ACTION: alice to review patch %d-%d by Friday\n" % (t, j) if j % 10 == 0 else
                    "  - we talked about the build %d-%d and the mirror\n" % (t, j))
        t += 1


def cpu(pid):
    try:
        f = open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(f[11]) + int(f[12])) / os.sysconf("SC_CLK_TCK")


def measure(args, sig, min_cpu=0.3):
    p = subprocess.Popen([gavel] + args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    while True:
        c = cpu(p.pid)
        if p.poll() is not None:
            return None, p.returncode, "ended before the signal"
        if c is not None and c >= min_cpu:
            break
        time.sleep(0.005)
    t0 = time.monotonic()
    p.send_signal(sig)
    # The CPU the process used after the signal: the last reading before it
    # ended (load-independent, unlike the wall time on a shared machine).
    c1 = c
    while p.poll() is None:
        x = cpu(p.pid)
        if x is not None:
            c1 = x
        time.sleep(0.005)
    d = time.monotonic() - t0
    err = p.stderr.read()
    last = err.decode(errors="replace").strip().splitlines()[-1:] or [""]
    return d, p.returncode, "cpu after signal %.2f s; %s" % (c1 - c, last[0][:90])


def check_store():
    r = subprocess.run([gavel, "backup", "-c", "gavel.toml", "check.db"], capture_output=True)
    if os.path.exists("check.db"):
        os.remove("check.db")
    return "store ok" if r.returncode == 0 else "STORE BAD: " + r.stderr.decode()[-200:]


def report(name, results):
    ds = [d for d, _, _ in results if d is not None]
    for d, rc, last in results:
        print("  %-9s %s exit %s  %s" % (name, "%.3f s" % d if d is not None else "-", rc, last))
    if ds:
        print("%-9s median %.3f s, worst %.3f s over %d runs" % (name, statistics.median(ds), max(ds), len(ds)))


print("load before: " + open("/proc/loadavg").read().strip())
res = [measure(["replay", "--out", "out"] + logs, signal.SIGINT) for _ in range(runs)]
report("replay", res)
res = []
for _ in range(runs):
    if os.path.exists("gavel.db"):
        os.remove("gavel.db")
    res.append(measure(["import", "-c", "gavel.toml", "--no-publish"] + logs, signal.SIGTERM))
    print("  " + check_store())
report("import", res)
subprocess.run([gavel, "import", "-c", "gavel.toml", "--no-publish"] + logs, capture_output=True)
res = []
for _ in range(runs):
    res.append(measure(["publish", "-c", "gavel.toml", "--full"], signal.SIGINT))
    print("  " + check_store())
report("publish", res)
res = []
for _ in range(runs):
    res.append(measure(["notes", "-c", "gavel.toml", "--series", "f2f", "--date", "2021-01-05", "--no-publish", "notes.txt"], signal.SIGTERM))
    print("  " + check_store())
report("notes", res)
# The hand-off: the client waits on the running gavel; the signal goes to the client once it sent its request.
os.remove("gavel.db")
run = subprocess.Popen([gavel, "run", "-c", "gavel.toml"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
for _ in range(500):
    if os.path.exists("gavel.db.ctl"):
        break
    time.sleep(0.02)
res = []
for i in range(runs):
    res.append(measure(["import", "-c", "gavel.toml", "--no-publish"] + logs, signal.SIGINT, min_cpu=0.05))
    time.sleep(0.5)
    r = subprocess.run([gavel, "publish", "-c", "gavel.toml"], capture_output=True)
    print("  running gavel %s; publish through it: exit %d" % ("alive" if run.poll() is None else "DEAD", r.returncode))
report("hand-off", res)
run.send_signal(signal.SIGTERM)
run.wait()
print("load after: " + open("/proc/loadavg").read().strip())
shutil.rmtree(work)
