package dev.znorm.core.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import dev.znorm.core.method.AdaptiveGradientClipping;
import dev.znorm.core.method.CenterOnly;
import dev.znorm.core.method.ClipByGlobalNorm;
import dev.znorm.core.method.ClipByNorm;
import dev.znorm.core.method.ClipByValue;
import dev.znorm.core.method.GradientCentralization;
import dev.znorm.core.method.L2Normalize;
import dev.znorm.core.method.ScaleOnly;
import dev.znorm.core.method.ZNorm;
import dev.znorm.core.method.ZeroNonFinite;
import dev.znorm.core.optim.Adagrad;
import dev.znorm.core.optim.Adam;
import dev.znorm.core.optim.AdamW;
import dev.znorm.core.optim.RmsProp;
import dev.znorm.core.optim.Sgd;
import dev.znorm.core.transform.GradientTransform;
import dev.znorm.core.transform.Param;
import dev.znorm.core.transform.ParamSelector;
import dev.znorm.core.transform.ParamSet;
import dev.znorm.core.transform.TransformState;
import dev.znorm.core.transform.Transforms;
import dev.znorm.core.transform.UpdateRule;
import dev.znorm.core.transform.Updates;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every option a spec can set reaches the object it configures: three steps of the spec's chain on
 * a small model (a convolution, a dense layer and its bias, a classifier head) end bit for bit
 * where the same chain built with the Java builders ends, and somewhere else than the spec without
 * that option. A spec that dropped an option, or handed it to the wrong setter, fails one of the
 * two. Rows without an option show that the spec's defaults are the builders' defaults.
 */
class SpecOptionsReachTheirObjectsTest {

    private static final Shape[] SHAPES = {
        new Shape(4, 3, 3, 3), new Shape(5, 6), new Shape(5), new Shape(10, 5), new Shape(10)
    };
    private static final String[] NAMES = {"conv", "dense", "dense_bias", "head", "head_bias"};
    private static final int STEPS = 3;
    private static NDManager manager;

    @BeforeAll
    static void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    /** SGD with rate 1 shows a transform's output as the weights' change. */
    private static UpdateRule plain(GradientTransform t) {
        return Transforms.chain(t, Sgd.builder().lr(1).build());
    }

    private static Arguments row(String spec, Supplier<UpdateRule> built, String without) {
        return Arguments.of(spec, built, without);
    }

    static Stream<Arguments> rows() {
        String sgd1 = "+sgd:lr=1";
        return Stream.of(
                // the optimizers: defaults, then each option
                row("sgd", () -> Sgd.builder().build(), null),
                row("sgd=0.5", () -> Sgd.builder().lr(0.5).build(), "sgd"),
                row("sgd:momentum=0.9", () -> Sgd.builder().momentum(0.9).build(), "sgd"),
                row(
                        "sgd:momentum=0.9,dampening=0.5",
                        () -> Sgd.builder().momentum(0.9).dampening(0.5).build(),
                        "sgd:momentum=0.9"),
                row(
                        "sgd:momentum=0.9,nesterov=true",
                        () -> Sgd.builder().momentum(0.9).nesterov(true).build(),
                        "sgd:momentum=0.9"),
                row("sgd:wd=0.1", () -> Sgd.builder().weightDecay(0.1).build(), "sgd"),
                row("adam", () -> Adam.builder().build(), null),
                row("adam:lr=0.01", () -> Adam.builder().lr(0.01).build(), "adam"),
                row("adam:beta1=0.5", () -> Adam.builder().betas(0.5, 0.999).build(), "adam"),
                row("adam:beta2=0.9", () -> Adam.builder().betas(0.9, 0.9).build(), "adam"),
                row("adam:eps=0.1", () -> Adam.builder().eps(0.1).build(), "adam"),
                row("adam:wd=0.1", () -> Adam.builder().weightDecay(0.1).build(), "adam"),
                row("adamw", () -> AdamW.builder().build(), null),
                row("adamw:wd=0.5", () -> AdamW.builder().weightDecay(0.5).build(), "adamw"),
                row("adamw:lr=0.01", () -> AdamW.builder().lr(0.01).build(), "adamw"),
                row("adamw:beta1=0.5", () -> AdamW.builder().betas(0.5, 0.999).build(), "adamw"),
                row("adamw:beta2=0.9", () -> AdamW.builder().betas(0.9, 0.9).build(), "adamw"),
                row("adamw:eps=0.1", () -> AdamW.builder().eps(0.1).build(), "adamw"),
                row("rmsprop", () -> RmsProp.builder().build(), null),
                row("rmsprop:lr=0.1", () -> RmsProp.builder().lr(0.1).build(), "rmsprop"),
                row("rmsprop:alpha=0.5", () -> RmsProp.builder().alpha(0.5).build(), "rmsprop"),
                row("rmsprop:eps=0.1", () -> RmsProp.builder().eps(0.1).build(), "rmsprop"),
                row(
                        "rmsprop:momentum=0.5",
                        () -> RmsProp.builder().momentum(0.5).build(),
                        "rmsprop"),
                row(
                        "rmsprop:centered=true",
                        () -> RmsProp.builder().centered(true).build(),
                        "rmsprop"),
                row("rmsprop:wd=0.1", () -> RmsProp.builder().weightDecay(0.1).build(), "rmsprop"),
                row("adagrad", () -> Adagrad.builder().build(), null),
                row("adagrad:lr=0.1", () -> Adagrad.builder().lr(0.1).build(), "adagrad"),
                row(
                        "adagrad:lr-decay=0.5",
                        () -> Adagrad.builder().lrDecay(0.5).build(),
                        "adagrad"),
                row("adagrad:eps=0.1", () -> Adagrad.builder().eps(0.1).build(), "adagrad"),
                row(
                        "adagrad:initial-accumulator=0.5",
                        () -> Adagrad.builder().initialAccumulatorValue(0.5).build(),
                        "adagrad"),
                row("adagrad:wd=0.1", () -> Adagrad.builder().weightDecay(0.1).build(), "adagrad"),
                // the transforms, each before SGD with rate 1
                row("znorm" + sgd1, () -> plain(ZNorm.create()), null),
                row(
                        "znorm:eps=1" + sgd1,
                        () -> plain(ZNorm.builder().eps(1).build()),
                        "znorm" + sgd1),
                row(
                        "znorm:unbiased=true" + sgd1,
                        () -> plain(ZNorm.builder().unbiased(true).build()),
                        "znorm" + sgd1),
                row(
                        "znorm:per=unit" + sgd1,
                        () -> plain(ZNorm.builder().perOutputUnit().build()),
                        "znorm" + sgd1),
                row(
                        "znorm:select=all" + sgd1,
                        () -> plain(ZNorm.builder().select(ParamSelector.all()).build()),
                        "znorm" + sgd1),
                row(
                        "znorm:select=conv" + sgd1,
                        () -> plain(ZNorm.builder().select(ParamSelector.ndimAtLeast(4)).build()),
                        "znorm" + sgd1),
                row(
                        "scale:eps=1,select=all" + sgd1,
                        () -> plain(ScaleOnly.builder().eps(1).select(ParamSelector.all()).build()),
                        "scale" + sgd1),
                row(
                        "center:select=all" + sgd1,
                        () -> plain(CenterOnly.builder().select(ParamSelector.all()).build()),
                        "center" + sgd1),
                row(
                        "l2:eps=1,select=all" + sgd1,
                        () ->
                                plain(
                                        L2Normalize.builder()
                                                .eps(1)
                                                .select(ParamSelector.all())
                                                .build()),
                        "l2" + sgd1),
                row(
                        "gc:conv-only=true" + sgd1,
                        () -> plain(GradientCentralization.builder().convOnly(true).build()),
                        "gc" + sgd1),
                row(
                        "clip-value=0.1:select=weights" + sgd1,
                        () ->
                                plain(
                                        ClipByValue.builder()
                                                .max(0.1)
                                                .select(ParamSelector.weights())
                                                .build()),
                        "clip-value=0.1" + sgd1),
                row(
                        "clip-value=0.1" + sgd1,
                        () -> plain(ClipByValue.builder().max(0.1).build()),
                        "clip-value=0.2" + sgd1),
                row(
                        "clip-norm=1:eps=1,select=weights" + sgd1,
                        () ->
                                plain(
                                        ClipByNorm.builder()
                                                .max(1)
                                                .eps(1)
                                                .select(ParamSelector.weights())
                                                .build()),
                        "clip-norm=1" + sgd1),
                row(
                        "clip-norm=1" + sgd1,
                        () -> plain(ClipByNorm.builder().max(1).build()),
                        "clip-norm=2" + sgd1),
                row(
                        "clip-global-norm=1:eps=1" + sgd1,
                        () -> plain(ClipByGlobalNorm.builder().max(1).eps(1).build()),
                        "clip-global-norm=1" + sgd1),
                row(
                        "clip-global-norm=1" + sgd1,
                        () -> plain(ClipByGlobalNorm.builder().max(1).build()),
                        "clip-global-norm=2" + sgd1),
                row(
                        "agc=0.05" + sgd1,
                        () -> plain(AdaptiveGradientClipping.builder().lambda(0.05).build()),
                        "agc" + sgd1),
                row(
                        "agc:eps=1" + sgd1,
                        () -> plain(AdaptiveGradientClipping.builder().eps(1).build()),
                        "agc" + sgd1),
                row(
                        "agc:exclude-head=false" + sgd1,
                        () -> plain(AdaptiveGradientClipping.builder().excludeHead(false).build()),
                        "agc" + sgd1),
                row(
                        "zero-non-finite:select=weights" + sgd1,
                        () ->
                                plain(
                                        ZeroNonFinite.builder()
                                                .select(ParamSelector.weights())
                                                .build()),
                        "zero-non-finite" + sgd1),
                row(
                        "clip-norm=1:error-if-nonfinite=true" + sgd1,
                        () -> plain(ClipByNorm.builder().max(1).errorIfNonFinite(true).build()),
                        "clip-norm=1" + sgd1),
                row(
                        "clip-global-norm=1:error-if-nonfinite=true" + sgd1,
                        () ->
                                plain(
                                        ClipByGlobalNorm.builder()
                                                .max(1)
                                                .errorIfNonFinite(true)
                                                .build()),
                        "clip-global-norm=1" + sgd1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void theSpecBuildsWhatTheBuildersBuild(
            String spec, Supplier<UpdateRule> built, String without) {
        boolean nonFinite = spec.contains("non-finite") || spec.contains("nonfinite");
        String ours = outcome(MethodSpec.parse(spec), nonFinite);
        assertEquals(outcome(built.get(), nonFinite), ours, spec + " against the builders");
        if (without != null) {
            assertNotEquals(
                    outcome(MethodSpec.parse(without), nonFinite),
                    ours,
                    spec + " changes nothing against " + without);
        }
    }

    /**
     * The weights after {@link #STEPS} steps from fixed weights and gradients, as text (every float
     * exactly), or the error the chain threw. With {@code nonFinite}, the dense bias's first
     * gradient holds a NaN.
     */
    private static String outcome(UpdateRule rule, boolean nonFinite) {
        Random rnd = new Random(42);
        List<Param> params = new ArrayList<>();
        for (int i = 0; i < SHAPES.length; i++) {
            float[] w = new float[(int) SHAPES[i].size()];
            for (int j = 0; j < w.length; j++) {
                w[j] = (float) (0.1 * rnd.nextGaussian());
            }
            Parameter.Type type =
                    SHAPES[i].dimension() == 1 ? Parameter.Type.BIAS : Parameter.Type.WEIGHT;
            params.add(new Param(NAMES[i], manager.create(w, SHAPES[i]), type));
        }
        ParamSet set = ParamSet.of(params);
        try (TransformState state = new TransformState()) {
            rule.checkSelection(set);
            rule.init(set, state);
            for (int step = 0; step < STEPS; step++) {
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    Map<String, NDArray> grads = new LinkedHashMap<>();
                    for (int i = 0; i < SHAPES.length; i++) {
                        float[] g = new float[(int) SHAPES[i].size()];
                        double offset = rnd.nextGaussian();
                        for (int j = 0; j < g.length; j++) {
                            g[j] = (float) (0.5 * (rnd.nextGaussian() + offset));
                        }
                        if (nonFinite && i == 2 && step == 0) {
                            g[0] = Float.NaN;
                        }
                        grads.put(NAMES[i], manager.create(g, SHAPES[i]));
                    }
                    rule.apply(Updates.of(grads), state, set);
                }
            }
        } catch (RuntimeException e) {
            return "threw " + e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        StringBuilder out = new StringBuilder();
        for (Param p : params) {
            out.append(p.name()).append(Arrays.toString(p.value().toFloatArray())).append('\n');
            p.value().close();
        }
        return out.toString();
    }
}
