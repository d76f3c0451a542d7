#!/bin/sh
# Regenerates words.txt and names.txt from Debian's wamerican word list
# (SCOWL, by Kevin Atkinson; licence in LICENSE.scowl): run `go generate
# ./internal/english` on a machine with the wamerican package installed.
#   words.txt: the lower-case words (no possessives), one a line, sorted;
#   names.txt: the capitalised single words (given names, places, months),
#              lower-cased, sorted.
set -eu
dict=${1:-/usr/share/dict/american-english}
LC_ALL=C
export LC_ALL
grep -v "'" "$dict" | grep -E '^[a-z]{2,}$' | sort -u > words.txt
grep -v "'" "$dict" | grep -E '^[A-Z][a-z]+$' | tr 'A-Z' 'a-z' | sort -u > names.txt
