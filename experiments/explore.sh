#!/usr/bin/env bash
# The "exploring an unlabeled collection" commands on Fashion-MNIST with one encoder, timed:
# neighbours of 10 sampled test images, planted near-duplicates (recall and precision per threshold),
# k-means clusters of the test split (NMI, ARI), and PCA + t-SNE maps of test embeddings.
#   experiments/explore.sh SAVED_MODEL OUT_DIR
# Needs data/fashion-mnist (data-prep/fashion-mnist.sh) and Debian's python3-numpy and python3-pil.
set -euo pipefail
model=$1; out=$2
here=$(cd "$(dirname "$0")/.." && pwd)
export TF_CPP_MIN_LOG_LEVEL=2
export TF_ENABLE_ONEDNN_OPTS=${TF_ENABLE_ONEDNN_OPTS:-1}
simclr=(java -jar "${SIMCLR_JAR:-$here/target/simclr.jar}")
data="$here/data/fashion-mnist"
mkdir -p "$out"
timed() { local name=$1; shift; local t0; t0=$(date +%s.%N); "$@"; echo "$name: $(echo "$(date +%s.%N) - $t0" | bc) s" >> "$out/times.txt"; }
: > "$out/times.txt"

timed neighbors "${simclr[@]}" neighbors --model "$model" --data "$data" --queries 10 --out "$out/neighbors" --force \
  | tee "$out/neighbors.txt"
timed cluster "${simclr[@]}" cluster --model "$model" --data "$data" -k 10 --out "$out/clusters" --force \
  | tee "$out/clusters.txt"
timed plot "${simclr[@]}" plot --model "$model" --data "$data" --tsne --out "$out/plots"

planted="$out/planted"
if [ ! -f "$planted/data/manifest.json" ]; then
  /usr/bin/python3 "$here/experiments/planted-duplicates.py" make "$planted" 2000 100
  "${simclr[@]}" prep --format folder --input "$planted/images" --size 28 --grayscale --out "$planted/data"
fi
for t in 0.95 0.98 0.99 0.995; do
  timed "duplicates $t" "${simclr[@]}" duplicates --model "$model" --data "$planted/data" --split train \
    --threshold "$t" --out "$out/dups-$t" --force > /dev/null
  echo "threshold $t: $(/usr/bin/python3 "$here/experiments/planted-duplicates.py" score "$planted" "$out/dups-$t" | tr '\n' ' ')" \
    | tee -a "$out/duplicates.txt"
done
cat "$out/times.txt"
