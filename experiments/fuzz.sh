#!/usr/bin/env bash
# The bulk fuzz: FuzzTest with more mutants per file kind (prepared datasets, shards and record
# indexes, images through every decoder, run files, SavedModels in a forked JVM, pretrain flag values
# through --dry-run). Prints the counts.
# Usage: experiments/fuzz.sh [MUTANTS]   (default 1000: over 15,000 inputs, about 20 min on 2 cores)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
mvn -B -q test -Dtest=FuzzTest -Dfuzz.mutants="${1:-1000}" -Dsurefire.failIfNoSpecifiedTests=false
grep -h -E "fuzz:" target/surefire-reports/io.simclr.reliability.FuzzTest-output.txt 2>/dev/null || true
