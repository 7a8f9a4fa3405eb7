#!/usr/bin/env bash
# Measures lazyc programs: compiles each with -O2, runs it RUNS times and
# prints the median wall time and median peak RSS (from /usr/bin/time), then
# the runtime's own +RTS -s statistics of one more run.
#
#   bench/measure.sh [-n RUNS] [-r "RTS OPTIONS"] [-c LAZYC] PROGRAM.txt...
#
# e.g. bench/measure.sh examples/primes.txt bench/tree20.txt
#      bench/measure.sh -r --no-gc examples/primes.txt    (collector off)
#      bench/measure.sh -c ../old/build/compiler/lazyc examples/primes.txt
#                                          (another build, for before/after)
set -euo pipefail
cd "$(dirname "$0")/.."

runs=5
rts=""
lazyc=build/compiler/lazyc
while getopts "n:r:c:" opt; do
  case $opt in
    n) runs=$OPTARG ;;
    r) rts=$OPTARG ;;
    c) lazyc=$OPTARG ;;
    *) echo "usage: $0 [-n RUNS] [-r RTS_OPTIONS] [-c LAZYC] PROGRAM.txt..." >&2
       exit 2 ;;
  esac
done
shift $((OPTIND - 1))

[ -x "$lazyc" ] || { echo "build lazyc first (scripts/setup.sh)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

for program in "$@"; do
  name=$(basename "$program" .txt)
  "$lazyc" -O2 "$program" -o "$work/$name"
  args=()
  [ -z "$rts" ] || args=(+RTS $rts -RTS)
  : > "$work/times"
  for ((i = 0; i < runs; i++)); do
    /usr/bin/time -f "%e %M" -o "$work/one" "$work/$name" "${args[@]}" > /dev/null
    cat "$work/one" >> "$work/times"
  done
  seconds=$(cut -d' ' -f1 "$work/times" | median)
  rss=$(cut -d' ' -f2 "$work/times" | median)
  echo "== $program ${rts:+(+RTS $rts)}: median of $runs runs: ${seconds} s wall, ${rss} KB peak RSS"
  "$work/$name" +RTS -s ${rts} -RTS 2>&1 > /dev/null | sed 's/^/   /'
done
