package dev.znorm.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything that defines one training run; written to {@code config.json} beside its results.
 *
 * @param steps a fixed number of optimizer steps instead of whole epochs (0: use epochs)
 * @param trainSubset use only the first N images of the training split in a seeded order (0: all)
 * @param checkpointEvery also checkpoint every N steps inside an epoch (0: at epoch ends only)
 * @param exportParams write every parameter as .npz before the first and after the last step (null: no)
 */
public record RunConfig(String model, String dataset, Path data, String method, String schedule,
        int batch, int epochs, int steps, long seed, int threads, boolean augment, boolean shuffle,
        int trainSubset, int gradientStatsEvery, boolean stopOnNonFinite, int checkpointEvery,
        int keepCheckpoints, Path exportParams, int imageSize, int modelWidth, Path out) {

    /** Checks the numbers; throws {@link UserError} naming the option. */
    public RunConfig {
        if (batch < 1) {
            throw new UserError("--batch must be >= 1, got " + batch);
        }
        if (epochs < 1 && steps < 1) {
            throw new UserError("--epochs must be >= 1 (or give --steps), got " + epochs);
        }
        if (steps < 0) {
            throw new UserError("--steps must be >= 0, got " + steps);
        }
        if (trainSubset < 0) {
            throw new UserError("--train-subset must be >= 0, got " + trainSubset);
        }
        if (!schedule.equals("cosine") && !schedule.equals("constant")) {
            throw new UserError("--schedule must be cosine or constant, got '" + schedule + "'");
        }
        if (checkpointEvery < 0) {
            throw new UserError("--checkpoint-every must be >= 0, got " + checkpointEvery);
        }
        if (keepCheckpoints < 1) {
            throw new UserError("--keep-checkpoints must be >= 1, got " + keepCheckpoints);
        }
        if (imageSize < 0 || modelWidth < 1) {
            throw new UserError("--image-size must be >= 0 and --width >= 1, got " + imageSize + " and " + modelWidth);
        }
        if (gradientStatsEvery < 0) {
            throw new UserError("--grad-stats-every must be >= 0, got " + gradientStatsEvery);
        }
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", model);
        m.put("dataset", dataset);
        m.put("data", data.toAbsolutePath().normalize().toString());
        m.put("method", method);
        m.put("schedule", schedule);
        m.put("batch", batch);
        m.put("epochs", epochs);
        m.put("steps", steps);
        m.put("seed", seed);
        m.put("threads", threads);
        m.put("augment", augment);
        m.put("shuffle", shuffle);
        m.put("train_subset", trainSubset);
        m.put("grad_stats_every", gradientStatsEvery);
        m.put("stop_on_non_finite", stopOnNonFinite);
        m.put("checkpoint_every", checkpointEvery);
        if (dataset.equals("lgg")) {
            m.put("image_size", imageSize);
            m.put("model_width", modelWidth);
        }
        return m;
    }
}
