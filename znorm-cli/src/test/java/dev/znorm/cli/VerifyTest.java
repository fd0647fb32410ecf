package dev.znorm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.znorm.experiment.io.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code znorm verify} on a grid the test made itself: re-runs on the same machine are
 * bit-identical; a record changed by hand is caught, its distance set against the seed spread.
 */
class VerifyTest {

    @TempDir static Path dir;
    static Path grid;

    @BeforeAll
    static void makeAGrid() throws Exception {
        Path cfg = SamplePairGrid.write(dir.resolve("g.yaml"), "v", 3, 32);
        grid = dir.resolve("grid");
        assertEquals(0, Main.run("compare", cfg.toString(), "--out", grid.toString()));
    }

    private static String run(int expected, String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream old = System.out;
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            code = Main.run(args);
        } finally {
            System.setOut(old);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(expected, code, text);
        return text;
    }

    @Test
    void reRunsAreBitIdenticalOnTheSameMachine() throws Exception {
        Path work = dir.resolve("verify");
        String text =
                run(
                        0,
                        "verify",
                        grid.toString(),
                        "--cells",
                        "2",
                        "--seed",
                        "3",
                        "--out",
                        work.toString());
        assertEquals(2, text.split(": bit-identical", -1).length - 1, text);
        assertTrue(
                text.contains("verified: every cell is bit-identical or within tolerance"), text);
        JsonNode json = Json.MAPPER.readTree(work.resolve("verify.json").toFile());
        assertEquals(2, json.size());
        assertEquals("identical", json.get(0).path("verdict").asText());
        assertTrue(json.get(0).path("same_machine_kind").asBoolean(), "made here, checked here");
    }

    @Test
    void aChangedRecordIsCaughtAndMeasuredAgainstTheSeedSpread() throws Exception {
        Path copy = BadInputTableTest.copy(grid, dir.resolve("tampered"));
        Path metrics = copy.resolve("runs/resnet8/adam/seed-1/metrics.jsonl");
        JsonNode line = Json.MAPPER.readTree(Files.readString(metrics));
        double recorded = line.path("primary").path("test").asDouble();
        // moved by ten times the spread over seeds: far outside any tolerance
        Files.writeString(
                metrics,
                Files.readString(metrics)
                        .replace("\"test\":" + recorded, "\"test\":" + (recorded + 0.5)));
        String text =
                run(
                        1,
                        "verify",
                        copy.toString(),
                        "--cell",
                        "resnet8/adam/1",
                        "--out",
                        dir.resolve("v2").toString());
        assertTrue(text.contains("resnet8/adam/1") && text.contains("OUTSIDE tolerance"), text);
        assertTrue(text.contains("NOT verified"), text);
        // a loose enough tolerance lets it pass, said to be within it, not identical
        String loose =
                run(
                        0,
                        "verify",
                        copy.toString(),
                        "--cell",
                        "resnet8/adam/1",
                        "--tolerance",
                        "1000",
                        "--out",
                        dir.resolve("v3").toString());
        assertTrue(loose.contains("within tolerance"), loose);
    }
}
