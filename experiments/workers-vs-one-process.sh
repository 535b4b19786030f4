#!/usr/bin/env bash
# Communication overhead of multi-worker training on one machine: the same pretraining steps as
# one process with 2 threads, then as 2 worker processes with 1 thread each (loopback gRPC,
# collectives), in one session; prints seconds per step (from the chief's metrics, steps 2..N) and
# the ratio, and the bytes each worker sends per step.
# Usage: experiments/workers-vs-one-process.sh DATA_DIR [STEPS] [BATCH] [ENCODER]
set -euo pipefail
data=$1; steps=${2:-20}; batch=${3:-256}; encoder=${4:-resnet-small}
here=$(cd "$(dirname "$0")/.." && pwd)
jar=${SIMCLR_JAR:-$here/target/simclr.jar}
export TF_CPP_MIN_LOG_LEVEL=2
export TF_ENABLE_ONEDNN_OPTS=${TF_ENABLE_ONEDNN_OPTS:-1}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
java_cmd=(java -Dorg.bytedeco.javacpp.maxPhysicalBytes=0 -jar "$jar" pretrain --data "$data" --encoder "$encoder"
  --batch-size "$batch" --steps "$steps" --monitor-every -1 --log-every 1 --no-export)
per_step() {  # seconds per step between the first and the last logged step
  python3 -c "import json,sys; m=[json.loads(l) for l in open(sys.argv[1])]; print((m[-1]['time']-m[0]['time'])/(len(m)-1))" "$1"
}
"${java_cmd[@]}" --out "$out/one" --threads 2 > "$out/one.log" 2>&1
one=$(per_step "$out/one/metrics.jsonl")
ports=$(python3 -c "import socket
s=[socket.socket() for _ in range(2)]
[x.bind(('127.0.0.1',0)) for x in s]
print(','.join('127.0.0.1:%d' % x.getsockname()[1] for x in s))")
for t in 1 0; do
  "${java_cmd[@]}" --out "$out/two" --threads 1 --cluster "$ports" --task $t > "$out/task$t.log" 2>&1 &
done
wait
two=$(per_step "$out/two/metrics.jsonl")
echo "$encoder, batch $batch, $steps steps, TF_ENABLE_ONEDNN_OPTS=$TF_ENABLE_ONEDNN_OPTS"
grep "collectives per step" "$out/task0.log"
python3 -c "import sys; one,two=map(float,sys.argv[1:]); print(f'one process, 2 threads: {one:.3f} s/step; 2 workers, 1 thread each: {two:.3f} s/step; throughput ratio workers/one process {one/two:.2f}')" "$one" "$two"
