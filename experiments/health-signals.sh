#!/bin/bash
# Label-free health signals on Fashion-MNIST: a healthy run against two broken ones (temperature 10:
# nothing to learn from; learning rate 100x), 300 steps each, monitors every 50 steps.
# Usage: experiments/health-signals.sh [OUT_DIR]   (prepares Fashion-MNIST into OUT_DIR/data if needed)
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-experiments/out/health}
JAR=${SIMCLR_JAR:-target/simclr.jar}
export TF_CPP_MIN_LOG_LEVEL=2
if ! grep -q avx512_vnni /proc/cpuinfo && [ -z "${TF_ENABLE_ONEDNN_OPTS:-}" ]; then export TF_ENABLE_ONEDNN_OPTS=1; fi
mkdir -p "$OUT"
DATA=${DATA:-$OUT/data}
[ -f "$DATA/manifest.json" ] || java -jar "$JAR" prep --format fashion-mnist --out "$DATA"
common=(--data "$DATA" --steps 300 --batch-size 128 --warmup-epochs 0.1 --log-every 50 --monitor-every 50
  --checkpoint-every 300 --no-export --seed 0)
for run in healthy:"" temperature-10:"--temperature 10" lr-x100:"--lr 20"; do
  name=${run%%:*}; extra=${run#*:}
  rm -rf "$OUT/$name"
  # shellcheck disable=SC2086
  java -jar "$JAR" pretrain "${common[@]}" --out "$OUT/$name" $extra > "$OUT/$name.log" 2>&1 || true
done
echo "| run | step | loss | kNN top-1 | rank h | rank z | z std | alignment | uniformity | collapse |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for name in healthy temperature-10 lr-x100; do
  python3 - "$OUT/$name/metrics.jsonl" "$name" <<'PY'
import json, sys
for line in open(sys.argv[1]):
    m = json.loads(line)
    if "rank_z" in m:
        print("| %s | %d | %.3f | %.3f | %.1f | %.1f | %.4f | %.3f | %.3f | %d |" % (sys.argv[2], m["step"], m["loss"],
              m.get("knn_top1", float("nan")), m["rank_h"], m["rank_z"], m["z_std"], m["alignment"], m["uniformity"], m["collapse"]))
PY
  grep -h "warning: the run may\|error" "$OUT/$name.log" | head -2 || true
done
