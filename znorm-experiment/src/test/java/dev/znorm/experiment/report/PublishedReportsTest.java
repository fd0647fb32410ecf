package dev.znorm.experiment.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.znorm.experiment.grid.GridSpecReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every published comparison under results/ rebuilds, from its run records alone, into exactly the
 * report files that are committed: the reports are a function of the records, and a change to the
 * report code shows up here until the published results are rebuilt with it.
 */
class PublishedReportsTest {

    @TempDir Path dir;

    static Path results() {
        return Path.of(System.getProperty("znorm.repo.dir", "../..")).resolve("results");
    }

    /**
     * The studies under results/ and the grids one level further down (results/scaling/n2500-e8): a
     * study of several grids publishes one report per grid, and each must match its records.
     */
    static List<String> studies() throws IOException {
        try (Stream<Path> s = Files.walk(results(), 2)) {
            return s.filter(
                            p ->
                                    Files.exists(p.resolve("config.yaml"))
                                            && Files.isDirectory(p.resolve("runs")))
                    .map(p -> results().relativize(p).toString().replace('\\', '/'))
                    .sorted()
                    .toList();
        }
    }

    @ParameterizedTest
    @MethodSource("studies")
    void rebuildsByteForByte(String study) throws IOException {
        Path published = results().resolve(study);
        Path copy = dir.resolve(study);
        copyTree(published, copy);
        ReportWriter.write(GridSpecReader.read(copy.resolve("config.yaml")), copy);
        List<Path> outputs;
        try (Stream<Path> s = Files.list(published)) {
            outputs =
                    s.filter(
                                    p ->
                                            p.toString()
                                                    .matches(
                                                            ".*(summary\\.json|report\\.md|report\\.html|\\.svg)$"))
                            .sorted()
                            .toList();
        }
        assertFalse(outputs.isEmpty(), study + " has no report files");
        for (Path p : outputs) {
            assertEquals(
                    Files.readString(p),
                    Files.readString(copy.resolve(p.getFileName())),
                    study + "/" + p.getFileName());
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
