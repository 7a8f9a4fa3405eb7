#!/usr/bin/env bash
# Sets up a Debian 12 machine for lazyc: installs the packages that are
# missing, builds the compiler and runtime in build/, then compiles and runs
# examples/length.txt (it prints 3). Arguments go to cmake's configure step:
# scripts/setup.sh -DLAZYC_WERROR=ON (as CI does) makes warnings errors.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(cmake g++ make bison flex llvm-19-dev clang-19 libclang-rt-19-dev libgtest-dev
          libbenchmark-dev valgrind ccache time)
missing=()
for pkg in "${packages[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if ((${#missing[@]})); then
  sudo=""
  [ "$(id -u)" = 0 ] || sudo=sudo
  echo "installing: ${missing[*]}"
  $sudo apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y "${missing[@]}"
fi

cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@"
cmake --build build -j2
build/compiler/lazyc examples/length.txt -o build/length
build/length
