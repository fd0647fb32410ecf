package dev.znorm.bench;

import dev.znorm.experiment.env.Threads;
import dev.znorm.experiment.run.EpochRecord;
import dev.znorm.experiment.run.RunFolder;
import dev.znorm.experiment.run.RunListener;
import dev.znorm.experiment.run.RunOptions;
import dev.znorm.experiment.run.RunSpec;
import dev.znorm.experiment.run.TrainingRun;
import dev.znorm.experiment.task.Datasets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Memory over a long run: the project's training loop (real loader, ZNorm + Adam, an evaluation
 * every epoch, a checkpoint every 500 steps, gradient records every 50) for N steps, with the
 * process's resident set size read from /proc every 250 steps. The README's soak figure.
 *
 * <pre>java ... dev.znorm.bench.SoakBenchmark DATA_DIR STEPS THREADS OUT_DIR</pre>
 */
public final class SoakBenchmark {

    private SoakBenchmark() {}

    public static void main(String[] args) throws IOException {
        Path data = Path.of(args.length > 0 ? args[0] : "demo/cifar10");
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 5000;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        Path out = Path.of(args.length > 3 ? args[3] : "runs/soak");
        Threads.configureDefaults();
        Threads.use(threads);
        RunSpec spec =
                RunSpec.builder()
                        .model("resnet8")
                        .data(data)
                        .method("znorm+adam")
                        .batch(32)
                        .steps(steps)
                        .seed(0)
                        .threads(threads)
                        .gradStatsEvery(50)
                        .checkpointEvery(500)
                        .build();
        List<long[]> samples = new ArrayList<>();
        long[] step = {0};
        RunListener listener =
                new RunListener() {
                    @Override
                    public void step(StepProgress p) {
                        step[0]++;
                        if (step[0] % 250 == 0 || step[0] == 1) {
                            samples.add(new long[] {step[0], rssKb()});
                            // as it goes, so a long soak that dies still leaves its figures
                            System.out.printf("step %d RSS %.1f MB%n", step[0], rssKb() / 1024.0);
                        }
                    }

                    @Override
                    public void epoch(EpochRecord record, String summary) {}
                };
        new TrainingRun(
                        spec,
                        Datasets.task(spec, Datasets.load(spec)),
                        new RunFolder(out),
                        new RunOptions(false, 2, null, true),
                        listener,
                        "soak")
                .run();
        long first = samples.get(Math.min(4, samples.size() - 1))[1]; // after warm-up (step 1000)
        System.out.printf(
                "%-8s %-10s %s%n",
                "step", "RSS MB", "vs step " + samples.get(Math.min(4, samples.size() - 1))[0]);
        for (long[] s : samples) {
            System.out.printf(
                    "%-8d %-10.1f %+.2f%%%n", s[0], s[1] / 1024.0, 100.0 * (s[1] - first) / first);
        }
        long last = samples.get(samples.size() - 1)[1];
        System.out.printf(
                "soak: %d steps, %d threads, RSS %.1f MB at step %d, %.1f MB at step %d (%+.2f%%)%n",
                steps,
                threads,
                first / 1024.0,
                samples.get(Math.min(4, samples.size() - 1))[0],
                last / 1024.0,
                samples.get(samples.size() - 1)[0],
                100.0 * (last - first) / first);
    }

    /** VmRSS of this process, in kB. */
    static long rssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }
}
