#!/usr/bin/env bash
# One run of the recipe study (docs/results/recipe-study.md): pretrain within a time budget on a
# validation layout of Fashion-MNIST (the first 50,000 training images train, the last 10,000
# validate; the test split is never read), export, linear probe and kNN on the validation images.
# Usage: experiments/recipe-study.sh NAME MINUTES [pretrain options...]
#   writes experiments/out/recipe-study/NAME/{run,eval,times,pretrain.log,eval.log}
# then: experiments/recipe-study-report.py experiments/out/recipe-study docs/results
# The baseline (the recipe before the study):
#   experiments/recipe-study.sh A-base15 15 $(experiments/recipe-study.sh --baseline)
set -uo pipefail
base="--encoder resnet-small --batch-size 256 --optimizer lars --lr 0.2 --lr-scaling sqrt --temperature 0.2
  --crop-min-area 0.2 --jitter-strength 1.0"
if [ "${1:-}" = "--baseline" ]; then echo $base; exit 0; fi
if [ $# -lt 2 ] || [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ]; then sed -n '2,9p' "$0"; exit 2; fi
name=$1; minutes=$2; shift 2
here=$(cd "$(dirname "$0")/.." && pwd)
data="$here/data/fashion-mnist-val"
"$here/data-prep/fashion-mnist.sh" "$data" --holdout 10000
out="$here/experiments/out/recipe-study/$name"
export TF_CPP_MIN_LOG_LEVEL=2 TF_ENABLE_ONEDNN_OPTS=${TF_ENABLE_ONEDNN_OPTS:-1}
java_cmd=(java -Dorg.bytedeco.javacpp.maxPhysicalBytes=0 -Xmx6g -jar "${SIMCLR_JAR:-$here/target/simclr.jar}")
mkdir -p "$out"
s=$(date +%s.%N)
"${java_cmd[@]}" pretrain --data "$data" --out "$out/run" --log-every 20 --checkpoint-every 1000 \
  --time-budget "$minutes" "$@" > "$out/pretrain.log" 2>&1 || { tail -3 "$out/pretrain.log"; exit 1; }
e=$(date +%s.%N)
echo "pretrain_wall $(echo "$e - $s" | bc)" > "$out/times"
# the machine and the precision the run used, for the report's grouping (minutes differ across CPUs)
echo "cpu $(lscpu | sed -n 's/^Model name: *//p') family $(lscpu | sed -n 's/^CPU family: *//p') model $(lscpu | sed -n 's/^Model: *//p')" >> "$out/times"
echo "precision $(sed -n 's/^on [a-z]* in \([a-z0-9]*\) .*/\1/p' "$out/pretrain.log" | head -1)" >> "$out/times"
"${java_cmd[@]}" linear-eval --model "$out/run/saved-model" --data "$data" --out "$out/eval" --knn 200 \
  > "$out/eval.log" 2>&1 || { tail -3 "$out/eval.log"; exit 1; }
echo "eval_wall $(echo "$(date +%s.%N) - $e" | bc)" >> "$out/times"
grep -A2 '^| features' "$out/eval/linear-eval.md" >> "$out/times"
cat "$out/times"
