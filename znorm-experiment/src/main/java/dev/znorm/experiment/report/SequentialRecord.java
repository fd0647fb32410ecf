package dev.znorm.experiment.report;

import dev.znorm.core.state.AtomicFiles;
import dev.znorm.experiment.io.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What {@code compare --until-resolved} saw and decided, kept in the grid folder as
 * sequential.json: the rule, each look (after each added seed) with every headline pair's interval,
 * and why it stopped. Each look's interval is the t interval at level 1 - alpha / K, K the looks
 * the maximum number of seeds allows, so that all K intervals hold together with probability at
 * least 1 - alpha (a union bound): an interval read after any look, and so after stopping, keeps
 * its 95% whatever made the loop stop. (A t interval at 95% re-read after every seed does not: its
 * misses add up over the looks.)
 *
 * @param alpha the family-wise error over all looks
 * @param firstSeeds the grid's seeds before any was added
 * @param maxSeeds the most seeds the loop may reach
 * @param levelPerLook 1 - alpha / (maxSeeds - firstSeeds + 1)
 * @param widthPp the interval width (percentage points) that also settles a pair; 0: none
 * @param stopped why the loop stopped (null while it runs)
 */
public record SequentialRecord(
        double alpha,
        int firstSeeds,
        int maxSeeds,
        double levelPerLook,
        double widthPp,
        List<Look> looks,
        String stopped) {

    public static final String FILE = "sequential.json";

    /** A headline pair at one look: the ZNorm method minus the baseline, final metric. */
    public record Pair(
            String model,
            String method,
            String baseline,
            int seeds,
            double mean,
            double lo,
            double hi,
            String state) {

        /** Whether the interval excludes 0. */
        public boolean excludesZero() {
            return lo > 0 || hi < 0;
        }
    }

    /** One look: the seeds the grid had, and each pair. */
    public record Look(int seeds, List<Pair> pairs) {}

    public SequentialRecord {
        looks = List.copyOf(looks);
    }

    /** The record of a grid folder, if the grid ran with --until-resolved. */
    public static Optional<SequentialRecord> read(Path out) throws IOException {
        Path f = out.resolve(FILE);
        if (!Files.exists(f)) {
            return Optional.empty();
        }
        return Optional.of(Json.MAPPER.treeToValue(Json.readObject(f), SequentialRecord.class));
    }

    public void write(Path out) throws IOException {
        AtomicFiles.write(out.resolve(FILE), Json.write(this) + "\n");
    }

    /** The paragraph above the table: the rule and why it stopped. */
    public String intro() {
        return String.format(
                Locale.ROOT,
                "compare --until-resolved started with %d seeds and added one at a time, up to %d,"
                        + " until every headline pair's interval excluded 0%s. Each look's"
                        + " interval is the paired t interval at %.2f%% (%.0f%% shared over the %d"
                        + " looks %d seeds allow), so the intervals hold together at %.0f%%"
                        + " whenever the loop stopped; the headline table's 95%% t interval treats"
                        + " the seeds as fixed in advance and is not the one to read here. %s",
                firstSeeds,
                maxSeeds,
                widthPp > 0
                        ? String.format(Locale.ROOT, " or was narrower than %.2f pp", widthPp)
                        : "",
                100 * levelPerLook,
                100 * alpha,
                maxSeeds - firstSeeds + 1,
                maxSeeds,
                100 * (1 - alpha),
                stopped == null ? "It has not stopped yet." : "Stopped: " + stopped + ".");
    }

    /** A row per look, a column per pair: mean [interval] (state), in percentage points. */
    public Table table() {
        List<String> header = new ArrayList<>(List.of("seeds"));
        if (!looks.isEmpty()) {
            looks.get(0)
                    .pairs()
                    .forEach(
                            p ->
                                    header.add(
                                            p.model()
                                                    + ": "
                                                    + p.method()
                                                    + " − "
                                                    + p.baseline()
                                                    + " (pp)"));
        }
        Table t = new Table(header);
        for (Look l : looks) {
            List<String> row = new ArrayList<>(List.of(String.valueOf(l.seeds())));
            for (Pair p : l.pairs()) {
                row.add(
                        Double.isNaN(p.lo())
                                ? "-"
                                : String.format(
                                        Locale.ROOT,
                                        "%+.2f [%+.2f, %+.2f] %s",
                                        100 * p.mean(),
                                        100 * p.lo(),
                                        100 * p.hi(),
                                        p.state()));
            }
            t.add(row);
        }
        return t;
    }
}
