#!/usr/bin/env bash
# Compile time and memory of lazyc on generated programs of growing size:
# the shapes that once took quadratic time (deep nesting, many branches,
# many definitions, long sums). Prints a markdown table of wall time and
# peak RSS of `lazyc FILE -o x` (default -O2), or of the front end alone
# with -f (--emit-gmachine). Not a test: nothing is asserted.
#
#   bench/sizes.sh                       every case at every size
#   bench/sizes.sh -c OTHER/lazyc        another build
#   bench/sizes.sh -m 20000              only sizes up to 20,000
set -euo pipefail
cd "$(dirname "$0")/.."

lazyc=build/compiler/lazyc
largest=1000000000
front=""
while getopts "c:m:f" opt; do
  case $opt in
    c) lazyc=$OPTARG ;;
    m) largest=$OPTARG ;;
    f) front=--emit-gmachine ;;
    *) echo "usage: $0 [-c LAZYC] [-m LARGEST] [-f]" >&2; exit 2 ;;
  esac
done
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (Debian: time)" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Each generator writes a program of size $2 to $1.
nested_let() { # let { defn f y = { let ... in { f 0 } } } in { f 0 }
  python3 - "$1" "$2" <<'PY'
import sys
n = int(sys.argv[2])
with open(sys.argv[1], "w") as out:
    out.write("defn main = { " + "let { defn f y = { " * n + "y"
              + " } } in { f 0 }" * n + " }\n")
PY
}
nested_lambda() { # (\x -> { (\x -> { ... }) 1 }) 1
  python3 - "$1" "$2" <<'PY'
import sys
n = int(sys.argv[2])
with open(sys.argv[1], "w") as out:
    out.write("defn main = { " + "(\\x -> { " * n + "x" + " }) 1" * n + " }\n")
PY
}
int_case() { # case n of { 0 -> { 0 } 1 -> { 1 } ... _ -> { 0 } }
  python3 - "$1" "$2" <<'PY'
import sys
n = int(sys.argv[2])
with open(sys.argv[1], "w") as out:
    out.write("defn f n = { case n of {\n")
    for i in range(n):
        out.write(f"  {i} -> {{ {i * 7 % 1000} }}\n")
    out.write("  _ -> { 0 }\n} }\ndefn main = { f 42 }\n")
PY
}
definitions() { # defn f0 x = { x + 0 } ... defn main = { f0 1 }
  python3 - "$1" "$2" <<'PY'
import sys
n = int(sys.argv[2])
with open(sys.argv[1], "w") as out:
    for i in range(n):
        out.write(f"defn f{i} x = {{ x + {i} }}\n")
    out.write("defn main = { f0 1 }\n")
PY
}
long_sum() { # 1 + 1 + ... + 1
  python3 - "$1" "$2" <<'PY'
import sys
n = int(sys.argv[2])
with open(sys.argv[1], "w") as out:
    out.write("defn main = { " + " + ".join(["1"] * n) + " }\n")
PY
}
nested_constructor() { # Cons 1 (Cons 1 (... Nil))
  python3 - "$1" "$2" <<'PY'
import sys
n = int(sys.argv[2])
with open(sys.argv[1], "w") as out:
    out.write("data List = { Nil, Cons Int List }\n")
    out.write("defn main = { " + "Cons 1 (" * n + "Nil" + ")" * n + " }\n")
PY
}

cases=(
  "nested let|nested_let|5000 10000 20000"
  "nested lambdas|nested_lambda|5000 10000 20000"
  "case on an Int, N branches|int_case|3000 5000 10000"
  "N one-line definitions|definitions|10000 20000 100000"
  "a sum of N terms|long_sum|100000 200000"
  "a nested constructor literal|nested_constructor|20000 100000"
)

echo "lazyc: $lazyc ${front:-(whole pipeline, -O2)}"
echo
echo "| input | size | bytes | time s | peak RSS MB |"
echo "|---|---:|---:|---:|---:|"
for entry in "${cases[@]}"; do
  IFS='|' read -r title generator sizes <<<"$entry"
  for size in $sizes; do
    [ "$size" -le "$largest" ] || continue
    file=$work/$generator-$size.txt
    "$generator" "$file" "$size"
    bytes=$(stat -c %s "$file")
    /usr/bin/time -f "%e %M" -o "$work/time" \
      "$lazyc" $front "$file" -o "$work/out" >/dev/null 2>"$work/err" ||
      { echo "| $title | $size | $bytes | failed: $(head -c 200 "$work/err") | |"; continue; }
    read -r seconds kb <"$work/time"
    echo "| $title | $size | $bytes | $seconds | $((kb / 1024)) |"
  done
done
