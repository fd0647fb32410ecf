package dev.znorm.core.spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code key=value} options of one part of a method spec. Every read marks the key as used;
 * {@link #requireAllUsed} then rejects the keys no method understands, naming the allowed ones.
 */
final class Options {

    private final String part;
    private final Map<String, String> values = new LinkedHashMap<>();
    private final Set<String> used = new java.util.HashSet<>();

    Options(String part, Map<String, String> values) {
        this.part = part;
        this.values.putAll(values);
    }

    boolean has(String key) {
        return values.containsKey(key);
    }

    double number(String key, double dflt) {
        used.add(key);
        String v = values.get(key);
        if (v == null) {
            return dflt;
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("in '" + part + "': option " + key + "=" + v
                    + " is not a number");
        }
    }

    boolean flag(String key, boolean dflt) {
        used.add(key);
        String v = values.get(key);
        if (v == null) {
            return dflt;
        }
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(v);
        }
        throw new IllegalArgumentException("in '" + part + "': option " + key + "=" + v
                + " must be true or false");
    }

    String text(String key, String dflt, List<String> allowed) {
        used.add(key);
        String v = values.getOrDefault(key, dflt);
        if (!allowed.contains(v)) {
            throw new IllegalArgumentException("in '" + part + "': option " + key + "=" + v
                    + " is not one of " + allowed);
        }
        return v;
    }

    void requireAllUsed() {
        List<String> unknown = new ArrayList<>();
        for (String k : values.keySet()) {
            if (!used.contains(k)) {
                unknown.add(k);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("in '" + part + "': unknown option"
                    + (unknown.size() > 1 ? "s " : " ") + unknown + "; allowed: " + used);
        }
    }
}
