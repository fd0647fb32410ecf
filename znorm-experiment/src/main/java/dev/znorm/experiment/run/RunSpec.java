package dev.znorm.experiment.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.znorm.experiment.BadInputException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Everything that defines one training run, as written at the head of its {@code config.json}.
 * Built with {@link #builder()}; every number is checked, naming the option.
 *
 * @param steps a fixed number of optimizer steps instead of whole epochs (0: use epochs)
 * @param trainSubset use only the first N images of a fixed shuffle of the training split (0: all)
 * @param checkpointEvery also checkpoint every N steps inside an epoch (0: at epoch ends only)
 * @param imageSize lgg only: slices resized to this side (0: as stored); null for other datasets
 * @param modelWidth unet and resunet only: filters of the first level; null for other datasets
 */
@JsonPropertyOrder({
    "model",
    "dataset",
    "data",
    "method",
    "schedule",
    "batch",
    "epochs",
    "steps",
    "seed",
    "threads",
    "augment",
    "shuffle",
    "train_subset",
    "grad_stats_every",
    "stop_on_non_finite",
    "checkpoint_every",
    "image_size",
    "model_width",
    "device"
})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunSpec(
        String model,
        String dataset,
        Path data,
        String method,
        String schedule,
        int batch,
        int epochs,
        int steps,
        long seed,
        int threads,
        boolean augment,
        boolean shuffle,
        int trainSubset,
        int gradStatsEvery,
        boolean stopOnNonFinite,
        int checkpointEvery,
        Integer imageSize,
        Integer modelWidth,
        String device) {

    public RunSpec {
        device = Devices.canonical(device);
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(schedule, "schedule");
        data = data.toAbsolutePath().normalize();
        check(batch >= 1, "--batch must be >= 1, got " + batch);
        check(epochs >= 1 || steps >= 1, "--epochs must be >= 1 (or give --steps), got " + epochs);
        check(steps >= 0, "--steps must be >= 0, got " + steps);
        check(threads >= 1, "--threads must be >= 1, got " + threads);
        check(trainSubset >= 0, "--train-subset must be >= 0, got " + trainSubset);
        check(
                schedule.equals("cosine") || schedule.equals("constant"),
                "--schedule must be cosine or constant, got '" + schedule + "'");
        check(checkpointEvery >= 0, "--checkpoint-every must be >= 0, got " + checkpointEvery);
        check(gradStatsEvery >= 0, "--grad-stats-every must be >= 0, got " + gradStatsEvery);
        check(imageSize == null || imageSize >= 0, "--image-size must be >= 0, got " + imageSize);
        check(modelWidth == null || modelWidth >= 1, "--width must be >= 1, got " + modelWidth);
        checkModel(model);
        checkMethod(method);
    }

    /** Fails, naming the option, when the zoo has no network of that name. */
    private static void checkModel(String model) {
        if (dev.znorm.zoo.Networks.SEGMENTATION.contains(
                model.toLowerCase(java.util.Locale.ROOT))) {
            return;
        }
        try {
            dev.znorm.zoo.Networks.byName(model, 10);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--model: " + e.getMessage());
        }
    }

    /** Fails, naming the option, when the method spec does not parse. */
    private static void checkMethod(String method) {
        try {
            dev.znorm.core.spec.MethodSpec.parse(method);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--method: " + e.getMessage());
        }
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new BadInputException(message);
        }
    }

    /** The device to train on: "cpu", "gpu" or "gpu:N" (recorded only when not the CPU). */
    public String deviceName() {
        return device == null ? "cpu" : device;
    }

    /** Whether the dataset kind is LGG segmentation (the only one with image size and width). */
    public boolean isSegmentation() {
        return dataset.equals("lgg");
    }

    /** The total number of optimizer steps for {@code batchesPerEpoch} batches an epoch. */
    public long totalSteps(int batchesPerEpoch) {
        return steps > 0 ? steps : (long) epochs * batchesPerEpoch;
    }

    /**
     * Whether {@code other} trains the same way, the dataset's location and the thread count aside
     * (they change where the data lives and the rounding, not the experiment).
     */
    public boolean sameExperimentAs(RunSpec other) {
        return withData(other.data).withThreads(other.threads).equals(other);
    }

    public RunSpec withData(Path path) {
        return toBuilder().data(path).build();
    }

    public RunSpec withThreads(int n) {
        return toBuilder().threads(n).build();
    }

    public static RunSpecBuilder builder() {
        return new RunSpecBuilder();
    }

    public RunSpecBuilder toBuilder() {
        RunSpecBuilder b =
                new RunSpecBuilder()
                        .model(model)
                        .dataset(dataset)
                        .data(data)
                        .method(method)
                        .schedule(schedule)
                        .batch(batch)
                        .epochs(epochs)
                        .steps(steps)
                        .seed(seed)
                        .threads(threads)
                        .augment(augment)
                        .shuffle(shuffle)
                        .trainSubset(trainSubset)
                        .gradStatsEvery(gradStatsEvery)
                        .stopOnNonFinite(stopOnNonFinite)
                        .checkpointEvery(checkpointEvery);
        if (imageSize != null) {
            b.imageSize(imageSize);
        }
        if (modelWidth != null) {
            b.modelWidth(modelWidth);
        }
        return b.device(deviceName());
    }
}
