package dev.znorm.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README's performance tables are exactly what ReadmeTables makes of the newest committed
 * results file: no figure in them was typed by hand or left from an older run. (Nothing is run or
 * timed here.)
 */
class ReadmeTablesTest {

    private static final Path HOME = Path.of(System.getProperty("znorm.home", ".."));

    @Test
    void theReadmeTablesAreTheNewestResultsFileRendered() throws Exception {
        Path newest;
        try (Stream<Path> files = Files.list(HOME.resolve("znorm-bench/results"))) {
            newest =
                    files.filter(f -> f.toString().endsWith(".txt"))
                            .sorted()
                            .reduce((a, b) -> b)
                            .orElseThrow();
        }
        String readme = Files.readString(HOME.resolve("README.md"), StandardCharsets.UTF_8);
        int b = readme.indexOf(ReadmeTables.BEGIN) + ReadmeTables.BEGIN.length() + 1;
        int e = readme.indexOf(ReadmeTables.END);
        String rendered =
                ReadmeTables.render(
                        Path.of("znorm-bench/results").resolve(newest.getFileName()),
                        Files.readAllLines(newest, StandardCharsets.UTF_8));
        assertEquals(
                rendered,
                readme.substring(b, e),
                "README.md's tables differ from " + newest + ": run ReadmeTables on it");
    }

    @Test
    void aResultsFileWithoutASectionSaysWhichIsMissing() {
        IllegalArgumentException ex =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                ReadmeTables.render(
                                        Path.of("r.txt"),
                                        List.of(
                                                "date: d",
                                                "cpu: c",
                                                "intra-op threads: 2",
                                                "git: g",
                                                "## OptimizerStepBenchmark")));
        assertTrue(ex.getMessage().contains("TrainingStepBenchmark"), ex.getMessage());
    }

    /**
     * ZNorm's cost is each row with ZNorm less the row of the same name without it, per optimizer:
     * an SGD row with ZNorm is not measured against Adam's.
     */
    @Test
    void zNormsCostIsTakenAgainstTheSameOptimizerRunTheSameWay() throws Exception {
        List<String> lines = new java.util.ArrayList<>();
        for (String line :
                Files.readAllLines(
                        HOME.resolve("znorm-bench/results/2026-11-29.txt"),
                        StandardCharsets.UTF_8)) {
            lines.add(line);
            if (line.startsWith("znorm SGD, mom. 0.9, WholeStep")) {
                lines.add(
                        "ZNorm + znorm SGD, mom. 0.9, WholeStep   748.00 ms (IQR 740.00-760.00)"
                                + "  -1.20%       2.50 ms (IQR 2.40-2.60)");
            }
            if (line.startsWith("torch SGD, momentum 0.9")) {
                lines.add(
                        "ZNorm + torch SGD, momentum 0.9 step    735.0 ms (-1.70%)   optimizer"
                                + " (with ZNorm)   4.54 ms");
            }
        }
        String md = ReadmeTables.render(Path.of("r.txt"), lines);
        assertTrue(
                md.contains(
                        "DJL 1.13 ms (new arrays), 0.34 ms (in place), 0.54 ms (WholeStep),"
                                + " 0.50 ms (SGD, WholeStep), PyTorch 2.06 ms (Adam),"
                                + " 2.10 ms (SGD)."),
                md);
        assertTrue(md.contains("| DJL: ZNorm + znorm SGD, mom. 0.9, WholeStep |"), md);
    }
}
