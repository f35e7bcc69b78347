#!/usr/bin/env sh
# The reference pipeline killed with SIGKILL twice mid-stream and restarted from its checkpoint publishes what an
# uninterrupted run publishes: the final view of its stock positions (the last record of each SKU-location and
# tick) equals that of the same stream replayed without interruption; and, read as a downstream consumer would, its
# output topics lose nothing and put nothing out of order (re-published records are allowed: at least once).
# usage: kill_restart.sh CHAINTWIN SCENARIO WORKDIR COMPARE_PY
set -eu
chaintwin=$1 scenario=$2 work=$3 compare=$4
rm -rf "$work" && mkdir -p "$work"
cd "$work"

# The uninterrupted reference: the same stream recorded to files and replayed.
"$chaintwin" stream "$scenario" --days 7 --sink file --out recorded --no-output >/dev/null 2>&1
"$chaintwin" pipeline --from-files recorded --out reference >/dev/null

# The same stream on the embedded broker, paced (about 6 s), so the pipeline works while it flows; the broker stays
# up afterwards until the pipeline is done. 8 partitions a topic: the week's till receipts then fill well under the
# ~5 MiB a partition keeps, so a restarted pipeline finds everything it had not read still there.
"$chaintwin" stream "$scenario" --days 7 --pace rate:8000 --partitions 8 --bootstrap-file bootstrap.txt --linger 300 --no-output \
  >stream.log 2>&1 &
stream=$!
trap 'kill $stream 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do
  [ -s bootstrap.txt ] && break
  kill -0 $stream 2>/dev/null || { cat stream.log; echo "chaintwin stream ended early"; exit 1; }
  sleep 0.1
done
[ -s bootstrap.txt ] || { cat stream.log; echo "the embedded broker did not start in 60 s"; exit 1; }

run_pipeline() {
  "$chaintwin" pipeline --bootstrap-file bootstrap.txt --checkpoint pipeline.checkpoint --checkpoint-every 0.3 \
    >>pipeline.log 2>&1 &
  pipeline=$!
}
checkpoint_sum() { [ -f pipeline.checkpoint ] && cksum <pipeline.checkpoint || echo none; }
# Each run is killed a moment after it has written a new checkpoint, however slowly it starts (a sanitizer build
# takes several seconds to read the master data), so the kills land mid-stream on any machine.
kills=0
for delay in 0.4 0.9; do
  before=$(checkpoint_sum)
  run_pipeline
  for _ in $(seq 1 1200); do
    [ "$(checkpoint_sum)" != "$before" ] && break
    kill -0 $pipeline 2>/dev/null || break
    sleep 0.1
  done
  sleep "$delay"
  if kill -0 $pipeline 2>/dev/null; then
    kill -9 $pipeline
    kills=$((kills + 1))
  fi
  wait $pipeline 2>/dev/null || true
  [ -f pipeline.checkpoint ] || { cat pipeline.log; echo "no checkpoint after a run"; exit 1; }
done
run_pipeline
wait $pipeline || { cat pipeline.log; echo "the restarted pipeline failed"; exit 1; }
grep -q "resumed from its checkpoint" pipeline.log || { cat pipeline.log; echo "the pipeline did not resume"; exit 1; }
[ $kills -eq 2 ] || { cat pipeline.log; echo "the pipeline finished before it could be killed twice"; exit 1; }
echo "killed $kills times"

# The Jepsen-style checks of `chaintwin score` as expectations: it exits non-zero, naming the check, if one fails.
cat >checks.yaml <<EOF
extends: $scenario
expectations:
  - {metric: outputs.stock_positions.lost, at_most: 0}
  - {metric: outputs.stock_positions.out_of_order, at_most: 0}
  - {metric: outputs.alerts.lost, at_most: 0}
  - {metric: outputs.alerts.out_of_order, at_most: 0}
EOF
"$chaintwin" score checks.yaml --bootstrap-file bootstrap.txt --days 7 --no-output >score.log 2>&1 ||
  { cat score.log; echo "the restarted pipeline's outputs fail the output checks"; exit 1; }
grep -A4 '^output checks' score.log

brokers=$(cat bootstrap.txt)
kcat -C -b "$brokers" -t chaintwin.stock-positions -o beginning -e -q -f '%s\n' >killed.positions
python3 "$compare" reference/chaintwin.stock-positions.records killed.positions
