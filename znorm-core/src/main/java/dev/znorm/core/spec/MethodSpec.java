package dev.znorm.core.spec;

import dev.znorm.core.schedule.Schedule;
import dev.znorm.core.transform.GradientTransform;
import dev.znorm.core.transform.Transforms;
import dev.znorm.core.transform.UpdateRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleFunction;

/**
 * Builds an optimizer chain from a one-line spec, as the command line and comparison configs write
 * it: methods joined by {@code +}, the optimizer last, each with options after a colon.
 *
 * <pre>
 *   adam                          Adam, lr 1e-3
 *   znorm+adam                    the paper's method
 *   znorm:per=unit,select=all+adam:lr=3e-4,wd=5e-4
 *   clip-norm=1+adam              name=value sets the method's main option
 *   skip-non-finite+clip-global-norm=1+znorm+sgd:lr=0.1,momentum=0.9,nesterov=true
 * </pre>
 *
 * The methods, their options and defaults come from {@link MethodRegistry}. A wrapper ({@code
 * skip-non-finite}) wraps the whole chain wherever it is written. Errors name the part, the unknown
 * name or option, and what is allowed.
 */
public final class MethodSpec {

    private MethodSpec() {}

    /** Parses {@code spec} with constant learning rates. */
    public static UpdateRule parse(String spec) {
        return parse(spec, Schedule::constant);
    }

    /**
     * Parses {@code spec}; the optimizer's base learning rate is turned into its schedule by {@code
     * schedule} (for example {@code lr -> Schedule.cosine(lr, totalSteps, 0)}).
     */
    public static UpdateRule parse(String spec, DoubleFunction<Schedule> schedule) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("empty method spec; expected e.g. 'znorm+adam'");
        }
        String[] parts = spec.trim().split("\\+", -1);
        List<GradientTransform> transforms = new ArrayList<>();
        List<SpecOptions> wrappers = new ArrayList<>();
        List<MethodInfo> wrapperInfos = new ArrayList<>();
        UpdateRule optimizer = null;
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i].trim();
            boolean last = i == parts.length - 1;
            String name = nameOf(part);
            MethodInfo info = MethodRegistry.find(name);
            if (info == null) {
                throw new IllegalArgumentException(
                        "in '"
                                + spec
                                + "': unknown method '"
                                + name
                                + "'; transforms: "
                                + names(MethodInfo.Kind.TRANSFORM)
                                + ", "
                                + names(MethodInfo.Kind.WRAPPER)
                                + "; optimizers: "
                                + names(MethodInfo.Kind.OPTIMIZER));
            }
            SpecOptions o = new SpecOptions(info, part, optionsOf(part, info), schedule);
            switch (info.kind()) {
                case WRAPPER -> {
                    wrappers.add(o);
                    wrapperInfos.add(info);
                }
                case OPTIMIZER -> {
                    if (!last) {
                        throw new IllegalArgumentException(
                                "in '" + spec + "': the optimizer '" + name + "' must come last");
                    }
                    optimizer = (UpdateRule) info.create(o);
                }
                case TRANSFORM -> {
                    if (last) {
                        throw new IllegalArgumentException(
                                "in '"
                                        + spec
                                        + "': the spec ends with '"
                                        + name
                                        + "'; add an optimizer last, one of "
                                        + names(MethodInfo.Kind.OPTIMIZER));
                    }
                    transforms.add(info.create(o));
                }
                default -> throw new IllegalStateException(info.kind().toString());
            }
        }
        if (optimizer == null) {
            throw new IllegalArgumentException(
                    "in '"
                            + spec
                            + "': no optimizer; end the spec with one of "
                            + names(MethodInfo.Kind.OPTIMIZER));
        }
        UpdateRule rule = Transforms.chain(transforms, optimizer);
        for (int i = wrappers.size() - 1; i >= 0; i--) {
            rule = wrapperInfos.get(i).wrap(rule, wrappers.get(i));
        }
        return rule;
    }

    private static List<String> names(MethodInfo.Kind kind) {
        return MethodRegistry.ofKind(kind).stream().map(MethodInfo::name).toList();
    }

    private static String nameOf(String part) {
        int cut = part.length();
        for (char c : new char[] {':', '='}) {
            int at = part.indexOf(c);
            if (at >= 0) {
                cut = Math.min(cut, at);
            }
        }
        String name = part.substring(0, cut).trim().toLowerCase(Locale.ROOT);
        if (name.isEmpty()) {
            throw new IllegalArgumentException("empty method name in '" + part + "'");
        }
        return name;
    }

    private static Map<String, String> optionsOf(String part, MethodInfo info) {
        Map<String, String> kv = new LinkedHashMap<>();
        String rest = part.substring(Math.min(part.length(), info.name().length())).trim();
        if (rest.startsWith("=")) {
            if (info.mainOption() == null) {
                throw new IllegalArgumentException(
                        "in '"
                                + part
                                + "': '"
                                + info.name()
                                + "' takes no main value; write "
                                + info.name()
                                + ":key=value");
            }
            int colon = rest.indexOf(':');
            String main = colon < 0 ? rest.substring(1) : rest.substring(1, colon);
            kv.put(info.mainOption(), main.trim());
            rest = colon < 0 ? "" : rest.substring(colon);
        }
        if (rest.startsWith(":")) {
            for (String item : rest.substring(1).split(",", -1)) {
                String[] pair = item.split("=", 2);
                if (pair.length != 2 || pair[0].isBlank()) {
                    throw new IllegalArgumentException(
                            "in '" + part + "': option '" + item + "' is not key=value");
                }
                String key = pair[0].trim();
                if (kv.put(key, pair[1].trim()) != null) {
                    throw new IllegalArgumentException(
                            "in '" + part + "': option " + key + " is given twice");
                }
            }
        } else if (!rest.isEmpty()) {
            throw new IllegalArgumentException(
                    "cannot read '" + part + "': expected name, name=value or name:key=value,...");
        }
        return kv;
    }
}
