#!/usr/bin/env bash
# bench-vs-hugo.sh [N] [LINES] [RUNS]: gavel's full site build side by side
# with Debian's hugo, both as whole processes, in one paired run.
#
# Makes N MeetBot-style logs of LINES lines (default 2000 of 150: topics,
# #info, #action, #agreed and chat from a dozen nicks, in 4 channels),
# imports them with `gavel import --no-publish` (not timed), then times,
# RUNS times (default 3), interleaved:
#   gavel: `gavel publish --full` into a new site folder (built in a
#          staging folder beside it, made durable by syncfs, then renamed
#          into place: docs/publisher.md);
#   hugo:  `hugo --quiet` on a site whose content is the same N meetings'
#          .md minutes (the ones gavel wrote), each with a front matter
#          (title, date), and a one-line template ({{ .Content }}),
#          sitemap, RSS and taxonomies off;
#   floor: perf/sitefloor, which reads the site gavel built before the
#          runs into memory (not timed) and writes the identical tree into
#          a new folder on both cores with no rendering at all, twice:
#          plain (open, write, close per file, nothing synced, as hugo
#          writes) and durable (as gavel's full build writes: a staging
#          folder, one syncfs, the swap into place: docs/publisher.md).
#          Its figures are those of the writing alone (its own clock and
#          getrusage around it): what any build of this site costs at least.
# Each run writes into a new folder, and nothing is deleted until the end:
# on this machine's ext4, creating files soon after deleting many costs
# far more system time (the inode allocator skips recently deleted
# inodes), which would charge one tool for the other's clean-up.
# Before each timed command the script runs `sync` (not timed), so that
# none pays the write-back of the data the one before left dirty (hugo's
# 24 MB, the plain floor's 130 MB): gavel's and the durable floor's syncfs
# would wait for it.
# Wall time, CPU time (user+sys, and each apart: the system part is mostly
# the file system creating files) and peak RSS come from GNU time
# (/usr/bin/time -f). Prints one line per run with the load average, then
# the medians and the ratios gavel/hugo against the targets of issue 11
# (time <= 0.33, memory <= 0.25), and the floor's wall time over hugo's:
# how much of the time target writing the site alone already takes.
# Needs: go, hugo (apt-get install hugo), python3, /usr/bin/time (apt-get
# install time).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-2000}
LINES=${2:-150}
RUNS=${3:-3}
for p in hugo python3 /usr/bin/time; do
  command -v "$p" >/dev/null || { echo "bench-vs-hugo: $p missing (apt-get install -y ${p##*/})" >&2; exit 1; }
done
W=$(mktemp -d /tmp/gavel-vs-hugo.XXXXXX)
[ -n "${KEEP:-}" ] && echo "keeping $W" >&2 || trap 'rm -rf "$W"' EXIT
CGO_ENABLED=0 go build -trimpath -o "$W/gavel" ./cmd/gavel # as make build builds it
CGO_ENABLED=0 go build -trimpath -o "$W/sitefloor" ./perf/sitefloor

python3 - "$W/logs" "$N" "$LINES" <<'EOF'
import os, random, sys, datetime
out, n, lines = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
os.makedirs(out)
rnd = random.Random(42)
words = "release build mirror budget venue badge talk sponsor travel policy schedule review ticket docs infra".split()
nicks = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy", "mallory", "oscar"]
chans = ["fudcon", "infra", "docs", "qa"]
day0 = datetime.date(2019, 1, 1)
for i in range(n):
    ch = chans[i % len(chans)]
    d = day0 + datetime.timedelta(days=i // len(chans))
    t = datetime.datetime(d.year, d.month, d.day, 13, 0, 0)
    chair = nicks[i % 3]
    out_lines = [(chair, "#startmeeting %s weekly" % ch)]
    body = lines - 2
    for k in range(body):
        who = rnd.choice(nicks)
        if k % 30 == 0:
            out_lines.append((chair, "#topic %s %s" % (rnd.choice(words), rnd.choice(words))))
        elif k % 10 == 3:
            out_lines.append((chair, "#info the %s is %s" % (rnd.choice(words), rnd.choice(words))))
        elif k % 25 == 7:
            out_lines.append((chair, "#action %s to fix the %s by next week" % (who, rnd.choice(words))))
        elif k % 40 == 11:
            out_lines.append((chair, "#agreed we go with the %s %s" % (rnd.choice(words), rnd.choice(words))))
        else:
            out_lines.append((who, " ".join(rnd.choice(words) for _ in range(rnd.randint(4, 14)))))
    out_lines.append((chair, "#endmeeting"))
    name = "%s.%s-13.00.log.txt" % (ch, d.isoformat())
    with open(os.path.join(out, name), "w") as f:
        for j, (who, text) in enumerate(out_lines):
            ts = t + datetime.timedelta(seconds=20 * j)
            f.write("%s <%s> %s\n" % (ts.strftime("%H:%M:%S"), who, text))
EOF

cat > "$W/gavel.toml" <<EOF
[irc]
server = "127.0.0.1:6667"
nick = "gavel"
channels = ["#fudcon", "#infra", "#docs", "#qa"]
[store]
path = "$W/gavel.db"
[site]
dir = "$W/site"
base_url = "https://minutes.example.org/"
title = "Benchmark minutes"
EOF
"$W/gavel" import -c "$W/gavel.toml" --no-publish "$W"/logs/*.log.txt >/dev/null
"$W/gavel" publish -c "$W/gavel.toml" --full >/dev/null

# The hugo site: the same meetings' .md minutes with a front matter.
mkdir -p "$W/hugo/content/minutes" "$W/hugo/layouts/_default"
printf 'baseURL = "https://minutes.example.org/"\ndisableKinds = ["taxonomy", "term", "RSS", "sitemap"]\n' >"$W/hugo/hugo.toml"
echo '{{ .Content }}' >"$W/hugo/layouts/_default/single.html"
echo '{{ range .Pages }}{{ .Title }}{{ end }}' >"$W/hugo/layouts/_default/list.html"
find "$W/site" -name '*.md' | while read -r f; do
  base=$(basename "$f" .md)
  d=$(echo "$base" | grep -o '[0-9]\{4\}-[0-9]\{2\}-[0-9]\{2\}' | head -1)
  { printf -- '---\ntitle: "%s"\ndate: %s\n---\n' "$base" "$d"; cat "$f"; } >"$W/hugo/content/minutes/$base.md"
done
md=$(find "$W/hugo/content" -name '*.md' | wc -l)
echo "meetings: $N logs of $LINES lines; hugo content: $md .md files; load average: $(cut -d' ' -f1-3 /proc/loadavg)"

measure() { # name command...: GNU time's "wall user sys maxrss_kb" into $W/time.name
  local name=$1; shift
  sync
  /usr/bin/time -f '%e %U %S %M' -o "$W/time.$name" "$@" >/dev/null 2>"$W/err.$name" || { cat "$W/err.$name" >&2; exit 1; }
}
mb() { awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }'; } # KiB -> MiB, rounded as the medians are
floor() { # name flags...: the floor's "wall user sys" of writing $W/site into $W/name, into $W/floor.t
  local name=$1; shift
  sync
  "$W/sitefloor" "$@" "$W/site" "$W/$name" >"$W/floor.out"
  sed 's/^wall=\([^ ]*\) user=\([^ ]*\) sys=\([^ ]*\) .*/\1 \2 \3/' "$W/floor.out" >"$W/floor.t"
}
gt=(); gc=(); gm=(); ht=(); hc=(); hm=(); fa=(); fb=()
us() { awk -v u="$1" -v s="$2" 'BEGIN { printf "%.2f user + %.2f sys", u, s }'; }
for r in $(seq 1 "$RUNS"); do
  sed "s#^dir = .*#dir = \"$W/site.$r\"#" "$W/gavel.toml" >"$W/gavel.$r.toml"
  l0=$(cut -d' ' -f1 /proc/loadavg)
  measure gavel "$W/gavel" publish -c "$W/gavel.$r.toml" --full
  read -r t u s m <"$W/time.gavel"; gt+=("$t"); gc+=("$(awk -v u="$u" -v s="$s" 'BEGIN {print u + s}')"); gm+=("$m"); gus=$(us "$u" "$s")
  gfiles=$(find "$W/site.$r" -type f | wc -l)
  measure hugo hugo --quiet -s "$W/hugo" -d "$W/public.$r"
  read -r t u s m <"$W/time.hugo"; ht+=("$t"); hc+=("$(awk -v u="$u" -v s="$s" 'BEGIN {print u + s}')"); hm+=("$m"); hus=$(us "$u" "$s")
  hfiles=$(find "$W/public.$r" -type f | wc -l)
  floor floor.$r; read -r t u s <"$W/floor.t"; fa+=("$t"); fas=$(us "$u" "$s")
  floor floor-sync.$r -sync; read -r t u s <"$W/floor.t"; fb+=("$t"); fbs=$(us "$u" "$s")
  echo "run $r (load $l0 -> $(cut -d' ' -f1 /proc/loadavg)): gavel ${gt[-1]} s wall, ${gc[-1]} s CPU ($gus), $(mb "${gm[-1]}") MB, $gfiles files | hugo ${ht[-1]} s wall, ${hc[-1]} s CPU ($hus), $(mb "${hm[-1]}") MB, $hfiles files | floor: plain ${fa[-1]} s wall ($fas), durable ${fb[-1]} s wall ($fbs)"
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
awk -v gt="$(median "${gt[@]}")" -v ht="$(median "${ht[@]}")" -v gc="$(median "${gc[@]}")" -v hc="$(median "${hc[@]}")" \
  -v gm="$(median "${gm[@]}")" -v hm="$(median "${hm[@]}")" -v fa="$(median "${fa[@]}")" -v fb="$(median "${fb[@]}")" \
  -v runs="$RUNS" -v load="$(cut -d' ' -f1-3 /proc/loadavg)" \
  'BEGIN {
    printf "median of %d: gavel %.2f s wall, %.2f s CPU, %.0f MB | hugo %.2f s wall, %.2f s CPU, %.0f MB | floor: plain %.2f s wall, durable %.2f s wall (load average now %s)\n", runs, gt, gc, gm/1024, ht, hc, hm/1024, fa, fb, load
    printf "ratios gavel/hugo: wall %.2f (target <= 0.33), CPU %.2f, peak RSS %.2f (target <= 0.25)\n", gt/ht, gc/hc, gm/hm
    printf "ratios floor/hugo (wall): plain %.2f, durable %.2f; gavel over the durable floor: %.2f\n", fa/ht, fb/ht, gt/fb
  }'
