package dev.znorm.experiment.grid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.znorm.experiment.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shards: every cell of a grid in exactly one shard, K/N parsed from the flag or a scheduler's
 * environment, and wrong values named.
 */
class ShardTest {

    @TempDir Path dir;

    @Test
    void theShardsOfAGridHoldEachCellOnce() throws Exception {
        Path cfg =
                Files.writeString(
                        dir.resolve("g.yaml"),
                        "data: "
                                + dir
                                + "\nmodels: [resnet8, plain8]\nmethods: [adam, znorm+adam]\nseeds: [0, 1, 2]\n");
        GridSpec spec = GridSpecReader.read(cfg);
        assertEquals(12, spec.size());
        for (int n : new int[] {1, 3, 5, 12, 20}) {
            List<Cell> seen = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                Shard s = new Shard(k, n);
                spec.cells().stream().filter(s::contains).forEach(seen::add);
            }
            assertEquals(spec.cells().size(), seen.size(), n + " shards");
            assertTrue(seen.containsAll(spec.cells()), n + " shards");
        }
        Shard third = Shard.parse(" 2 / 12 ");
        assertEquals(
                List.of(spec.cells().get(2)),
                spec.cells().stream().filter(third::contains).toList(),
                "with a shard per cell, shard K is cell K");
    }

    @Test
    void parsesKOfNAndRefusesTheRest() {
        assertEquals(new Shard(0, 1), Shard.parse("0/1"));
        assertEquals("3/8", Shard.parse("3/8").toString());
        for (String bad : new String[] {"8/8", "-1/8", "1/0", "half", "1/2/3", "", "1/"}) {
            assertThrows(BadInputException.class, () -> Shard.parse(bad), bad);
        }
    }

    @Test
    void readsTheSchedulersEnvironment() {
        assertEquals(Optional.empty(), Shard.fromEnvironment(Map.of()));
        assertEquals(
                Optional.of(new Shard(5, 16)),
                Shard.fromEnvironment(
                        Map.of("SLURM_ARRAY_TASK_ID", "5", "SLURM_ARRAY_TASK_COUNT", "16")));
        // an array 10-25 (no COUNT, as older Slurm sets): index from MIN, count from MIN..MAX
        assertEquals(
                Optional.of(new Shard(2, 16)),
                Shard.fromEnvironment(
                        Map.of(
                                "SLURM_ARRAY_TASK_ID", "12",
                                "SLURM_ARRAY_TASK_MIN", "10",
                                "SLURM_ARRAY_TASK_MAX", "25")));
        assertEquals(
                Optional.of(new Shard(3, 4)),
                Shard.fromEnvironment(
                        Map.of("JOB_COMPLETION_INDEX", "3", "ZNORM_SHARD_COUNT", "4")));
        BadInputException noCount =
                assertThrows(
                        BadInputException.class,
                        () -> Shard.fromEnvironment(Map.of("JOB_COMPLETION_INDEX", "3")));
        assertTrue(noCount.getMessage().contains("ZNORM_SHARD_COUNT"), noCount.getMessage());
        BadInputException garbage =
                assertThrows(
                        BadInputException.class,
                        () ->
                                Shard.fromEnvironment(
                                        Map.of(
                                                "SLURM_ARRAY_TASK_ID",
                                                "x",
                                                "SLURM_ARRAY_TASK_COUNT",
                                                "4")));
        assertTrue(
                garbage.getMessage().contains("SLURM_ARRAY_TASK_ID=x is not a whole number"),
                garbage.getMessage());
        assertThrows(
                BadInputException.class,
                () ->
                        Shard.fromEnvironment(
                                Map.of("SLURM_ARRAY_TASK_ID", "4", "SLURM_ARRAY_TASK_COUNT", "4")),
                "an index past the count");
        assertThrows(
                BadInputException.class,
                () -> Shard.fromEnvironment(Map.of("SLURM_ARRAY_TASK_ID", "4")),
                "no count");
    }
}
