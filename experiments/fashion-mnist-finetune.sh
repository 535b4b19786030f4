#!/usr/bin/env bash
# Semi-supervised Fashion-MNIST: fine-tune the standard pretraining run's encoder with 1% and 10% of
# the labels, and the same architecture from scratch with the same subsets and budgets; a table of
# test top-1 and time in OUT/results.md (and results.json).
# Usage: experiments/fashion-mnist-finetune.sh [--run PRETRAIN_RUN] [--out DIR] [--seed N] [--pretrained-only]
#   default run: experiments/out/fashion-mnist-standard-seed0/run (experiments/fashion-mnist.sh --budget standard)
#   --pretrained-only skips the from-scratch rows, which do not depend on the encoder (same seed, same rows)
# Budgets follow the official fine-tuning recipe: 60 epochs on 1% of the labels, 30 on 10%.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
run=$here/experiments/out/fashion-mnist-standard-seed0/run; out=""; seed=0; starts=(pretrained scratch)
while [ $# -gt 0 ]; do
  case "$1" in
    --run) run=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --pretrained-only) starts=(pretrained); shift ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
out=${out:-$here/experiments/out/fashion-mnist-finetune-seed$seed}
[ -f "$run/run.json" ] || { echo "no pretraining run at $run (run experiments/fashion-mnist.sh --budget standard)" >&2; exit 2; }
export TF_CPP_MIN_LOG_LEVEL=2
export TF_ENABLE_ONEDNN_OPTS=${TF_ENABLE_ONEDNN_OPTS:-1}
java_cmd=(java -Dorg.bytedeco.javacpp.maxPhysicalBytes=0 -Xmx4g -jar "${SIMCLR_JAR:-$here/target/simclr.jar}")
data=$(python3 -c "import json,sys; print(json.load(open('$run/run.json'))['recipe']['data'])")
mkdir -p "$out"
echo "| labels | start | test top-1 | test top-5 | steps | seconds |" > "$out/table.md"
echo "|---|---|---:|---:|---:|---:|" >> "$out/table.md"
for spec in "0.01 60" "0.1 30"; do
  read -r fraction epochs <<< "$spec"
  for start_kind in "${starts[@]}"; do
    from=$([ "$start_kind" = scratch ] && echo scratch || echo "$run")
    name="f${fraction}-$start_kind"
    dir="$out/$name"
    start=$(date +%s)
    if [ -f "$dir/finetune.json" ]; then
      [ -f "$dir/report.json" ] || "${java_cmd[@]}" finetune --out "$dir" --resume 2>&1 | tee -a "$out/$name.log"
    else
      "${java_cmd[@]}" finetune --from "$from" --data "$data" --label-fraction "$fraction" --epochs "$epochs" \
        --seed "$seed" --log-every 20 --checkpoint-every 500 --out "$dir" 2>&1 | tee "$out/$name.log"
    fi
    secs=$(( $(date +%s) - start ))
    python3 - "$dir" "$fraction" "$from" "$secs" >> "$out/table.md" <<'PY'
import json, sys
d, fraction, src, secs = sys.argv[1:]
r = json.load(open(d + "/report.json"))["test"]
steps = sum(1 for _ in open(d + "/metrics.jsonl")) and json.loads(open(d + "/metrics.jsonl").read().splitlines()[-1])["step"]
print(f"| {float(fraction):.0%} | {'scratch' if src == 'scratch' else 'SimCLR pretrained'} | {100*r['top1']:.2f}% | {100*r['top5']:.2f}% | {steps} | {secs} |")
PY
  done
done
{ echo "# Fine-tuning Fashion-MNIST with few labels, seed $seed"; echo; echo "pretrained encoder: \`$run\`"; echo; cat "$out/table.md"; } > "$out/results.md"
python3 - "$out" > "$out/results.json" <<'PY'
import json, os, sys
out = sys.argv[1]
res = {}
for name in sorted(os.listdir(out)):
    f = os.path.join(out, name, "report.json")
    if os.path.isfile(f):
        res[name] = json.load(open(f))["test"]
print(json.dumps({"results": {k: {"top1": v["top1"], "top5": v["top5"]} for k, v in res.items()}}, indent=2))
PY
cat "$out/results.md"
