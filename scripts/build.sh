#!/usr/bin/env bash
# Configures (once) and builds one CMake preset: release (default), debug or sanitize. Output goes to build/<preset>.
#   scripts/build.sh [preset] [target...]
set -euo pipefail
preset=${1:-release}
shift || true
targets=()
for t in "$@"; do targets+=(--target "$t"); done
cd "$(dirname "$0")/.."
if [[ ! -f "build/$preset/build.ninja" ]]; then
  cmake --preset "$preset" >"build-$preset-configure.log" 2>&1 || {
    cat "build-$preset-configure.log" >&2
    exit 1
  }
  rm -f "build-$preset-configure.log"
fi
# Two parallel jobs: the C++20 test files need ~1 GB of memory each, and CI machines have 2 cores.
cmake --build --preset "$preset" -j "${CHAINTWIN_JOBS:-2}" "${targets[@]}" -- --quiet
