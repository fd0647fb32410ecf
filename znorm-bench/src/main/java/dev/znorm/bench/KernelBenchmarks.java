package dev.znorm.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.znorm.core.method.ZNorm;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH micro-benchmarks on the gradients of a CIFAR ResNet-56 (random values of the real shapes):
 * ZNorm's kernel on the 56 weight gradients, allocating and in place, beside the memory-bandwidth
 * floor (a native copy of the same tensors); and one optimizer step over all 167 tensors, DJL's
 * built-in Adam against ours, with and without ZNorm. The end-to-end benchmarks stay round-robin in
 * one process (TrainingStepBenchmark); these isolate the kernel and the step.
 *
 * <pre>
 *   java -cp ... org.openjdk.jmh.Main dev.znorm.bench.KernelBenchmarks -jvmArgs "-Dai.djl.offline=true"
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class KernelBenchmarks {

    private NDManager manager;
    private final List<NDArray> grads = new ArrayList<>();
    private final List<NDArray> weights = new ArrayList<>();
    private final List<NDArray> allGrads = new ArrayList<>();
    private final List<String> ids = new ArrayList<>();
    private final ai.djl.training.optimizer.Optimizer djlAdam =
            ai.djl.training.optimizer.Optimizer.adam()
                    .optLearningRateTracker(ai.djl.training.tracker.Tracker.fixed(1e-3f))
                    .build();
    private final ai.djl.training.optimizer.Optimizer ourAdam =
            dev.znorm.core.djl.DjlOptimizer.of(
                    dev.znorm.core.transform.Transforms.chain(
                            dev.znorm.core.optim.Adam.builder().lr(1e-3).build()));
    private final ai.djl.training.optimizer.Optimizer znormAdam =
            dev.znorm.core.djl.DjlOptimizer.of(
                    dev.znorm.core.transform.Transforms.chain(
                            ZNorm.create(), dev.znorm.core.optim.Adam.builder().lr(1e-3).build()));

    @Setup(Level.Trial)
    public void gradients() {
        manager = NDManager.newBaseManager();
        Block net = dev.znorm.zoo.Networks.byName("resnet56", 10);
        net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 32, 32));
        for (Pair<String, Parameter> p : net.getParameters()) {
            NDArray w = p.getValue().getArray();
            if (p.getValue().requiresGradient() && w.getShape().dimension() >= 2) {
                grads.add(manager.randomNormal(w.getShape()).muli(1e-3));
            }
            if (p.getValue().requiresGradient()) {
                weights.add(w);
                allGrads.add(manager.randomNormal(w.getShape()).muli(1e-3));
                ids.add(p.getValue().getId());
            }
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        manager.close();
    }

    @Benchmark
    public void znormAllocating() {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            for (NDArray g : grads) {
                ZNorm.zscore(g, 1e-12, false, false);
            }
        }
    }

    @Benchmark
    public void znormInPlace() {
        // z-scoring a z-score costs what the first one did
        for (NDArray g : grads) {
            ZNorm.zscore(g, 1e-12, false, false, true);
        }
    }

    /**
     * {@link #znormInPlace} in a JVM with Java's incubating Vector API, which ZNorm's statistics
     * pass takes when the module is there (same results bit for bit).
     */
    @Benchmark
    @Fork(jvmArgsAppend = "--add-modules=jdk.incubator.vector")
    public void znormInPlaceVectorApi() {
        if (!ZNorm.usesVectorApi()) {
            throw new IllegalStateException("this fork runs without the Vector API");
        }
        znormInPlace();
    }

    private void step(ai.djl.training.optimizer.Optimizer opt) {
        for (int i = 0; i < weights.size(); i++) {
            opt.update(ids.get(i), weights.get(i), allGrads.get(i));
        }
    }

    @Benchmark
    public void stepDjlAdam() {
        step(djlAdam);
    }

    @Benchmark
    public void stepZnormAdam() {
        step(ourAdam);
    }

    @Benchmark
    public void stepZNormPlusZnormAdam() {
        step(znormAdam);
    }

    @Benchmark
    public void floorNativeCopy() {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            for (NDArray g : grads) {
                g.duplicate();
            }
        }
    }
}
