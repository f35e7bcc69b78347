#!/usr/bin/env bash
# The main job: install what is missing, build (Release), run the baseline world scenario (10 replications of a
# small US network, KPIs with confidence intervals, results in results/baseline.h5). Extra arguments go to
# `chaintwin run` (e.g. --replications 20).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh release chaintwin
exec build/release/app/chaintwin run scenarios/examples/baseline.yaml "$@"
