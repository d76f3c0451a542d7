#!/bin/sh
# MeetBot's own replay reads gavel's .log.txt as it reads the original log (issue 12), with MeetBot itself.
#
# usage: perf/meetbot-reads-gavel-log.sh MEETBOT_DIR [GAVEL]
#   MEETBOT_DIR  a Python 3 MeetBot's folder (meeting.py, items.py, writers.py; see perf/README.md)
#   GAVEL        gavel binary (default bin/gavel)
#
# For each real MeetBot log of testdata/corpus (Fedora's and OpenDev's): gavel replay writes its .log.txt, then
# MeetBot's replay (perf/meetbot_replay.py --dump) reads the original log and gavel's, and the two readings must
# give the same raw lines, owner, chairs, attendees and minutes items (kind, nick, text). `make test` checks the
# same with MeetBot's line patterns (minutes.TestLogTextReadByMeetBotReplay); this runs MeetBot's code.
set -eu
[ $# -ge 1 ] || { sed -n '2,11p' "$0"; exit 2; }
meetbot=$1
gavel=${2:-bin/gavel}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
for log in "$here"/../testdata/corpus/meetbot/fedora/*.log.txt "$here"/../testdata/corpus/meetbot/opendev/*.log.txt; do
	name=$(basename "$log")
	rm -rf "$work/out" && "$gavel" replay --layout meetbot --out "$work/out" "$log" >/dev/null
	# MeetBot names the channel after the file: give gavel's log the original's name.
	for ours in $(find "$work/out" -name '*.log.txt'); do
		cp "$ours" "$work/$name"
		/usr/bin/python3 "$here/meetbot_replay.py" "$meetbot" "$log" "$work/a" --dump >"$work/orig.json"
		/usr/bin/python3 "$here/meetbot_replay.py" "$meetbot" "$work/$name" "$work/b" --dump >"$work/gavel.json"
		/usr/bin/python3 - "$work/orig.json" "$work/gavel.json" "$name" <<'PY' || status=1
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
same = lambda k: a[k] == b[k]
items = lambda d: [(i["kind"], i["nick"], i["line"]) for i in d["items"]]
bad = [k for k in ("lines", "owner", "chairs", "attendees", "meetingname", "ended") if not same(k)]
if items(a) != items(b):
    bad.append("items")
print(f"{sys.argv[3]}: MeetBot reads {len(b['lines'])} lines, {len(b['items'])} items from gavel's .log.txt; "
      + ("same as from the original" if not bad else "DIFFERENT: " + ", ".join(bad)))
sys.exit(1 if bad else 0)
PY
	done
done
exit $status
