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
    void zNormsCostIsTakenAgainstTheSameOptimizerRunTheSameWay() {
        String row = "   750.00 ms (IQR 740.00-760.00)  +0.00%%       %s ms (IQR 1.00-9.00)";
        List<String> lines =
                List.of(
                        "date: d",
                        "cpu: c",
                        "intra-op threads: 2",
                        "git: g",
                        "## OptimizerStepBenchmark resnet56 200",
                        "znorm Adam                      2692 us (IQR 2571-2792)",
                        "## TrainingStepBenchmark resnet56 128 100",
                        "DJL built-in Adam" + String.format(row, "6.84"),
                        "znorm Adam" + String.format(row, "4.37"),
                        "ZNorm + znorm Adam, in place" + String.format(row, "4.58"),
                        "znorm Adam, WholeStep" + String.format(row, "2.69"),
                        "ZNorm + znorm Adam, WholeStep" + String.format(row, "3.21"),
                        "znorm SGD, mom. 0.9, WholeStep" + String.format(row, "2.06"),
                        "ZNorm + znorm SGD, mom. 0.9, WholeStep" + String.format(row, "2.61"),
                        "## resnet_step_bench.py 56 128 30 2",
                        "torch Adam           step    687.8 ms (+0.00%)   optimizer (with ZNorm)"
                                + "   4.98 ms",
                        "ZNorm + torch Adam   step    690.2 ms (+0.35%)   optimizer (with ZNorm)"
                                + "   6.84 ms",
                        "torch SGD, momentum 0.9 step    682.9 ms (-0.71%)   optimizer (with"
                                + " ZNorm)   2.07 ms",
                        "ZNorm + torch SGD, momentum 0.9 step    682.9 ms (-0.72%)   optimizer"
                                + " (with ZNorm)   3.80 ms",
                        "## LoaderBenchmark ../shared/data 30",
                        "CIFAR-10 PNG tree, first pass (decode 20000 images): 7,316 images/s");
        String md = ReadmeTables.render(Path.of("r.txt"), lines);
        assertTrue(
                md.contains(
                        "DJL 0.21 ms (in place), 0.52 ms (WholeStep), 0.55 ms (SGD, WholeStep),"
                                + " PyTorch 1.86 ms (Adam), 1.73 ms (SGD)."),
                md);
        assertTrue(md.contains("| DJL: ZNorm + znorm SGD, mom. 0.9, WholeStep |"), md);
    }
}
