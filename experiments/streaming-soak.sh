#!/usr/bin/env bash
# The streaming fault soak (issue 34): pretraining on an encoded folder of JPEG files (read, decoded and
# cropped on two input threads), killed with kill -9 at random moments and resumed with --resume after
# each: one process SINGLE times, a pair of workers on loopback WORKERS times (either worker, both
# restarted). Each run ends with the final checkpoint bytes and every logged loss of its uninterrupted
# twin, every visible checkpoint complete after each kill, and no survivor past --worker-timeout.
# Usage: experiments/streaming-soak.sh [SINGLE] [WORKERS]   (default 20 30; about 20 s per kill on 2 cores)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
mvn -B -q test -Dtest='FaultSoak#randomKillsOfStreamingPretrainingOnJpegFiles' -Dtest.excluded=none \
  -Dsoak.singleKills="${1:-20}" -Dsoak.workerKills="${2:-30}" -Dsurefire.failIfNoSpecifiedTests=false
grep -h -E "^(kill task|pretrain:|streaming soak:|crash test)" target/surefire-reports/io.simclr.train.FaultSoak-output.txt 2>/dev/null || true
