package dev.znorm.experiment.sequential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.znorm.experiment.BadInputException;
import dev.znorm.experiment.grid.Cell;
import dev.znorm.experiment.grid.GridSpec;
import dev.znorm.experiment.grid.GridSpecReader;
import dev.znorm.experiment.report.SequentialRecord;
import dev.znorm.experiment.testing.HandRuns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seeds-until-resolved loop on runs whose results are written by hand (no training): it stops
 * at the first look whose interval, at the level shared over every possible look, excludes 0; runs
 * to the maximum when there is no effect; and its intervals match a closed form.
 */
class UntilResolvedTest {

    @TempDir Path dir;

    private GridSpec grid(String seeds) throws Exception {
        return GridSpecReader.read(
                Files.writeString(
                        dir.resolve("g.yaml"),
                        "data: x\nmodels: [resnet8]\nmethods: [adam, znorm+adam, gc+adam]\nseeds: "
                                + seeds
                                + "\nsplit: val\n"));
    }

    /**
     * A pass that "runs" every cell by writing its final accuracy: adam 0.5, the others 0.5 +
     * gain(seed).
     */
    private static UntilResolved.GridPass writes(
            Path out, LongToDoubleFunction gain, List<Integer> passes) {
        return spec -> {
            passes.add(spec.seeds().size());
            for (Cell c : spec.cells()) {
                double acc = c.method().equals("adam") ? 0.5 : 0.5 + gain.applyAsDouble(c.seed());
                HandRuns.finished(out, c, "val", acc);
            }
        };
    }

    /** +1, -1, 0 by seed modulo 3, times {@code size}: mean 0 over each three seeds. */
    private static double wobble(long seed, double size) {
        return size * (seed % 3 == 1 ? 1 : seed % 3 == 2 ? -1 : 0);
    }

    @Test
    void stopsAtTheFirstLookWhoseSharedLevelIntervalExcludesZero() throws Exception {
        Path out = dir.resolve("clear");
        List<Integer> passes = new ArrayList<>();
        UntilResolved.Outcome o =
                UntilResolved.run(
                        grid("[0, 1, 2]"),
                        out,
                        new UntilResolved.Options(8, 0),
                        writes(out, s -> 0.03 + wobble(s, 0.001), passes),
                        line -> {});
        SequentialRecord r = o.record();
        assertEquals(List.of(3), passes, "resolved at the first look");
        double level = 1 - 0.05 / 6; // 3 to 8 seeds: 6 looks share the 5%
        assertEquals(level, r.levelPerLook(), 1e-15);
        SequentialRecord.Pair p = r.looks().get(0).pairs().get(0);
        assertEquals("znorm+adam", p.method(), "the headline pair; gc+adam is left to the table");
        // the t quantile with 2 degrees of freedom in closed form: q(P) = (2P - 1) / sqrt(2P(1-P))
        double prob = 1 - (1 - level) / 2;
        double q = (2 * prob - 1) / Math.sqrt(2 * prob * (1 - prob));
        double half = q * 0.001 / Math.sqrt(3); // the gains' sd is 0.001
        assertEquals(0.03 - half, p.lo(), 1e-9);
        assertEquals(0.03 + half, p.hi(), 1e-9);
        assertEquals("excludes 0", p.state());
        assertTrue(r.stopped().startsWith("after 3 seeds"), r.stopped());
        assertEquals(r, SequentialRecord.read(out).orElseThrow(), "the record is in the folder");
    }

    @Test
    void addsSeedsUpToTheMaximumWhenThereIsNoEffect() throws Exception {
        Path out = dir.resolve("none");
        List<Integer> passes = new ArrayList<>();
        UntilResolved.Outcome o =
                UntilResolved.run(
                        grid("[0, 1]"),
                        out,
                        new UntilResolved.Options(5, 0),
                        writes(out, s -> s % 2 == 0 ? 0.01 : -0.012, passes),
                        line -> {});
        assertEquals(List.of(2, 3, 4, 5), passes, "one seed added per look");
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L), o.spec().seeds());
        assertEquals(4, o.record().looks().size());
        assertTrue(o.record().stopped().startsWith("at the maximum of 5 seeds"));
        assertTrue(
                o.record().looks().stream().allMatch(l -> l.pairs().get(0).state().equals("open")));
    }

    @Test
    void aWidthAlsoSettlesAPair() throws Exception {
        Path out = dir.resolve("narrow");
        List<Integer> passes = new ArrayList<>();
        // mean 0, sd 0.001: never excludes 0; at 3 seeds the interval (4 looks share the 5%) is
        // 2 x 8.86 x 0.001 / sqrt(3) = 1.02 pp wide
        UntilResolved.Outcome o =
                UntilResolved.run(
                        grid("[0, 1, 2]"),
                        out,
                        new UntilResolved.Options(6, 1.5),
                        writes(out, s -> wobble(s, 0.001), passes),
                        line -> {});
        assertEquals(List.of(3), passes);
        assertEquals("narrower than 1.5 pp", o.record().looks().get(0).pairs().get(0).state());
    }

    @Test
    void refusesWhatCannotWork() throws Exception {
        UntilResolved.GridPass none = spec -> {};
        UntilResolved.Options eight = new UntilResolved.Options(8, 0);
        assertThrows(
                BadInputException.class,
                () -> UntilResolved.run(grid("[0]"), dir, eight, none, l -> {}),
                "one seed gives no interval");
        assertThrows(
                BadInputException.class,
                () ->
                        UntilResolved.run(
                                grid("[0, 1, 2]"),
                                dir,
                                new UntilResolved.Options(2, 0),
                                none,
                                l -> {}),
                "a maximum below the grid's seeds");
        assertThrows(BadInputException.class, () -> new UntilResolved.Options(8, -1));
        GridSpec noZnorm =
                GridSpecReader.read(
                        Files.writeString(
                                dir.resolve("n.yaml"),
                                "data: x\nmodels: [resnet8]\nmethods: [adam, gc+adam]\nseeds: [0, 1]\n"));
        BadInputException e =
                assertThrows(
                        BadInputException.class,
                        () -> UntilResolved.run(noZnorm, dir, eight, none, l -> {}));
        assertTrue(e.getMessage().contains("no network of the grid runs both"), e.getMessage());
    }
}
