#!/usr/bin/env bash
# One-knob-at-a-time tuning sweep of the Fashion-MNIST recipe at a short, equal-epoch budget:
# each variant changes one setting of the recipe in experiments/fashion-mnist.sh, pretrains,
# exports and runs the linear probe and kNN (k=200); writes sweep.md with one row per variant.
# Usage: experiments/fashion-mnist-sweep.sh [--epochs N] [--out DIR] [--parallel P] [--seed N] [VARIANT...]
#   VARIANT: recipe tau0.1 tau0.3 jitter0.5 crop0.35 batch128 lr0.4 wd1e-6 head3 width2 (default:
#   recipe tau0.1 jitter0.5 crop0.35 batch128 lr0.4); runs already done are reused.
#   --parallel 2 runs two variants at a time with one thread each (about 1.3x the throughput of one
#   two-thread run on 2 cores); numbers then differ in the last bits from --parallel 1.
# Set SIMCLR_JAR to run a copy of the jar (so that rebuilding target/ cannot break a long sweep).
set -euo pipefail
epochs=2; out=""; parallel=1; seed=0; chosen=()
while [ $# -gt 0 ]; do
  case "$1" in
    --epochs) epochs=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --parallel) parallel=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    -*) echo "unknown argument: $1" >&2; exit 2 ;;
    *) chosen+=("$1"); shift ;;
  esac
done
here=$(cd "$(dirname "$0")/.." && pwd)
jar=${SIMCLR_JAR:-$here/target/simclr.jar}
data="$here/data/fashion-mnist"
export TF_CPP_MIN_LOG_LEVEL=2
# oneDNN kernels: 1.8x faster on CPUs where TensorFlow leaves them off (docs/benchmarks.md)
export TF_ENABLE_ONEDNN_OPTS=${TF_ENABLE_ONEDNN_OPTS:-1}

# The recipe of experiments/fashion-mnist.sh; a variant overrides some of these options.
declare -A recipe=([--encoder]=resnet-small [--batch-size]=256 [--optimizer]=lars [--lr]=0.2
  [--lr-scaling]=sqrt [--temperature]=0.2 [--crop-min-area]=0.2 [--jitter-strength]=1.0
  [--width-multiplier]=1 [--weight-decay]=1e-4 [--head-layers]=2)
declare -A variants=(
  [recipe]=""
  [tau0.1]="--temperature 0.1"
  [tau0.3]="--temperature 0.3"
  [jitter0.5]="--jitter-strength 0.5"
  [crop0.35]="--crop-min-area 0.35"
  [batch128]="--batch-size 128"
  [lr0.4]="--lr 0.4"
  [wd1e-6]="--weight-decay 1e-6"
  [head3]="--head-layers 3"
  [width2]="--width-multiplier 2"
)
recipe_text=$(for k in $(printf '%s\n' "${!recipe[@]}" | sort); do printf '%s %s ' "$k" "${recipe[$k]}"; done)
# results of another recipe never mix with these: the default folder names the recipe's hash
out=${out:-$here/experiments/out/fashion-mnist-sweep-e$epochs-seed$seed-$(printf '%s' "$recipe_text" | sha1sum | cut -c1-8)}
default_order=(recipe tau0.1 jitter0.5 crop0.35 batch128 lr0.4)
[ ${#chosen[@]} -gt 0 ] || chosen=("${default_order[@]}")
for v in "${chosen[@]}"; do
  [ -n "${variants[$v]+x}" ] || { echo "unknown variant $v (known: ${!variants[*]})" >&2; exit 2; }
done
[ -f "$jar" ] || { echo "$jar: not built (run: mvn -B package -DskipTests)" >&2; exit 1; }
"$here/data-prep/fashion-mnist.sh" "$data" >/dev/null
threads=0; inter=0
if [ "$parallel" -gt 1 ]; then threads=1; inter=1; fi
java_cmd=(java -Dorg.bytedeco.javacpp.maxPhysicalBytes=0 -Xmx4g -jar "$jar")

run_variant() {
  local v=$1 dir="$out/$1"
  declare -A opts
  for k in "${!recipe[@]}"; do opts[$k]=${recipe[$k]}; done
  local -a over=(${variants[$v]})
  for ((i = 0; i < ${#over[@]}; i += 2)); do opts[${over[i]}]=${over[i+1]}; done
  local -a args=()
  for k in "${!opts[@]}"; do args+=("$k" "${opts[$k]}"); done
  mkdir -p "$dir"
  [ -f "$dir/eval/linear-eval.json" ] && return 0
  local start=$(date +%s)
  if [ -f "$dir/run/run.json" ]; then
    "${java_cmd[@]}" pretrain --out "$dir/run" --resume >"$dir/pretrain.log" 2>&1
  else
    "${java_cmd[@]}" pretrain --data "$data" --out "$dir/run" --seed "$seed" --epochs "$epochs" \
      --threads "$threads" --inter-op-threads "$inter" --log-every 20 --checkpoint-every 100 \
      "${args[@]}" >"$dir/pretrain.log" 2>&1
  fi
  echo $(( $(date +%s) - start )) >"$dir/pretrain-seconds"
  "${java_cmd[@]}" linear-eval --model "$dir/run/saved-model" --data "$data" --out "$dir/eval" \
    --knn 200 >"$dir/eval.log" 2>&1
  # training curves, including the online probe and kNN monitor (monitor.png)
  "${java_cmd[@]}" plot --run "$dir/run" --out "$dir/plots" >>"$dir/eval.log" 2>&1
  echo "$v done: $(grep '^| simclr' "$dir/eval/linear-eval.md")"
}

running=0
for v in "${chosen[@]}"; do
  run_variant "$v" &
  running=$((running + 1))
  if [ "$running" -ge "$parallel" ]; then wait -n || echo "a variant failed (see its pretrain.log / eval.log)" >&2; running=$((running - 1)); fi
done
wait

{
  echo "# Fashion-MNIST tuning sweep: $epochs epochs, seed $seed, parallel $parallel"
  echo
  echo "Recipe: $recipe_text"
  echo
  echo "| variant | change | linear top-1 | kNN top-1 | online kNN (last) | online probe (last) | pretrain s |"
  echo "|---|---|---:|---:|---:|---:|---:|"
  for v in "${chosen[@]}"; do
    row=$(grep '^| simclr' "$out/$v/eval/linear-eval.md")
    lin=$(echo "$row" | awk -F'|' '{gsub(/ /,"",$4); print $4}')
    knn=$(echo "$row" | awk -F'|' '{gsub(/ /,"",$6); print $6}')
    online=$(python3 -c "
import json
last = {}
for l in open('$out/$v/run/metrics.jsonl'):
    last.update({k: v for k, v in json.loads(l).items() if k in ('knn_top1', 'online_probe_accuracy')})
print('%s | %s' % tuple(('%.2f%%' % (100 * last[k])) if k in last else '-' for k in ('knn_top1', 'online_probe_accuracy')))
")
    echo "| $v | ${variants[$v]:-(none)} | $lin | $knn | $online | $(cat "$out/$v/pretrain-seconds") |"
  done
} >"$out/sweep.md"
cat "$out/sweep.md"
