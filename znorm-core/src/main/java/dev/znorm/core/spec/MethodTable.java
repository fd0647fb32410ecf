package dev.znorm.core.spec;

import java.util.List;
import java.util.stream.Collectors;

/** The registry as text: the methods table of docs/methods.md and of {@code znorm methods}. */
public final class MethodTable {

    private MethodTable() {}

    /**
     * A Markdown table of every method: spec name, options with defaults, what it does, what it
     * applies to, Java API.
     */
    public static String markdown() {
        StringBuilder sb =
                new StringBuilder(
                        "| spec | options (defaults) | what it does | applies to | Java |\n|---|---|---|---|---|\n");
        for (MethodInfo m : MethodRegistry.builtIn()) {
            sb.append("| `")
                    .append(m.name())
                    .append(m.mainOption() == null ? "" : "=" + m.mainOption())
                    .append("` | ")
                    .append(escape(options(m.options(), "`", ", ")))
                    .append(" | ")
                    .append(escape(m.summary()))
                    .append(" | ")
                    .append(escape(m.appliesTo()))
                    .append(" | `")
                    .append(m.javaApi())
                    .append("` |\n");
        }
        return sb.toString();
    }

    /** Plain text for a terminal: one block per method. */
    public static String text() {
        StringBuilder sb = new StringBuilder();
        MethodInfo.Kind kind = null;
        for (MethodInfo m : MethodRegistry.builtIn()) {
            if (m.kind() != kind) {
                kind = m.kind();
                sb.append(
                        kind == MethodInfo.Kind.TRANSFORM
                                ? "Gradient transforms\n"
                                : kind == MethodInfo.Kind.WRAPPER
                                        ? "\nWrappers of the whole chain\n"
                                        : "\nOptimizers (last in a spec)\n");
            }
            sb.append(
                    String.format(
                            "  %-18s %s%n",
                            m.name() + (m.mainOption() == null ? "" : "=" + m.mainOption()),
                            m.summary()));
            for (OptionInfo o : m.options()) {
                sb.append(String.format("  %-18s   %-32s %s%n", "", o.usage(), o.doc()));
            }
        }
        return sb.toString();
    }

    private static String options(List<OptionInfo> options, String quote, String sep) {
        return options.isEmpty()
                ? ""
                : options.stream()
                        .map(o -> quote + o.usage() + quote)
                        .collect(Collectors.joining(sep));
    }

    private static String escape(String s) {
        return s.replace("|", "\\|");
    }
}
