package dev.znorm.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import dev.znorm.core.djl.DjlOptimizer;
import dev.znorm.core.optim.Adam;
import dev.znorm.core.transform.Transforms;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where one ResNet-56 training step's time goes in DJL, to set beside {@code
 * python/resnet_step_profile.py}'s PyTorch figures: the medians of the phases timed from Java
 * (forward, loss, backward, freeing the step's arrays, optimizer step), then a few steps under
 * libtorch's own profiler, written as a Chrome trace that {@code python/compare_profiles.py} reads
 * next to PyTorch's.
 *
 * <pre>
 * java -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=2 -Dai.djl.pytorch.num_interop_threads=1 \
 *      -cp ... dev.znorm.bench.StepProfile [steps=30] [profiled steps=5] [trace=djl-trace.json] [batch=128]
 *      [warm-up steps=40]
 * </pre>
 */
public final class StepProfile {

    private static final String[] PHASES = {
        "forward", "loss", "backward", "free the step", "optimizer step"
    };

    private StepProfile() {}

    public static void main(String[] args) throws Exception {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int profiled = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path trace = Path.of(args.length > 2 ? args[2] : "djl-trace.json");
        int batch = args.length > 3 ? Integer.parseInt(args[3]) : 128;
        // enough steps for the JIT to compile the optimizer's Java path (C2 needs some 5,000 calls
        // of a method; a ResNet-56 step makes 167), as in any real training run
        int warmup = args.length > 4 ? Integer.parseInt(args[4]) : 40;
        Shape input = new Shape(batch, 3, 32, 32);
        TrainingStepBenchmark.Variant v =
                TrainingStepBenchmark.variant(
                        "znorm Adam",
                        "resnet56",
                        DjlOptimizer.of(Transforms.chain(Adam.builder().lr(1e-3).build())),
                        input,
                        steps);
        double[][] ms = new double[PHASES.length][steps];
        double profiledMs;
        try (NDManager data = NDManager.newBaseManager()) {
            float[] xs = data.randomNormal(input).toFloatArray();
            long[] ys = data.randomInteger(0, 10, new Shape(batch), DataType.INT64).toLongArray();
            for (int s = -warmup; s < steps; s++) {
                step(v, xs, ys, input, s >= 0 ? ms : null, Math.max(s, 0));
            }
            JniUtils.startProfile(false, false, false);
            long p0 = System.nanoTime();
            for (int s = 0; s < profiled; s++) {
                step(v, xs, ys, input, null, 0);
            }
            profiledMs = (System.nanoTime() - p0) / 1e6 / profiled;
            JniUtils.stopProfile(trace.toString());
        }
        System.out.printf(
                "DJL %s, %s %s, ResNet-56, batch %d, %s intra-op threads; medians of %d steps after"
                        + " %d%n",
                Engine.getDjlVersion(),
                Engine.getInstance().getEngineName(),
                Engine.getInstance().getVersion(),
                batch,
                System.getProperty("ai.djl.pytorch.num_threads"),
                steps,
                warmup);
        double total = 0;
        for (int p = 0; p < PHASES.length; p++) {
            double med = Stats.median(ms[p]);
            total += med;
            System.out.printf("  %-16s %8.2f ms%n", PHASES[p], med);
        }
        System.out.printf("  %-16s %8.2f ms%n", "sum of medians", total);
        System.out.printf(
                "libtorch profile of %d steps (%.0f ms a step while profiled): %s (%d KB)%n",
                profiled, profiledMs, trace, Files.size(trace) / 1024);
        v.trainer().close();
        v.model().close();
    }

    /** One training step, its phases' times written into {@code ms[phase][s]} when given. */
    private static void step(
            TrainingStepBenchmark.Variant v,
            float[] xs,
            long[] ys,
            Shape input,
            double[][] ms,
            int s) {
        long[] t = TimedStep.run(v, xs, ys, input);
        if (ms != null) {
            for (int p = 0; p < PHASES.length; p++) {
                ms[p][s] = (t[p + 1] - t[p]) / 1e6;
            }
        }
    }
}
