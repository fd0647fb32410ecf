package dev.znorm.experiment.sequential;

import dev.znorm.experiment.BadInputException;
import dev.znorm.experiment.grid.Cell;
import dev.znorm.experiment.grid.GridSpec;
import dev.znorm.experiment.report.HeadToHead;
import dev.znorm.experiment.report.PairedStats;
import dev.znorm.experiment.report.RunRecord;
import dev.znorm.experiment.report.SequentialRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Seeds until the answer is clear: runs the grid, looks at each network's headline pair (the
 * baseline and the ZNorm method held against it) and, while some pair's interval still contains 0
 * (and is wider than the width asked for), adds the next seed to every cell and runs again, up to a
 * maximum. The intervals are valid whenever the loop stops ({@link SequentialRecord}).
 */
public final class UntilResolved {

    /** The family-wise error over all looks. */
    public static final double ALPHA = 0.05;

    /** How far the loop may go, and the width that also settles a pair (0: only excluding 0). */
    public record Options(int maxSeeds, double widthPp) {
        public Options {
            if (widthPp < 0) {
                throw new BadInputException(
                        "--width must be >= 0 percentage points, got " + widthPp);
            }
        }
    }

    /** One run of the grid over its current seeds (skipping what finished). */
    @FunctionalInterface
    public interface GridPass {
        void run(GridSpec spec) throws Exception;
    }

    private UntilResolved() {}

    /** The record of the looks, and the grid with the seeds it ended with. */
    public record Outcome(SequentialRecord record, GridSpec spec) {}

    /**
     * Runs {@code spec} into {@code out} through {@code pass} until resolved; returns the record
     * (also written to the folder after each look) and the grid as it ended.
     */
    public static Outcome run(
            GridSpec spec, Path out, Options o, GridPass pass, Consumer<String> log)
            throws Exception {
        int first = spec.seeds().size();
        check(spec, o);
        double level = 1 - ALPHA / (o.maxSeeds() - first + 1);
        List<SequentialRecord.Look> looks = new ArrayList<>();
        GridSpec current = spec;
        while (true) {
            pass.run(current);
            SequentialRecord.Look look = look(current, out, level, o.widthPp());
            looks.add(look);
            boolean settled = look.pairs().stream().noneMatch(p -> p.state().equals("open"));
            int n = current.seeds().size();
            String stopped =
                    settled
                            ? "after " + n + " seeds, every pair is settled"
                            : n >= o.maxSeeds()
                                    ? "at the maximum of " + n + " seeds, with a pair still open"
                                    : null;
            SequentialRecord record =
                    new SequentialRecord(
                            ALPHA, first, o.maxSeeds(), level, o.widthPp(), looks, stopped);
            record.write(out);
            log.accept(describe(look, level));
            if (stopped != null) {
                log.accept("--until-resolved stopped " + stopped);
                return new Outcome(record, current);
            }
            List<Long> seeds = new ArrayList<>(current.seeds());
            seeds.add(seeds.stream().mapToLong(Long::longValue).max().orElse(-1) + 1);
            current = current.withSeeds(seeds);
        }
    }

    private static void check(GridSpec spec, Options o) {
        if (spec.seeds().size() < 2) {
            throw new BadInputException(
                    spec.file() + ": --until-resolved needs at least 2 seeds to start from");
        }
        if (o.maxSeeds() < spec.seeds().size()) {
            throw new BadInputException(
                    "--max-seeds "
                            + o.maxSeeds()
                            + " is below the grid's "
                            + spec.seeds().size()
                            + " seeds");
        }
        if (spec.models().stream()
                .allMatch(m -> HeadToHead.champion(spec.methods(m), spec.baseline()) == null)) {
            throw new BadInputException(
                    spec.file()
                            + ": --until-resolved looks at the baseline ("
                            + spec.baseline()
                            + ") against a ZNorm method, and no network of the grid runs both");
        }
    }

    /** Every headline pair over the seeds of {@code spec}, at the per-look level. */
    static SequentialRecord.Look look(GridSpec spec, Path out, double level, double widthPp)
            throws IOException {
        List<SequentialRecord.Pair> pairs = new ArrayList<>();
        for (String model : spec.models()) {
            String champion = HeadToHead.champion(spec.methods(model), spec.baseline());
            if (champion == null) {
                continue;
            }
            PairedStats d =
                    PairedStats.between(
                            runs(spec, out, model, champion),
                            runs(spec, out, model, spec.baseline()),
                            r -> r.finalValue(spec.split()));
            double[] ci = d.intervalAt(level);
            String state =
                    Double.isNaN(ci[0])
                            ? "open"
                            : ci[0] > 0 || ci[1] < 0
                                    ? "excludes 0"
                                    : widthPp > 0 && 100 * (ci[1] - ci[0]) < widthPp
                                            ? "narrower than " + widthPp + " pp"
                                            : "open";
            pairs.add(
                    new SequentialRecord.Pair(
                            model,
                            champion,
                            spec.baseline(),
                            d.n(),
                            d.mean(),
                            ci[0],
                            ci[1],
                            state));
        }
        return new SequentialRecord.Look(spec.seeds().size(), pairs);
    }

    private static List<RunRecord> runs(GridSpec spec, Path out, String model, String method)
            throws IOException {
        List<RunRecord> runs = new ArrayList<>();
        for (Cell c : spec.cells()) {
            if (c.model().equals(model) && c.method().equals(method)) {
                runs.add(RunRecord.read(c.dir(out), model, method, c.seed()));
            }
        }
        return runs;
    }

    private static String describe(SequentialRecord.Look look, double level) {
        StringBuilder s =
                new StringBuilder(
                        String.format(
                                Locale.ROOT,
                                "--until-resolved, %d seeds (intervals at %.2f%%):",
                                look.seeds(),
                                100 * level));
        for (SequentialRecord.Pair p : look.pairs()) {
            s.append(
                    String.format(
                            Locale.ROOT,
                            " %s %s − %s %+.2f [%+.2f, %+.2f] pp, %s;",
                            p.model(),
                            p.method(),
                            p.baseline(),
                            100 * p.mean(),
                            100 * p.lo(),
                            100 * p.hi(),
                            p.state()));
        }
        return s.substring(0, s.length() - 1);
    }
}
