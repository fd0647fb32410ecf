package dev.znorm.experiment.run;

import dev.znorm.experiment.BadInputException;
import java.nio.file.Path;

/** Named settings with the command line's defaults. */
public final class RunSpecBuilder {
    private String model = "resnet20";
    private String dataset = "cifar10";
    private Path data;
    private String method = "znorm+adam";
    private String schedule = "cosine";
    private int batch = 128;
    private int epochs = 10;
    private int steps;
    private long seed;
    private int threads = Runtime.getRuntime().availableProcessors();
    private boolean augment = true;
    private boolean shuffle = true;
    private int trainSubset;
    private int gradStatsEvery = 50;
    private boolean stopOnNonFinite;
    private int checkpointEvery;
    private int imageSize = 128;
    private int modelWidth = 16;
    private String device = "cpu";

    RunSpecBuilder() {}

    public RunSpecBuilder model(String v) {
        model = v;
        return this;
    }

    public RunSpecBuilder dataset(String v) {
        dataset = v;
        return this;
    }

    public RunSpecBuilder data(Path v) {
        data = v;
        return this;
    }

    public RunSpecBuilder method(String v) {
        method = v;
        return this;
    }

    public RunSpecBuilder schedule(String v) {
        schedule = v;
        return this;
    }

    public RunSpecBuilder batch(int v) {
        batch = v;
        return this;
    }

    public RunSpecBuilder epochs(int v) {
        epochs = v;
        return this;
    }

    public RunSpecBuilder steps(int v) {
        steps = v;
        return this;
    }

    public RunSpecBuilder seed(long v) {
        seed = v;
        return this;
    }

    /** Intra-op threads; 0 means every core of this machine. */
    public RunSpecBuilder threads(int v) {
        threads = v == 0 ? Runtime.getRuntime().availableProcessors() : v;
        return this;
    }

    public RunSpecBuilder augment(boolean v) {
        augment = v;
        return this;
    }

    public RunSpecBuilder shuffle(boolean v) {
        shuffle = v;
        return this;
    }

    public RunSpecBuilder trainSubset(int v) {
        trainSubset = v;
        return this;
    }

    public RunSpecBuilder gradStatsEvery(int v) {
        gradStatsEvery = v;
        return this;
    }

    public RunSpecBuilder stopOnNonFinite(boolean v) {
        stopOnNonFinite = v;
        return this;
    }

    public RunSpecBuilder checkpointEvery(int v) {
        checkpointEvery = v;
        return this;
    }

    public RunSpecBuilder imageSize(int v) {
        imageSize = v;
        return this;
    }

    public RunSpecBuilder modelWidth(int v) {
        modelWidth = v;
        return this;
    }

    /** cpu (the default), gpu or gpu:N. */
    public RunSpecBuilder device(String v) {
        device = v;
        return this;
    }

    public RunSpec build() {
        if (data == null) {
            throw new BadInputException("the dataset path (--data) is required");
        }
        boolean lgg = "lgg".equals(dataset);
        return new RunSpec(
                model,
                dataset,
                data,
                method,
                schedule,
                batch,
                epochs,
                steps,
                seed,
                threads,
                augment,
                shuffle,
                trainSubset,
                gradStatsEvery,
                stopOnNonFinite,
                checkpointEvery,
                lgg ? imageSize : null,
                lgg ? modelWidth : null,
                device);
    }
}
