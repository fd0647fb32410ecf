package dev.znorm.experiment.run;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import dev.znorm.core.schedule.Schedule;
import dev.znorm.core.spec.MethodSpec;
import dev.znorm.core.transform.UpdateRule;
import dev.znorm.data.PrefetchedBatches;
import dev.znorm.experiment.BadInputException;
import dev.znorm.experiment.env.Threads;
import dev.znorm.experiment.io.FolderLock;
import dev.znorm.zoo.Networks;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleFunction;

/**
 * One training run: a task, a model, a method, a seed, into one {@link RunFolder} that it holds the
 * lock of while it runs. The one training loop of the project (train, compare, the demo, the
 * gradient study). With {@link RunOptions#resume()} it continues from the newest intact checkpoint
 * and ends bit for bit where an uninterrupted run ends (same machine kind and thread count).
 * SIGTERM or SIGINT stop it after the current step with a checkpoint ({@link StopSignal}).
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
    public static UpdateRule parseMethod(String method, DoubleFunction<Schedule> schedule) {
        try {
            return MethodSpec.parse(method, schedule);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--method: " + e.getMessage());
        }
    }

    /** The run's plan: steps, epochs, batches per epoch. */
    private record Plan(int perEpoch, long totalSteps, int epochs) {}

    @SuppressWarnings("try") // the lock is held for the try block, not used in it
    public RunOutcome run() throws IOException {
        int perEpoch = task.batches().batchesPerEpoch();
        if (perEpoch == 0) {
            throw new BadInputException(spec.data() + ": the training split is empty");
        }
        long totalSteps = spec.totalSteps(perEpoch);
        Plan plan = new Plan(perEpoch, totalSteps, (int) ((totalSteps + perEpoch - 1) / perEpoch));
        UpdateRule rule =
                parseMethod(
                        spec.method(),
                        lr ->
                                spec.schedule().equals("cosine")
                                        ? Schedule.cosine(lr, totalSteps, 0)
                                        : Schedule.constant(lr));
        Devices.of(spec); // a missing GPU is an input error before the folder is touched
        RunConfigRecord config =
                RunConfigRecord.current(
                        spec, task.describe(), task.primaryMetric(), options.launch());
        // the signal's hook is closed last, so the JVM cannot exit before the folder is released
        try (StopSignal stop = new StopSignal();
                FolderLock lock =
                        FolderLock.acquire(folder.dir(), "znorm run " + label, listener::message)) {
            Optional<RunOutcome> done =
                    RunStart.finishedMeanwhile(spec, folder, config, options, listener, label);
            if (done.isPresent()) {
                return done.get();
            }
            boolean resuming = RunStart.prepare(folder, config, options, listener, label);
            return train(
                    plan,
                    rule,
                    resuming,
                    SessionCheckpoints.of(folder, options.keepCheckpoints(), config),
                    stop);
        } catch (StopSignal.Stopped e) {
            // the lock is released and the signal's hook told: the JVM is exiting
            return StopSignal.awaitExit();
        }
    }

    private RunOutcome train(
            Plan plan,
            UpdateRule rule,
            boolean resuming,
            SessionCheckpoints checkpoints,
            StopSignal stop)
            throws IOException {
        Engine.getInstance().setRandomSeed((int) spec.seed());
        List<EpochRecord> records = new ArrayList<>();
        RunClock clock = RunClock.start();
        Position pos = new Position();
        try (Model model = Model.newInstance(spec.model(), Devices.of(spec));
                OptimizerStep optimizer = OptimizerStep.of(rule)) {
            Block net = task.network(spec.model());
            net.setInitializer(Networks.heNormal(), Parameter.Type.WEIGHT);
            model.setBlock(net);
            try (Trainer trainer =
                    model.newTrainer(
                            optimizer.configure(
                                    new DefaultTrainingConfig(task.loss())
                                            .optDevices(new ai.djl.Device[] {Devices.of(spec)})))) {
                trainer.initialize(task.inputShape());
                if (resuming) {
                    pos =
                            Resume.fromNewestCheckpoint(
                                    folder,
                                    checkpoints.checkpointer(),
                                    net,
                                    optimizer,
                                    model.getNDManager(),
                                    listener,
                                    label);
                    records.addAll(folder.readEpochs());
                }
                if (pos.step == 0) {
                    hooks.initialized(net);
                    if (options.exportParams() != null) {
                        ParamsExport.write(
                                net, options.exportParams().resolve("params-initial.npz"));
                    }
                }
                long firstStep = pos.step;
                // the next batch is assembled on a spare core, if any, while this step trains
                try (PrefetchedBatches batches =
                                PrefetchedBatches.ifSpareCore(task.batches(), Threads.current());
                        Writer metrics = folder.appendMetrics(pos.step > 0);
                        Writer gradients = folder.appendGradients(pos.step > 0)) {
                    TrainingStep step = new TrainingStep(spec, batches, hooks);
                    for (;
                            pos.epoch < plan.epochs() && pos.step < plan.totalSteps();
                            pos.epoch++, pos.batch = 0, pos.lossSum = 0, pos.lossCount = 0) {
                        double epochStart = clock.seconds();
                        int[] order = task.batches().order(pos.epoch);
                        while (pos.batch < plan.perEpoch() && pos.step < plan.totalSteps()) {
                            step.run(trainer, order, pos, net, optimizer, gradients);
                            double seconds = clock.seconds();
                            listener.step(
                                    pos.progress(
                                            plan.epochs(),
                                            plan.perEpoch(),
                                            plan.totalSteps(),
                                            firstStep,
                                            spec.batch(),
                                            seconds));
                            boolean epochEnds =
                                    pos.batch == plan.perEpoch() || pos.step == plan.totalSteps();
                            boolean periodic =
                                    spec.checkpointEvery() > 0
                                            && pos.step % spec.checkpointEvery() == 0;
                            if (stop.requested() || (!epochEnds && periodic)) {
                                gradients.flush();
                                checkpoints.save(net, optimizer, pos, clock);
                                if (stop.requested()) {
                                    stopped(pos, metrics, gradients);
                                }
                            }
                        }
                        gradients.flush(); // the epoch's step records on disk before a long
                        // evaluation
                        pos.skipped = Math.max(pos.skipped, optimizer.skippedByTransform());
                        EpochRecord rec =
                                EpochEnd.evaluate(
                                        task, folder, trainer, pos, clock.seconds() - epochStart);
                        records.add(rec);
                        metrics.write(rec.toLine(task.primaryMetric()) + "\n");
                        metrics.flush();
                        gradients.flush();
                        // the checkpoint marks the epoch as done: position = start of the next one
                        checkpoints.save(net, optimizer, pos.startOfNextEpoch(), clock);
                        listener.epoch(rec, EpochEnd.summary(task, rec, plan.epochs()));
                        if (stop.requested()) {
                            stopped(pos.startOfNextEpoch(), metrics, gradients);
                        }
                    }
                }
                if (options.exportParams() != null) {
                    ParamsExport.write(net, options.exportParams().resolve("params-final.npz"));
                }
                if (options.showcase()) {
                    task.showcase(trainer, folder.dir());
                }
            }
        } catch (TrainingStep.Failed e) {
            return finish(records, pos, clock, ResultRecord.FAILED, e.getMessage());
        }
        return finish(records, pos, clock, ResultRecord.FINISHED, null);
    }

    /** Says where the run stopped (its checkpoint is written) and unwinds, releasing the folder. */
    private void stopped(Position at, Writer metrics, Writer gradients) throws IOException {
        metrics.flush();
        gradients.flush();
        listener.message(
                label
                        + " stopped by a signal after step "
                        + at.step
                        + " (epoch "
                        + (at.epoch + 1)
                        + "); its checkpoint is written: continue with --resume (or run the grid again)");
        throw new StopSignal.Stopped();
    }

    private RunOutcome finish(
            List<EpochRecord> records, Position pos, RunClock clock, String status, String failure)
            throws IOException {
        RunOutcome outcome =
                new RunOutcome(
                        spec,
                        records,
                        pos.wallMillis(clock) / 1e3,
                        pos.stoppedMillis(clock) / 1e3,
                        pos.skipped,
                        status,
                        failure);
        folder.writeResult(ResultRecord.of(outcome, task.primaryMetric(), options.launch()));
        return outcome;
    }
}
