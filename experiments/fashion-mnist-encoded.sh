#!/usr/bin/env bash
# The Fashion-MNIST experiment on the streaming, encoded path: the IDX images written as PNG files
# (train/<class>/ and test/<class>/), prepared with encoded storage, so every step reads, decodes and
# crops them on the input threads instead of cropping raw pixels in the graph; the same recipe and
# evaluation as experiments/fashion-mnist.sh, whose result on the in-memory path it is compared with.
# Usage: experiments/fashion-mnist-encoded.sh [--budget quick|standard] [--out DIR] [--seed N]
set -euo pipefail
budget=quick; out=""; seed=0
while [ $# -gt 0 ]; do
  case "$1" in
    --budget) budget=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    -h|--help) sed -n '2,6p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
case "$budget" in
  quick) train_args=(--steps 100 --log-every 10 --checkpoint-every 50) ;;
  standard) train_args=(--epochs 10 --log-every 20 --checkpoint-every 200) ;;
  *) echo "unknown --budget $budget (quick, standard)" >&2; exit 2 ;;
esac
here=$(cd "$(dirname "$0")/.." && pwd)
out=${out:-$here/experiments/out/fashion-mnist-encoded-$budget-seed$seed}
jar=${SIMCLR_JAR:-$here/target/simclr.jar}
[ -f "$jar" ] || (cd "$here" && mvn -B -q package -DskipTests)
"$here/data-prep/fashion-mnist.sh" "$here/data/fashion-mnist"
png="$here/data/fashion-mnist-png"
data="$here/data/fashion-mnist-encoded"
if [ ! -d "$png/test" ]; then
  /usr/bin/python3 - "$png" <<'PY'
import gzip, os, sys
import numpy as np
from PIL import Image
src, out = "/usr/share/datasets/fashion-mnist", sys.argv[1]
names = ["T-shirt_top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle_boot"]
for split, prefix in (("train", "train"), ("test", "t10k")):
    with gzip.open(f"{src}/{prefix}-images-idx3-ubyte.gz") as f:
        x = np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 28, 28)
    with gzip.open(f"{src}/{prefix}-labels-idx1-ubyte.gz") as f:
        y = np.frombuffer(f.read(), np.uint8, offset=8)
    for c in names:
        os.makedirs(f"{out}/{split}/{c}", exist_ok=True)
    for i in range(len(x)):
        Image.fromarray(x[i], "L").save(f"{out}/{split}/{names[y[i]]}/{i:05d}.png")
PY
fi
[ -f "$data/manifest.json" ] || TF_CPP_MIN_LOG_LEVEL=2 java -jar "$jar" prep --format folder --input "$png" \
  --size 28 --grayscale --out "$data"
"$here/experiments/run-pipeline.sh" "$data" "$out" "$budget" "$seed" \
  --encoder resnet-small --batch-size 256 --optimizer lars --lr 0.2 --lr-scaling sqrt \
  --temperature 0.2 --crop-min-area 0.2 --jitter-strength 1.0 "${train_args[@]}"
