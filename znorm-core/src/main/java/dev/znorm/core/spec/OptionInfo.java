package dev.znorm.core.spec;

import java.util.List;

/**
 * One option of a method spec ({@code name=value} after the method's colon): its type, its default
 * (null when the option must be given) and what it does. The default written here is the one the
 * method's builder uses, so the spec, the Java API and the docs cannot disagree.
 */
public record OptionInfo(
        String name, Type type, String defaultValue, List<String> allowed, String doc) {

    /** How a value is read. */
    public enum Type {
        NUMBER,
        FLAG,
        CHOICE
    }

    public OptionInfo {
        allowed = List.copyOf(allowed);
    }

    public boolean required() {
        return defaultValue == null;
    }

    /** {@code name=default} or {@code name=(required)}, for tables and help. */
    public String usage() {
        String value =
                required()
                        ? "VALUE"
                        : type == Type.CHOICE
                                ? String.join("|", allowed) + " (" + defaultValue + ")"
                                : defaultValue;
        return name + "=" + value;
    }

    /** 0.9, 1e-12, 16: as a person writes the number in a spec. */
    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.valueOf((long) v);
        }
        return String.valueOf(v).replace(".0E", "e").replace("E", "e");
    }
}
