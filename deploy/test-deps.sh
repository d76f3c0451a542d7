#!/usr/bin/env bash
# test-deps.sh: installs, on a Debian machine, the real programs `make test`
# talks to (ngIRCd, Chromium, feedparser, icalendar, ...). It is the one list of
# them: `make test` runs it first and .ci/run only calls `make test`. Packages
# already installed are left alone, so on a prepared machine it costs one dpkg
# query and needs neither root nor the network.
set -euo pipefail

PACKAGES=(
  ngircd              # the real IRC server of the bot's tests (internal/ircdtest)
  ii                  # a second, independent IRC client in the live tests
  chromium            # headless page tests and screenshots
  python3-feedparser  # the Universal Feed Parser that planets use
  python3-icalendar   # an independent iCalendar parser
  python3-recurring-ical-events  # expands RRULE/EXDATE with the VTIMEZONE (on icalendar)
  python3-vobject     # a second, independent iCalendar parser and expander
  python3-aiosmtpd    # a real SMTP server for the minutes mail tests
  libxml2-utils       # xmllint for well-formedness checks
  hugo                # the peer of `gavel publish` in the paired measurements
  ca-certificates
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

command -v apt-get >/dev/null || {
  echo "test-deps: missing ${missing[*]} and no apt-get here: install them by hand" >&2
  exit 1
}
SUDO=""
if [ "$(id -u)" != 0 ]; then
  command -v sudo >/dev/null || { echo "test-deps: missing ${missing[*]}: run as root or install sudo" >&2; exit 1; }
  SUDO="sudo"
fi
echo "test-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
