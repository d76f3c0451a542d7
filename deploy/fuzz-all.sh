#!/bin/sh
# fuzz-all.sh DURATION: run every fuzz target of the module (func FuzzXxx in a _test.go file) for DURATION each
# (a Go duration such as 30s), one after another, and stop at the first failure. `make fuzz` calls it.
# Crashers go to the package's testdata/fuzz/FuzzXxx, as `go test -fuzz` writes them.
set -eu
dur=${1:-30s}
cd "$(dirname "$0")/.."
go=${GO:-go}
found=0
for pkg in $($go list ./...); do
	dir=$($go list -f '{{.Dir}}' "$pkg")
	targets=$(grep -hoE '^func Fuzz[A-Za-z0-9_]+' "$dir"/*_test.go 2>/dev/null | sed 's/^func //' | sort -u || true)
	for t in $targets; do
		found=$((found + 1))
		echo "== $pkg $t ($dur)"
		if ! $go test -run '^$' -fuzz "^$t\$" -fuzztime "$dur" "$pkg"; then
			echo "fuzz-all: $pkg $t failed (the input is in $dir/testdata/fuzz/$t)" >&2
			exit 1
		fi
	done
done
if [ "$found" -eq 0 ]; then
	echo "fuzz-all: no fuzz targets found" >&2
	exit 1
fi
echo "fuzz-all: $found fuzz targets ran for $dur each"
