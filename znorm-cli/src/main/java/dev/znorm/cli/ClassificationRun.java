package dev.znorm.cli;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.znorm.core.djl.DjlOptimizer;
import dev.znorm.core.djl.Gradients;
import dev.znorm.core.djl.WholeStep;
import dev.znorm.core.optim.Schedule;
import dev.znorm.core.spec.MethodSpec;
import dev.znorm.core.transform.Param;
import dev.znorm.core.transform.SkipIfNonFinite;
import dev.znorm.core.transform.UpdateRule;
import dev.znorm.data.Augmentation;
import dev.znorm.data.Batches;
import dev.znorm.data.ImageSet;
import dev.znorm.data.Normalization;
import dev.znorm.zoo.Networks;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One classification run: a model, a dataset, a method, a seed. Writes {@code config.json},
 * {@code metrics.jsonl} (one line per epoch), {@code gradients.jsonl} (per-layer statistics of
 * the raw gradient every K steps) and {@code result.json} into its output folder.
 */
final class ClassificationRun {

    private final RunConfig cfg;
    private final Datasets.Splits data;
    private final PrintStream out;
    private final String label;

    ClassificationRun(RunConfig cfg, Datasets.Splits data, PrintStream out, String label) {
        this.cfg = cfg;
        this.data = data;
        this.out = out;
        this.label = label;
    }

    /** Fails before training when the output folder cannot be written or the method is bad. */
    static UpdateRule checkMethod(String method) {
        try {
            return MethodSpec.parse(method);
        } catch (IllegalArgumentException e) {
            throw new UserError("--method: " + e.getMessage());
        }
    }

    static void checkWritable(Path dir) {
        try {
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, ".write-check", ".tmp");
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            throw new UserError("cannot write to output folder " + dir + ": " + e.getMessage());
        }
    }

    private ImageSet trainingSplit() {
        ImageSet train = data.train();
        if (cfg.trainSubset() == 0 || cfg.trainSubset() >= train.size()) {
            return train;
        }
        // The subset depends on the data only (seed 0), never on the run's seed, so every run
        // of a comparison trains on the same images.
        int[] idx = new int[train.size()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        SplittableRandom rnd = new SplittableRandom(0);
        for (int i = idx.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
        int[] first = java.util.Arrays.copyOf(idx, cfg.trainSubset());
        java.util.Arrays.sort(first);
        return train.subset(first, train.source() + " (subset of " + cfg.trainSubset() + ")");
    }

    RunResult run() throws IOException {
        checkWritable(cfg.out());
        checkMethod(cfg.method());
        ImageSet train = trainingSplit();
        Normalization norm = Normalization.of(train);
        Batches batches = new Batches(train, cfg.batch(), cfg.seed(), cfg.shuffle(),
                cfg.augment() ? Augmentation.CIFAR : Augmentation.NONE, norm);
        int perEpoch = batches.batchesPerEpoch();
        long totalSteps = cfg.steps() > 0 ? cfg.steps() : (long) cfg.epochs() * perEpoch;
        int epochs = (int) ((totalSteps + perEpoch - 1) / perEpoch);
        UpdateRule rule = MethodSpec.parse(cfg.method(), lr -> cfg.schedule().equals("cosine")
                ? Schedule.cosine(lr, totalSteps, 0) : Schedule.constant(lr));
        Map<String, Object> config = cfg.toMap();
        config.put("train_images", train.size());
        config.put("classes", train.classes());
        config.put("normalization", Map.of("mean", norm.mean(), "std", norm.std()));
        config.put("git_commit", GitInfo.commit());
        config.put("djl_version", Engine.getDjlVersion());
        config.put("engine", Engine.getInstance().getEngineName() + " " + Engine.getInstance().getVersion());
        config.put("intra_op_threads", Engines.threads());
        write(cfg.out().resolve("config.json"), Json.of(config) + "\n");

        Engine.getInstance().setRandomSeed((int) cfg.seed());
        List<RunResult.EpochRecord> records = new ArrayList<>();
        long started = System.nanoTime();
        long skipped = 0;
        try (Model model = Model.newInstance(cfg.model());
                Writer metrics = Files.newBufferedWriter(cfg.out().resolve("metrics.jsonl"), StandardCharsets.UTF_8);
                Writer gradients = Files.newBufferedWriter(cfg.out().resolve("gradients.jsonl"), StandardCharsets.UTF_8)) {
            Block net = Networks.byName(cfg.model(), train.classes().size());
            net.setInitializer(Networks.heNormal(), Parameter.Type.WEIGHT);
            model.setBlock(net);
            WholeStep whole = rule.isGlobal() ? new WholeStep(rule) : null;
            Optimizer optimizer = whole != null
                    ? Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0f)).build() // never called
                    : DjlOptimizer.of(rule);
            DefaultTrainingConfig tc = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(optimizer);
            if (optimizer instanceof DjlOptimizer d) {
                tc.addTrainingListeners(d);
            }
            Progress progress = new Progress(out, label);
            try (Trainer trainer = model.newTrainer(tc)) {
                trainer.initialize(new Shape(1, train.channels(), train.height(), train.width()));
                long step = 0;
                for (int epoch = 0; epoch < epochs && step < totalSteps; epoch++) {
                    long epochStart = System.nanoTime();
                    int[] order = batches.order(epoch);
                    double lossSum = 0;
                    int lossCount = 0;
                    int b = 0;
                    for (; b < perEpoch && step < totalSteps; b++, step++) {
                        float loss;
                        try (NDManager sub = trainer.getManager().newSubManager()) {
                            NDList batch = batches.batch(order, epoch, b, sub);
                            try (GradientCollector gc = trainer.newGradientCollector()) {
                                NDList pred = trainer.forward(new NDList(batch.get(0)));
                                NDArray l = trainer.getLoss().evaluate(new NDList(batch.get(1)), pred);
                                gc.backward(l);
                                loss = l.getFloat();
                            }
                        }
                        if (cfg.gradientStatsEvery() > 0 && step % cfg.gradientStatsEvery() == 0) {
                            gradients.write(Json.of(GradientStats.of(step, net)) + "\n");
                        }
                        if (!Float.isFinite(loss)) {
                            if (cfg.stopOnNonFinite()) {
                                throw new TrainingFailed("non-finite loss " + loss + " at step " + step
                                        + " (epoch " + epoch + ", batch " + b + ")");
                            }
                            skipped++;
                            zeroGradients(net);
                            continue;
                        }
                        if (whole != null) {
                            whole.step(trainer);
                        } else {
                            trainer.step();
                        }
                        lossSum += loss;
                        lossCount++;
                        double seconds = (System.nanoTime() - started) / 1e9;
                        progress.step(epoch + 1, epochs, b + 1, perEpoch, loss,
                                (step + 1) * (double) cfg.batch() / seconds, (step + 1) / (double) totalSteps, seconds);
                    }
                    if (whole != null) {
                        skipped = Math.max(skipped, whole.state().counter(SkipIfNonFinite.SKIPPED));
                    }
                    Map<String, Double> acc = new LinkedHashMap<>();
                    Map<String, Double> evalLoss = new LinkedHashMap<>();
                    for (Map.Entry<String, ImageSet> split : data.eval().entrySet()) {
                        double[] r = Evaluation.accuracyAndLoss(trainer, split.getValue(), norm, 256);
                        acc.put(split.getKey(), r[0]);
                        evalLoss.put(split.getKey(), r[1]);
                    }
                    RunResult.EpochRecord rec = new RunResult.EpochRecord(epoch + 1, b,
                            lossCount == 0 ? Double.NaN : lossSum / lossCount, acc, evalLoss,
                            (System.nanoTime() - epochStart) / 1e9);
                    records.add(rec);
                    Map<String, Object> line = new LinkedHashMap<>();
                    line.put("epoch", rec.epoch());
                    line.put("steps", step);
                    line.put("train_loss", rec.trainLoss());
                    line.put("accuracy", acc);
                    line.put("eval_loss", evalLoss);
                    line.put("epoch_seconds", rec.seconds());
                    line.put("skipped_steps", skipped);
                    metrics.write(Json.of(line) + "\n");
                    metrics.flush();
                    gradients.flush();
                    StringBuilder summary = new StringBuilder(String.format("epoch %d/%d train loss %.4f",
                            epoch + 1, epochs, rec.trainLoss()));
                    acc.forEach((k, v) -> summary.append(String.format(", %s acc %.2f%%", k, 100 * v)));
                    summary.append(String.format(" (%.1f s)", rec.seconds()));
                    progress.epoch(summary.toString());
                }
            }
            if (whole != null) {
                whole.close();
            }
        } catch (TrainingFailed e) {
            RunResult failed = new RunResult(cfg, records, (System.nanoTime() - started) / 1e9, skipped,
                    "failed", e.getMessage());
            writeResult(failed);
            return failed;
        }
        RunResult result = new RunResult(cfg, records, (System.nanoTime() - started) / 1e9, skipped, "finished", null);
        writeResult(result);
        return result;
    }

    private static void zeroGradients(Block net) {
        for (Param p : WholeStep.parameters(net)) {
            try (NDArray g = p.value().getGradient()) {
                Gradients.zero(g);
            }
        }
    }

    private void writeResult(RunResult r) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", r.status());
        m.put("failure", r.failure());
        m.put("wall_seconds", r.wallSeconds());
        m.put("skipped_steps", r.skippedSteps());
        Map<String, Object> finals = new LinkedHashMap<>();
        for (String split : data.eval().keySet()) {
            finals.put(split, Map.of("final", r.finalAccuracy(split), "best", r.bestAccuracy(split),
                    "mean_last_3", r.lastThreeAccuracy(split)));
        }
        m.put("accuracy", finals);
        write(cfg.out().resolve("result.json"), Json.of(m) + "\n");
    }

    /** Writes through a temporary file and a rename, so a reader never sees half a file. */
    static void write(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** A run that diverged or hit a non-finite value with --stop-on-non-finite. */
    static final class TrainingFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TrainingFailed(String message) {
            super(message);
        }
    }
}
