#!/bin/sh
# A pipeline in another process closes the loop: `chaintwin loop --kafka --external-pipeline` hosts the embedded
# broker and waits for someone else's stream processor (here `chaintwin pipeline`, as a third party's would) to
# read its input topics and write the output topics; the loop then reports the pipeline's latency and the view.
#   loop_external_pipeline.sh CHAINTWIN SCENARIO WORKDIR
set -eu
exe=$1 scenario=$2 dir=$3
rm -rf "$dir" && mkdir -p "$dir"
"$exe" loop --kafka --external-pipeline "$scenario" --days 2 --pace realtime:43200 \
    --bootstrap-file "$dir/bootstrap.txt" > "$dir/loop.out" 2>&1 &
loop=$!
i=0
while [ ! -s "$dir/bootstrap.txt" ]; do
  i=$((i + 1))
  if [ $i -gt 300 ]; then echo "the loop never wrote its broker's address"; kill $loop; exit 1; fi
  sleep 0.1
done
"$exe" pipeline --bootstrap-file "$dir/bootstrap.txt" --checkpoint "" --group third-party > "$dir/pipeline.out" 2>&1
status=0
wait $loop || status=$?
cat "$dir/loop.out"
echo "--- pipeline"
cat "$dir/pipeline.out"
exit $status
