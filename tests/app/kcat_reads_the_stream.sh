#!/usr/bin/env sh
# A separate Kafka client process (kcat) reads every topic of a stream on the embedded broker and finds every
# message: per topic, as many as chaintwin says it sent, with no message id missing or extra.
# usage: kcat_reads_the_stream.sh CHAINTWIN SCENARIO WORKDIR
set -eu
chaintwin=$1 scenario=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
cd "$work"
# One simulated day; the broker stays up 60 s after the stream so kcat can read (we stop it when done).
"$chaintwin" stream "$scenario" --days 1 --bootstrap-file bootstrap.txt --linger 60 --no-output >stream.log 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do
  grep -q "stays up" stream.log 2>/dev/null && break
  kill -0 $pid 2>/dev/null || { cat stream.log; echo "chaintwin stream ended early"; exit 1; }
  sleep 0.1
done
grep -q "stays up" stream.log || { cat stream.log; echo "the stream did not finish in 60 s"; exit 1; }
brokers=$(cat bootstrap.txt)
status=0
# The table: "topic messages bytes lost"
for topic in $(awk '/^chaintwin\./ {print $1}' stream.log); do
  sent=$(awk -v t="$topic" '$1 == t {print $2}' stream.log)
  kcat -C -b "$brokers" -t "$topic" -o beginning -e -q -f '%h\n' >"$topic.headers" 2>kcat.err || { cat kcat.err; exit 1; }
  got=$(wc -l <"$topic.headers")
  distinct_sent=$(grep -o 'message-id=[0-9]*' "$topic.headers" | sort -u | wc -l)
  echo "$topic: sent $sent, kcat read $got ($distinct_sent distinct ids)"
  [ "$got" -eq "$sent" ] || status=1
  # The master topic's records carry no message id (they are not messages of the truth).
  [ "$distinct_sent" -gt 0 ] || [ "$topic" = chaintwin.master ] || status=1
done
[ $status -eq 0 ] && echo "ok: kcat found every message"
exit $status
