package dev.znorm.cli;

import dev.znorm.experiment.grid.GridSpec;
import dev.znorm.experiment.sequential.UntilResolved;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code compare --until-resolved}: its options, and the loop that adds seeds. */
final class UntilResolvedOptions {

    @Option(
            names = "--until-resolved",
            description =
                    "Add seeds, one at a time, until each network's headline pair (the baseline and"
                            + " the ZNorm method) has an interval that excludes 0 (or is narrower than"
                            + " --width), with intervals that stay valid however many times they are"
                            + " looked at; at most --max-seeds.")
    boolean requested;

    @Option(
            names = "--max-seeds",
            defaultValue = "16",
            description = "With --until-resolved: the most seeds. Default: ${DEFAULT-VALUE}")
    int maxSeeds;

    @Option(
            names = "--width",
            defaultValue = "0",
            description =
                    "With --until-resolved: an interval narrower than this many percentage points"
                            + " also settles a pair (0: only one that excludes 0). Default:"
                            + " ${DEFAULT-VALUE}")
    double width;

    boolean requested() {
        return requested;
    }

    /** Runs the grid through {@code pass} until resolved; returns the grid as it ended. */
    GridSpec run(GridSpec spec, Path dir, UntilResolved.GridPass pass) throws Exception {
        return UntilResolved.run(
                        spec,
                        dir,
                        new UntilResolved.Options(maxSeeds, width),
                        pass,
                        System.out::println)
                .spec();
    }
}
