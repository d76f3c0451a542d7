#!/bin/sh
# Times `gavel import --no-publish` of N generated 150-line logs into a new store, for each N given (default 2000
# 10000), the same generator for all (perf/gen_import_logs.py: the first 2,000 logs of the 10,000 set are the 2,000
# set). Prints wall, user and system time and peak RSS per run, and the load average before it.
# usage: perf/import-scale.sh [GAVEL] [N...]      (GAVEL defaults to bin/gavel; build it with make build)
set -eu
gavel=${1:-bin/gavel}
[ $# -gt 0 ] && shift
sizes=${*:-2000 10000}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat >"$work/gavel.toml" <<TOML
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
max=0
for n in $sizes; do [ "$n" -gt "$max" ] && max=$n; done
python3 "$here/gen_import_logs.py" "$max" "$work/logs"
for n in $sizes; do
	rm -f "$work/gavel.db"
	python3 -c 'import os,sys; fs=sorted(os.listdir(sys.argv[1])); order=sorted(fs, key=lambda f: (f.split(".")[1], f)); print("\n".join(os.path.join(sys.argv[1], f) for f in order[:int(sys.argv[2])]))' "$work/logs" "$n" >"$work/list"
	echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
	# xargs would split the list into several commands: one import per run.
	/usr/bin/time -f "$n logs: %e s wall, %U s user, %S s sys, %M KB peak RSS" \
		"$gavel" import -c "$work/gavel.toml" --no-publish $(cat "$work/list") | tail -1
done
