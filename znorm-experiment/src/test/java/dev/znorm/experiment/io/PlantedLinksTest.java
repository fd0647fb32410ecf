package dev.znorm.experiment.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.znorm.core.state.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A link planted in an output folder at the name of a record does not redirect the write: the
 * JSON-lines files refuse to follow it, and atomic writes replace the link, not its target.
 */
class PlantedLinksTest {

    @TempDir Path dir;

    @Test
    void writesNeverReachALinksTarget() throws Exception {
        Path victim = Files.writeString(dir.resolve("victim.txt"), "keep me");
        Path metrics = Files.createSymbolicLink(dir.resolve("metrics.jsonl"), victim);
        assertThrows(IOException.class, () -> JsonLines.open(metrics, true).close());
        assertThrows(IOException.class, () -> JsonLines.open(metrics, false).close());
        Path result = Files.createSymbolicLink(dir.resolve("result.json"), victim);
        AtomicFiles.write(result, "{\"status\":\"finished\"}\n");
        assertEquals("keep me", Files.readString(victim), "the target is untouched");
        assertFalse(Files.isSymbolicLink(result), "the link itself was replaced");
        assertEquals("{\"status\":\"finished\"}\n", Files.readString(result));
    }
}
