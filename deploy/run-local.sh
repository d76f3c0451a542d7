#!/usr/bin/env bash
# run-local.sh [CONFIG]: what `make run` does. Brings up a working gavel on
# this machine: when the configured IRC server is a loopback address and
# nothing listens there, it starts a local ngIRCd (installing the Debian
# package if needed, config in data/ngircd/ beside the config file), then runs bin/gavel with the
# store in data/ and the site served on site.listen, and prints how to join.
# Ctrl-C stops gavel and the ngIRCd this script started.
set -euo pipefail
cd "$(dirname "$0")/.."
CONFIG=${1:-gavel.toml}
BIN=${GAVEL_BIN:-bin/gavel}
[ -f "$CONFIG" ] || { echo "run-local: no config $CONFIG (copy deploy/gavel.example.toml)" >&2; exit 1; }
[ -x "$BIN" ] || { echo "run-local: $BIN missing: run 'make build' first" >&2; exit 1; }

# Read a key of a TOML table with plain tools (the values we need are simple strings).
toml_get() { # table key
  awk -v table="[$1]" -v key="$2" '
    /^[[:space:]]*\[/ { gsub(/[[:space:]]/, ""); in_t = ($0 == table); next }
    in_t && $0 ~ "^[[:space:]]*" key "[[:space:]]*=" {
      sub(/^[^=]*=[[:space:]]*/, ""); sub(/[[:space:]]*#.*$/, ""); gsub(/^"|"$/, ""); print; exit
    }' "$CONFIG"
}
SERVER=$(toml_get irc server); SERVER=${SERVER:-127.0.0.1:6667}
HOST=${SERVER%:*}; PORT=${SERVER##*:}
LISTEN=$(toml_get site listen)
CHANNELS=$(awk '/^[[:space:]]*channels[[:space:]]*=/ { sub(/^[^=]*=/, ""); gsub(/[][" ]/, ""); print; exit }' "$CONFIG")
FIRST_CHANNEL=${CHANNELS%%,*}; FIRST_CHANNEL=${FIRST_CHANNEL:-#fudcon-planning}

listening() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

NGIRCD_PID=""
GAVEL_PID=""
INTERRUPTED=""
cleanup() {
  trap - EXIT INT TERM
  if [ -n "$GAVEL_PID" ] && [ -n "$INTERRUPTED" ]; then
    # Ctrl-C reached gavel too (the same process group): it is stopping
    # (flush, QUIT, store closed). A second signal would end it at once,
    # without QUIT, so it gets 10 s before the TERM below.
    for _ in $(seq 100); do
      kill -0 "$GAVEL_PID" 2>/dev/null || break
      sleep 0.1
    done
  fi
  if [ -n "$GAVEL_PID" ] && kill -0 "$GAVEL_PID" 2>/dev/null; then
    kill -TERM "$GAVEL_PID" 2>/dev/null || true
    wait "$GAVEL_PID" 2>/dev/null || true
  fi
  if [ -n "$NGIRCD_PID" ] && kill -0 "$NGIRCD_PID" 2>/dev/null; then
    echo "run-local: stopping the local ngIRCd (pid $NGIRCD_PID)"
    kill "$NGIRCD_PID" 2>/dev/null || true
    wait "$NGIRCD_PID" 2>/dev/null || true
  fi
}
trap cleanup EXIT
trap 'INTERRUPTED=1; exit 130' INT
trap 'exit 143' TERM

case "$HOST" in
  127.*|localhost|::1|"[::1]") LOOPBACK=1 ;;
  *) LOOPBACK=0 ;;
esac

if [ "$LOOPBACK" = 1 ] && ! listening "$HOST" "$PORT"; then
  if ! command -v ngircd >/dev/null; then
    echo "run-local: ngircd not installed; installing the Debian package"
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ngircd >/dev/null \
      || { $SUDO apt-get update -qq && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ngircd >/dev/null; }
  fi
  DIR="$(cd "$(dirname "$CONFIG")" && pwd)/data/ngircd"
  mkdir -p "$DIR/conf.d"
  chmod 755 "$(dirname "$DIR")" "$DIR" "$DIR/conf.d"
  cat > "$DIR/ngircd.conf" <<CONF
# Written by deploy/run-local.sh for \`make run\`: a loopback-only server.
[Global]
	Name = irc.gavel.local
	Info = gavel local test server
	Network = GavelLocal
	Listen = ${HOST/localhost/127.0.0.1}
	Ports = $PORT
	MotdPhrase = Local IRC server for gavel. Join $FIRST_CHANNEL and say #startmeeting.
[Limits]
	MaxConnections = 0
	MaxConnectionsIP = 0
	MaxJoins = 0
	MaxNickLength = 30
	PingTimeout = 120
	PongTimeout = 20
[Options]
	DNS = no
	Ident = no
	PAM = no
	IncludeDir = $DIR/conf.d
CONF
  chmod 644 "$DIR/ngircd.conf"
  ngircd --configtest --config "$DIR/ngircd.conf" >/dev/null 2>&1 \
    || { ngircd --configtest --config "$DIR/ngircd.conf" >&2; exit 1; }
  # Its own session: Ctrl-C reaches gavel (which QUITs) and this script, which
  # then stops the server.
  setsid ngircd --nodaemon --config "$DIR/ngircd.conf" >"$DIR/ngircd.log" 2>&1 &
  NGIRCD_PID=$!
  for _ in $(seq 500); do
    kill -0 "$NGIRCD_PID" 2>/dev/null || { echo "run-local: ngIRCd exited:" >&2; cat "$DIR/ngircd.log" >&2; exit 1; }
    listening "$HOST" "$PORT" && break
    sleep 0.01
  done
  listening "$HOST" "$PORT" || { echo "run-local: ngIRCd not listening on $SERVER" >&2; exit 1; }
  echo "run-local: started a local ngIRCd on $SERVER (pid $NGIRCD_PID, log $DIR/ngircd.log)"
elif [ "$LOOPBACK" = 1 ]; then
  echo "run-local: using the IRC server already listening on $SERVER"
fi

"$BIN" run -c "$CONFIG" &
GAVEL_PID=$!
sleep 0.5
kill -0 "$GAVEL_PID" 2>/dev/null || { wait "$GAVEL_PID"; exit $?; }

cat <<EOF

  gavel is running: IRC $SERVER, channels ${CHANNELS:-$FIRST_CHANNEL}${LISTEN:+, minutes on http://$LISTEN/}

  Join with an IRC client, for example:
    irssi -c ${HOST} -p ${PORT} -n yournick        then  /join $FIRST_CHANNEL
    ii -s ${HOST} -p ${PORT} -n yournick -i /tmp/ii &
      echo "/j $FIRST_CHANNEL" > /tmp/ii/${HOST}/in
      echo "#startmeeting My first meeting" > "/tmp/ii/${HOST}/$FIRST_CHANNEL/in"
  Say #startmeeting, a few #info / #action lines, then #endmeeting:
  the bot answers with the URLs of the minutes${LISTEN:+ (http://$LISTEN/)}.
  Ctrl-C stops gavel${NGIRCD_PID:+ and the local ngIRCd}.

EOF
wait "$GAVEL_PID"
