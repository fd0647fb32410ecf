#!/usr/bin/env bash
# The scaling study (issue 14): its seven grids, two at a time, each run with one intra-op thread
# (threads: 1 in the grids), so the two runs share a 2-core machine without oversubscribing it.
# Resumable: run it again and finished runs are skipped, interrupted ones resumed.
# Usage, from anywhere:  results/scaling/run.sh [path of the znorm launcher]
# GRIDS=grids/first4 runs the first pass (seeds 0-3 of every grid) into the same folders.
set -u
here=$(cd "$(dirname "$0")" && pwd)
znorm=${1:-$here/../../znorm}
grids=${GRIDS:-grids}
# the largest effects on the answer first: longest training, most data, then the rest
order="n5000-e32 n20000-e8 n10000-e8 n5000-e16 n2500-e8 n5000-e8 plain20-n20000-e8"
claims="$here/.claims"
rm -rf "$claims" && mkdir -p "$claims"
worker() {
  for g in $order; do
    [ -f "$here/$grids/$g.yaml" ] || continue
    mkdir "$claims/$g" 2>/dev/null || continue   # atomic: each grid goes to one worker
    echo "$(date -u +%FT%TZ) worker $1 starts $g"
    "$znorm" compare "$here/$grids/$g.yaml" --out "$here/$g" >> "$here/$g.log" 2>&1
    rc=$?
    echo "$(date -u +%FT%TZ) worker $1 ends $g (exit $rc)"
  done
}
worker 1 & sleep 5; worker 2 &
wait
rm -rf "$claims"
