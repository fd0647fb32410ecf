package dev.znorm.core.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import dev.znorm.core.method.AdaptiveGradientClipping;
import dev.znorm.core.method.ClipByGlobalNorm;
import dev.znorm.core.method.ClipByValue;
import dev.znorm.core.method.SkipIfNonFinite;
import dev.znorm.core.method.ZNorm;
import dev.znorm.core.optim.Adam;
import dev.znorm.core.optim.Sgd;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The combinators: a chain of transforms applies its members in order, each in its own state scope;
 * masked applies its transform to the selected parameters only; skip-non-finite zeroes a whole step
 * with a non-finite gradient and counts it. Compared with the members applied by hand.
 */
class ChainMaskedAndWrapperTest {

    private static NDManager m;
    private static ParamSet params;
    private static final float[] CONV = {0.5f, -2f, 3f, 1f, 0f, 4f, -1f, 2.5f};
    private static final float[] BIAS = {3f, -4f};

    @BeforeAll
    static void open() {
        m = NDManager.newBaseManager();
        params =
                ParamSet.of(
                        new Param("conv", m.zeros(new Shape(2, 1, 2, 2)), Parameter.Type.WEIGHT),
                        new Param("bias", m.zeros(new Shape(2)), Parameter.Type.BIAS));
    }

    @AfterAll
    static void close() {
        m.close();
    }

    private static Updates grads(float[] conv, float[] bias) {
        Map<String, NDArray> g = new LinkedHashMap<>();
        g.put("conv", m.create(conv, new Shape(2, 1, 2, 2)));
        g.put("bias", m.create(bias, new Shape(2)));
        return Updates.of(g);
    }

    private static Updates run(GradientTransform t, Updates g, TransformState state) {
        t.checkSelection(params);
        t.init(params, state);
        return t.update(g, state, params);
    }

    private static ParamSet biasOnly() {
        return ParamSet.of(new Param("bias", m.zeros(new Shape(2)), Parameter.Type.BIAS));
    }

    @Test
    void aChainAppliesItsMembersInOrderEachInItsOwnScope() {
        ClipByValue clip = ClipByValue.builder().max(1.5).build();
        ZNorm z = ZNorm.create();
        try (TransformState state = new TransformState();
                TransformState byHand = new TransformState()) {
            Updates chained = run(Transforms.chain(clip, z), grads(CONV, BIAS), state);
            Updates first = run(clip, grads(CONV, BIAS), byHand);
            Updates second = z.update(first, byHand, params);
            for (String name : List.of("conv", "bias")) {
                assertArrayEquals(
                        second.get(name).toFloatArray(), chained.get(name).toFloatArray(), name);
            }
            // the other order gives something else: order matters and is kept
            Updates reversed = run(Transforms.chain(z, clip), grads(CONV, BIAS), state);
            assertFalse(
                    java.util.Arrays.equals(
                            reversed.get("conv").toFloatArray(),
                            chained.get("conv").toFloatArray()));
        }
        Chain c = Transforms.chain(clip, z);
        assertEquals(List.of(clip, z), c.members());
        assertEquals("clip-value+znorm", c.name());
        assertEquals("clip-value+znorm", c.toString());
        assertEquals("clip-value+znorm", c.stateKey());
        assertFalse(c.isGlobal());
        assertTrue(Transforms.chain(z, ClipByGlobalNorm.builder().max(1).build()).isGlobal());
    }

    @Test
    void aChainGivesEachMemberItsOwnStateAndChecksEverySelection() {
        Chain clipped = Transforms.chain(ClipByGlobalNorm.builder().max(1).build(), ZNorm.create());
        try (TransformState state = new TransformState()) {
            run(clipped, grads(CONV, BIAS), state);
            assertFalse(state.allMetrics().isEmpty(), "global-norm clipping records the norm");
            assertTrue(
                    state.allMetrics().keySet().stream().allMatch(k -> k.startsWith("0.")),
                    "the first member's records live in its scope: " + state.allMetrics());
        }
        // ZNorm selects weights (ndim >= 2): a model without any must be told, through the chain
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                Transforms.chain(
                                                ClipByValue.builder().max(1).build(),
                                                ZNorm.create())
                                        .checkSelection(biasOnly()));
        assertTrue(e.getMessage().contains("znorm"), e.getMessage());
    }

    /** A transform with state of its own: it records what it was initialised with. */
    private static final class Recording implements GradientTransform {
        final String key;

        Recording(String key) {
            this.key = key;
        }

        @Override
        public void init(ParamSet ps, TransformState state) {
            state.setCounter("params", ps.size());
            for (Param p : ps) {
                state.setCounter("saw/" + p.name(), 1);
            }
        }

        @Override
        public Updates update(Updates grads, TransformState state, ParamSet ps) {
            return grads;
        }

        @Override
        public void checkSelection(ParamSet all) {
            throw new IllegalArgumentException(key + " was asked");
        }

        @Override
        public String name() {
            return key;
        }

        @Override
        public String stateKey() {
            return key;
        }
    }

    @Test
    void aChainAndAMaskInitialiseTheirMembersAndAskThemToCheck() {
        try (TransformState state = new TransformState()) {
            Chain c = Transforms.chain(new Recording("a"), ZNorm.create(), new Recording("b"));
            c.init(params, state);
            assertEquals(2L, state.allCounters().get("0.a/params"));
            assertEquals(2L, state.allCounters().get("2.b/params"), "every member, in its scope");
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> c.checkSelection(params));
            assertEquals("a was asked", e.getMessage());
        }
        try (TransformState state = new TransformState()) {
            Masked m =
                    Transforms.masked(new Recording("r"), ParamSelector.type(Parameter.Type.BIAS));
            m.init(params, state);
            assertEquals(1L, state.allCounters().get("params"), "only the selected parameters");
            assertTrue(state.allCounters().containsKey("saw/bias"));
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> m.checkSelection(params));
            assertEquals("r was asked", e.getMessage());
        }
    }

    @Test
    void aChainRefusesToBeEmptyOrToHoldAnOptimizer() {
        assertThrows(IllegalArgumentException.class, Transforms::chain);
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> Transforms.chain(Adam.builder().build(), ZNorm.create()));
        assertTrue(e.getMessage().contains("'adam' can only end a chain"), e.getMessage());
    }

    @Test
    void maskedTransformsTheSelectedParametersOnlyAndPassesTheRestThroughUntouched() {
        ParamSelector biases = ParamSelector.type(Parameter.Type.BIAS);
        Masked onBias =
                Transforms.masked(ZNorm.builder().select(ParamSelector.all()).build(), biases);
        try (TransformState state = new TransformState()) {
            Updates g = grads(CONV, BIAS);
            Updates out = run(onBias, g, state);
            assertSame(g.get("conv"), out.get("conv"), "unselected: the same array");
            assertArrayEquals(new float[] {1f, -1f}, out.get("bias").toFloatArray(), 1e-6f);
            Updates all =
                    run(
                            Transforms.masked(ZNorm.create(), ParamSelector.all()),
                            grads(CONV, BIAS),
                            state);
            assertArrayEquals(
                    ZNorm.zscore(m.create(CONV, new Shape(2, 1, 2, 2)), 1e-12, false, false)
                            .toFloatArray(),
                    all.get("conv").toFloatArray());
            assertArrayEquals(BIAS, all.get("bias").toFloatArray(), "ZNorm leaves 1-D alone");
        }
        Masked none =
                Transforms.masked(
                        ZNorm.create(), ParamSelector.nameMatches("head.*").describedAs("head"));
        try (TransformState state = new TransformState()) {
            Updates g = grads(CONV, BIAS);
            none.init(params, state);
            assertSame(g, none.update(g, state, params), "nothing selected: the updates as given");
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> none.checkSelection(params));
            assertTrue(e.getMessage().contains("znorm"), e.getMessage());
        }
        assertSame(biases, onBias.selector());
        assertEquals("znorm", onBias.inner().name());
        assertEquals("znorm", onBias.name());
        assertEquals("znorm", onBias.stateKey());
        assertTrue(onBias.toString().startsWith("znorm on "), onBias.toString());
        assertFalse(onBias.isGlobal());
        assertTrue(
                Transforms.masked(AdaptiveGradientClipping.create(), biases).isGlobal(),
                "AGC with its head exclusion needs every gradient");
    }

    @Test
    void maskedGivesItsTransformOnlyTheSelectedParametersAtInit() {
        // AGC leaves "the last tensor with ndim >= 2 and what follows" alone: under a mask of the
        // weights, the conv is that tensor, so even a tiny lambda leaves it unclipped
        Masked onConv =
                Transforms.masked(
                        AdaptiveGradientClipping.builder().lambda(1e-6).build(),
                        ParamSelector.type(Parameter.Type.WEIGHT));
        try (TransformState state = new TransformState()) {
            Updates out = run(onConv, grads(CONV, BIAS), state);
            assertArrayEquals(CONV, out.get("conv").toFloatArray(), "the only weight is the head");
        }
    }

    @Test
    void skipNonFiniteAsATransformZeroesAndCountsAStepWithANonFiniteGradient() {
        SkipIfNonFinite skip = new SkipIfNonFinite(Transforms.chain(Sgd.builder().lr(1).build()));
        try (TransformState state = new TransformState()) {
            skip.init(params, state);
            assertEquals(
                    0L,
                    state.allCounters().get(SkipIfNonFinite.SKIPPED),
                    "a fresh state records zero skips (a checkpoint must hold the counter)");
            float[] bad = BIAS.clone();
            bad[1] = Float.POSITIVE_INFINITY;
            assertFalse(SkipIfNonFinite.allFinite(grads(CONV, bad)));
            Updates zeroed = skip.update(grads(CONV, bad), state, params);
            assertArrayEquals(new float[8], zeroed.get("conv").toFloatArray());
            assertArrayEquals(new float[2], zeroed.get("bias").toFloatArray());
            assertEquals(1, state.counter(SkipIfNonFinite.SKIPPED));
            skip.update(grads(CONV, bad), state, params);
            assertEquals(2, state.counter(SkipIfNonFinite.SKIPPED), "counted, not set");
            skip.init(params, state);
            assertEquals(2, state.counter(SkipIfNonFinite.SKIPPED), "init keeps a loaded count");
            Updates passed = skip.update(grads(CONV, BIAS), state, params);
            assertEquals(8, passed.get("conv").size(), "finite: the wrapped rule's update");
        }
        assertEquals("skip-non-finite", skip.name());
        assertEquals("skip-non-finite", skip.stateKey());
        assertEquals("sgd", skip.inner().name());
        assertTrue(skip.isGlobal());
        assertTrue(SkipIfNonFinite.allFinite(grads(CONV, BIAS)));
        SkipIfNonFinite needsWeights =
                new SkipIfNonFinite(Transforms.chain(ZNorm.create(), Sgd.builder().build()));
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> needsWeights.checkSelection(biasOnly()));
        assertTrue(e.getMessage().contains("znorm"), e.getMessage());
    }
}
