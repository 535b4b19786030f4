#!/usr/bin/env bash
# The training-step speed of this project against PyTorch on the same CPU, in one session:
# `simclr bench` with oneDNN off and on, then experiments/pytorch-step.py (Debian's python3-torch,
# glibc malloc tuned as PyTorch needs), for each configuration given as ENCODER:BATCH:SIDE:CHANNELS.
# Usage: experiments/speed-vs-pytorch.sh [STEPS] CONFIG...   e.g. 3 resnet-small:256:28:1 resnet18:256:32:3
set -euo pipefail
steps=$1; shift
here=$(cd "$(dirname "$0")/.." && pwd)
jar=${SIMCLR_JAR:-$here/target/simclr.jar}
export TF_CPP_MIN_LOG_LEVEL=2
for cfg in "$@"; do
  IFS=: read -r enc batch side ch <<< "$cfg"
  for onednn in 0 1; do
    echo "== simclr $cfg TF_ENABLE_ONEDNN_OPTS=$onednn"
    TF_ENABLE_ONEDNN_OPTS=$onednn java -Dorg.bytedeco.javacpp.maxPhysicalBytes=0 -jar "$jar" bench \
      --encoder "$enc" --batch "$batch" --side "$side" --channels "$ch" --steps "$steps" 2>&1 | grep -E "^\| $enc|ceiling"
  done
  echo "== pytorch $cfg"
  GLIBC_TUNABLES=glibc.malloc.mmap_max=0:glibc.malloc.trim_threshold=4294967296 \
    /usr/bin/python3 "$here/experiments/pytorch-step.py" "$enc" "$batch" "$side" "$ch" "$steps" 2
done
