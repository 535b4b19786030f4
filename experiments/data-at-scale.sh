#!/usr/bin/env bash
# Memory and speed of prep and pretrain on large generated image folders, one line per dataset:
# peak RSS (GNU time) of prep and of a short pretraining run, the time each took, and the share of
# pretraining spent waiting for input (the progress line's "input wait").
# Usage: experiments/data-at-scale.sh WORK_DIR SIZE STEPS BATCH COUNT... (e.g. /work/big 224 50 32 10000 100000)
#   Generates WORK_DIR/jpeg-COUNT (photo-like JPEGs of 256-500 px; image i is the same in every folder),
#   prepares it (encoded, --size SIZE) and pretrains STEPS steps of resnet-small at batch BATCH.
set -euo pipefail
work=$1; size=$2; steps=$3; batch=$4; shift 4
here=$(cd "$(dirname "$0")/.." && pwd)
jar=${SIMCLR_JAR:-$here/target/simclr.jar}
export TF_CPP_MIN_LOG_LEVEL=2 TF_ENABLE_ONEDNN_OPTS=${TF_ENABLE_ONEDNN_OPTS:-1}
java_cmd=(java -Dorg.bytedeco.javacpp.maxPhysicalBytes=0 -jar "$jar")
rss() { sed -n 's/.*Maximum resident set size (kbytes): //p' "$1" | awk '{printf "%.0f", $1/1024}'; }
secs() { sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$1"; }
mkdir -p "$work"
echo "| images | shards size | prep peak RSS MiB | prep time | pretrain peak RSS MiB | pretrain time | input wait |"
echo "|---:|---:|---:|---|---:|---|---:|"
for n in "$@"; do
  src=$work/jpeg-$n data=$work/data-jpeg-$n-$size run=$work/run-jpeg-$n-$size
  [ -d "$src" ] || "${java_cmd[@]}" bench --generate-images "$src" --count "$n" >/dev/null 2>&1
  rm -rf "$data" "$run"
  /usr/bin/time -v "${java_cmd[@]}" prep --format folder --input "$src" --size "$size" --out "$data" \
    > "$work/prep-$n.log" 2> "$work/prep-$n.time"
  /usr/bin/time -v "${java_cmd[@]}" pretrain --data "$data" --out "$run" --steps "$steps" --batch-size "$batch" \
    --log-every 10 --checkpoint-every "$steps" --no-export > "$work/pretrain-$n.log" 2> "$work/pretrain-$n.time"
  wait_share=$(grep -o 'input wait [0-9.]*%' "$work/pretrain-$n.time" | tail -1 | cut -d' ' -f3)
  echo "| $n | $(du -sh "$data" | cut -f1) | $(rss "$work/prep-$n.time") | $(secs "$work/prep-$n.time") | $(rss "$work/pretrain-$n.time") | $(secs "$work/pretrain-$n.time") | ${wait_share:-0%} |"
done
