package dev.znorm.cli;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import dev.znorm.core.djl.DjlOptimizer;
import dev.znorm.core.transform.Gradients;
import dev.znorm.core.djl.WholeStep;
import dev.znorm.core.schedule.Schedule;
import dev.znorm.core.spec.MethodSpec;
import dev.znorm.core.transform.Param;
import dev.znorm.core.transform.SkipIfNonFinite;
import dev.znorm.core.transform.TransformState;
import dev.znorm.core.transform.UpdateRule;
import dev.znorm.data.Npy;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One training run: a task (classification or segmentation), a model, a method, a seed. Writes {@code config.json},
 * {@code metrics.jsonl} (one line per epoch), {@code gradients.jsonl} (per-layer statistics of
 * the raw gradient every K steps), checkpoints, and {@code result.json} into its output folder.
 * With {@code resume} it continues from the newest intact checkpoint and ends bit for bit where
 * an uninterrupted run ends (same machine kind and thread count).
 */
final class TrainingRun {

    /** Consecutive non-finite losses after which a run counts as diverged (skipping can't recover it). */
    static final int DIVERGED_AFTER = 10;

    private final RunConfig cfg;
    private final Task task;
    private final PrintStream out;
    private final String label;
    private final boolean resume;

    TrainingRun(RunConfig cfg, Task task, PrintStream out, String label) {
        this(cfg, task, out, label, false);
    }

    TrainingRun(RunConfig cfg, Task task, PrintStream out, String label, boolean resume) {
        this.cfg = cfg;
        this.task = task;
        this.out = out;
        this.label = label;
        this.resume = resume;
    }

    /** Parses the method, turning a bad spec into a one-line user error. */
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

    /** Mutable position of the run: what a checkpoint saves besides weights and optimizer state. */
    private static final class Position {
        int epoch;
        int batch;
        long step;
        long skipped;
        double lossSum;
        long lossCount;
        int nonFiniteInARow;

        Map<String, Long> toCounters(int threads) {
            Map<String, Long> m = new LinkedHashMap<>();
            m.put("epoch", (long) epoch);
            m.put("batch", (long) batch);
            m.put("step", step);
            m.put("skipped", skipped);
            m.put("loss_sum_bits", Double.doubleToRawLongBits(lossSum));
            m.put("loss_count", lossCount);
            m.put("threads", (long) threads);
            return m;
        }

        void from(Map<String, Long> m) {
            epoch = m.get("epoch").intValue();
            batch = m.get("batch").intValue();
            step = m.get("step");
            skipped = m.get("skipped");
            lossSum = Double.longBitsToDouble(m.get("loss_sum_bits"));
            lossCount = m.get("loss_count");
        }
    }

    RunResult run() throws IOException {
        checkWritable(cfg.out());
        checkMethod(cfg.method());
        int perEpoch = task.batches().batchesPerEpoch();
        long totalSteps = cfg.steps() > 0 ? cfg.steps() : (long) cfg.epochs() * perEpoch;
        int epochs = (int) ((totalSteps + perEpoch - 1) / perEpoch);
        UpdateRule rule = MethodSpec.parse(cfg.method(), lr -> cfg.schedule().equals("cosine")
                ? Schedule.cosine(lr, totalSteps, 0) : Schedule.constant(lr));
        Map<String, Object> config = cfg.toMap();
        config.putAll(task.describe());
        config.put("primary_metric", task.primaryMetric());
        config.put("djl_version", Engine.getDjlVersion());
        config.put("engine", Engine.getInstance().getEngineName() + " " + Engine.getInstance().getVersion());
        config.put("intra_op_threads", Engines.threads());
        Path configFile = cfg.out().resolve("config.json");
        String configJson = Json.of(config);
        Checkpoints checkpoints = new Checkpoints(cfg.out().resolve("checkpoints"), cfg.keepCheckpoints());
        Map<String, Object> machine = MachineInfo.current();
        if (resume && Files.exists(configFile)) {
            com.fasterxml.jackson.databind.node.ObjectNode previous =
                    (com.fasterxml.jackson.databind.node.ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper()
                            .readTree(configFile.toFile());
            com.fasterxml.jackson.databind.JsonNode recordedMachine = previous.remove("machine");
            previous.remove("git_commit");
            if (!previous.equals(new com.fasterxml.jackson.databind.ObjectMapper().readTree(configJson))) {
                throw new UserError(configFile + " describes another run than this command (compare the"
                        + " options, data and thread count); resume with the same ones or use another --out");
            }
            if (recordedMachine != null) {
                @SuppressWarnings("unchecked")
                Map<String, Object> was = new com.fasterxml.jackson.databind.ObjectMapper().convertValue(recordedMachine, Map.class);
                List<String> diff = MachineInfo.arithmeticDifferences(was, machine);
                if (!diff.isEmpty()) {
                    out.println(label + " note: this run was started on another kind of machine (" + String.join("; ", diff)
                            + "); it continues, but not bit for bit as it would have there");
                }
            }
        }
        config.put("git_commit", GitInfo.commit());
        config.put("machine", machine);
        if (!resume || !Files.exists(configFile)) {
            write(configFile, Json.of(config) + "\n");
        }

        Engine.getInstance().setRandomSeed((int) cfg.seed());
        List<RunResult.EpochRecord> records = new ArrayList<>();
        long started = System.nanoTime();
        Position pos = new Position();
        try (Model model = Model.newInstance(cfg.model())) {
            Block net = task.network(cfg.model());
            net.setInitializer(dev.znorm.zoo.Networks.heNormal(), Parameter.Type.WEIGHT);
            model.setBlock(net);
            WholeStep whole = rule.isGlobal() ? new WholeStep(rule) : null;
            DjlOptimizer djlOptimizer = whole == null ? DjlOptimizer.of(rule) : null;
            Optimizer optimizer = djlOptimizer != null ? djlOptimizer
                    : Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0f)).build(); // never called
            DefaultTrainingConfig tc = new DefaultTrainingConfig(task.loss()).optOptimizer(optimizer);
            if (djlOptimizer != null) {
                tc.addTrainingListeners(djlOptimizer);
            }
            Progress progress = new Progress(out, label);
            try (Trainer trainer = model.newTrainer(tc)) {
                trainer.initialize(task.inputShape());
                if (resume) {
                    Optional<Checkpoints.Loaded> c = checkpoints.newest(model.getNDManager(), out);
                    if (c.isPresent()) {
                        resumeFrom(c.get(), net, djlOptimizer, whole, pos, records);
                        out.println(label + " resumed from " + c.get().file().getFileName() + " at epoch "
                                + (pos.epoch + 1) + ", step " + pos.step);
                    }
                }
                if (pos.step == 0 && cfg.exportParams() != null) {
                    exportParams(net, cfg.exportParams().resolve("params-initial.npz"));
                }
                long firstStep = pos.step;
                try (Writer metrics = append(cfg.out().resolve("metrics.jsonl"), pos.step > 0);
                        Writer gradients = append(cfg.out().resolve("gradients.jsonl"), pos.step > 0)) {
                    for (; pos.epoch < epochs && pos.step < totalSteps; pos.epoch++, pos.batch = 0,
                            pos.lossSum = 0, pos.lossCount = 0) {
                        long epochStart = System.nanoTime();
                        int[] order = task.batches().order(pos.epoch);
                        while (pos.batch < perEpoch && pos.step < totalSteps) {
                            trainStep(trainer, order, pos, net, whole, gradients);
                            double seconds = (System.nanoTime() - started) / 1e9;
                            progress.step(pos.epoch + 1, epochs, pos.batch, perEpoch,
                                    pos.lossCount == 0 ? Double.NaN : pos.lossSum / pos.lossCount,
                                    (pos.step - firstStep) * cfg.batch() / Math.max(1e-9, seconds),
                                    (pos.step - firstStep) / (double) (totalSteps - firstStep), seconds);
                            boolean epochEnds = pos.batch == perEpoch || pos.step == totalSteps;
                            if (!epochEnds && cfg.checkpointEvery() > 0 && pos.step % cfg.checkpointEvery() == 0) {
                                gradients.flush();
                                checkpoints.save(pos.step, net, optimizerState(djlOptimizer, whole), pos.toCounters(Engines.threads()));
                            }
                        }
                        if (whole != null) {
                            pos.skipped = Math.max(pos.skipped, whole.state().counter(SkipIfNonFinite.SKIPPED));
                        }
                        Map<String, Task.Evaluated> evaluated = task.evaluate(trainer);
                        RunResult.EpochRecord rec = record(evaluated, pos, (System.nanoTime() - epochStart) / 1e9);
                        records.add(rec);
                        metrics.write(Json.of(line(rec, pos, evaluated)) + "\n");
                        Map<String, Object> full = new LinkedHashMap<>();
                        full.put("epoch", rec.epoch());
                        evaluated.forEach((k, v) -> full.put(k, v.full()));
                        write(cfg.out().resolve("eval-last.json"), Json.of(full) + "\n");
                        metrics.flush();
                        gradients.flush();
                        // the checkpoint marks the epoch as done: position = start of the next one
                        Position next = new Position();
                        next.epoch = pos.epoch + 1;
                        next.step = pos.step;
                        next.skipped = pos.skipped;
                        checkpoints.save(pos.step, net, optimizerState(djlOptimizer, whole), next.toCounters(Engines.threads()));
                        StringBuilder summary = new StringBuilder(String.format("epoch %d/%d train loss %.4f",
                                pos.epoch + 1, epochs, rec.trainLoss()));
                        String metricName = task.primaryMetric().equals("accuracy") ? "acc" : task.primaryMetric();
                        rec.accuracy().forEach((k, v) -> summary.append(String.format(", %s %s %.2f%%", k, metricName, 100 * v)));
                        summary.append(String.format(" (%.1f s)", rec.seconds()));
                        progress.epoch(summary.toString());
                    }
                }
                if (cfg.exportParams() != null) {
                    exportParams(net, cfg.exportParams().resolve("params-final.npz"));
                }
            }
            if (whole != null) {
                whole.close();
            }
        } catch (TrainingFailed e) {
            RunResult failed = new RunResult(cfg, records, (System.nanoTime() - started) / 1e9, pos.skipped,
                    "failed", e.getMessage());
            writeResult(failed);
            return failed;
        }
        RunResult result = new RunResult(cfg, records, (System.nanoTime() - started) / 1e9, pos.skipped, "finished", null);
        writeResult(result);
        return result;
    }

    private static TransformState optimizerState(DjlOptimizer djl, WholeStep whole) {
        return djl != null ? djl.state() : whole.state();
    }

    private void resumeFrom(Checkpoints.Loaded c, Block net, DjlOptimizer djl, WholeStep whole, Position pos,
            List<RunResult.EpochRecord> records) throws IOException {
        long threads = c.run().getOrDefault("threads", -1L);
        if (threads != Engines.threads()) {
            c.optimizer().close();
            throw new UserError(c.file() + " was written with " + threads + " intra-op threads; resume with --threads "
                    + threads + " (other counts change the arithmetic and the run would not be the same)");
        }
        Checkpoints.restore(c, net);
        if (djl != null) {
            djl.loadState(c.optimizer(), net, c.file().toString());
        } else {
            whole.loadState(c.optimizer(), net, c.file().toString());
        }
        pos.from(c.run());
        // keep only the records the checkpoint has seen
        truncateJsonLines(cfg.out().resolve("metrics.jsonl"), "epoch", pos.epoch, true);
        truncateJsonLines(cfg.out().resolve("gradients.jsonl"), "step", pos.step, false);
        for (String line : Files.readAllLines(cfg.out().resolve("metrics.jsonl"))) {
            records.add(MetricsLines.parse(line));
        }
    }

    /** Keeps the lines whose {@code key} is <= (inclusive) or < {@code limit}. */
    private static void truncateJsonLines(Path file, String key, long limit, boolean inclusive) throws IOException {
        if (!Files.exists(file)) {
            Files.createFile(file);
            return;
        }
        List<String> kept = new ArrayList<>();
        // a last line torn by a kill mid-write is dropped: it was written before the epoch's
        // checkpoint, so the resumed run writes it again
        for (String line : MetricsLines.readComplete(file)) {
            long v = MetricsLines.number(line, key);
            if (inclusive ? v <= limit : v < limit) {
                kept.add(line);
            }
        }
        write(file, kept.isEmpty() ? "" : String.join("\n", kept) + "\n");
    }

    private static Writer append(Path file, boolean append) throws IOException {
        return append
                ? Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)
                : Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    }

    private void trainStep(Trainer trainer, int[] order, Position pos, Block net, WholeStep whole,
            Writer gradients) throws IOException {
        float loss;
        try (NDManager sub = trainer.getManager().newSubManager()) {
            NDList batch = task.batches().batch(order, pos.epoch, pos.batch, sub);
            try (GradientCollector gc = trainer.newGradientCollector()) {
                NDList pred = trainer.forward(new NDList(batch.get(0)));
                NDArray l = trainer.getLoss().evaluate(new NDList(batch.get(1)), pred);
                gc.backward(l);
                loss = l.getFloat();
            }
        }
        if (cfg.gradientStatsEvery() > 0 && pos.step % cfg.gradientStatsEvery() == 0) {
            gradients.write(Json.of(GradientStats.of(pos.step, net)) + "\n");
        }
        if (!Float.isFinite(loss)) {
            if (cfg.stopOnNonFinite()) {
                throw new TrainingFailed("non-finite loss " + loss + " at step " + pos.step + " (epoch "
                        + (pos.epoch + 1) + ", batch " + pos.batch + ")");
            }
            pos.skipped++;
            pos.nonFiniteInARow++;
            zeroGradients(net);
            if (pos.nonFiniteInARow >= DIVERGED_AFTER) {
                throw new TrainingFailed("diverged: " + DIVERGED_AFTER + " non-finite losses in a row up to step "
                        + pos.step + " (epoch " + (pos.epoch + 1) + ")");
            }
        } else {
            pos.nonFiniteInARow = 0;
            if (whole != null) {
                whole.step(trainer);
            } else {
                trainer.step();
            }
            pos.lossSum += loss;
            pos.lossCount++;
        }
        pos.batch++;
        pos.step++;
    }

    private static RunResult.EpochRecord record(Map<String, Task.Evaluated> evaluated, Position pos, double seconds) {
        Map<String, Double> primary = new LinkedHashMap<>();
        Map<String, Double> evalLoss = new LinkedHashMap<>();
        evaluated.forEach((split, e) -> {
            primary.put(split, e.primary());
            evalLoss.put(split, e.loss());
        });
        return new RunResult.EpochRecord(pos.epoch + 1, (int) pos.step,
                pos.lossCount == 0 ? Double.NaN : pos.lossSum / pos.lossCount, primary, evalLoss, seconds);
    }

    private Map<String, Object> line(RunResult.EpochRecord rec, Position pos, Map<String, Task.Evaluated> evaluated) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("epoch", rec.epoch());
        line.put("steps", pos.step);
        line.put("train_loss", rec.trainLoss());
        line.put("primary", rec.accuracy());
        line.put(task.primaryMetric(), rec.accuracy());
        line.put("eval_loss", rec.evalLoss());
        Map<String, Map<String, Object>> extras = new LinkedHashMap<>();
        evaluated.forEach((split, e) -> e.headline().forEach((k, v) ->
                extras.computeIfAbsent(k, x -> new LinkedHashMap<>()).put(split, v)));
        line.putAll(extras);
        line.put("epoch_seconds", rec.seconds());
        line.put("skipped_steps", pos.skipped);
        return line;
    }

    /** Writes every parameter (running statistics included) by name as float32 .npz. */
    static void exportParams(Block net, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Map<String, float[]> arrays = new LinkedHashMap<>();
        Map<String, long[]> shapes = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : net.getParameters()) {
            arrays.put(p.getKey(), p.getValue().getArray().toFloatArray());
            shapes.put(p.getKey(), p.getValue().getArray().getShape().getShape());
        }
        Npy.writeNpz(file, arrays, shapes);
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
        for (String split : r.epochs().isEmpty() ? java.util.Set.<String>of() : r.epochs().get(0).accuracy().keySet()) {
            Map<String, Object> acc = new LinkedHashMap<>();
            acc.put("final", r.finalAccuracy(split));
            acc.put("best", r.bestAccuracy(split));
            acc.put("mean_last_3", r.lastThreeAccuracy(split));
            finals.put(split, acc);
        }
        m.put("primary_metric", task.primaryMetric());
        m.put(task.primaryMetric(), finals);
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
