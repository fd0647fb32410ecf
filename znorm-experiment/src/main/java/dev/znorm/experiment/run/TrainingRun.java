package dev.znorm.experiment.run;

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
import dev.znorm.core.djl.WholeStep;
import dev.znorm.core.schedule.Schedule;
import dev.znorm.core.spec.MethodSpec;
import dev.znorm.core.transform.Gradients;
import dev.znorm.core.transform.Param;
import dev.znorm.core.transform.UpdateRule;
import dev.znorm.experiment.BadInputException;
import dev.znorm.experiment.env.GitInfo;
import dev.znorm.experiment.env.MachineInfo;
import dev.znorm.experiment.env.Threads;
import dev.znorm.experiment.io.Json;
import dev.znorm.zoo.Networks;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One training run: a task, a model, a method, a seed, into one {@link RunFolder}. The one training
 * loop of the project (train, compare, the demo). With {@link RunOptions#resume()} it continues
 * from the newest intact checkpoint and ends bit for bit where an uninterrupted run ends (same
 * machine kind and thread count).
 */
public final class TrainingRun {

    /**
     * Consecutive non-finite losses after which a run counts as diverged (skipping cannot recover
     * it).
     */
    public static final int DIVERGED_AFTER = 10;

    private final RunSpec spec;
    private final Task task;
    private final RunFolder folder;
    private final RunOptions options;
    private final RunListener listener;
    private final String label;
    private RunHooks hooks = RunHooks.NONE;

    public TrainingRun(
            RunSpec spec,
            Task task,
            RunFolder folder,
            RunOptions options,
            RunListener listener,
            String label) {
        this.spec = spec;
        this.task = task;
        this.folder = folder;
        this.options = options;
        this.listener = listener;
        this.label = label;
    }

    /** Looks into the run at the points {@link RunHooks} names. */
    public TrainingRun withHooks(RunHooks hooks) {
        this.hooks = hooks;
        return this;
    }

    /** Parses a method spec, turning a bad one into a one-line input error naming it. */
    public static UpdateRule parseMethod(
            String method, java.util.function.DoubleFunction<Schedule> schedule) {
        try {
            return MethodSpec.parse(method, schedule);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--method: " + e.getMessage());
        }
    }

    public RunOutcome run() throws IOException {
        int perEpoch = task.batches().batchesPerEpoch();
        if (perEpoch == 0) {
            throw new BadInputException(spec.data() + ": the training split is empty");
        }
        long totalSteps = spec.totalSteps(perEpoch);
        int epochs = (int) ((totalSteps + perEpoch - 1) / perEpoch);
        UpdateRule rule =
                parseMethod(
                        spec.method(),
                        lr ->
                                spec.schedule().equals("cosine")
                                        ? Schedule.cosine(lr, totalSteps, 0)
                                        : Schedule.constant(lr));
        RunConfigRecord config =
                new RunConfigRecord(
                        spec,
                        task.describe(),
                        task.primaryMetric(),
                        Engine.getDjlVersion(),
                        Engine.getInstance().getEngineName()
                                + " "
                                + Engine.getInstance().getVersion(),
                        Threads.current(),
                        GitInfo.commit(),
                        MachineInfo.current(),
                        RunConfigRecord.SCHEMA_VERSION);
        boolean resuming = options.resume() && Files.exists(folder.configFile());
        if (resuming) {
            Resume.checkSameRun(folder, config, listener, label);
        } else {
            folder.writeConfig(config);
        }
        Checkpointer checkpoints =
                new Checkpointer(folder.checkpointDir(), options.keepCheckpoints());
        Engine.getInstance().setRandomSeed((int) spec.seed());
        List<EpochRecord> records = new ArrayList<>();
        long started = System.nanoTime();
        Position pos = new Position();
        Map<String, String> metadata =
                Map.of(
                        "machine",
                        Json.write(config.machine()),
                        "run_schema",
                        String.valueOf(RunConfigRecord.SCHEMA_VERSION));
        try (Model model = Model.newInstance(spec.model());
                OptimizerStep optimizer = OptimizerStep.of(rule)) {
            Block net = task.network(spec.model());
            net.setInitializer(Networks.heNormal(), Parameter.Type.WEIGHT);
            model.setBlock(net);
            try (Trainer trainer =
                    model.newTrainer(optimizer.configure(new DefaultTrainingConfig(task.loss())))) {
                trainer.initialize(task.inputShape());
                if (resuming) {
                    pos =
                            Resume.fromNewestCheckpoint(
                                    folder,
                                    checkpoints,
                                    net,
                                    optimizer,
                                    model.getNDManager(),
                                    listener,
                                    label);
                    records.addAll(folder.readEpochs());
                }
                if (pos.step == 0) {
                    hooks.initialized(net);
                }
                if (pos.step == 0 && options.exportParams() != null) {
                    ParamsExport.write(net, options.exportParams().resolve("params-initial.npz"));
                }
                long firstStep = pos.step;
                try (Writer metrics = folder.appendMetrics(pos.step > 0);
                        Writer gradients = folder.appendGradients(pos.step > 0)) {
                    for (;
                            pos.epoch < epochs && pos.step < totalSteps;
                            pos.epoch++, pos.batch = 0, pos.lossSum = 0, pos.lossCount = 0) {
                        long epochStart = System.nanoTime();
                        int[] order = task.batches().order(pos.epoch);
                        while (pos.batch < perEpoch && pos.step < totalSteps) {
                            trainStep(trainer, order, pos, net, optimizer, gradients);
                            double seconds = (System.nanoTime() - started) / 1e9;
                            listener.step(
                                    new RunListener.StepProgress(
                                            pos.epoch + 1,
                                            epochs,
                                            pos.batch,
                                            perEpoch,
                                            pos.meanLoss(),
                                            (pos.step - firstStep)
                                                    * spec.batch()
                                                    / Math.max(1e-9, seconds),
                                            (pos.step - firstStep)
                                                    / (double) (totalSteps - firstStep),
                                            seconds));
                            boolean epochEnds = pos.batch == perEpoch || pos.step == totalSteps;
                            if (!epochEnds
                                    && spec.checkpointEvery() > 0
                                    && pos.step % spec.checkpointEvery() == 0) {
                                gradients.flush();
                                checkpoints.save(
                                        pos.step,
                                        net,
                                        optimizer.state(),
                                        pos.toCounters(Threads.current(), wallMillis(pos, started)),
                                        metadata);
                            }
                        }
                        pos.skipped = Math.max(pos.skipped, optimizer.skippedByTransform());
                        Map<String, Task.Evaluated> evaluated = task.evaluate(trainer);
                        EpochRecord rec =
                                record(evaluated, pos, (System.nanoTime() - epochStart) / 1e9);
                        records.add(rec);
                        metrics.write(rec.toLine(task.primaryMetric()) + "\n");
                        Map<String, Map<String, Object>> full = new LinkedHashMap<>();
                        evaluated.forEach((k, v) -> full.put(k, v.full()));
                        folder.writeEvalLast(rec.epoch(), full);
                        metrics.flush();
                        gradients.flush();
                        // the checkpoint marks the epoch as done: position = start of the next one
                        checkpoints.save(
                                pos.step,
                                net,
                                optimizer.state(),
                                pos.startOfNextEpoch()
                                        .toCounters(Threads.current(), wallMillis(pos, started)),
                                metadata);
                        listener.epoch(rec, summary(rec, epochs));
                    }
                }
                if (options.exportParams() != null) {
                    ParamsExport.write(net, options.exportParams().resolve("params-final.npz"));
                }
            }
        } catch (TrainingFailed e) {
            return finish(records, pos, started, ResultRecord.FAILED, e.getMessage());
        }
        return finish(records, pos, started, ResultRecord.FINISHED, null);
    }

    private static long wallMillis(Position pos, long started) {
        return pos.earlierWallMillis + (System.nanoTime() - started) / 1_000_000;
    }

    private RunOutcome finish(
            List<EpochRecord> records, Position pos, long started, String status, String failure)
            throws IOException {
        double wall = wallMillis(pos, started) / 1e3;
        RunOutcome outcome = new RunOutcome(spec, records, wall, pos.skipped, status, failure);
        Map<String, MetricHistory.Summary> finals = new LinkedHashMap<>();
        for (String split :
                records.isEmpty()
                        ? List.<String>of()
                        : List.copyOf(records.get(0).primary().keySet())) {
            finals.put(split, outcome.history().summary(split));
        }
        folder.writeResult(
                new ResultRecord(
                        status,
                        failure,
                        wall,
                        pos.skipped,
                        task.primaryMetric(),
                        finals,
                        RunConfigRecord.SCHEMA_VERSION));
        return outcome;
    }

    private String summary(EpochRecord rec, int epochs) {
        StringBuilder s =
                new StringBuilder(
                        String.format(
                                "epoch %d/%d train loss %.4f",
                                rec.epoch(), epochs, rec.trainLoss()));
        String metricName = task.primaryMetric().equals("accuracy") ? "acc" : task.primaryMetric();
        rec.primary()
                .forEach(
                        (k, v) ->
                                s.append(String.format(", %s %s %.2f%%", k, metricName, 100 * v)));
        return s.append(String.format(" (%.1f s)", rec.epochSeconds())).toString();
    }

    private void trainStep(
            Trainer trainer,
            int[] order,
            Position pos,
            Block net,
            OptimizerStep optimizer,
            Writer gradients)
            throws IOException {
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
        if (spec.gradStatsEvery() > 0 && pos.step % spec.gradStatsEvery() == 0) {
            gradients.write(Json.write(GradientStats.of(pos.step, net)) + "\n");
        }
        if (!Float.isFinite(loss)) {
            if (spec.stopOnNonFinite()) {
                throw new TrainingFailed(
                        "non-finite loss "
                                + loss
                                + " at step "
                                + pos.step
                                + " (epoch "
                                + (pos.epoch + 1)
                                + ", batch "
                                + pos.batch
                                + ")");
            }
            pos.skipped++;
            pos.nonFiniteInARow++;
            for (Param p : WholeStep.parameters(net)) {
                Gradients.zeroOwn(p.value());
            }
            if (pos.nonFiniteInARow >= DIVERGED_AFTER) {
                throw new TrainingFailed(
                        "diverged: "
                                + DIVERGED_AFTER
                                + " non-finite losses in a row up to step "
                                + pos.step
                                + " (epoch "
                                + (pos.epoch + 1)
                                + ")");
            }
        } else {
            pos.nonFiniteInARow = 0;
            hooks.backward(pos.step, net);
            optimizer.step(trainer);
            pos.lossSum += loss;
            pos.lossCount++;
        }
        pos.batch++;
        pos.step++;
    }

    private static EpochRecord record(
            Map<String, Task.Evaluated> evaluated, Position pos, double seconds) {
        Map<String, Double> primary = new LinkedHashMap<>();
        Map<String, Double> evalLoss = new LinkedHashMap<>();
        Map<String, Map<String, Double>> extra = new LinkedHashMap<>();
        evaluated.forEach(
                (split, e) -> {
                    primary.put(split, e.primary());
                    evalLoss.put(split, e.loss());
                    e.headline()
                            .forEach(
                                    (k, v) ->
                                            extra.computeIfAbsent(k, x -> new LinkedHashMap<>())
                                                    .put(split, v));
                });
        return new EpochRecord(
                pos.epoch + 1,
                pos.step,
                pos.meanLoss(),
                primary,
                evalLoss,
                extra,
                seconds,
                pos.skipped);
    }

    /** A run that diverged or hit a non-finite value with stop-on-non-finite. */
    static final class TrainingFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TrainingFailed(String message) {
            super(message);
        }
    }
}
