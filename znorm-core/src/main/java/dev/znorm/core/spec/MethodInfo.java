package dev.znorm.core.spec;

import dev.znorm.core.transform.GradientTransform;
import dev.znorm.core.transform.UpdateRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the spec parser, the docs and the command-line help know about one method: its spec name,
 * its options with their defaults, and how to build it. Each transform and optimizer declares its
 * own as {@code public static final MethodInfo SPEC}, which {@link MethodRegistry} finds, so adding
 * a method is one new class (and its test):
 *
 * <pre>{@code
 * public static final MethodInfo SPEC = MethodInfo.transform("znorm", 10, "Z(G) = (G - mu) / (sigma + eps)")
 *         .number("eps", DEFAULT_EPS, "added to sigma")
 *         .selection("weights")
 *         .creates(o -> builder().eps(o.number("eps")).select(o.selection()).build());
 * }</pre>
 *
 * <p>Instances are immutable; every method returns a new one.
 */
public final class MethodInfo {

    /**
     * Where a method sits in a spec: a transform, a wrapper of the whole chain, the optimizer
     * (last).
     */
    public enum Kind {
        TRANSFORM,
        WRAPPER,
        OPTIMIZER
    }

    /** Builds a transform or optimizer from its options. */
    @FunctionalInterface
    public interface Factory {
        GradientTransform create(SpecOptions options);
    }

    /** Wraps the rest of the chain (skip-non-finite). */
    @FunctionalInterface
    public interface Wrapper {
        UpdateRule wrap(UpdateRule inner, SpecOptions options);
    }

    private final String name;
    private final Kind kind;
    private final int order;
    private final String summary;
    private final String appliesTo;
    private final String javaApi;
    private final String mainOption;
    private final List<OptionInfo> options;
    private final Factory factory;
    private final Wrapper wrapper;

    private MethodInfo(
            String name,
            Kind kind,
            int order,
            String summary,
            String appliesTo,
            String javaApi,
            String mainOption,
            List<OptionInfo> options,
            Factory factory,
            Wrapper wrapper) {
        this.name = name;
        this.kind = kind;
        this.order = order;
        this.summary = summary;
        this.appliesTo = appliesTo;
        this.javaApi = javaApi;
        this.mainOption = mainOption;
        this.options = List.copyOf(options);
        this.factory = factory;
        this.wrapper = wrapper;
    }

    private static MethodInfo of(String name, Kind kind, int order, String summary) {
        return new MethodInfo(name, kind, order, summary, "", "", null, List.of(), null, null);
    }

    /** A gradient transform; {@code order} places it in tables (smaller first). */
    public static MethodInfo transform(String name, int order, String summary) {
        return of(name, Kind.TRANSFORM, order, summary);
    }

    public static MethodInfo optimizer(String name, int order, String summary) {
        return of(name, Kind.OPTIMIZER, order, summary).appliesTo("all");
    }

    public static MethodInfo wrapper(String name, int order, String summary) {
        return of(name, Kind.WRAPPER, order, summary);
    }

    private MethodInfo with(
            String appliesTo,
            String javaApi,
            String mainOption,
            List<OptionInfo> options,
            Factory factory,
            Wrapper wrapper) {
        return new MethodInfo(
                name,
                kind,
                order,
                summary,
                appliesTo,
                javaApi,
                mainOption,
                options,
                factory,
                wrapper);
    }

    private MethodInfo plus(OptionInfo option) {
        if (options.stream().anyMatch(o -> o.name().equals(option.name()))) {
            throw new IllegalStateException(name + ": option " + option.name() + " declared twice");
        }
        List<OptionInfo> more = new ArrayList<>(options);
        more.add(option);
        return with(appliesTo, javaApi, mainOption, more, factory, wrapper);
    }

    /** Which parameters it acts on by default, in words. */
    public MethodInfo appliesTo(String text) {
        return with(text, javaApi, mainOption, options, factory, wrapper);
    }

    /** How a Java user builds the same thing. */
    public MethodInfo javaApi(String text) {
        return with(appliesTo, text, mainOption, options, factory, wrapper);
    }

    /**
     * The option that {@code name=value} sets (a clip threshold, AGC's lambda, an optimizer's lr).
     */
    public MethodInfo main(String option) {
        return with(appliesTo, javaApi, option, options, factory, wrapper);
    }

    public MethodInfo number(String option, double dflt, String doc) {
        return plus(
                new OptionInfo(
                        option, OptionInfo.Type.NUMBER, OptionInfo.number(dflt), List.of(), doc));
    }

    /** A number that must be given. */
    public MethodInfo required(String option, String doc) {
        return plus(new OptionInfo(option, OptionInfo.Type.NUMBER, null, List.of(), doc));
    }

    public MethodInfo flag(String option, boolean dflt, String doc) {
        return plus(
                new OptionInfo(
                        option,
                        OptionInfo.Type.FLAG,
                        String.valueOf(dflt),
                        List.of("true", "false"),
                        doc));
    }

    public MethodInfo choice(String option, String dflt, List<String> allowed, String doc) {
        if (!allowed.contains(dflt)) {
            throw new IllegalStateException(
                    name + ": default " + dflt + " of " + option + " is not one of " + allowed);
        }
        return plus(new OptionInfo(option, OptionInfo.Type.CHOICE, dflt, allowed, doc));
    }

    /** The {@code select} option: which parameters (see {@link SpecOptions#selection()}). */
    public MethodInfo selection(String dflt) {
        return choice(
                "select",
                dflt,
                SpecOptions.SELECTIONS,
                "which parameters: ndim >= 2, every one, or conv kernels");
    }

    public MethodInfo creates(Factory f) {
        return with(appliesTo, javaApi, mainOption, options, Objects.requireNonNull(f), wrapper);
    }

    public MethodInfo wraps(Wrapper w) {
        return with(appliesTo, javaApi, mainOption, options, factory, Objects.requireNonNull(w));
    }

    public String name() {
        return name;
    }

    public Kind kind() {
        return kind;
    }

    public int order() {
        return order;
    }

    public String summary() {
        return summary;
    }

    public String appliesTo() {
        return appliesTo;
    }

    public String javaApi() {
        return javaApi;
    }

    /** The option {@code name=value} sets, or null. */
    public String mainOption() {
        return mainOption;
    }

    public List<OptionInfo> options() {
        return options;
    }

    /** The option called {@code option}, or null. */
    public OptionInfo option(String option) {
        return options.stream().filter(o -> o.name().equals(option)).findFirst().orElse(null);
    }

    GradientTransform create(SpecOptions o) {
        if (factory == null) {
            throw new IllegalStateException(name + " has no factory");
        }
        return factory.create(o);
    }

    /** Whether it can be built (a wrapper wraps, the others create). */
    boolean buildable() {
        return (kind == Kind.WRAPPER ? wrapper : factory) != null;
    }

    UpdateRule wrap(UpdateRule inner, SpecOptions o) {
        if (wrapper == null) {
            throw new IllegalStateException(name + " is not a wrapper");
        }
        return wrapper.wrap(inner, o);
    }

    @Override
    public String toString() {
        return name;
    }
}
