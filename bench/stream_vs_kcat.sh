#!/usr/bin/env bash
# Streams of the national network: encoded messages/s (generators alone), into the in-process channel, into the
# embedded broker; and kcat -P producing the very same keys and payloads from files, into its own in-process mock
# cluster (3 brokers, 4 partitions per topic, idempotent: the same setup as ours), as the peer. One script, one
# machine state: compare the ratios, not the absolute figures.
#
#   scripts/build.sh release && bench/stream_vs_kcat.sh [DAYS]        (default 0.5 simulated days, ~1.1 M messages)
#
# Targets (issue 4): >= 1 M encoded messages/s per core; into the embedded broker >= 80% of kcat's rate.
set -euo pipefail
cd "$(dirname "$0")/.."
days=${1:-0.5}
bench=${CHAINTWIN_BUILD_DIR:-build/release}/bench/stream_throughput
[[ -x $bench ]] || { echo "build first: scripts/build.sh release" >&2; exit 1; }
command -v kcat >/dev/null || { echo "kcat is needed (apt-get install kcat)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$bench" --scenario scenarios/examples/national.yaml --days "$days" --partitions 4 --kcat-input "$tmp/in" | tee "$tmp/ours.txt"

field() { grep "sink=$1 " "$tmp/ours.txt" | tr ' ' '\n' | sed -n "s/^$2=//p"; }
produce() {  # kcat -P of one file into its own mock cluster; prints wall seconds
  local start end
  start=$(date +%s.%N)
  kcat -P -b 127.0.0.1:1 -X test.mock.num.brokers=3 -X enable.idempotence=true -X linger.ms=5 \
       -t "$2" -K $'\t' -l "$1" 2>/dev/null
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" 'BEGIN { print b - a }'
}
# kcat starts a cluster per topic: its start-up time (an empty file) is taken off each run.
: > "$tmp/empty.tsv"
startup=$(produce "$tmp/empty.tsv" chaintwin.empty)
kcat_seconds=0
for f in "$tmp"/in/*.tsv; do
  s=$(produce "$f" "$(basename "$f" .tsv)")
  kcat_seconds=$(awk -v t="$kcat_seconds" -v s="$s" -v u="$startup" 'BEGIN { print t + s - u }')
done
messages=$(cat "$tmp"/in/*.tsv | wc -l)
calc() { awk "BEGIN { print $1 }"; }
kcat_rate=$(calc "$messages / $kcat_seconds")
encode=$(field encode messages_per_generator_cpu_s)
broker=$(field broker messages_per_wall_s)
channel=$(field channel messages_per_wall_s)
printf 'RESULT kcat messages=%d wall_s=%.3f messages_per_wall_s=%.0f (start-up %.3f s per topic taken off)\n' \
  "$messages" "$kcat_seconds" "$kcat_rate" "$startup"
printf 'RATIO encode_vs_target=%.2f   (encoded messages per generator CPU-second / 1 M)\n' "$(calc "$encode / 1000000")"
printf 'RATIO channel_vs_encode=%.2f\n' "$(calc "$channel / $encode")"
printf 'RATIO broker_vs_kcat=%.2f   (target 0.80)\n' "$(calc "$broker / $kcat_rate")"
