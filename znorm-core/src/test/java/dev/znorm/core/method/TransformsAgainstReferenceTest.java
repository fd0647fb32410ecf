package dev.znorm.core.method;

import static dev.znorm.core.Tensors.assertClose;
import static dev.znorm.core.Tensors.toDouble;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.znorm.core.Reference;
import dev.znorm.core.Tensors;
import dev.znorm.core.transform.GradientTransform;
import dev.znorm.core.transform.ParamSelector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every gradient transform against the plain float64 reference, on random gradients of real layer
 * shapes and on the edge cases of docs/method.md: zero, constant, one element, 1e-30, 1e30, NaN and
 * Inf.
 */
class TransformsAgainstReferenceTest {

    private static NDManager manager;

    @BeforeAll
    static void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    /** A named gradient with its shape (the weight is a second random tensor of that shape). */
    record Input(String label, Shape shape, float[] grad, float[] weight) {
        @Override
        public String toString() {
            return label + shape;
        }

        int rows() {
            return shape.dimension() >= 2 ? (int) shape.get(0) : 1;
        }
    }

    static List<Input> inputs() {
        Random rnd = new Random(42);
        List<Input> in = new ArrayList<>();
        for (Shape s : Tensors.LAYER_SHAPES) {
            in.add(
                    new Input(
                            "random",
                            s,
                            Tensors.randomGradient(rnd, s.size(), 1e-3, 0.3),
                            Tensors.randomGradient(rnd, s.size(), 0.1, 0)));
        }
        Shape conv = new Shape(8, 4, 3, 3);
        Shape one = new Shape(1, 1);
        float[] w = Tensors.randomGradient(rnd, conv.size(), 0.1, 0);
        in.add(new Input("zero", conv, new float[(int) conv.size()], w));
        float[] constant = new float[(int) conv.size()];
        Arrays.fill(constant, 0.37f);
        in.add(new Input("constant", conv, constant, w));
        in.add(new Input("one-element", one, new float[] {2.5f}, new float[] {0.3f}));
        in.add(
                new Input(
                        "tiny-1e-30",
                        conv,
                        Tensors.randomGradient(rnd, conv.size(), 1e-30, 0.2),
                        w));
        in.add(
                new Input(
                        "huge-1e30", conv, Tensors.randomGradient(rnd, conv.size(), 1e30, 0.2), w));
        float[] nan = Tensors.randomGradient(rnd, conv.size(), 1e-2, 0);
        nan[17] = Float.NaN;
        in.add(new Input("nan", conv, nan, w));
        float[] inf = Tensors.randomGradient(rnd, conv.size(), 1e-2, 0);
        inf[5] = Float.POSITIVE_INFINITY;
        in.add(new Input("inf", conv, inf, w));
        float[] bigRow = Tensors.randomGradient(rnd, conv.size(), 1e-3, 0);
        for (int i = 0; i < 36; i++) {
            bigRow[i] *= 1000; // one output unit far above the others, for AGC and GC
        }
        in.add(new Input("one-large-row", conv, bigRow, w));
        return in;
    }

    record Case(
            String method,
            GradientTransform transform,
            BiFunction<Input, double[], double[]> reference) {
        @Override
        public String toString() {
            return method;
        }
    }

    static boolean selectedWeights(Input in) {
        return in.shape.dimension() >= 2;
    }

    static List<Case> cases() {
        return List.of(
                new Case(
                        "znorm",
                        ZNorm.create(),
                        (in, g) -> selectedWeights(in) ? Reference.znorm(g, 1, 1e-12, false) : g),
                new Case(
                        "znorm-unbiased",
                        ZNorm.builder().unbiased(true).build(),
                        (in, g) -> selectedWeights(in) ? Reference.znorm(g, 1, 1e-12, true) : g),
                new Case(
                        "znorm-eps0-all",
                        ZNorm.builder().eps(0).select(ParamSelector.all()).build(),
                        (in, g) -> Reference.znorm(g, 1, 0, false)),
                new Case(
                        "znorm-per-unit",
                        ZNorm.builder().perOutputUnit().build(),
                        (in, g) ->
                                selectedWeights(in)
                                        ? Reference.znorm(g, in.rows(), 1e-12, false)
                                        : g),
                new Case(
                        "center",
                        CenterOnly.create(),
                        (in, g) -> selectedWeights(in) ? Reference.center(g, 1) : g),
                new Case(
                        "scale",
                        ScaleOnly.create(),
                        (in, g) -> selectedWeights(in) ? Reference.scale(g, 1e-12) : g),
                new Case(
                        "gc",
                        GradientCentralization.create(),
                        (in, g) -> selectedWeights(in) ? Reference.center(g, in.rows()) : g),
                new Case(
                        "gc-conv-only",
                        GradientCentralization.builder().convOnly(true).build(),
                        (in, g) -> in.shape.dimension() > 3 ? Reference.center(g, in.rows()) : g),
                new Case(
                        "clip-value",
                        ClipByValue.builder().max(0.01).build(),
                        (in, g) -> Reference.clipValue(g, 0.01)),
                new Case(
                        "clip-norm",
                        ClipByNorm.builder().max(0.05).build(),
                        (in, g) -> Reference.clipNorm(g, 0.05, 1e-6)),
                new Case(
                        "clip-norm-eps0",
                        ClipByNorm.builder().max(0.05).eps(0).errorIfNonFinite(false).build(),
                        (in, g) -> Reference.clipNorm(g, 0.05, 0)),
                new Case(
                        "clip-global-norm (one tensor)",
                        ClipByGlobalNorm.builder().max(0.05).build(),
                        (in, g) -> Reference.clipNorm(g, 0.05, 1e-6)),
                new Case(
                        "l2-normalize",
                        L2Normalize.create(),
                        (in, g) -> selectedWeights(in) ? Reference.l2Normalize(g, 1e-12) : g),
                new Case(
                        "agc (no head exclusion)",
                        AdaptiveGradientClipping.builder().excludeHead(false).build(),
                        (in, g) -> Reference.agc(g, toDouble(in.weight), in.rows(), 0.01, 1e-3)));
    }

    static Stream<Arguments> grid() {
        List<Arguments> args = new ArrayList<>();
        for (Case c : cases()) {
            for (Input in : inputs()) {
                args.add(Arguments.of(c, in));
            }
        }
        return args.stream();
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("grid")
    void matchesFloat64Reference(Case c, Input in) {
        float[] actual = Tensors.apply(c.transform, manager, in.grad, in.shape, in.weight);
        double[] expected = c.reference.apply(in, toDouble(in.grad));
        double maxAbs = 0;
        for (double e : expected) {
            if (Double.isFinite(e)) {
                maxAbs = Math.max(maxAbs, Math.abs(e));
            }
        }
        // float32 output of a float64 computation: a few ulps of the largest entry at most.
        assertClose(expected, actual, 1e-5, maxAbs * 1e-2, c + " on " + in);
    }
}
