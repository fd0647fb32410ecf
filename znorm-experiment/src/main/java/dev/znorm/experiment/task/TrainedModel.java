package dev.znorm.experiment.task;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import dev.znorm.data.Normalization;
import dev.znorm.experiment.BadInputException;
import dev.znorm.experiment.env.Threads;
import dev.znorm.experiment.run.Checkpointer;
import dev.znorm.experiment.run.DataDescription;
import dev.znorm.experiment.run.RunConfigRecord;
import dev.znorm.experiment.run.RunFolder;
import dev.znorm.zoo.Losses;
import dev.znorm.zoo.Networks;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * A trained model reopened from a run folder: its recorded config and its newest intact
 * checkpoint's weights.
 */
public final class TrainedModel implements AutoCloseable {

    private final RunConfigRecord config;
    private final Model model;
    private final Trainer trainer;
    private final Path checkpoint;

    private TrainedModel(RunConfigRecord config, Model model, Trainer trainer, Path checkpoint) {
        this.config = config;
        this.model = model;
        this.trainer = trainer;
        this.checkpoint = checkpoint;
    }

    /**
     * Opens the run in {@code runDir}; damaged checkpoints are reported to {@code log} and skipped.
     */
    public static TrainedModel open(Path runDir, Consumer<String> log) throws IOException {
        RunFolder folder = new RunFolder(runDir);
        RunConfigRecord cfg =
                folder.readConfig()
                        .orElseThrow(
                                () ->
                                        new BadInputException(
                                                runDir
                                                        + " is not a run folder: no config.json in it"));
        DataDescription d = cfg.data();
        int[] input = d.inputShape();
        if (d.classes() == null
                || d.classes().isEmpty()
                || input[0] == 0
                || d.normalization() == null) {
            throw new BadInputException(
                    folder.configFile()
                            + ": no classes, input shape or normalisation recorded;"
                            + " was it written by znorm train?");
        }
        if (cfg.intraOpThreads() > 0) {
            Threads.use(cfg.intraOpThreads());
        }
        Model model = Model.newInstance(cfg.spec().model());
        try {
            Block net =
                    cfg.isSegmentation()
                            ? Networks.segmentation(
                                    cfg.spec().model(),
                                    input[0],
                                    1,
                                    cfg.spec().modelWidth() == null ? 16 : cfg.spec().modelWidth())
                            : Networks.byName(cfg.spec().model(), d.classes().size());
            model.setBlock(net);
            Trainer trainer =
                    model.newTrainer(
                            new DefaultTrainingConfig(
                                    cfg.isSegmentation()
                                            ? Losses.bceDice()
                                            : Loss.softmaxCrossEntropyLoss()));
            trainer.initialize(new Shape(1, input[0], input[1], input[2]));
            Checkpointer.Loaded c =
                    new Checkpointer(folder.checkpointDir(), 1)
                            .newest(model.getNDManager(), log)
                            .orElseThrow(
                                    () ->
                                            new BadInputException(
                                                    runDir
                                                            + ": no intact checkpoint in "
                                                            + folder.checkpointDir()));
            Checkpointer.restore(c, net);
            c.optimizer().close();
            return new TrainedModel(cfg, model, trainer, c.file());
        } catch (RuntimeException | IOException e) {
            model.close();
            throw e;
        }
    }

    public RunConfigRecord config() {
        return config;
    }

    public boolean isSegmentation() {
        return config.isSegmentation();
    }

    public List<String> classes() {
        return config.data().classes();
    }

    /** (channels, height, width) of one input. */
    public int[] input() {
        return config.data().inputShape();
    }

    public Normalization normalization() {
        DataDescription.Normalization n = config.data().normalization();
        return new Normalization(n.meanArray(), n.stdArray());
    }

    public Trainer trainer() {
        return trainer;
    }

    public NDManager manager() {
        return trainer.getManager();
    }

    public Path checkpoint() {
        return checkpoint;
    }

    @Override
    public void close() {
        trainer.close();
        model.close();
    }
}
