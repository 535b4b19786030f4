#!/usr/bin/env bash
# Converts a CIFAR-10 binary directory (cifar-10-batches-bin) to a prepared dataset.
# Usage: data-prep/cifar10.sh CIFAR_BIN_DIR [OUT_DIR]   (default OUT_DIR: data/cifar10)
set -euo pipefail
if [ $# -lt 1 ]; then echo "usage: $0 CIFAR_BIN_DIR [OUT_DIR]" >&2; exit 2; fi
here=$(cd "$(dirname "$0")/.." && pwd)
jar="$here/target/simclr.jar"
[ -f "$jar" ] || (cd "$here" && mvn -B -q package -DskipTests)
TF_CPP_MIN_LOG_LEVEL=2 java -jar "$jar" prep --format cifar10 --input "$1" --out "${2:-data/cifar10}"
