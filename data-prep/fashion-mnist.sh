#!/usr/bin/env bash
# Installs Debian's dataset-fashion-mnist when missing and converts it to a prepared dataset.
# Usage: data-prep/fashion-mnist.sh [OUT_DIR] [--holdout N]   (default: data/fashion-mnist)
#   --holdout N: a validation layout for choosing settings: the last N training images as 'test',
#                the real test split left out
set -euo pipefail
out=${1:-data/fashion-mnist}
holdout=(); [ "${2:-}" = "--holdout" ] && holdout=(--holdout "$3")
src=/usr/share/datasets/fashion-mnist
here=$(cd "$(dirname "$0")/.." && pwd)
if [ ! -f "$src/train-images-idx3-ubyte.gz" ]; then
  echo "installing dataset-fashion-mnist (Debian package)" >&2
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd=sudo
  $sudo_cmd apt-get update -q
  $sudo_cmd apt-get install -y -q dataset-fashion-mnist
fi
jar="$here/target/simclr.jar"
[ -f "$jar" ] || (cd "$here" && mvn -B -q package -DskipTests)
if [ -f "$out/manifest.json" ]; then
  echo "$out already prepared" >&2
  exit 0
fi
TF_CPP_MIN_LOG_LEVEL=2 java -jar "$jar" prep --format fashion-mnist --input "$src" --out "$out" "${holdout[@]}"
