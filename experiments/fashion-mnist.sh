#!/usr/bin/env bash
# Reproducible Fashion-MNIST experiment: prepare data, pretrain, export, linear evaluation with
# both baselines and kNN; writes results.md and results.json into the output directory.
# Usage: experiments/fashion-mnist.sh [--budget quick|standard] [--out DIR] [--seed N]
#   quick    ~5 min on 2 CPU cores (100 steps): a smoke test of the whole pipeline
#   standard ~70 min on 2 CPU cores (10 epochs of resnet-small, batch 256)
set -euo pipefail
budget=standard; out=""; seed=0
while [ $# -gt 0 ]; do
  case "$1" in
    --budget) budget=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
case "$budget" in
  quick) train_args=(--steps 100 --log-every 10 --checkpoint-every 50) ;;
  standard) train_args=(--epochs 10 --log-every 20 --checkpoint-every 200) ;;
  *) echo "unknown --budget $budget (quick, standard)" >&2; exit 2 ;;
esac
here=$(cd "$(dirname "$0")/.." && pwd)
out=${out:-$here/experiments/out/fashion-mnist-$budget-seed$seed}
export TF_CPP_MIN_LOG_LEVEL=2
jar="$here/target/simclr.jar"
[ -f "$jar" ] || (cd "$here" && mvn -B -q package -DskipTests)
java_cmd=(java -Dorg.bytedeco.javacpp.maxPhysicalBytes=0 -Xmx4g -jar "$jar")
data="$here/data/fashion-mnist"
"$here/data-prep/fashion-mnist.sh" "$data"
mkdir -p "$out"
start=$(date +%s)
if [ -f "$out/run/run.json" ]; then
  "${java_cmd[@]}" pretrain --out "$out/run" --resume 2>&1 | tee -a "$out/pretrain.log"
else
  "${java_cmd[@]}" pretrain --data "$data" --out "$out/run" --seed "$seed" \
    --encoder resnet-small --batch-size 256 --optimizer lars --lr 0.2 --lr-scaling sqrt \
    --temperature 0.2 --crop-min-area 0.2 --jitter-strength 0.5 "${train_args[@]}" 2>&1 | tee "$out/pretrain.log"
fi
pretrained=$(date +%s)
"${java_cmd[@]}" export --run "$out/run" --out "$out/saved-model" --force
"${java_cmd[@]}" linear-eval --model "$out/saved-model" --data "$data" --out "$out/eval" \
  --baseline raw-pixels --baseline random-init --knn 200 2>&1 | tee "$out/eval.log"
end=$(date +%s)
{
  echo "# Fashion-MNIST SimCLR experiment ($budget budget, seed $seed)"
  echo
  echo "- command: \`experiments/fashion-mnist.sh --budget $budget --seed $seed\`"
  echo "- pretraining: $((pretrained - start)) s; export + evaluation: $((end - pretrained)) s"
  echo "- config: \`$out/run/run.json\`"
  echo
  sed -n '/^| features/,/^$/p' "$out/eval/linear-eval.md"
} > "$out/results.md"
{
  echo "{\"budget\": \"$budget\", \"seed\": $seed, \"pretrainSeconds\": $((pretrained - start)),"
  echo " \"evalSeconds\": $((end - pretrained)), \"run\": "
  cat "$out/run/run.json"
  echo ", \"linearEval\": "
  cat "$out/eval/linear-eval.json"
  echo "}"
} > "$out/results.json.tmp" && mv "$out/results.json.tmp" "$out/results.json"
cat "$out/results.md"
