#!/usr/bin/env bash
# The main job: install what is missing, build (Release), run the default demonstration.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh release chaintwin
exec build/release/app/chaintwin demo "$@"
