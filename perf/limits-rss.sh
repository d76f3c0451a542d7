#!/bin/sh
# Peak RSS and CPU of `gavel replay` and `gavel import --no-publish` on big raw logs (issue 13 item 4): a 200 MB log
# (refused by the default [limits] max_log_bytes, 8 MiB: config.DefaultMaxLogBytes), a log just under that limit, and the 200 MB log again
# with max_log_bytes raised to 256 MiB (import; replay would take --max-log-bytes); then a binary file of 59 MB
# (refused after its first 8 KiB). Each log is one meeting of ordinary MeetBot lines (#info, #action, talk).
# usage: perf/limits-rss.sh [GAVEL]      (GAVEL defaults to bin/gavel; build it with make build)
set -eu
gavel=$(realpath "${1:-bin/gavel}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
cat >gavel.toml <<TOML
[irc]
server = "127.0.0.1:6667"
nick = "gavel"
channels = ["#x"]
[store]
path = "gavel.db"
[site]
dir = "public"
base_url = "http://127.0.0.1:8080/"
TOML
{ cat gavel.toml; printf '[limits]\nmax_log_bytes = "256MiB"\n'; } >raised.toml
# make NAME BYTES: a log of about BYTES bytes.
mk() {
	python3 - "$1" "$2" <<'PY'
import sys
name, size = sys.argv[1], int(sys.argv[2])
lines = ["<alice> we talk about the release branch and the build that failed last night",
         "<bob> #info the mirror sync is back, thanks to the infra team",
         "<carol> #action dave to review the patch for the compose by Friday",
         "<dave> #agreed we ship the update on Tuesday",
         "<eve> #link https://example.org/ticket/1234"]
with open(name, "w") as f:
    f.write("10:00:00 <alice> #startmeeting big\n")
    n, i = 0, 0
    while n < size:
        s = "%02d:%02d:%02d %s\n" % (10 + (i // 3600) % 12, (i // 60) % 60, i % 60, lines[i % len(lines)])
        f.write(s)
        n += len(s)
        i += 1
    f.write("22:00:00 <alice> #endmeeting\n")
PY
}
mk big.2026-01-02-10.00.log.txt 200000000
mk limit.2026-01-03-10.00.log.txt 8300000
head -c 59000000 /dev/urandom >photo.2026-01-04-10.00.log.txt
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
t() {
	label=$1
	shift
	rm -rf gavel.db out public
	/usr/bin/time -f "$label: exit %x, %e s wall, %U s user, %S s sys, %M KB peak RSS" "$@" >/dev/null 2>err || true
	tail -1 err
	grep -m1 -E 'refused|imported|gavel' err | cut -c1-200 || true
}
t "replay 200 MB (default limit)" "$gavel" replay --out out big.2026-01-02-10.00.log.txt
t "import 200 MB (default limit)" "$gavel" import -c gavel.toml --no-publish big.2026-01-02-10.00.log.txt
t "replay 8.3 MB (under the limit)" "$gavel" replay --out out limit.2026-01-03-10.00.log.txt
t "import 8.3 MB (under the limit)" "$gavel" import -c gavel.toml --no-publish limit.2026-01-03-10.00.log.txt
t "import 200 MB (max_log_bytes 256MiB)" "$gavel" import -c raised.toml --no-publish big.2026-01-02-10.00.log.txt
t "replay 59 MB binary" "$gavel" replay --out out photo.2026-01-04-10.00.log.txt
t "import 59 MB binary" "$gavel" import -c gavel.toml --no-publish photo.2026-01-04-10.00.log.txt
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
