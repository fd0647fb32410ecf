package dev.znorm.core.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.util.Pair;
import dev.znorm.core.method.AdaptiveGradientClipping;
import dev.znorm.core.method.ClipByGlobalNorm;
import dev.znorm.core.method.SkipIfNonFinite;
import dev.znorm.core.method.ZNorm;
import dev.znorm.core.optim.Adagrad;
import dev.znorm.core.optim.Adam;
import dev.znorm.core.optim.Sgd;
import dev.znorm.core.transform.GradientTransform;
import dev.znorm.core.transform.ParamSelector;
import dev.znorm.core.transform.ParamSet;
import dev.znorm.core.transform.TransformState;
import dev.znorm.core.transform.Transforms;
import dev.znorm.core.transform.UpdateRule;
import dev.znorm.core.transform.Updates;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The whole-model step for global transforms: skipping, clipping, AGC, and agreement with DJL's
 * path.
 */
class WholeStepTest {

    @TempDir Path dir;

    private static TinyTraining tiny(long seed) {
        return new TinyTraining(
                seed,
                Optimizer.sgd()
                        .setLearningRateTracker(ai.djl.training.tracker.Tracker.fixed(0f))
                        .build());
    }

    /**
     * Loading checks the state and the selections, closes what it replaces and, on failure, what it
     * was given; closing the step frees its state.
     */
    @Test
    void loadingChecksStateAndSelectionsAndFreesWhatItDrops() throws Exception {
        Path saved = dir.resolve("adam.state");
        try (TinyTraining t = tiny(3);
                WholeStep step =
                        new WholeStep(Transforms.chain(ZNorm.create(), Adam.builder().build()))) {
            t.backward(0);
            step.step(t.trainer);
            step.saveState(saved);
        }
        try (TinyTraining t = tiny(3)) {
            // the same state keys, but a ZNorm that selects nothing in this model
            WholeStep blind =
                    new WholeStep(
                            Transforms.chain(
                                    ZNorm.builder()
                                            .select(ParamSelector.nameMatches("^no-such$"))
                                            .build(),
                                    Adam.builder().build()));
            dev.znorm.core.transform.TransformState loaded =
                    dev.znorm.core.state.StateIO.load(saved, t.model.getNDManager());
            NDArray one = loaded.allTensors().values().iterator().next();
            IllegalArgumentException e =
                    assertThrows(
                            IllegalArgumentException.class,
                            () -> blind.loadState(loaded, t.model.getBlock(), "adam.state"));
            assertTrue(e.getMessage().contains("no-such"), e.getMessage());
            assertTrue(one.isReleased(), "a refused state is freed");
            WholeStep sgd = new WholeStep(Transforms.chain(Sgd.builder().build()));
            assertThrows(
                    IllegalArgumentException.class,
                    () -> sgd.loadState(saved, t.model.getBlock(), t.model.getNDManager()));
            WholeStep adam =
                    new WholeStep(Transforms.chain(ZNorm.create(), Adam.builder().build()));
            t.backward(0);
            adam.step(t.trainer);
            NDArray own = adam.state().allTensors().values().iterator().next();
            adam.loadState(saved, t.model.getBlock(), t.model.getNDManager());
            assertTrue(own.isReleased(), "the replaced state is freed");
            NDArray kept = adam.state().allTensors().values().iterator().next();
            adam.close();
            assertTrue(kept.isReleased(), "close frees the state");
        }
    }

    @Test
    void typeSelectorsWorkThroughTheDjlOptimizer() {
        // the adapter learns each parameter's type with its name: a selection by type must find
        // BatchNorm's gamma, and must change its update
        DjlOptimizer byType =
                DjlOptimizer.of(
                        Transforms.chain(
                                ZNorm.builder()
                                        .select(ParamSelector.type(ai.djl.nn.Parameter.Type.GAMMA))
                                        .build(),
                                Sgd.builder().lr(0.1).build()));
        DjlOptimizer plain = DjlOptimizer.of(Transforms.chain(Sgd.builder().lr(0.1).build()));
        Map<String, float[]> a;
        try (TinyTraining t = new TinyTraining(2, byType, byType)) {
            t.step(0);
            a = t.trainableSnapshot();
            t.step(1); // the selection is checked once the first step is complete: no error
        }
        try (TinyTraining t = new TinyTraining(2, plain, plain)) {
            t.step(0);
            Map<String, float[]> b = t.trainableSnapshot();
            String gamma =
                    a.keySet().stream().filter(k -> k.endsWith("gamma")).findFirst().orElseThrow();
            assertTrue(!java.util.Arrays.equals(a.get(gamma), b.get(gamma)), "gamma normalised");
            String conv =
                    a.keySet().stream()
                            .filter(k -> k.endsWith("Conv2d_weight"))
                            .findFirst()
                            .orElseThrow();
            assertArrayEquals(a.get(conv), b.get(conv), "the convolution is not selected");
        }
    }

    @Test
    void sameChainGivesBitwiseTheSameWeightsAsTheDjlOptimizer() {
        Map<String, float[]> viaDjl;
        DjlOptimizer opt =
                DjlOptimizer.of(Transforms.chain(ZNorm.create(), Adam.builder().lr(1e-2).build()));
        try (TinyTraining t = new TinyTraining(8, opt, opt)) {
            for (int s = 0; s < 10; s++) {
                t.step(s);
            }
            viaDjl = t.snapshot();
        }
        try (TinyTraining t = tiny(8);
                WholeStep step =
                        new WholeStep(
                                Transforms.chain(
                                        ZNorm.create(), Adam.builder().lr(1e-2).build()))) {
            for (int s = 0; s < 10; s++) {
                t.backward(s);
                step.step(t.trainer);
            }
            Map<String, float[]> viaWhole = t.snapshot();
            for (String name : viaDjl.keySet()) {
                assertArrayEquals(viaDjl.get(name), viaWhole.get(name), name);
            }
        }
    }

    /** A transform that hands the optimizer a new array: the weight's gradient stays behind. */
    private static final GradientTransform COPY =
            new GradientTransform() {
                @Override
                public void init(ParamSet params, TransformState state) {}

                @Override
                public Updates update(Updates grads, TransformState state, ParamSet params) {
                    return grads.map((name, g) -> g.mul(1f));
                }

                @Override
                public String name() {
                    return "copy";
                }

                @Override
                public String stateKey() {
                    return "copy";
                }
            };

    static Stream<Arguments> chainsReadingTheGradientInEveryWay() {
        return Stream.of(
                Arguments.of(
                        "SGD's kernel zeroes it as it reads",
                        (Supplier<UpdateRule>)
                                () ->
                                        Transforms.chain(
                                                Sgd.builder().lr(0.1).momentum(0.9).build())),
                Arguments.of(
                        "ZNorm in place, then Adam's kernel zeroes it",
                        (Supplier<UpdateRule>)
                                () ->
                                        Transforms.chain(
                                                ZNorm.create(), Adam.builder().lr(1e-2).build())),
                Arguments.of(
                        "the optimizer reads a copy: the step clears the gradient",
                        (Supplier<UpdateRule>)
                                () -> Transforms.chain(COPY, Sgd.builder().lr(0.1).build())),
                Arguments.of(
                        "NDArray path (Adagrad): the step clears the gradient",
                        (Supplier<UpdateRule>)
                                () -> Transforms.chain(Adagrad.builder().lr(0.1).build())));
    }

    /**
     * Whichever way the optimizer read the weights' own gradients (a kernel zeroing them as it
     * reads, or not at all), they are zero after the step, so the next backward pass starts from
     * nothing: bit for bit DJL's path, which clears every gradient itself, over several steps.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("chainsReadingTheGradientInEveryWay")
    void everyOwnGradientIsZeroAfterTheStep(String how, Supplier<UpdateRule> chain) {
        Map<String, float[]> viaDjl;
        DjlOptimizer opt = DjlOptimizer.of(chain.get());
        try (TinyTraining t = new TinyTraining(4, opt, opt)) {
            for (int s = 0; s < 4; s++) {
                t.step(s);
            }
            viaDjl = t.snapshot();
        }
        try (TinyTraining t = tiny(4);
                WholeStep step = new WholeStep(chain.get())) {
            for (int s = 0; s < 4; s++) {
                t.backward(s);
                step.step(t.trainer);
                for (Pair<String, Parameter> p : t.model.getBlock().getParameters()) {
                    NDArray w = p.getValue().getArray();
                    if (w.hasGradient()) {
                        try (NDArray g = w.getGradient()) {
                            assertArrayEquals(
                                    new float[(int) g.size()], g.toFloatArray(), p.getKey());
                        }
                    }
                }
            }
            Map<String, float[]> viaWhole = t.snapshot();
            for (String name : viaDjl.keySet()) {
                assertArrayEquals(viaDjl.get(name), viaWhole.get(name), name);
            }
        }
    }

    @Test
    void aStepWithANonFiniteGradientIsSkippedCountedAndItsGradientsCleared() {
        UpdateRule rule =
                new SkipIfNonFinite(
                        Transforms.chain(
                                ClipByGlobalNorm.builder().max(1.0).build(),
                                ZNorm.create(),
                                Adam.builder().lr(1e-2).build()));
        try (TinyTraining t = tiny(2);
                WholeStep step = new WholeStep(rule)) {
            t.backward(0);
            step.step(t.trainer);
            Map<String, float[]> before = t.trainableSnapshot();
            t.backward(1);
            Pair<String, Parameter> first = t.model.getBlock().getParameters().get(0);
            try (NDArray g = first.getValue().getArray().getGradient()) {
                g.set(new NDIndex("0"), Float.NaN);
            }
            step.step(t.trainer);
            Map<String, float[]> after = t.trainableSnapshot();
            for (String name : before.keySet()) {
                assertArrayEquals(
                        before.get(name), after.get(name), name + " unchanged by the skipped step");
            }
            assertEquals(1, step.state().counter(SkipIfNonFinite.SKIPPED));
            try (NDArray g = first.getValue().getArray().getGradient()) {
                for (float v : g.toFloatArray()) {
                    assertEquals(0f, v, "the NaN gradient was zeroed for the next step");
                }
            }
            t.backward(2);
            step.step(t.trainer);
            assertEquals(1, step.state().counter(SkipIfNonFinite.SKIPPED));
            assertTrue(
                    step.state().allMetrics().values().stream().anyMatch(v -> v > 0),
                    "the global norm is recorded: " + step.state().allMetrics());
        }
    }

    @Test
    void agcLeavesTheClassifierHeadUnclippedByDefault() {
        try (TinyTraining t = tiny(4)) {
            Set<String> head =
                    AdaptiveGradientClipping.headNames(WholeStep.parameters(t.model.getBlock()));
            assertEquals(2, head.size(), "linear weight and bias: " + head);
            assertTrue(head.stream().allMatch(n -> n.contains("Linear")), head.toString());
            // a tiny lambda clips every other unit; SGD at rate 1 shows the transformed gradient
            try (WholeStep step =
                    new WholeStep(
                            Transforms.chain(
                                    AdaptiveGradientClipping.builder().lambda(1e-4).build(),
                                    Sgd.builder().lr(1).build()))) {
                t.backward(0);
                Map<String, float[]> before = t.trainableSnapshot();
                Map<String, float[]> grads = t.gradients();
                step.step(t.trainer);
                Map<String, float[]> after = t.trainableSnapshot();
                int clipped = 0;
                for (String name : grads.keySet()) {
                    float[] update = new float[grads.get(name).length];
                    for (int i = 0; i < update.length; i++) {
                        update[i] = before.get(name)[i] - after.get(name)[i];
                    }
                    double ratio = norm(update) / norm(grads.get(name));
                    if (head.contains(name)) {
                        assertArrayEquals(grads.get(name), update, 1e-6f, name + " is clipped");
                    } else if (norm(grads.get(name)) > 1e-3) {
                        // (a convolution's bias before BatchNorm has a gradient of rounding noise
                        // only, within bounds and rightly left alone)
                        assertTrue(ratio < 0.1, name + " kept " + ratio + " of its gradient");
                        clipped++;
                    }
                }
                assertTrue(clipped >= 3, clipped + " tensors clipped");
            }
        }
    }

    private static double norm(float[] v) {
        double s = 0;
        for (float x : v) {
            s += (double) x * x;
        }
        return Math.sqrt(s);
    }

    @Test
    void resumeFromSavedWholeStepStateIsBitExact() throws Exception {
        Map<String, float[]> full;
        try (TinyTraining t = tiny(6);
                WholeStep step =
                        new WholeStep(
                                new SkipIfNonFinite(
                                        Transforms.chain(
                                                ClipByGlobalNorm.builder().max(0.5).build(),
                                                ZNorm.create(),
                                                Adam.builder().lr(1e-2).build())))) {
            for (int s = 0; s < 9; s++) {
                t.backward(s);
                step.step(t.trainer);
            }
            full = t.snapshot();
        }
        Map<String, float[]> cut;
        Path file = dir.resolve("whole.state");
        try (TinyTraining t = tiny(6);
                WholeStep step =
                        new WholeStep(
                                new SkipIfNonFinite(
                                        Transforms.chain(
                                                ClipByGlobalNorm.builder().max(0.5).build(),
                                                ZNorm.create(),
                                                Adam.builder().lr(1e-2).build())))) {
            for (int s = 0; s < 4; s++) {
                t.backward(s);
                step.step(t.trainer);
            }
            cut = t.snapshot();
            step.saveState(file);
        }
        try (TinyTraining t = tiny(77);
                WholeStep step =
                        new WholeStep(
                                new SkipIfNonFinite(
                                        Transforms.chain(
                                                ClipByGlobalNorm.builder().max(0.5).build(),
                                                ZNorm.create(),
                                                Adam.builder().lr(1e-2).build())))) {
            t.restore(cut);
            step.loadState(file, t.model.getBlock(), t.model.getNDManager());
            for (int s = 4; s < 9; s++) {
                t.backward(s);
                step.step(t.trainer);
            }
            Map<String, float[]> resumed = t.snapshot();
            for (String name : full.keySet()) {
                assertArrayEquals(full.get(name), resumed.get(name), name);
            }
        }
    }

    /**
     * The step walks the block's parameter list once but reads which parameters train at every
     * step: a layer frozen between steps stays put (weight decay would move it if it were stepped),
     * and moves again once unfrozen.
     */
    @Test
    void freezingALayerBetweenStepsIsHonoured() {
        try (TinyTraining t = tiny(6);
                WholeStep step =
                        new WholeStep(
                                Transforms.chain(Sgd.builder().lr(0.1).weightDecay(0.5).build()))) {
            ai.djl.nn.Block conv = t.model.getBlock().getChildren().get(0).getValue();
            String kernel = conv.getParameters().get(0).getValue().getId();
            t.backward(0);
            step.step(t.trainer);
            conv.freezeParameters(true);
            float[] frozen = weight(t, kernel);
            Map<String, float[]> others = t.trainableSnapshot();
            t.backward(1);
            step.step(t.trainer);
            assertArrayEquals(frozen, weight(t, kernel), "a frozen kernel moved");
            assertTrue(
                    others.entrySet().stream()
                            .anyMatch(
                                    e ->
                                            !java.util.Arrays.equals(
                                                    e.getValue(), weight(t, e.getKey()))),
                    "the layers left training did not move");
            conv.freezeParameters(false);
            t.backward(2);
            step.step(t.trainer);
            assertTrue(
                    !java.util.Arrays.equals(frozen, weight(t, kernel)),
                    "the unfrozen kernel did not move");
        }
    }

    /** The weight under its structured name or its parameter id. */
    private static float[] weight(TinyTraining t, String nameOrId) {
        for (Pair<String, Parameter> p : t.model.getBlock().getParameters()) {
            if (p.getKey().equals(nameOrId) || p.getValue().getId().equals(nameOrId)) {
                return p.getValue().getArray().toFloatArray();
            }
        }
        throw new IllegalArgumentException(nameOrId);
    }

    /**
     * Loading parameters replaces the weights' arrays: the step must notice (it reuses the set of
     * trainable parameters only while the same arrays train) and step the new ones.
     */
    @Test
    void weightsReplacedBetweenStepsAreTheOnesStepped() throws Exception {
        try (TinyTraining t = tiny(9);
                WholeStep step = new WholeStep(Transforms.chain(Sgd.builder().lr(0.1).build()))) {
            t.backward(0);
            step.step(t.trainer);
            Block block = t.model.getBlock();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            block.saveParameters(new DataOutputStream(bytes));
            block.loadParameters(
                    t.model.getNDManager(),
                    new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            for (Pair<String, Parameter> p : block.getParameters()) {
                if (p.getValue().requiresGradient()) {
                    p.getValue().getArray().setRequiresGradient(true);
                }
            }
            Map<String, float[]> loaded = t.trainableSnapshot();
            // the trainer keeps the arrays it started with: a fresh parameter store sees the new
            try (NDManager sub = t.model.getNDManager().newSubManager();
                    GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDList b = TinyTraining.batch(sub, 1);
                NDList pred =
                        block.forward(new ParameterStore(sub, false), new NDList(b.head()), true);
                gc.backward(Loss.softmaxCrossEntropyLoss().evaluate(new NDList(b.get(1)), pred));
            }
            step.step(block);
            Map<String, float[]> after = t.trainableSnapshot();
            int moved = 0;
            for (String name : loaded.keySet()) {
                if (!Arrays.equals(loaded.get(name), after.get(name))) {
                    moved++;
                }
            }
            assertTrue(moved >= loaded.size() / 2, moved + " of " + loaded.size() + " moved");
        }
    }

    @Test
    void anEmptySelectionFailsBeforeTheFirstUpdate() {
        try (TinyTraining t = tiny(1);
                WholeStep step =
                        new WholeStep(
                                Transforms.chain(
                                        ZNorm.builder()
                                                .select(
                                                        ParamSelector.type(
                                                                Parameter.Type.RUNNING_MEAN))
                                                .build(),
                                        Adam.builder().build()))) {
            Map<String, float[]> before = t.trainableSnapshot();
            t.backward(0);
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> step.step(t.trainer));
            assertTrue(e.getMessage().contains("RUNNING_MEAN"), e.getMessage());
            Map<String, float[]> after = t.trainableSnapshot();
            for (String name : before.keySet()) {
                assertArrayEquals(
                        before.get(name), after.get(name), "nothing was updated: " + name);
            }
        }
    }
}
