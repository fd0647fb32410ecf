#!/usr/bin/env bash
# Cells per hour of one grid made two ways on this machine: `compare --jobs 1` with every core's
# threads in one run at a time, against `compare --jobs J` with one thread per run. The grid:
# ResNet-20, Adam and ZNorm + Adam, SEEDS seeds, EPOCHS epochs of SUBSET images of the bundled
# sample, batch 64 (so 2 x SEEDS cells). Needs the machine to itself. Prints a Markdown table.
#   znorm-bench/jobs-benchmark.sh [SEEDS] [SUBSET] [EPOCHS]
set -euo pipefail
cd "$(dirname "$0")/.."
seeds=${1:-4}
subset=${2:-1280}
epochs=${3:-4}
cores=$(nproc)
work=$(mktemp -d /tmp/znorm-jobs-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
seed_list=$(seq -s, 0 $((seeds - 1)))
cat > "$work/grid.yaml" <<YAML
name: jobs-benchmark
data: $PWD/demo/cifar10
models: [resnet20]
methods: [adam, znorm+adam]
seeds: [$seed_list]
epochs: $epochs
batch: 64
train_subset: $subset
split: test
YAML
./znorm --version >/dev/null # built before anything is timed
cells=$((2 * seeds))
run() { # label, extra options...
  local label=$1; shift
  local start end
  start=$(date +%s.%N)
  ./znorm compare "$work/grid.yaml" --out "$work/$label" "$@" > "$work/$label.log" 2>&1
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" 'BEGIN { print b - a }'
}
t_one=$(run one --jobs 1 --threads "$cores")
t_many=$(run many --jobs "$cores" --threads 1)
calc() { awk "BEGIN { print $1 }"; }
per_cell=$(calc "$t_many * $cores / $cells")
echo "| $cells cells (ResNet-20, $epochs epochs of $subset images, batch 64), $cores cores, $(date -u +%F) | wall time | cells per hour |"
echo "|---|---|---|"
printf '| `--jobs 1`, %d threads per run | %.0f s | %.1f |\n' "$cores" "$t_one" "$(calc "$cells * 3600 / $t_one")"
printf '| `--jobs %d`, 1 thread per run | %.0f s | %.1f |\n' "$cores" "$t_many" "$(calc "$cells * 3600 / $t_many")"
echo
printf 'one cell with 1 thread (of %d side by side): %.1f s, JVM start and data loading included\n' "$cores" "$per_cell"
for c in 16 64; do
  printf 'estimate for %d cores, --jobs %d x 1 thread, if a core does as much as here: %.0f cells per hour\n' \
    "$c" "$c" "$(calc "$c * 3600 / $per_cell")"
done
