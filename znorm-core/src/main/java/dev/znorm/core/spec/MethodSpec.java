package dev.znorm.core.spec;

import dev.znorm.core.method.AdaptiveGradientClipping;
import dev.znorm.core.method.CenterOnly;
import dev.znorm.core.method.ClipByGlobalNorm;
import dev.znorm.core.method.ClipByNorm;
import dev.znorm.core.method.ClipByValue;
import dev.znorm.core.method.GradientCentralization;
import dev.znorm.core.method.L2Normalize;
import dev.znorm.core.method.ScaleOnly;
import dev.znorm.core.method.ZNorm;
import dev.znorm.core.optim.Adagrad;
import dev.znorm.core.optim.Adam;
import dev.znorm.core.optim.RmsProp;
import dev.znorm.core.optim.Schedule;
import dev.znorm.core.optim.Sgd;
import dev.znorm.core.transform.GradientTransform;
import dev.znorm.core.transform.ParamSelector;
import dev.znorm.core.transform.Transforms;
import dev.znorm.core.transform.UpdateRule;
import dev.znorm.core.transform.ZeroNonFinite;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleFunction;

/**
 * Builds a chain from a one-line spec, as the command line and comparison configs write it:
 * transforms joined by {@code +}, the optimizer last, each with options after a colon.
 *
 * <pre>
 *   adam                          Adam, lr 1e-3
 *   znorm+adam                    the paper's method
 *   znorm:per=unit,select=all+adam:lr=3e-4,wd=5e-4
 *   gc+adam   gc:conv-only=true+adam   center+adam   scale+adam   l2+adam
 *   clip-value=0.1+adam   clip-norm=1+adam   clip-global-norm=1+adam   agc:lambda=0.02+adam
 *   skip-non-finite+znorm+sgd:lr=0.1,momentum=0.9,nesterov=true
 * </pre>
 *
 * {@code name=value} sets a method's main number (a clip threshold, AGC's lambda, an optimizer's
 * lr). {@code skip-non-finite} wraps the whole chain; {@code zero-non-finite} is a transform.
 * Errors name the part, the unknown name or option, and what is allowed.
 */
public final class MethodSpec {

    /** Transform names the spec knows, for messages and help. */
    public static final List<String> TRANSFORMS = List.of("znorm", "center", "scale", "gc", "l2",
            "clip-value", "clip-norm", "clip-global-norm", "agc", "zero-non-finite", "skip-non-finite");
    /** Optimizer names the spec knows. */
    public static final List<String> OPTIMIZERS = List.of("adam", "adamw", "sgd", "rmsprop", "adagrad");

    private MethodSpec() {}

    /** Parses {@code spec} with constant learning rates. */
    public static UpdateRule parse(String spec) {
        return parse(spec, Schedule::constant);
    }

    /**
     * Parses {@code spec}; the optimizer's base learning rate is turned into its schedule by
     * {@code schedule} (for example {@code lr -> Schedule.cosine(lr, totalSteps, 0)}).
     */
    public static UpdateRule parse(String spec, DoubleFunction<Schedule> schedule) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("empty method spec; expected e.g. 'znorm+adam'");
        }
        String[] parts = spec.trim().split("\\+");
        List<GradientTransform> members = new ArrayList<>();
        boolean skip = false;
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i].trim();
            boolean last = i == parts.length - 1;
            String name = nameOf(part);
            Options o = optionsOf(part, name);
            if (name.equals("skip-non-finite")) {
                skip = true;
            } else if (OPTIMIZERS.contains(name)) {
                if (!last) {
                    throw new IllegalArgumentException("in '" + spec + "': the optimizer '" + name
                            + "' must come last");
                }
                members.add(optimizer(name, o, schedule));
            } else if (TRANSFORMS.contains(name)) {
                if (last) {
                    throw new IllegalArgumentException("in '" + spec + "': the spec ends with '"
                            + name + "'; add an optimizer last, one of " + OPTIMIZERS);
                }
                members.add(transform(name, o));
            } else {
                throw new IllegalArgumentException("in '" + spec + "': unknown method '" + name
                        + "'; transforms: " + TRANSFORMS + "; optimizers: " + OPTIMIZERS);
            }
            o.requireAllUsed();
        }
        UpdateRule chain = Transforms.chain(members);
        return skip ? Transforms.skipIfNonFinite(chain) : chain;
    }

    private static String nameOf(String part) {
        int cut = part.length();
        for (char c : new char[] {':', '='}) {
            int at = part.indexOf(c);
            if (at >= 0) {
                cut = Math.min(cut, at);
            }
        }
        String name = part.substring(0, cut).trim().toLowerCase(java.util.Locale.ROOT);
        if (name.isEmpty()) {
            throw new IllegalArgumentException("empty method name in '" + part + "'");
        }
        return name;
    }

    private static Options optionsOf(String part, String name) {
        Map<String, String> kv = new LinkedHashMap<>();
        String rest = part.substring(Math.min(part.length(), name.length())).trim();
        if (rest.startsWith("=")) {
            int colon = rest.indexOf(':');
            String main = colon < 0 ? rest.substring(1) : rest.substring(1, colon);
            kv.put(mainOption(name, part), main.trim());
            rest = colon < 0 ? "" : rest.substring(colon);
        }
        if (rest.startsWith(":")) {
            for (String item : rest.substring(1).split(",")) {
                String[] pair = item.split("=", 2);
                if (pair.length != 2 || pair[0].isBlank()) {
                    throw new IllegalArgumentException("in '" + part + "': option '" + item
                            + "' is not key=value");
                }
                kv.put(pair[0].trim(), pair[1].trim());
            }
        } else if (!rest.isEmpty()) {
            throw new IllegalArgumentException("cannot read '" + part + "': expected name,"
                    + " name=value or name:key=value,...");
        }
        return new Options(part, kv);
    }

    private static String mainOption(String name, String part) {
        switch (name) {
            case "clip-value":
            case "clip-norm":
            case "clip-global-norm":
                return "max";
            case "agc":
                return "lambda";
            default:
                if (OPTIMIZERS.contains(name)) {
                    return "lr";
                }
                throw new IllegalArgumentException("in '" + part + "': '" + name
                        + "' takes no main value; write " + name + ":key=value");
        }
    }

    private static ParamSelector selection(Options o) {
        String s = o.text("select", "weights", List.of("weights", "all", "conv"));
        switch (s) {
            case "all":
                return ParamSelector.all();
            case "conv":
                return ParamSelector.ndimAtLeast(4).describedAs("convolution kernels");
            default:
                return ParamSelector.weights();
        }
    }

    private static double required(Options o, String key, String part) {
        double v = o.number(key, Double.NaN);
        if (Double.isNaN(v)) {
            throw new IllegalArgumentException("'" + part + "' needs a threshold: write " + part
                    + "=VALUE");
        }
        return v;
    }

    private static GradientTransform transform(String name, Options o) {
        switch (name) {
            case "znorm": {
                ZNorm.Builder b = ZNorm.builder().eps(o.number("eps", ZNorm.DEFAULT_EPS))
                        .unbiased(o.flag("unbiased", false)).select(selection(o));
                if (o.text("per", "tensor", List.of("tensor", "unit")).equals("unit")) {
                    b.perOutputUnit();
                }
                return b.build();
            }
            case "center":
                return CenterOnly.create(selection(o));
            case "scale":
                return ScaleOnly.create(o.number("eps", ZNorm.DEFAULT_EPS), selection(o));
            case "l2":
                return L2Normalize.create(o.number("eps", ZNorm.DEFAULT_EPS), selection(o));
            case "gc":
                return o.flag("conv-only", false) ? GradientCentralization.convOnly()
                        : GradientCentralization.create();
            case "clip-value":
                return new ClipByValue(required(o, "max", name));
            case "clip-norm":
                return new ClipByNorm(required(o, "max", name), o.number("eps", ClipByNorm.DEFAULT_EPS),
                        o.flag("error-if-nonfinite", false));
            case "clip-global-norm":
                return new ClipByGlobalNorm(required(o, "max", name),
                        o.number("eps", ClipByNorm.DEFAULT_EPS), o.flag("error-if-nonfinite", false));
            case "agc":
                return AdaptiveGradientClipping.builder()
                        .lambda(o.number("lambda", AdaptiveGradientClipping.DEFAULT_LAMBDA))
                        .eps(o.number("eps", AdaptiveGradientClipping.DEFAULT_EPS))
                        .excludeHead(o.flag("exclude-head", true)).build();
            case "zero-non-finite":
                return new ZeroNonFinite();
            default:
                throw new IllegalStateException(name);
        }
    }

    private static UpdateRule optimizer(String name, Options o, DoubleFunction<Schedule> schedule) {
        switch (name) {
            case "adam":
            case "adamw": {
                boolean w = name.equals("adamw");
                Adam.Builder b = Adam.builder()
                        .lr(schedule.apply(nonNegative("lr", o.number("lr", 1e-3))))
                        .betas(o.number("beta1", 0.9), o.number("beta2", 0.999))
                        .eps(o.number("eps", 1e-8))
                        .weightDecay(o.number("wd", w ? 0.01 : 0));
                if (w) {
                    b.decoupled();
                }
                return b.build();
            }
            case "sgd":
                return Sgd.builder().lr(schedule.apply(nonNegative("lr", o.number("lr", 0.1))))
                        .momentum(o.number("momentum", 0)).dampening(o.number("dampening", 0))
                        .weightDecay(o.number("wd", 0)).nesterov(o.flag("nesterov", false)).build();
            case "rmsprop":
                return RmsProp.builder().lr(schedule.apply(nonNegative("lr", o.number("lr", 1e-2))))
                        .alpha(o.number("alpha", 0.99)).eps(o.number("eps", 1e-8))
                        .momentum(o.number("momentum", 0)).centered(o.flag("centered", false))
                        .weightDecay(o.number("wd", 0)).build();
            case "adagrad":
                return Adagrad.builder().lr(schedule.apply(nonNegative("lr", o.number("lr", 1e-2))))
                        .lrDecay(o.number("lr-decay", 0)).eps(o.number("eps", 1e-10))
                        .initialAccumulatorValue(o.number("initial-accumulator", 0))
                        .weightDecay(o.number("wd", 0)).build();
            default:
                throw new IllegalStateException(name);
        }
    }

    private static double nonNegative(String what, double v) {
        return dev.znorm.core.Checks.nonNegative(what, v);
    }
}
