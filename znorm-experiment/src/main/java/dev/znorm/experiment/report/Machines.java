package dev.znorm.experiment.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The machines a grid's runs were made on, as their config.json recorded them: libtorch's CPU
 * kernels repeat bit for bit only on the same CPU model and instruction sets at the same thread
 * count, so a reader comparing a re-run with the record needs to know which machine made it.
 */
final class Machines {

    private Machines() {}

    static final String INTRO =
            "Runs repeat bit for bit on the same CPU model, instruction sets and thread count;"
                    + " elsewhere they agree statistically (the README's reproducibility section"
                    + " gives the size of the difference). These machines made this grid's runs.";

    /** Whether any run recorded its machine (runs made before znorm recorded it did not). */
    static boolean recorded(List<RunRecord> runs) {
        return runs.stream().map(RunRecord::machine).anyMatch(Objects::nonNull);
    }

    static Table table(List<RunRecord> runs) {
        Map<List<String>, List<RunRecord>> byKind = new LinkedHashMap<>();
        for (RunRecord r : runs) {
            if (r.status().equals("missing")) {
                continue;
            }
            byKind.computeIfAbsent(kind(r.machine()), k -> new ArrayList<>()).add(r);
        }
        Table t =
                new Table(
                        List.of(
                                "CPU",
                                "signature",
                                "libtorch kernels",
                                "instruction sets",
                                "cores",
                                "runs",
                                "hosts"));
        byKind.forEach(
                (kind, made) -> {
                    List<String> row = new ArrayList<>(kind);
                    row.add(String.valueOf(made.size()));
                    TreeSet<String> hosts = new TreeSet<>();
                    for (RunRecord r : made) {
                        Object h = r.machine() == null ? null : r.machine().get("host");
                        hosts.add(h == null ? "not recorded" : h.toString());
                    }
                    row.add(String.join(", ", hosts));
                    t.add(row);
                });
        return t;
    }

    /** What decides the kernels: CPU model, signature, ATen capability, flags, cores. */
    private static List<String> kind(Map<String, Object> m) {
        if (m == null) {
            return List.of("not recorded", "-", "-", "-", "-");
        }
        Object flags = m.get("cpu_flags");
        return List.of(
                String.valueOf(m.getOrDefault("cpu_model", "?")),
                String.valueOf(m.getOrDefault("cpu_signature", "?")),
                String.valueOf(m.getOrDefault("libtorch_cpu_capability", "?")),
                flags instanceof List<?> l
                        ? String.join(" ", l.stream().map(String::valueOf).toList())
                        : "?",
                String.valueOf(m.getOrDefault("cores", "?")));
    }
}
