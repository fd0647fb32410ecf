package dev.znorm.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The README table of {@code profile-step.sh}'s output (the {@code ## StepProfile} section of a
 * results file): per batch size, each phase's median on each side, run by run, and the time inside
 * libtorch's operators per phase with the number of calls.
 */
final class ProfileTable {

    private static final Pattern BATCH = Pattern.compile("^### batch (\\d+)\\s*$");
    private static final Pattern PHASE = Pattern.compile("^  (\\S.*?)\\s+([\\d.]+) ms\\s*$");
    private static final Pattern INSIDE =
            Pattern.compile(
                    "^(forward \\+ loss|backward|optimizer step)\\s+([\\d.]+)\\s+(\\d+)\\s+([\\d.]+)\\s+(\\d+)\\s*$");

    private ProfileTable() {}

    /** The markdown, or "" when the section is absent or was skipped. */
    static String render(List<String> section) {
        if (section == null) {
            return "";
        }
        StringBuilder md = new StringBuilder();
        String batch = null;
        String side = null;
        Map<String, Runs> phases = new LinkedHashMap<>();
        List<String> inside = new ArrayList<>();
        for (String line : section) {
            Matcher b = BATCH.matcher(line);
            Matcher p = PHASE.matcher(line);
            Matcher in = INSIDE.matcher(line);
            if (b.matches()) {
                table(md, batch, phases, inside);
                batch = b.group(1);
                phases = new LinkedHashMap<>();
                inside = new ArrayList<>();
            } else if (line.startsWith("DJL ")) {
                side = "DJL";
            } else if (line.startsWith("PyTorch ")) {
                side = "PyTorch";
            } else if (p.matches() && side != null) {
                Runs r = phases.computeIfAbsent(p.group(1), k -> new Runs());
                (side.equals("DJL") ? r.djl() : r.torch()).add(p.group(2));
            } else if (in.matches()) {
                inside.add(
                        String.format(
                                Locale.ROOT,
                                "| inside libtorch's operators: %s | %s ms in %s calls | %s ms in"
                                        + " %s calls |%n",
                                in.group(1),
                                in.group(2),
                                in.group(3),
                                in.group(4),
                                in.group(5)));
            }
        }
        table(md, batch, phases, inside);
        return md.toString();
    }

    /** One phase's medians, run by run, on each side. */
    private record Runs(List<String> djl, List<String> torch) {
        Runs() {
            this(new ArrayList<>(), new ArrayList<>());
        }
    }

    private static void table(
            StringBuilder md, String batch, Map<String, Runs> phases, List<String> in) {
        if (batch == null || phases.isEmpty()) {
            return;
        }
        md.append("| ResNet-56 step, batch ")
                .append(batch)
                .append(", median ms of each run | DJL (ours, Adam) | PyTorch (torch.optim.Adam)")
                .append(" |\n|---|---|---|\n");
        for (Map.Entry<String, Runs> e : phases.entrySet()) {
            md.append("| ")
                    .append(e.getKey())
                    .append(" | ")
                    .append(String.join(", ", e.getValue().djl()))
                    .append(" | ")
                    .append(String.join(", ", e.getValue().torch()))
                    .append(" |\n");
        }
        in.forEach(md::append);
        md.append('\n');
    }
}
