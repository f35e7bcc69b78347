#!/usr/bin/env bash
# End-to-end latency of the reference pipeline at a steady input rate through the embedded broker: `chaintwin stream`
# paces a scenario into it, `chaintwin pipeline` reads it (default settings: checkpoints every 2 s), and
# bench/pipeline_latency reads the input topics (the broker's own round trip, the peer) and the output topics, and
# prints latency percentiles from intended send time per output kind, with the ratios to the peer. The generator's
# send delay (how late the stream sent against its pace) is printed beside them.
#
#   scripts/build.sh release && bench/pipeline_latency.sh [RATE] [SECONDS] [SCENARIO]
#       (default 50000 messages/s for a 25 s window after a 5 s warm-up, scenarios/examples/baseline.yaml)
#   PARTITIONS=N bench/pipeline_latency.sh ...   (partitions per topic on the embedded broker; default the stream's)
#
# Target (issue 5): p99 at most 50 ms from intended send time at 50 k events/s. The machine is shared: compare the
# ratios to the peer, not the absolute figures.
set -euo pipefail
cd "$(dirname "$0")/.."
rate=${1:-50000}
seconds=${2:-25}
scenario=${3:-scenarios/examples/baseline.yaml}
warmup=${WARMUP:-5}
build=${CHAINTWIN_BUILD_DIR:-build/release}
chaintwin=$build/app/chaintwin
bench=$build/bench/pipeline_latency
[[ -x $chaintwin && -x $bench ]] || { echo "build first: scripts/build.sh release" >&2; exit 1; }
tmp=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

# Simulated days for the window and a margin: messages per simulated day from a short unpaced run.
per_day=$("$chaintwin" stream "$scenario" --days 7 --sink channel --no-output |
  sed -n 's/^[0-9]* facts -> \([0-9]*\) messages.*/\1/p' | awk '{ print $1 / 7 }')
days=$(awk -v r="$rate" -v s="$seconds" -v w="$warmup" -v d="$per_day" 'BEGIN { print r * (w + s + 3) / d }')

"$chaintwin" stream "$scenario" --days "$days" --pace "rate:$rate" --bootstrap-file "$tmp/bootstrap.txt" \
  --linger 600 --no-output ${PARTITIONS:+--partitions "$PARTITIONS"} >"$tmp/stream.log" 2>&1 &
pids+=($!)
for _ in $(seq 300); do [[ -s $tmp/bootstrap.txt ]] && break; sleep 0.1; done
[[ -s $tmp/bootstrap.txt ]] || { cat "$tmp/stream.log" >&2; exit 1; }
"$chaintwin" pipeline --bootstrap-file "$tmp/bootstrap.txt" --checkpoint "$tmp/pipeline.checkpoint" \
  >"$tmp/pipeline.log" 2>&1 &
pids+=($!)
printf 'pipeline_latency.sh: %s, %.2f simulated days paced at %s messages/s\n' "$scenario" "$days" "$rate"
"$bench" --bootstrap-file "$tmp/bootstrap.txt" --warmup "$warmup" --seconds "$seconds" ${HGRM_DIR:+--hgrm "$HGRM_DIR"} \
  2>"$tmp/bench.err"
kill -TERM "${pids[1]}" 2>/dev/null || true  # finished by now; if not (a timeout), it checkpoints and stops
wait "${pids[1]}" || true
echo "stream (the whole run): $(grep -m1 '^send delay' "$tmp/stream.log" || echo 'send delay: (not reported)')"
echo "pipeline: $(tr '\r' '\n' <"$tmp/pipeline.log" | grep -m1 'input records in' | sed 's/^pipeline: //')"
# Data lost before it was read (a reader fell further behind than the broker's ~5 MiB per partition).
resets=$(cat "$tmp/pipeline.log" "$tmp/bench.err" | grep -c 'offset reset' || true)
[[ $resets == 0 ]] || echo "problem: $resets offset resets: readers fell behind the embedded broker's retention"
grep -v '^kafka ' "$tmp/bench.err" >&2 || true  # the benchmark's own complaints; librdkafka's are counted above
