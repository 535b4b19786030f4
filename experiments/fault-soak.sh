#!/usr/bin/env bash
# The fault soak: kill -9 at random moments of two-worker pretraining (either worker, from start-up to
# the last steps, the chief's checkpoint writes included), single-process pretraining and fine-tuning,
# each resumed to the end and compared with its uninterrupted twin (forked JVMs on loopback).
# Usage: experiments/fault-soak.sh [KILLS]   (default 50; about 25 s per kill on 2 cores)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
mvn -B -q test -Dtest=FaultSoak -Dtest.excluded=none -Dsoak.kills="${1:-50}" -Dsurefire.failIfNoSpecifiedTests=false
grep -h -E "^(kill task|pretrain:|finetune:|workers:|soak:|crash test)" target/surefire-reports/io.simclr.train.FaultSoak-output.txt 2>/dev/null || true
