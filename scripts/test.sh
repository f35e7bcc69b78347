#!/usr/bin/env bash
# The test command: install what is missing, build, and run the whole test suite.
#   scripts/test.sh              Release build, warnings as errors
#   scripts/test.sh --sanitize   the same tests under AddressSanitizer and UndefinedBehaviorSanitizer
set -euo pipefail
cd "$(dirname "$0")/.."
preset=release
[[ "${1:-}" == "--sanitize" ]] && preset=sanitize
scripts/install-deps.sh
scripts/build.sh "$preset"
ctest --preset "$preset" -j "${CHAINTWIN_JOBS:-2}" --no-tests=error
