#!/usr/bin/env bash
# The reference pipeline on the national network's stream, in process, one thread: the whole pipeline against
# decoding alone (its peer), in one program. Compare the ratio, not the absolute figures (a noisy machine).
#
#   scripts/build.sh release && bench/pipeline_vs_decode.sh [DAYS]     (default 0.25 simulated days)
#
# Target (issue 5): at least 1 M events/s per core for the whole pipeline.
set -euo pipefail
cd "$(dirname "$0")/.."
days=${1:-0.25}
build=${CHAINTWIN_BUILD_DIR:-build/release}
[[ -x $build/bench/pipeline_throughput ]] || { echo "build first: scripts/build.sh release" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$build/app/chaintwin" stream scenarios/examples/national.yaml --days "$days" --sink file --out "$tmp/stream" \
  --no-output >/dev/null
"$build/bench/pipeline_throughput" --from-files "$tmp/stream" --repeat 3
