#!/usr/bin/env bash
# Reproducible CIFAR-10 experiment on the user's CIFAR-10 binary directory (cifar-10-batches-bin):
# prepare, pretrain, export, linear evaluation with both baselines and kNN, plots; writes
# results.md and results.json into the output directory.
# Usage: experiments/cifar10.sh CIFAR_BIN_DIR [--budget quick|standard] [--out DIR] [--seed N]
#   quick    ~5 min on 2 CPU cores (60 steps of resnet-small): a smoke test of the pipeline
#   standard ~60 min on 2 CPU cores (4 epochs of resnet-small, batch 256); far from the
#            published 1000-epoch ResNet-18 numbers, which need a GPU
# Set SIMCLR_JAR to run a copy of the jar (so that rebuilding target/ cannot break a long run).
set -euo pipefail
case "${1:-}" in
  -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
  ""|-*) sed -n '2,9p' "$0" >&2; exit 2 ;;
esac
src=$1; shift
budget=standard; out=""; seed=0
while [ $# -gt 0 ]; do
  case "$1" in
    --budget) budget=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
case "$budget" in
  quick) train_args=(--steps 60 --log-every 10 --checkpoint-every 30) ;;
  standard) train_args=(--epochs 4 --log-every 20 --checkpoint-every 200) ;;
  *) echo "unknown --budget $budget (quick, standard)" >&2; exit 2 ;;
esac
here=$(cd "$(dirname "$0")/.." && pwd)
out=${out:-$here/experiments/out/cifar10-$budget-seed$seed}
data="$here/data/cifar10"
export TF_CPP_MIN_LOG_LEVEL=2
# oneDNN kernels: 1.8x faster on CPUs where TensorFlow leaves them off (docs/benchmarks.md)
export TF_ENABLE_ONEDNN_OPTS=${TF_ENABLE_ONEDNN_OPTS:-1}
jar="${SIMCLR_JAR:-$here/target/simclr.jar}"
[ -f "$jar" ] || (cd "$here" && mvn -B -q package -DskipTests)
java_cmd=(java -Dorg.bytedeco.javacpp.maxPhysicalBytes=0 -Xmx4g -jar "$jar")
[ -f "$data/manifest.json" ] || "${java_cmd[@]}" prep --format cifar10 --input "$src" --out "$data"
"$here/experiments/run-pipeline.sh" "$data" "$out" "$budget" "$seed" \
  --encoder resnet-small --batch-size 256 --optimizer lars --lr 0.2 --lr-scaling sqrt \
  --temperature 0.2 --jitter-strength 0.5 "${train_args[@]}"
