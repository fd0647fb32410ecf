package dev.znorm.core.spec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import dev.znorm.core.Tensors;
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
import dev.znorm.core.transform.OptimizerChain;
import dev.znorm.core.transform.Param;
import dev.znorm.core.transform.ParamSelector;
import dev.znorm.core.transform.ParamSet;
import dev.znorm.core.transform.TransformState;
import dev.znorm.core.transform.Updates;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a method was built with reads back from it (a run records these, a user checks them), and
 * every method's state key, the name its state is saved under in a checkpoint, is fixed: changing
 * one would orphan every saved optimizer state.
 */
class SettingsReadBackTest {

    @Test
    void optimizerSettingsReadBack() {
        Adam adam = Adam.builder().betas(0.5, 0.9).eps(0.1).weightDecay(0.2).fused(false).build();
        assertEquals(0.5, adam.beta1());
        assertEquals(0.9, adam.beta2());
        assertEquals(0.1, adam.eps());
        assertEquals(0.2, adam.weightDecay());
        assertFalse(adam.fused());
        assertFalse(adam.decoupled());
        assertTrue(Adam.builder().build().fused(), "fused is the default");
        assertTrue(AdamW.builder().build().decoupled());
        RmsProp rms = RmsProp.builder().alpha(0.5).eps(0.1).momentum(0.3).centered(true).build();
        assertEquals(0.5, rms.alpha());
        assertEquals(0.1, rms.eps());
        assertEquals(0.3, rms.momentum());
        assertTrue(rms.centered());
        assertFalse(RmsProp.builder().build().centered());
        Sgd sgd = Sgd.builder().momentum(0.9).dampening(0.1).nesterov(false).build();
        assertEquals(0.9, sgd.momentum());
        assertEquals(0.1, sgd.dampening());
        assertFalse(sgd.nesterov());
        assertTrue(Sgd.builder().momentum(0.9).nesterov(true).build().nesterov());
        Adagrad ada = Adagrad.builder().lrDecay(0.5).eps(0.1).initialAccumulatorValue(0.2).build();
        assertEquals(0.5, ada.lrDecay());
        assertEquals(0.1, ada.eps());
        assertEquals(0.2, ada.initialAccumulatorValue());
    }

    @Test
    void transformSettingsReadBack() {
        ZNorm z = ZNorm.builder().eps(0.1).unbiased(true).perOutputUnit().build();
        assertEquals(0.1, z.eps());
        assertTrue(z.unbiased());
        assertTrue(z.perOutputUnit());
        assertFalse(ZNorm.create().unbiased());
        assertFalse(ZNorm.create().perOutputUnit());
        AdaptiveGradientClipping agc =
                AdaptiveGradientClipping.builder().lambda(0.5).eps(0.1).excludeHead(false).build();
        assertEquals(0.5, agc.lambda());
        assertEquals(0.1, agc.eps());
        assertFalse(agc.excludesHead());
        assertFalse(agc.isGlobal(), "without the head exclusion it works per tensor");
        assertTrue(AdaptiveGradientClipping.create().excludesHead());
        assertTrue(AdaptiveGradientClipping.create().isGlobal());
        ClipByGlobalNorm global =
                ClipByGlobalNorm.builder().max(2).eps(0.1).errorIfNonFinite(true).build();
        assertEquals(2, global.max());
        assertEquals(0.1, global.eps());
        assertTrue(global.errorIfNonFinite());
        assertFalse(ClipByGlobalNorm.builder().max(1).build().errorIfNonFinite());
        ClipByNorm norm = ClipByNorm.builder().max(3).eps(0.2).errorIfNonFinite(true).build();
        assertEquals(3, norm.max());
        assertEquals(0.2, norm.eps());
        assertTrue(norm.errorIfNonFinite());
        assertFalse(ClipByNorm.builder().max(1).build().errorIfNonFinite());
        assertEquals(0.4, ClipByValue.builder().max(0.4).build().max());
        assertEquals(0.3, ScaleOnly.builder().eps(0.3).build().eps());
        assertEquals(0.3, L2Normalize.builder().eps(0.3).build().eps());
        ParamSelector all = ParamSelector.all();
        assertSame(all, ZeroNonFinite.builder().select(all).build().selector());
        assertEquals(
                "zero-non-finite on all", ZeroNonFinite.builder().select(all).build().toString());
    }

    @Test
    void everyMethodSavesItsStateUnderAFixedKey() {
        List<GradientTransform> methods =
                List.of(
                        ZNorm.create(),
                        ZNorm.builder().perOutputUnit().build(),
                        CenterOnly.create(),
                        ScaleOnly.builder().build(),
                        GradientCentralization.create(),
                        L2Normalize.builder().build(),
                        ClipByValue.builder().max(1).build(),
                        ClipByNorm.builder().max(1).build(),
                        ClipByGlobalNorm.builder().max(1).build(),
                        AdaptiveGradientClipping.create(),
                        ZeroNonFinite.create(),
                        Sgd.builder().build(),
                        Adam.builder().build(),
                        AdamW.builder().build(),
                        RmsProp.builder().build(),
                        Adagrad.builder().build());
        List<String> keys =
                List.of(
                        "znorm",
                        "znorm-unit",
                        "center",
                        "scale",
                        "gc",
                        "l2-normalize",
                        "clip-value",
                        "clip-norm",
                        "clip-global-norm",
                        "agc",
                        "zero-non-finite",
                        "sgd",
                        "adam",
                        "adamw",
                        "rmsprop",
                        "adagrad");
        assertEquals(keys, methods.stream().map(GradientTransform::stateKey).toList());
        assertEquals(
                "clip-value+gc+znorm+adam",
                dev.znorm.core.transform.Transforms.chain(
                                ClipByValue.builder().max(1).build(),
                                GradientCentralization.create(),
                                ZNorm.create(),
                                Adam.builder().build())
                        .name());
        OptimizerChain chain = (OptimizerChain) MethodSpec.parse("gc+znorm+adam");
        assertEquals("gc+znorm+adam", chain.stateKey());
        assertEquals("gc+znorm+adam", chain.toString());
    }

    @Test
    void aParamKnowsItsShapeAndTypeAndSelectorsSeeThem() {
        try (NDManager m = NDManager.newBaseManager()) {
            Param p = new Param("conv_w", m.zeros(new Shape(3, 2)), null);
            assertEquals(new Shape(3, 2), p.shape());
            assertEquals(2, p.ndim());
            assertEquals(Parameter.Type.OTHER, p.type(), "no type given: OTHER");
            Param b = new Param("conv_b", m.zeros(new Shape(3)), Parameter.Type.BIAS);
            assertEquals(Parameter.Type.BIAS, b.type());
            assertTrue(ParamSelector.nameMatches("_w$").test(p));
            assertFalse(ParamSelector.nameMatches("_w$").test(b));
            assertTrue(ParamSelector.type(Parameter.Type.BIAS).test(b));
            assertEquals(2, ParamSet.of(p, b).size());
            assertTrue(ParamSet.of(p, b).contains("conv_b"));
            assertFalse(ParamSet.of(p).contains("conv_b"));
            ParamSelector bias = ParamSelector.type(Parameter.Type.BIAS);
            assertFalse(bias.not().test(b));
            assertTrue(bias.not().test(p));
            assertTrue(bias.or(ParamSelector.nameMatches("_w$")).test(p));
            assertFalse(bias.or(ParamSelector.nameMatches("^x")).test(p));
            assertEquals(
                    1, Updates.single("w", m.zeros(new Shape(1))).size(), "one update, one name");
        }
    }

    @Test
    void rmspropWithoutMomentumKeepsNoMomentumBuffer() {
        try (NDManager m = NDManager.newBaseManager();
                TransformState plain = new TransformState();
                TransformState heavy = new TransformState()) {
            ParamSet ps = ParamSet.of(new Param("w", m.zeros(new Shape(2, 2)), null));
            RmsProp.builder().build().init(ps, plain);
            RmsProp.builder().momentum(0.5).build().init(ps, heavy);
            assertEquals(List.of("w/square_avg"), List.copyOf(plain.allTensors().keySet()));
            assertEquals(2, heavy.allTensors().size(), heavy.allTensors().keySet().toString());
        }
    }

    @Test
    void aZeroLearningRateIsAllowedAndMovesNothing() {
        try (NDManager m = NDManager.newBaseManager();
                TransformState state = new TransformState()) {
            Param w = new Param("w", m.create(new float[] {1f, 2f}, new Shape(1, 2)), null);
            ParamSet ps = ParamSet.of(w);
            Sgd sgd = Sgd.builder().lr(0).build();
            sgd.init(ps, state);
            sgd.apply(
                    Updates.single("w", m.create(new float[] {5f, 5f}, new Shape(1, 2))),
                    state,
                    ps);
            assertArrayEquals(new float[] {1f, 2f}, w.value().toFloatArray());
        }
    }

    @Test
    void clippingRaisesOnANonFiniteNormOnlyWhenAsked() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] nan = {1f, Float.NaN};
            Shape s = new Shape(1, 2);
            for (GradientTransform asked :
                    List.of(
                            ClipByNorm.builder().max(1).errorIfNonFinite(true).build(),
                            ClipByGlobalNorm.builder().max(1).errorIfNonFinite(true).build())) {
                assertThrows(
                        ArithmeticException.class,
                        () -> Tensors.apply(asked, m, nan, s, null),
                        asked.name());
            }
            for (GradientTransform quiet :
                    List.of(
                            ClipByNorm.builder().max(1).build(),
                            ClipByGlobalNorm.builder().max(1).build())) {
                Tensors.apply(quiet, m, nan, s, null); // no exception: the NaN passes on
                assertTrue(
                        Float.isNaN(Tensors.apply(quiet, m, new float[] {1f, 1f}, s, null)[0])
                                == false,
                        quiet.name());
            }
        }
    }

    @Test
    void scaleOnlyGivesZeroForAOneElementTensor() {
        try (NDManager m = NDManager.newBaseManager()) {
            assertArrayEquals(
                    new float[] {0f},
                    Tensors.apply(
                            ScaleOnly.builder().build(),
                            m,
                            new float[] {3f},
                            new Shape(1, 1),
                            null));
        }
    }

    @Test
    void replacingAStoredTensorFreesTheOldOne() {
        try (NDManager m = NDManager.newBaseManager();
                TransformState state = new TransformState()) {
            ai.djl.ndarray.NDArray first = m.zeros(new Shape(2));
            state.putTensorByKey("k", first);
            state.putTensorByKey("k", first); // the same array again: kept
            assertFalse(first.isReleased());
            state.putTensorByKey("k", m.ones(new Shape(2)));
            assertTrue(first.isReleased());
        }
    }
}
