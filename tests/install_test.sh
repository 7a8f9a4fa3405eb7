#!/usr/bin/env bash
# Installs the build tree into a temporary prefix and checks that the
# installed lazyc compiles and links a program with no help from the build
# tree or the environment. Usage: install_test.sh BUILD_DIR PROGRAM
set -euo pipefail
build=$1 program=$2
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
cmake --install "$build" --prefix "$prefix" >/dev/null
env -i PATH=/usr/bin:/bin "$prefix/bin/lazyc" "$program" -o "$prefix/prog"
output=$("$prefix/prog")
[ "$output" = 3 ] || { echo "expected 3, got '$output'"; exit 1; }
echo "installed lazyc: ok"
