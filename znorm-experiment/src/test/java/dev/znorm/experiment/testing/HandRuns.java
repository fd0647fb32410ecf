package dev.znorm.experiment.testing;

import dev.znorm.experiment.grid.Cell;
import dev.znorm.experiment.io.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Finished runs written by hand: one epoch whose headline metric is given, no training. */
public final class HandRuns {

    private HandRuns() {}

    /** Writes {@code cell}'s run under the grid folder {@code out}, finishing at {@code value}. */
    public static void finished(Path out, Cell cell, String split, double value)
            throws IOException {
        Path run = Files.createDirectories(cell.dir(out));
        Files.writeString(
                run.resolve("metrics.jsonl"),
                Json.write(
                                Map.of(
                                        "epoch",
                                        1,
                                        "steps",
                                        1,
                                        "train_loss",
                                        1.0,
                                        "primary",
                                        Map.of(split, value),
                                        "epoch_seconds",
                                        1.0))
                        + "\n");
        Files.writeString(
                run.resolve("result.json"),
                Json.write(Map.of("status", "finished", "wall_seconds", 1.0)));
    }
}
