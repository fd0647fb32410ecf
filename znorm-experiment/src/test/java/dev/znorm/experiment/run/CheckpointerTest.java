package dev.znorm.experiment.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import dev.znorm.core.transform.TransformState;
import dev.znorm.zoo.Networks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a crash can leave behind: a half-written temporary file, a damaged newest checkpoint. */
class CheckpointerTest {

    @TempDir Path dir;

    @Test
    void keepsTheNewestFewAndFallsBackPastDamagedOrHalfWrittenFiles() throws Exception {
        try (NDManager m = NDManager.newBaseManager();
                TransformState opt = new TransformState()) {
            Block net = Networks.byName("resnet20", 10);
            net.initialize(m, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            Checkpointer c = new Checkpointer(dir, 2);
            for (long step = 1; step <= 4; step++) {
                c.save(
                        step,
                        net,
                        opt,
                        Map.of("step", step, "threads", 2L),
                        Map.of("machine", "{\"cpu_model\":\"test\"}"));
            }
            assertEquals(2, c.list().size(), "only the newest two are kept");
            // a crash while writing leaves a temporary file next to intact checkpoints
            Files.write(dir.resolve("ckpt-000000005.znst12345.tmp"), new byte[] {1, 2, 3});
            Checkpointer.Loaded newest = c.newest(m, line -> {}).orElseThrow();
            assertEquals(4L, newest.run().get("step"));
            assertEquals(
                    "{\"cpu_model\":\"test\"}",
                    newest.metadata().get("machine"),
                    "the machine travels with the checkpoint");
            // a newest checkpoint that is damaged (e.g. a file system without atomic rename)
            Path last = c.list().get(1);
            byte[] bytes = Files.readAllBytes(last);
            Files.write(last, java.util.Arrays.copyOf(bytes, bytes.length / 3));
            List<String> log = new ArrayList<>();
            Checkpointer.Loaded back = c.newest(m, log::add).orElseThrow();
            assertEquals(3L, back.run().get("step"), "falls back to the previous checkpoint");
            assertTrue(
                    log.size() == 1 && log.get(0).contains("skipping damaged checkpoint"),
                    log.toString());
            c.clear();
            assertTrue(
                    c.list().isEmpty()
                            && !Files.exists(dir.resolve("ckpt-000000005.znst12345.tmp")),
                    "cleared, leftovers too");
        }
    }
}
