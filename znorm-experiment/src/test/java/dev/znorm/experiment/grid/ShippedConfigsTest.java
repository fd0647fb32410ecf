package dev.znorm.experiment.grid;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every comparison config published under results/ (machine and paper scale) is one znorm accepts.
 */
class ShippedConfigsTest {

    @Test
    void everyPublishedConfigReads() throws Exception {
        Path results = Path.of(System.getProperty("znorm.repo.dir", "..")).resolve("results");
        List<Path> configs;
        try (Stream<Path> s = Files.walk(results)) {
            configs =
                    s.filter(
                                    p ->
                                            p.toString().endsWith(".yaml")
                                                    && !p.toString().contains("/runs/"))
                            .sorted()
                            .toList();
        }
        assertFalse(configs.isEmpty(), "no configs under " + results);
        assertTrue(
                configs.stream().anyMatch(p -> p.getFileName().toString().contains("paper-scale")),
                "the paper-scale configs ship beside the machine-scale ones: " + configs);
        for (Path c : configs) {
            GridSpec cfg =
                    GridSpecReader.read(
                            c); // throws a BadInputException naming the file and the problem
            assertTrue(
                    cfg.seeds().size() >= 3,
                    c + ": at least 3 seeds per cell (docs/experiments.md)");
        }
    }
}
