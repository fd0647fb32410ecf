package dev.znorm.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The profile section of a results file becomes one table per batch size, runs side by side. */
class ProfileTableTest {

    @Test
    void rendersEachBatchsPhasesRunByRunAndTheTimeInsideLibtorch() {
        List<String> section =
                List.of(
                        "### batch 128",
                        "DJL 0.36.0, PyTorch 2.7.1, ResNet-56, batch 128, 2 intra-op threads",
                        "  forward            310.65 ms",
                        "  backward           490.69 ms",
                        "libtorch profile of 1 steps (961 ms a step while profiled): x.json (791 KB)",
                        "PyTorch 1.13.0a0, ResNet-56, batch 128, 2 intra-op threads",
                        "  forward            286.78 ms",
                        "  backward           465.93 ms",
                        "DJL 0.36.0, PyTorch 2.7.1, ResNet-56, batch 128, 2 intra-op threads",
                        "  forward            303.00 ms",
                        "  backward           467.97 ms",
                        "inside libtorch, per step       DJL ms  calls  PyTorch ms  calls",
                        "forward + loss                   250.3    328       223.7    265",
                        "### batch 2",
                        "PyTorch 1.13.0a0, ResNet-56, batch 2, 2 intra-op threads",
                        "  forward             12.24 ms");
        String md = ProfileTable.render(section);
        assertTrue(md.contains("| forward | 310.65, 303.00 | 286.78 |\n"), md);
        assertTrue(md.contains("| backward | 490.69, 467.97 | 465.93 |\n"), md);
        assertTrue(
                md.contains(
                        "| inside libtorch's operators: forward + loss | 250.3 ms in 328 calls |"
                                + " 223.7 ms in 265 calls |\n"),
                md);
        assertTrue(md.contains("| ResNet-56 step, batch 2, median ms"), md);
        assertTrue(md.contains("| forward |  | 12.24 |\n"), md);
    }

    @Test
    void anAbsentOrSkippedSectionRendersNothing() {
        assertEquals("", ProfileTable.render(null));
        assertEquals(
                "",
                ProfileTable.render(
                        List.of("skipped: Debian's python3-torch is not installed (apt-get ...)")));
    }
}
