package dev.znorm.experiment.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MachineInfoTest {

    @Test
    void kernelFamilyFollowsAtensRule() {
        assertEquals(
                "AVX512",
                MachineInfo.cpuCapability(
                        Set.of("avx2", "fma", "avx512f", "avx512vl", "avx512bw", "avx512dq"),
                        null));
        // avx512f alone is not enough: ATen also needs vl, bw and dq
        assertEquals("AVX2", MachineInfo.cpuCapability(Set.of("avx2", "fma", "avx512f"), null));
        assertEquals("DEFAULT", MachineInfo.cpuCapability(Set.of("avx2"), null));
        assertEquals(
                "AVX2 (ATEN_CPU_CAPABILITY)",
                MachineInfo.cpuCapability(Set.of("avx512vl"), "avx2"));
    }

    @Test
    void keepsOnlyDispatchFlagsSorted() {
        assertEquals(
                List.of("amx_tile", "avx2", "fma"),
                List.copyOf(MachineInfo.flags("fpu sse2 fma avx2 amx_tile ht")));
    }

    @Test
    void readsTheFirstProcessorOfCpuinfo(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("cpuinfo");
        Files.writeString(
                f,
                "processor\t: 0\nmodel name\t: Test CPU 9000\nflags\t\t: avx2 fma\n\nprocessor\t: 1\nmodel name\t: other\n");
        Map<String, String> m = MachineInfo.cpuInfo(f);
        assertEquals("Test CPU 9000", m.get("model name"));
        assertEquals("avx2 fma", m.get("flags"));
        assertTrue(MachineInfo.cpuInfo(dir.resolve("absent")).isEmpty());
    }

    @Test
    void namesWhatChangesTheArithmetic() {
        Map<String, Object> a =
                Map.of("cpu_model", "A", "libtorch_cpu_capability", "AVX512", "host", "h1");
        Map<String, Object> b =
                Map.of("cpu_model", "A", "libtorch_cpu_capability", "AVX2", "host", "h2");
        assertEquals(
                List.of("libtorch_cpu_capability AVX512 -> AVX2"),
                MachineInfo.arithmeticDifferences(a, b));
        assertTrue(
                MachineInfo.arithmeticDifferences(
                                a, Map.of("cpu_model", "A", "libtorch_cpu_capability", "AVX512"))
                        .isEmpty());
    }
}
