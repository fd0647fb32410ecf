package dev.znorm.core.spec;

import dev.znorm.core.Checks;
import dev.znorm.core.schedule.Schedule;
import dev.znorm.core.transform.ParamSelector;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleFunction;

/**
 * The options of one part of a method spec, typed by its {@link MethodInfo}: values the user wrote,
 * else the declared defaults. Errors name the part of the spec and the option.
 */
public final class SpecOptions {

    /** The values of the {@code select} option. */
    public static final List<String> SELECTIONS = List.of("weights", "all", "conv");

    private final MethodInfo info;
    private final String part;
    private final Map<String, String> given;
    private final DoubleFunction<Schedule> schedule;

    SpecOptions(
            MethodInfo info,
            String part,
            Map<String, String> given,
            DoubleFunction<Schedule> schedule) {
        this.info = info;
        this.part = part;
        this.given = new LinkedHashMap<>(given);
        this.schedule = schedule;
        for (String key : given.keySet()) {
            if (info.option(key) == null) {
                throw new IllegalArgumentException(
                        "in '"
                                + part
                                + "': unknown option ["
                                + key
                                + "]; allowed: "
                                + info.options().stream().map(OptionInfo::name).toList());
            }
        }
    }

    private String raw(String key) {
        OptionInfo o = info.option(key);
        if (o == null) {
            throw new IllegalStateException(info.name() + " reads undeclared option " + key);
        }
        String v = given.getOrDefault(key, o.defaultValue());
        if (v == null) {
            String what = o.doc().isEmpty() ? key : o.doc();
            throw new IllegalArgumentException(
                    "'"
                            + part
                            + "' needs "
                            + what
                            + ": write "
                            + (key.equals(info.mainOption())
                                    ? info.name() + "=VALUE"
                                    : info.name() + ":" + key + "=VALUE"));
        }
        return v;
    }

    public double number(String key) {
        String v = raw(key);
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "in '" + part + "': option " + key + "=" + v + " is not a number");
        }
    }

    public boolean flag(String key) {
        String v = raw(key);
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(v);
        }
        throw new IllegalArgumentException(
                "in '" + part + "': option " + key + "=" + v + " must be true or false");
    }

    public String text(String key) {
        String v = raw(key);
        List<String> allowed = info.option(key).allowed();
        if (!allowed.isEmpty() && !allowed.contains(v)) {
            throw new IllegalArgumentException(
                    "in '" + part + "': option " + key + "=" + v + " is not one of " + allowed);
        }
        return v;
    }

    /** The {@code select} option as a selector. */
    public ParamSelector selection() {
        return switch (text("select")) {
            case "all" -> ParamSelector.all();
            case "conv" -> ParamSelector.ndimAtLeast(4).describedAs("convolution kernels");
            default -> ParamSelector.weights();
        };
    }

    /**
     * A learning rate option turned into the run's schedule (constant unless the caller says
     * otherwise).
     */
    public Schedule schedule(String key) {
        return schedule.apply(Checks.nonNegative(key, number(key)));
    }
}
