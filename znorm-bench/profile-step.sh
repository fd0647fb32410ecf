#!/usr/bin/env bash
# Where a ResNet-56 training step's time goes, DJL beside PyTorch (issue 13, goal 3): each side's
# phases timed without a profiler (runs alternate DJL, PyTorch, DJL, PyTorch so a drift in the
# machine's speed hits both), then a few steps under each side's libtorch profiler, set side by
# side per phase and per operator by python/compare_profiles.py. At batch 128 the operators
# dominate; at batch 2 they cost next to nothing and what is left is each framework's own cost per
# operator call. Run it on an idle machine; run-all.sh calls it. Traces go to a temporary folder.
# Usage: znorm-bench/profile-step.sh [threads=2] [profiled steps=5]
set -euo pipefail
cd "$(dirname "$0")/.."
threads=${1:-2}
profiled=${2:-5}
cp="znorm-bench/target/classes:$(cat /tmp/znorm-bench.cp)"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
djl() {
  java -Dai.djl.offline=true "-Dai.djl.pytorch.num_threads=$threads" -Dai.djl.pytorch.num_interop_threads=1 \
    -cp "$cp" dev.znorm.bench.StepProfile "$steps" "$1" "$2" "$batch" "$warmup" 2>&1 | grep -v '^SLF4J'
}
torch() {
  (cd znorm-bench/python && /usr/bin/python3 resnet_step_profile.py "$steps" "$1" "$2" "$batch" "$warmup")
}
if ! /usr/bin/python3 -c 'import torch' 2>/dev/null; then
  echo "skipped: Debian's python3-torch is not installed (apt-get install python3-torch)"
  exit 0
fi
# batch, timed steps, warm-up steps (enough for the JIT to compile the optimizer's Java path)
for run in "128 30 40" "2 100 300"; do
  read -r batch steps warmup <<< "$run"
  echo "### batch $batch"
  djl 1 "$tmp/unused.json"
  torch 1 "$tmp/unused.json"
  djl "$profiled" "$tmp/djl-$batch.json"
  torch "$profiled" "$tmp/torch-$batch.json"
  /usr/bin/python3 znorm-bench/python/compare_profiles.py "$tmp/djl-$batch.json" "$tmp/torch-$batch.json" 14
  echo
done
