#!/usr/bin/env bash
# Every benchmark in one go, on an otherwise idle machine (two libtorch processes slow each other
# about tenfold here: stop studies first). Writes znorm-bench/results/<date>.txt with the machine,
# the thread counts and every benchmark's output, in this order:
#   the optimizer step alone (ResNet-56 gradients), the whole training step round-robin (DJL Adam,
#   ours, ZNorm + ours allocating and in place), the same step in PyTorch (Debian python3-torch),
#   peak memory of one ResNet-56 step on both sides, data loading and a ResNet-20 step fed by the
#   loader with and without prefetch, and where a step's time goes in DJL and in PyTorch
#   (profile-step.sh). Then rewrites the README's performance tables from that file.
# Usage: znorm-bench/run-all.sh [threads=2] [training steps=100] [python steps=30]
set -euo pipefail
cd "$(dirname "$0")/.."
threads=${1:-2}
steps=${2:-100}
pysteps=${3:-30}
out=znorm-bench/results/$(date -u +%F).txt
mkdir -p znorm-bench/results
mvn -B -ntp -q install -DskipTests
mvn -B -ntp -q dependency:build-classpath -pl znorm-bench -Dmdep.outputFile=/tmp/znorm-bench.cp
cp="znorm-bench/target/classes:$(cat /tmp/znorm-bench.cp)"
jopts=(-Dai.djl.offline=true "-Dai.djl.pytorch.num_threads=$threads" -Dai.djl.pytorch.num_interop_threads=1)
{
  echo "date: $(date -u +%FT%TZ)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //') ($(nproc) cores)"
  echo "intra-op threads: $threads, inter-op threads: 1"
  echo "git: $(git rev-parse --short HEAD)"
  echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  echo "## OptimizerStepBenchmark resnet56 200"
  java "${jopts[@]}" -cp "$cp" dev.znorm.bench.OptimizerStepBenchmark resnet56 200
  echo
  echo "## KernelBenchmarks (JMH: 3 x 1 s warm-up, 5 x 1 s measured, 1 fork)"
  java -cp "$cp" org.openjdk.jmh.Main dev.znorm.bench.KernelBenchmarks -jvmArgs "${jopts[*]}" \
    | sed -n '/^Benchmark /,$p'
  echo
  echo "## TrainingStepBenchmark resnet56 128 $steps"
  java "${jopts[@]}" -cp "$cp" dev.znorm.bench.TrainingStepBenchmark resnet56 128 "$steps"
  echo
  echo "## resnet_step_bench.py 56 128 $pysteps $threads"
  if /usr/bin/python3 -c 'import torch' 2>/dev/null; then
    /usr/bin/python3 znorm-bench/python/resnet_step_bench.py 56 128 "$pysteps" "$threads"
  else
    echo "skipped: Debian's python3-torch is not installed (apt-get install python3-torch)"
  fi
  echo
  echo "## PeakMemoryBenchmark resnet56 128 20"
  # then again with glibc returning freed memory at once: the memory alive at the peak, without
  # what malloc keeps for reuse (about 2.7 times slower, so only a diagnosis)
  for trim in "" 0; do
    env ${trim:+MALLOC_TRIM_THRESHOLD_=$trim} java "${jopts[@]}" -cp "$cp" dev.znorm.bench.PeakMemoryBenchmark resnet56 128 20
    if /usr/bin/python3 -c 'import torch' 2>/dev/null; then
      (cd znorm-bench/python && env ${trim:+MALLOC_TRIM_THRESHOLD_=$trim} /usr/bin/python3 resnet_peak_rss.py 56 128 20 "$threads")
    fi
  done
  echo
  echo "## LoaderBenchmark ../shared/data 30"
  java "${jopts[@]}" -cp "$cp" dev.znorm.bench.LoaderBenchmark ../shared/data 30
  echo
  echo "## StepProfile resnet56 $threads"
  znorm-bench/profile-step.sh "$threads"
} 2>&1 | grep -v '^SLF4J' | tee "$out"
echo "written: $out"
# the README's tables, from this file alone
java -cp "$cp" dev.znorm.bench.ReadmeTables "$out" README.md
