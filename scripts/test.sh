#!/usr/bin/env bash
# Runs every test: the build in build/ (as scripts/setup.sh made it) with all
# its ctest labels, then a clang-19 build in build-sanitize/ with
# AddressSanitizer and UndefinedBehaviorSanitizer and the fuzzer
# (LAZYC_SANITIZE, LAZYC_FUZZ): there the unit tests run, the golden
# programs (label normal) compile with a sanitized lazyc into sanitized
# executables, the command line tests run (cli), and the fuzzer runs for 60
# seconds (fuzz). Valgrind and the sanitizers do not mix, and the other
# golden modes check code generation, not the compiler's memory.
# Arguments go to the configure step of build-sanitize (CI passes
# -DLAZYC_WERROR=ON).
set -euo pipefail
cd "$(dirname "$0")/.."

cmake --build build -j2
ctest --test-dir build -j2 --output-on-failure

CC=clang-19 CXX=clang++-19 cmake -S . -B build-sanitize \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLAZYC_SANITIZE=address,undefined \
  -DLAZYC_FUZZ=ON "$@" >/dev/null
cmake --build build-sanitize -j2
ctest --test-dir build-sanitize -j2 --output-on-failure \
  -LE 'valgrind|gcstress|plain|nostrictness'
