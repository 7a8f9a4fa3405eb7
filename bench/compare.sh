#!/usr/bin/env bash
# Compares lazyc with GHC on the benchmark programs of bench/programs/.
#
#   bench/compare.sh [-n RUNS] [-c LAZYC] [-t SECONDS] [NAME...]
#
#   -n RUNS     runs of each executable (default 5); the table shows medians
#   -c LAZYC    the lazyc to test (default: build/compiler/lazyc of this
#               repository); a relative path is taken from the current
#               directory
#   -t SECONDS  a run taking longer is killed and counts as failed (default 600)
#   NAME...     programs to run, e.g. nfib queens (or bench/programs/nfib.txt);
#               default: every bench/programs/*.txt
#
# e.g. bench/compare.sh                         (every program, 5 runs each)
#      bench/compare.sh -n 1 nfib tak           (a quick look at two of them)
#      bench/compare.sh -c ../old/build/compiler/lazyc    (another build)
#
# Every program NAME.txt has a twin NAME.hs, the same algorithm on the same
# data types in Haskell, and NAME.out, the expected standard output (that of
# the GHC-compiled twin). The script
#   - installs Debian's ghc, gnuplot-nox and time with apt-get when missing;
#   - builds NAME.txt with `LAZYC -O2`, and NAME.hs with `ghc -O0` and with
#     `ghc -O2`, under build/bench/work/NAME/;
#   - runs the three executables in turn (lazyc, GHC -O0, GHC -O2, lazyc, ...)
#     RUNS times each under /usr/bin/time (wall seconds and peak RSS), and
#     compares every run's standard output with NAME.out: a wrong output, a
#     non-zero exit status or a failed build is reported on stderr, its cells
#     in the table say FAIL (the other runs still run, to show whether a
#     failure is intermittent), and the script exits with status 1 at the end;
#   - prints a markdown table to stdout: per program the median wall time and
#     median peak RSS of each executable and the time ratios lazyc/GHC -O0
#     and lazyc/GHC -O2 (and the RSS ratio lazyc/GHC -O0), then the geometric
#     means of the ratios over the programs;
#   - writes that table to build/bench/compare.md, every run's figures to
#     build/bench/compare.tsv, and a bar chart of the two time ratios per
#     program (log scale) to build/bench/compare.png and compare.svg.
# Progress goes to stderr. /usr/bin/time measures in hundredths of a second:
# a median under 0.01 s counts as 0.01 s in the ratios.
set -euo pipefail

usage() {
  echo "usage: $0 [-n RUNS] [-c LAZYC] [-t SECONDS] [NAME...]" >&2
  exit 2
}

runs=5
lazyc=""
limit=600
while getopts "n:c:t:h" opt; do
  case $opt in
    n) runs=$OPTARG ;;
    c) lazyc=$OPTARG ;;
    t) limit=$OPTARG ;;
    *) usage ;;
  esac
done
shift $((OPTIND - 1))
[[ $runs =~ ^[1-9][0-9]*$ ]] || usage
[[ $limit =~ ^[1-9][0-9]*$ ]] || usage

# Paths given by the caller are relative to the caller's directory.
if [ -n "$lazyc" ] && [[ $lazyc != /* ]]; then
  lazyc="$PWD/$lazyc"
fi
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
lazyc=${lazyc:-$root/build/compiler/lazyc}
programs=bench/programs
out=build/bench
work=$out/work

log() { echo "$@" >&2; }

# --- tools ------------------------------------------------------------------
missing=()
command -v ghc > /dev/null || missing+=(ghc)
command -v gnuplot > /dev/null || missing+=(gnuplot-nox)
{ [ -x /usr/bin/time ] && dpkg -s time > /dev/null 2>&1; } || missing+=(time)
if [ ${#missing[@]} -gt 0 ]; then
  log "== installing ${missing[*]}"
  sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  "${sudo[@]}" apt-get update >&2
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}" >&2
fi
[ -x "$lazyc" ] || { log "no lazyc at $lazyc (build it first, or give -c LAZYC)"; exit 1; }

# --- which programs -----------------------------------------------------------
names=()
if [ $# -eq 0 ]; then
  for f in "$programs"/*.txt; do names+=("$(basename "$f" .txt)"); done
else
  for a in "$@"; do names+=("$(basename "$a" .txt)"); done
fi
for name in "${names[@]}"; do
  for ext in txt hs out; do
    [ -f "$programs/$name.$ext" ] || { log "no $programs/$name.$ext"; exit 1; }
  done
done

mkdir -p "$work"
variants=(lazyc ghc-O0 ghc-O2)
failed=0
tsv=$out/compare.tsv
printf 'program\tvariant\trun\tseconds\tpeak_rss_kb\tstatus\n' > "$tsv"

fail() {  # fail MESSAGE: report loudly, remember for the exit status
  log "!!!!!! FAIL: $*"
  failed=1
}

# --- build --------------------------------------------------------------------
# build NAME VARIANT: leaves the executable at $work/NAME/VARIANT, or none
build() {
  local name=$1 variant=$2 dir=$work/$1
  local exe=$dir/$variant
  rm -f "$exe"
  mkdir -p "$dir"
  case $variant in
    lazyc) "$lazyc" -O2 "$programs/$name.txt" -o "$exe" > "$dir/build-$variant.log" 2>&1 ;;
    ghc-O0|ghc-O2)
      rm -rf "$dir/obj-$variant"
      ghc "-${variant#ghc-}" -outputdir "$dir/obj-$variant" "$programs/$name.hs" \
        -o "$exe" > "$dir/build-$variant.log" 2>&1 ;;
  esac
}

# --- run ----------------------------------------------------------------------
median() {
  sort -g | awk '{ v[NR] = $1 }
    END { if (NR == 0) print "NaN"
          else if (NR % 2) print v[(NR + 1) / 2]
          else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

summary=$work/summary.tsv
: > "$summary"
count=0
for name in "${names[@]}"; do
  count=$((count + 1))
  dir=$work/$name
  declare -A built=() ok=()
  for v in "${variants[@]}"; do
    log "[$count/${#names[@]}] $name: building $v"
    if build "$name" "$v"; then
      built[$v]=1
      ok[$v]=1
    else
      built[$v]=0
      ok[$v]=0
      fail "$name: the $v build failed ($dir/build-$v.log):"
      sed 's/^/    /' "$dir/build-$v.log" | head -20 >&2
      printf '%s\t%s\t0\t-\t-\tbuild-failed\n' "$name" "$v" >> "$tsv"
    fi
    : > "$dir/times-$v"
  done
  for ((r = 1; r <= runs; r++)); do
    for v in "${variants[@]}"; do
      [ "${built[$v]}" = 1 ] || continue
      rc=0
      timeout "$limit" /usr/bin/time -f "%e %M" -o "$dir/time-$v" \
        "$dir/$v" > "$dir/stdout-$v" 2> "$dir/stderr-$v" || rc=$?
      status=ok
      if [ "$rc" -eq 124 ]; then
        status=timeout
        fail "$name: $v run $r killed after $limit s"
      elif [ "$rc" -ne 0 ]; then
        status=exit-$rc
        fail "$name: $v run $r exited with status $rc; its stderr:"
        tail -5 "$dir/stderr-$v" | sed 's/^/    /' >&2
      elif ! cmp -s "$dir/stdout-$v" "$programs/$name.out"; then
        status=wrong-output
        fail "$name: $v run $r printed a wrong output ($dir/stdout-$v differs from $programs/$name.out)"
      fi
      seconds=-
      rss=-
      if [ "$status" != timeout ] && [ -s "$dir/time-$v" ]; then
        read -r seconds rss < <(tail -1 "$dir/time-$v")
      fi
      printf '%s\t%s\t%d\t%s\t%s\t%s\n' "$name" "$v" "$r" "$seconds" "$rss" "$status" >> "$tsv"
      if [ "$status" = ok ]; then
        echo "$seconds $rss" >> "$dir/times-$v"
      else
        ok[$v]=0
      fi
      log "[$count/${#names[@]}] $name: run $r/$runs $v: $seconds s, $rss KB, $status"
    done
  done
  # one summary line: name, then per variant median seconds and median KB
  # (FAIL when a build or any run failed)
  line=$name
  for v in "${variants[@]}"; do
    if [ "${ok[$v]}" = 1 ]; then
      line+=$'\t'$(cut -d' ' -f1 "$dir/times-$v" | median)
      line+=$'\t'$(cut -d' ' -f2 "$dir/times-$v" | median)
    else
      line+=$'\tFAIL\tFAIL'
    fi
  done
  echo "$line" >> "$summary"
  unset built ok
done

# --- table --------------------------------------------------------------------
# summary columns: name, lazyc s, lazyc KB, O0 s, O0 KB, O2 s, O2 KB
table=$out/compare.md
chartdata=$work/ratios.dat
awk -F'\t' -v chart="$chartdata" '
  function sec(x) { return x < 0.01 ? 0.01 : x }
  function s(x) { return x == "FAIL" ? "FAIL" : sprintf("%.2f", x) }
  function mb(x) { return x == "FAIL" ? "FAIL" : sprintf("%.1f", x / 1024) }
  function ratio(a, b) { return (a == "FAIL" || b == "FAIL") ? "FAIL" : sec(a) / sec(b) }
  function r(x) { return x == "FAIL" ? "FAIL" : sprintf("%.2f", x) }
  function chartval(x) { return x == "FAIL" ? "NaN" : x }
  BEGIN {
    print "| program | lazyc s | GHC -O0 s | GHC -O2 s | lazyc MB | GHC -O0 MB | GHC -O2 MB | lazyc/O0 | lazyc/O2 | RSS lazyc/O0 |"
    print "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  }
  {
    r0 = ratio($2, $4); r2 = ratio($2, $6)
    m0 = ($3 == "FAIL" || $5 == "FAIL") ? "FAIL" : $3 / $5
    printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", \
      $1, s($2), s($4), s($6), mb($3), mb($5), mb($7), r(r0), r(r2), r(m0)
    if (r0 != "FAIL") { l0 += log(r0); n0++ }
    if (r2 != "FAIL") { l2 += log(r2); n2++ }
    if (m0 != "FAIL") { lm += log(m0); nm++ }
    printf "%s\t%s\t%s\n", $1, chartval(r0), chartval(r2) > chart
  }
  END {
    g0 = n0 ? sprintf("%.2f", exp(l0 / n0)) : "-"
    g2 = n2 ? sprintf("%.2f", exp(l2 / n2)) : "-"
    gm = nm ? sprintf("%.2f", exp(lm / nm)) : "-"
    printf "| **geometric mean** | | | | | | | **%s** | **%s** | **%s** |\n", g0, g2, gm
    printf "%s\t%s\t%s\n", "geo. mean", n0 ? exp(l0 / n0) : "NaN", n2 ? exp(l2 / n2) : "NaN" > chart
  }
' "$summary" > "$table"
cat "$table"

# --- chart --------------------------------------------------------------------
log "== writing $out/compare.png and $out/compare.svg"
bars=$(wc -l < "$chartdata")
read -r ylow yhigh < <(awk -F'\t' '
  { for (i = 2; i <= 3; i++) if ($i != "NaN") { if (lo == "" || $i < lo) lo = $i; if (hi == "" || $i > hi) hi = $i } }
  END { if (lo == "" || lo > 1) lo = 1; if (hi == "" || hi < 1) hi = 1
        a = 1; while (a > lo / 1.2) a /= 2
        b = 1; while (b < hi * 1.2) b *= 2
        print a, b }' "$chartdata")
for term in png svg; do
  if [ $term = png ]; then
    if gnuplot -e "set terminal" 2>&1 | grep -qw pngcairo; then
      setterm="set terminal pngcairo size 1200,600 font 'sans,10'"
    else
      setterm="set terminal png size 1200,600"
    fi
  else
    setterm="set terminal svg size 1200,600 font 'sans,10'"
  fi
  gnuplot > /dev/null <<EOF || fail "gnuplot could not write $out/compare.$term"
$setterm
set output '$out/compare.$term'
set title "lazyc run time relative to GHC (median wall time of $runs run(s); below 1 = lazyc faster)"
set ylabel 'lazyc time / GHC time'
set logscale y 2
set grid ytics
set datafile separator '\t'
set xrange [-0.7:$bars - 0.3]
set yrange [$ylow:$yhigh]
set style fill solid 0.8 border -1
set xtics rotate by -45 nomirror
set key top left opaque box
set arrow from graph 0, first 1 to graph 1, first 1 nohead lw 2 lc rgb 'black' front
# bars from 1 to the ratio: up where lazyc is slower, down where it is faster
plot '$chartdata' using (\$0 - 0.2):2:(\$0 - 0.38):(\$0 - 0.02):(1):2 with boxxyerror \\
       title 'lazyc / GHC -O0' lc rgb '#4477aa', \\
     '' using (\$0 + 0.2):3:(\$0 + 0.02):(\$0 + 0.38):(1):3 with boxxyerror \\
       title 'lazyc / GHC -O2' lc rgb '#ee6677', \\
     '' using 0:(NaN):xtic(1) notitle
EOF
done

if [ "$failed" -ne 0 ]; then
  log "!!!!!! some builds or runs FAILED: see the messages above and $tsv"
  exit 1
fi
log "== done: $table, $tsv, $out/compare.png, $out/compare.svg"
