#!/usr/bin/env bash
# publish-full-pair.sh DIR BIN_A BIN_B [ROUNDS] [MODE]: `gavel publish --full`
# by two binaries on the same store, alternating, as whole processes (issue
# 11's paired CPU measurement; wall times on a shared machine are the load's).
#
# DIR is a folder left by `KEEP=1 deploy/bench-vs-hugo.sh N LINES 1` (its
# gavel.toml and gavel.db: N imported meetings). MODE is
#   fresh   (default) each build into a new folder, as the benchmark builds;
#   rebuild each binary builds its own site once, then rebuilds it over
#           itself ROUNDS times (nothing changed: what an unchanged
#           `publish --full` costs).
# Nothing is deleted before the end (see deploy/bench-vs-hugo.sh: deleting
# many files slows the next creations on ext4). With STRACE=1, one more
# build of each under `strace -c -f` gives its system calls by name.
# Prints per build the user and system CPU, wall and peak RSS (GNU time),
# then the medians of each binary.
set -euo pipefail
DIR=${1:?usage: publish-full-pair.sh DIR BIN_A BIN_B [ROUNDS] [fresh|rebuild]}
A=${2:?BIN_A}
B=${3:?BIN_B}
ROUNDS=${4:-3}
MODE=${5:-fresh}
[ -f "$DIR/gavel.toml" ] && [ -f "$DIR/gavel.db" ] || { echo "publish-full-pair: $DIR has no gavel.toml and gavel.db (KEEP=1 deploy/bench-vs-hugo.sh)" >&2; exit 1; }
W=$(mktemp -d "$DIR/pair.XXXXXX")
NOW=2026-11-28T12:00:00Z
conf() { # conf SITE: a config of DIR's store with site.dir SITE
  sed "s#^dir = .*#dir = \"$1\"#" "$DIR/gavel.toml" >"$W/c.$(basename "$1").toml"
  echo "$W/c.$(basename "$1").toml"
}
run() { # run NAME BIN SITE
  local c; c=$(conf "$3")
  /usr/bin/time -f '%U %S %e %M' -o "$W/t" "$2" publish -c "$c" --full --now "$NOW" >/dev/null
  read -r u s e m <"$W/t"
  echo "$1 $u $s $e $m" >>"$W/all"
  printf '%s: %5.2f s user %5.2f s sys %6.2f s wall %4d MB (load %s)\n' "$1" "$u" "$s" "$e" $((m / 1024)) "$(cut -d' ' -f1 /proc/loadavg)"
}
if [ "$MODE" = rebuild ]; then
  run A0 "$A" "$W/site.A" >/dev/null
  run B0 "$B" "$W/site.B" >/dev/null
  : >"$W/all"
fi
for r in $(seq 1 "$ROUNDS"); do
  for x in A B; do
    bin=$A; [ $x = B ] && bin=$B
    site="$W/site.$x"; [ "$MODE" = fresh ] && site="$W/site.$x.$r"
    run "$x" "$bin" "$site"
  done
done
awk '{u[$1]=u[$1] " " $2; s[$1]=s[$1] " " $3; e[$1]=e[$1] " " $4; m[$1]=m[$1] " " $5}
  function med(str,  a, n, i, j, t) { n = split(str, a, " "); for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }; return a[int((n + 1) / 2)] }
  END { for (x in u) printf "median %s: %.2f s user, %.2f s sys, %.2f s wall, %d MB\n", x, med(u[x]), med(s[x]), med(e[x]), med(m[x]) / 1024 }' "$W/all" | sort
if [ -n "${STRACE:-}" ]; then
  for x in A B; do
    bin=$A; [ $x = B ] && bin=$B
    site="$W/site.$x"; [ "$MODE" = fresh ] && site="$W/site.$x.strace"
    strace -c -f -o "$W/strace.$x" "$bin" publish -c "$(conf "$site")" --full --now "$NOW" >/dev/null
    # strace -c: % time, seconds, usecs/call, calls, [errors,] syscall
    echo "system calls of $x: $(awk '$NF == "total" {print $4}' "$W/strace.$x") in all:" \
      "$(awk 'NR > 2 && $NF != "total" && $1 !~ /^-/ {print $4, $NF}' "$W/strace.$x" | sort -rn | head -12 | awk '{printf "%s %s, ", $2, $1}')"
  done
fi
echo "(sites in $W; rm -rf it when done)"
