#!/usr/bin/env bash
# The main job: install what is missing, build (Release), run the closed loop on the baseline scenario (a small US
# network, 10 replications of 90 days under batch, streaming and oracle visibility, the streaming runs through the
# reference pipeline in lockstep; then 14 days through the embedded broker for the pipeline's latency; one summary;
# results in results/loop/). Extra arguments go to `chaintwin loop` (e.g. --replications 20).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh release chaintwin
exec build/release/app/chaintwin loop scenarios/examples/baseline.yaml "$@"
