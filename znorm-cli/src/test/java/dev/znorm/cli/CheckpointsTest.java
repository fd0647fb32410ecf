package dev.znorm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import dev.znorm.core.transform.TransformState;
import dev.znorm.zoo.Networks;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a crash can leave behind: a half-written temporary file, a damaged newest checkpoint. */
class CheckpointsTest {

    @TempDir
    Path dir;

    @Test
    void keepsTheNewestFewAndFallsBackPastDamagedOrHalfWrittenFiles() throws Exception {
        try (NDManager m = NDManager.newBaseManager(); TransformState opt = new TransformState()) {
            Block net = Networks.byName("resnet20", 10);
            net.initialize(m, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            Checkpoints c = new Checkpoints(dir, 2);
            for (long step = 1; step <= 4; step++) {
                c.save(step, net, opt, Map.of("step", step, "threads", 2L));
            }
            assertEquals(2, c.list().size(), "only the newest two are kept");
            // a crash while writing leaves a temporary file next to intact checkpoints
            Files.write(dir.resolve("ckpt-000000005.znst12345.tmp"), new byte[] {1, 2, 3});
            assertEquals(4L, c.newest(m, System.out).orElseThrow().run().get("step"));
            // a newest checkpoint that is damaged (e.g. a file system without atomic rename)
            Path newest = c.list().get(1);
            byte[] bytes = Files.readAllBytes(newest);
            Files.write(newest, java.util.Arrays.copyOf(bytes, bytes.length / 3));
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            Checkpoints.Loaded back = c.newest(m, new PrintStream(log, true, StandardCharsets.UTF_8)).orElseThrow();
            assertEquals(3L, back.run().get("step"), "falls back to the previous checkpoint");
            assertTrue(log.toString(StandardCharsets.UTF_8).contains("skipping damaged checkpoint"), log.toString());
        }
    }
}
