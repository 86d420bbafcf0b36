#!/usr/bin/env bash
# Runs every fuzz target of the module (each `func Fuzz…` in a _test.go
# file, found anew on every run) for FUZZTIME each, 5s unless set. Stops at
# the first failure and names it; the input that failed is kept under the
# package's testdata/fuzz/, where `go test -run Name/ID ./pkg` replays it.
#
# Each package's test binary is built once, instrumented as
# `go test -fuzz` builds it, and run once per target with the flags
# `go test -run '^$' -fuzz '^Name$' -fuzztime $FUZZTIME ./pkg` passes:
# linking the binary costs more than a short run, and some packages hold
# several targets.
set -euo pipefail
cd "$(dirname "$0")/.."

GO=${GO:-go}
FUZZTIME=${FUZZTIME:-5s}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
log=$work/log
cache=$("$GO" env GOCACHE)/fuzz # where go test keeps each package's corpus

targets=$(grep -rEo --include='*_test.go' --exclude-dir=.loket --exclude-dir=node_modules '^func Fuzz[A-Za-z0-9_]*\(' . |
  while IFS=: read -r file decl; do
    name=${decl#func }
    echo "$(dirname "$file") ${name%(}"
  done | sort -u)
if [ -z "$targets" ]; then
  echo "fuzz: no fuzz targets found" >&2
  exit 1
fi

# deadline_race says whether a run failed only because Go's fuzzing
# coordinator reported its own -fuzztime deadline as an error, which it
# does now and then on a busy machine: no input failed, none was written.
deadline_race() {
  grep -qx '    context deadline exceeded' "$1" &&
    ! grep -q -e 'Failing input written to' -e '^panic:' -e '^ *--- FAIL: .*/' "$1"
}

fail() {
  cat "$log"
  echo "fuzz: FAIL $1" >&2
  exit 1
}

start=$SECONDS
count=0
built=""
while read -r dir name; do
  count=$((count + 1))
  t0=$SECONDS
  bin=$work/$(echo "$dir" | tr -c 'A-Za-z0-9\n' '_').test
  if [ "$dir" != "$built" ]; then
    "$GO" test -c -fuzz "^${name}\$" -o "$bin" "$dir" >"$log" 2>&1 || fail "building the tests of $dir"
    pkg=$("$GO" list -f '{{.ImportPath}}' "$dir")
    built=$dir
  fi
  note=""
  if ! (cd "$dir" && "$bin" -test.run '^$' -test.fuzz "^${name}\$" -test.fuzztime "$FUZZTIME" \
    -test.fuzzcachedir "$cache/$pkg" -test.timeout 10m -test.paniconexit0 </dev/null >"$log" 2>&1); then
    if deadline_race "$log"; then
      note=" (stopped by Go's fuzztime race, go.dev/issue/75804: no failing input)"
    else
      fail "$name in $dir"
    fi
  fi
  printf 'fuzz: ok   %-28s %-22s %3ds%s\n' "$name" "$dir" $((SECONDS - t0)) "$note"
done <<<"$targets"
echo "fuzz: $count targets passed, ${FUZZTIME} each, in $((SECONDS - start))s"
