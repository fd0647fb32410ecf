package dev.znorm.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.znorm.core.djl.DjlOptimizer;
import dev.znorm.core.method.ZNorm;
import dev.znorm.core.optim.Adam;
import dev.znorm.core.transform.Transforms;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Peak resident memory of one training setup, to set beside {@code resnet_peak_rss.py}: one CIFAR
 * ResNet, ZNorm + Adam (in place, the optimizer registered as a listener), a fixed random batch,
 * some steps. Prints the kernel's high-water mark of the process (VmHWM) and the Java heap in use,
 * so the JVM's own share can be told from libtorch's.
 */
public final class PeakMemoryBenchmark {

    private PeakMemoryBenchmark() {}

    public static void main(String[] args) throws Exception {
        String modelName = args.length > 0 ? args[0] : "resnet56";
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 128;
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        Shape input = new Shape(batch, 3, 32, 32);
        DjlOptimizer opt =
                DjlOptimizer.of(Transforms.chain(ZNorm.create(), Adam.builder().lr(1e-3).build()));
        // the training step of the round-robin benchmark, ZNorm in place (the optimizer a listener)
        TrainingStepBenchmark.Variant v =
                TrainingStepBenchmark.variant(modelName, modelName, opt, input, steps, true);
        try (NDManager data = NDManager.newBaseManager()) {
            float[] xs = data.randomNormal(input).toFloatArray();
            long[] ys = data.randomInteger(0, 10, new Shape(batch), DataType.INT64).toLongArray();
            for (int s = 0; s < steps; s++) {
                TimedStep.run(v, xs, ys, input);
            }
        } finally {
            v.trainer().close();
            v.model().close();
        }
        Runtime rt = Runtime.getRuntime();
        System.out.printf(
                "DJL %s / %s %s, %s, batch %d, %d steps of ZNorm + Adam, %s threads%s: peak RSS %s,"
                        + " Java heap used %d MB of %d MB committed (max %d MB)%n",
                Engine.getDjlVersion(),
                Engine.getInstance().getEngineName(),
                Engine.getInstance().getVersion(),
                modelName,
                batch,
                steps,
                System.getProperty("ai.djl.pytorch.num_threads"),
                mallocNote(),
                status("VmHWM"),
                (rt.totalMemory() - rt.freeMemory()) >> 20,
                rt.totalMemory() >> 20,
                rt.maxMemory() >> 20);
    }

    /**
     * ", glibc returning freed memory at once" when run with {@code MALLOC_TRIM_THRESHOLD_=0}: the
     * peak is then the memory alive at the peak, not what the allocator kept for reuse.
     */
    static String mallocNote() {
        return "0".equals(System.getenv("MALLOC_TRIM_THRESHOLD_"))
                ? ", glibc returning freed memory at once"
                : "";
    }

    /** A line of /proc/self/status, e.g. "VmHWM" -> "1234 MB". */
    private static String status(String key) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(key + ":")) {
                long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                return (kb >> 10) + " MB";
            }
        }
        return "?";
    }
}
