#!/usr/bin/env bash
# The shared experiment pipeline: pretrain (or resume), export, linear evaluation with both
# baselines and kNN, plots, results.md and results.json.
# Usage: experiments/run-pipeline.sh DATA_DIR OUT_DIR BUDGET SEED [pretrain options...]
set -euo pipefail
data=$1; out=$2; budget=$3; seed=$4; shift 4
here=$(cd "$(dirname "$0")/.." && pwd)
export TF_CPP_MIN_LOG_LEVEL=2
# oneDNN kernels: 1.8x faster on CPUs where TensorFlow leaves them off (docs/benchmarks.md)
export TF_ENABLE_ONEDNN_OPTS=${TF_ENABLE_ONEDNN_OPTS:-1}
# SIMCLR_JAR: a copy of the jar (with its lib/ beside it), so that rebuilding target/ cannot break a long run
java_cmd=(java -Dorg.bytedeco.javacpp.maxPhysicalBytes=0 -Xmx4g -jar "${SIMCLR_JAR:-$here/target/simclr.jar}")
mkdir -p "$out"
start=$(date +%s)
if [ -f "$out/run/run.json" ]; then
  "${java_cmd[@]}" pretrain --out "$out/run" --resume 2>&1 | tee -a "$out/pretrain.log"
else
  "${java_cmd[@]}" pretrain --data "$data" --out "$out/run" --seed "$seed" "$@" 2>&1 | tee "$out/pretrain.log"
fi
pretrained=$(date +%s)
"${java_cmd[@]}" export --run "$out/run" --out "$out/saved-model" --force
"${java_cmd[@]}" linear-eval --model "$out/saved-model" --data "$data" --out "$out/eval" \
  --baseline raw-pixels --baseline random-init --knn 200 2>&1 | tee "$out/eval.log"
"${java_cmd[@]}" plot --run "$out/run" --model "$out/saved-model" --data "$data" --out "$out/plots"
end=$(date +%s)
# the last values of the online monitors (pretrain's online probe and kNN monitor), where logged
online=$(python3 -c "
import json
last = {}
for l in open('$out/run/metrics.jsonl'):
    last.update({k: v for k, v in json.loads(l).items() if k in ('knn_top1', 'online_probe_accuracy')})
print(json.dumps(last))
")
# the machine, so that a number can be read with the CPU that made it (bf16 speed depends on it)
cpu=$(python3 -c "
import json, os, re, subprocess
model = re.search(r'^Model name:\s*(.+)$', subprocess.run(['lscpu'], capture_output=True, text=True).stdout, re.M)
flags = open('/proc/cpuinfo').read()
fam = re.search(r'^cpu family\s*:\s*(\d+)', flags, re.M)
num = re.search(r'^model\s*:\s*(\d+)', flags, re.M)
name = (model.group(1).strip() if model else 'unknown') + (f' (family {fam.group(1)}, model {num.group(1)})' if fam and num else '')
print(json.dumps({'model': name, 'cores': os.cpu_count(), 'avx512f': 'avx512f' in flags.split(),
                  'bf16': sorted({f for f in ('avx512_bf16', 'amx_bf16') if f in flags.split()})}))
")
{
  echo "# SimCLR experiment: $(basename "$data"), $budget budget, seed $seed"
  echo
  echo "- pretraining: $((pretrained - start)) s; export, evaluation and plots: $((end - pretrained)) s; CPU: $cpu"
  echo "- config: \`run/run.json\`; plots: \`plots/training.png\`, \`plots/learning-rate.png\`, \`plots/monitor.png\`, \`plots/embeddings-pca.png\`"
  echo "- online monitors at the end of pretraining: $online (kNN on 2,000 test images vs 10,000 training images; the table's kNN uses all 10,000 vs 60,000)"
  echo
  sed -n '/^| features/,/^$/p' "$out/eval/linear-eval.md"
} > "$out/results.md"
{
  echo "{\"budget\": \"$budget\", \"seed\": $seed, \"pretrainSeconds\": $((pretrained - start)), \"cpu\": $cpu,"
  echo " \"evalSeconds\": $((end - pretrained)), \"onlineMonitors\": $online, \"run\": "
  cat "$out/run/run.json"
  echo ", \"linearEval\": "
  cat "$out/eval/linear-eval.json"
  echo "}"
} > "$out/results.json.tmp" && mv "$out/results.json.tmp" "$out/results.json"
cat "$out/results.md"
