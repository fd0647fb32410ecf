package dev.znorm.experiment.env;

import ai.djl.engine.Engine;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The machine a run is made on, as recorded in its config.json: libtorch's CPU kernels are
 * bit-for-bit repeatable only on the same CPU model, instruction sets and thread count, so a reader
 * (and a resume) must be able to tell a machine difference from a bug.
 */
public final class MachineInfo {

    /** The CPU flags that decide which kernels libtorch and oneDNN dispatch to. */
    static final List<String> DISPATCH_FLAGS =
            List.of(
                    "avx",
                    "avx2",
                    "fma",
                    "avx512f",
                    "avx512bw",
                    "avx512vl",
                    "avx512dq",
                    "avx512_vnni",
                    "avx512_bf16",
                    "avx512_fp16",
                    "amx_tile",
                    "amx_bf16",
                    "amx_int8");

    private MachineInfo() {}

    /** Everything recorded about this machine, in a fixed key order. */
    public static Map<String, Object> current() {
        Map<String, String> cpu = cpuInfo(Path.of("/proc/cpuinfo"));
        Set<String> flags = flags(cpu.getOrDefault("flags", ""));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("host", host());
        m.put("cpu_model", cpu.getOrDefault("model name", System.getProperty("os.arch")));
        m.put(
                "cpu_signature",
                cpu.getOrDefault("vendor_id", "?")
                        + " family "
                        + cpu.getOrDefault("cpu family", "?")
                        + " model "
                        + cpu.getOrDefault("model", "?")
                        + " stepping "
                        + cpu.getOrDefault("stepping", "?"));
        m.put("cpu_flags", new ArrayList<>(flags));
        m.put(
                "libtorch_cpu_capability",
                cpuCapability(flags, System.getenv("ATEN_CPU_CAPABILITY")));
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put(
                "os",
                System.getProperty("os.name")
                        + " "
                        + System.getProperty("os.version")
                        + " "
                        + System.getProperty("os.arch"));
        m.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        Engine engine = Engine.getInstance();
        m.put("djl_version", Engine.getDjlVersion());
        m.put("engine", engine.getEngineName() + " " + engine.getVersion());
        List<String> caps = new ArrayList<>();
        for (String c : List.of("MKL", "MKLDNN", "OPENMP", "CUDA", "CUDNN")) {
            if (engine.hasCapability(c)) {
                caps.add(c);
            }
        }
        m.put("engine_capabilities", caps);
        m.put("device", engine.defaultDevice().toString());
        return m;
    }

    /**
     * The kernel family ATen picks (its {@code compute_cpu_capability}): AVX512 needs avx512vl, bw,
     * dq and fma; AVX2 needs avx2 and fma; the {@code ATEN_CPU_CAPABILITY} variable overrides.
     */
    static String cpuCapability(Set<String> flags, String override) {
        if (override != null && !override.isBlank()) {
            return override.trim().toUpperCase(java.util.Locale.ROOT) + " (ATEN_CPU_CAPABILITY)";
        }
        if (flags.containsAll(List.of("avx512vl", "avx512bw", "avx512dq", "fma"))) {
            return "AVX512";
        }
        if (flags.containsAll(List.of("avx2", "fma"))) {
            return "AVX2";
        }
        return "DEFAULT";
    }

    /** The dispatch-relevant flags among a /proc/cpuinfo flags line, sorted. */
    static Set<String> flags(String line) {
        Set<String> all = Set.of(line.trim().split("\\s+"));
        Set<String> out = new TreeSet<>();
        for (String f : DISPATCH_FLAGS) {
            if (all.contains(f)) {
                out.add(f);
            }
        }
        return out;
    }

    /** The first processor's "key : value" lines of /proc/cpuinfo; empty where there is none. */
    static Map<String, String> cpuInfo(Path file) {
        Map<String, String> m = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.isBlank()) {
                    break;
                }
                int colon = line.indexOf(':');
                if (colon > 0) {
                    m.putIfAbsent(
                            line.substring(0, colon).trim(), line.substring(colon + 1).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or not readable: the record says what the JVM knows
        }
        return m;
    }

    /** This machine's host name (HOSTNAME, else the resolver's). */
    public static String host() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /**
     * What differs between two recorded machines in a way that changes libtorch's arithmetic (CPU
     * model, kernel family, dispatch flags, engine version); empty when a run can continue bit for
     * bit.
     */
    public static List<String> arithmeticDifferences(
            Map<String, Object> recorded, Map<String, Object> now) {
        List<String> out = new ArrayList<>();
        for (String key :
                List.of(
                        "cpu_model",
                        "cpu_signature",
                        "libtorch_cpu_capability",
                        "cpu_flags",
                        "engine")) {
            Object a = recorded.get(key);
            Object b = now.get(key);
            if (a != null && !a.equals(b)) {
                out.add(key + " " + a + " -> " + b);
            }
        }
        return out;
    }
}
