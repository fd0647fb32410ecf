package dev.znorm.core.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.znorm.core.method.ClipByGlobalNorm;
import dev.znorm.core.method.ZNorm;
import dev.znorm.core.optim.Adam;
import dev.znorm.core.optim.Sgd;
import dev.znorm.core.transform.OptimizerChain;
import dev.znorm.core.transform.ParamSelector;
import dev.znorm.core.transform.TransformState;
import dev.znorm.core.transform.Transforms;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The chain as a drop-in DJL optimizer: it trains, resumes bit for bit, and does not leak. */
class DjlOptimizerTest {

    @TempDir Path dir;

    private static OptimizerChain znormAdam() {
        return Transforms.chain(ZNorm.create(), Adam.builder().lr(1e-2).build());
    }

    @Test
    void lossFallsWithZNormAndAdamInsideAnOrdinaryDjlLoop() {
        DjlOptimizer opt = DjlOptimizer.of(znormAdam());
        try (TinyTraining t = new TinyTraining(1, opt, opt)) {
            float first = 0;
            float last = 0;
            for (int s = 0; s < 60; s++) {
                float loss = t.step(s % 20);
                if (s < 5) {
                    first += loss / 5;
                }
                if (s >= 55) {
                    last += loss / 5;
                }
            }
            assertTrue(last < first * 0.5, "loss fell from " + first + " to " + last);
            assertTrue(
                    opt.state().allTensors().keySet().stream()
                            .anyMatch(k -> k.contains("Conv2d_weight")),
                    "state is keyed by parameter name: " + opt.state().allTensors().keySet());
            assertEquals(
                    60,
                    opt.state().allCounters().entrySet().stream()
                            .filter(e -> e.getKey().endsWith("/step"))
                            .findFirst()
                            .orElseThrow()
                            .getValue());
        }
    }

    /**
     * Each step must apply only that step's gradient. DJL hands {@code Optimizer.update} a copy of
     * the gradient, so an adapter that zeroed its argument left the weights' own gradients to grow:
     * every step then applied the sum of all gradients so far (seen with SGD, RMSprop and Adagrad,
     * whose Java update does not clear gradients itself). WholeStep reads and clears the weights'
     * own gradients, so the two paths agree exactly only when the adapter is right.
     */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "sgd:lr=0.05",
                "sgd:lr=0.05,momentum=0.9",
                "znorm+sgd:lr=0.05,momentum=0.9,nesterov=true",
                "rmsprop:lr=1e-3",
                "adagrad:lr=0.05",
                "adam:lr=1e-2",
                "adamw:lr=1e-2"
            })
    void everyStepAppliesOnlyItsOwnGradient(String spec) {
        assertEachStepAppliesItsOwnGradient(spec, () -> dev.znorm.core.spec.MethodSpec.parse(spec));
    }

    /** Adam's plain (not fused) path too: the adapter clears each weight's own gradient. */
    @Test
    void plainAdamAlsoAppliesOnlyEachStepsOwnGradient() {
        assertEachStepAppliesItsOwnGradient(
                "plain adam",
                () ->
                        Transforms.chain(
                                ZNorm.create(), Adam.builder().lr(1e-2).fused(false).build()));
    }

    private static void assertEachStepAppliesItsOwnGradient(
            String spec, java.util.function.Supplier<dev.znorm.core.transform.UpdateRule> rule) {
        int steps = 6;
        Map<String, float[]> viaAdapter;
        DjlOptimizer opt = DjlOptimizer.of(rule.get());
        try (TinyTraining t = new TinyTraining(4, opt, opt)) {
            for (int s = 0; s < steps; s++) {
                t.step(s);
                for (ai.djl.util.Pair<String, ai.djl.nn.Parameter> p :
                        t.model.getBlock().getParameters()) {
                    if (p.getValue().requiresGradient()) {
                        try (ai.djl.ndarray.NDArray g = p.getValue().getArray().getGradient()) {
                            assertEquals(
                                    0f,
                                    g.abs().max().getFloat(),
                                    spec
                                            + ": gradient of "
                                            + p.getKey()
                                            + " not cleared after step "
                                            + s);
                        }
                    }
                }
            }
            viaAdapter = t.trainableSnapshot();
        }
        try (TinyTraining t =
                        new TinyTraining(
                                4,
                                ai.djl.training.optimizer.Optimizer.sgd()
                                        .setLearningRateTracker(
                                                ai.djl.training.tracker.Tracker.fixed(0f))
                                        .build());
                WholeStep whole = new WholeStep(rule.get())) {
            for (int s = 0; s < steps; s++) {
                t.backward(s);
                whole.step(t.trainer);
            }
            Map<String, float[]> viaWholeStep = t.trainableSnapshot();
            for (String name : viaWholeStep.keySet()) {
                assertArrayEquals(viaWholeStep.get(name), viaAdapter.get(name), spec + ": " + name);
            }
        }
    }

    @Test
    void resumingFromSavedStateContinuesBitForBit() throws Exception {
        int total = 16;
        int cut = 7;
        Map<String, float[]> uninterrupted;
        DjlOptimizer a = DjlOptimizer.of(znormAdam());
        try (TinyTraining t = new TinyTraining(5, a, a)) {
            for (int s = 0; s < total; s++) {
                t.step(s);
            }
            uninterrupted = t.snapshot();
        }
        Map<String, float[]> atCut;
        Path state = dir.resolve("opt.state");
        DjlOptimizer b = DjlOptimizer.of(znormAdam());
        try (TinyTraining t = new TinyTraining(5, b, b)) {
            for (int s = 0; s < cut; s++) {
                t.step(s);
            }
            atCut = t.snapshot();
            b.saveState(state);
        }
        DjlOptimizer c = DjlOptimizer.of(znormAdam());
        try (TinyTraining t = new TinyTraining(99, c, c)) {
            t.restore(atCut);
            c.loadState(state, t.model.getBlock(), t.model.getNDManager());
            for (int s = cut; s < total; s++) {
                t.step(s);
            }
            Map<String, float[]> resumed = t.snapshot();
            for (String name : uninterrupted.keySet()) {
                assertArrayEquals(
                        uninterrupted.get(name), resumed.get(name), name + " after resume");
            }
        }
    }

    /**
     * An optimizer that is not a training listener learns the parameter names from loadState (or
     * bind), and SGD's momentum buffers (created at the first step, so absent from a fresh state)
     * load; the state it held before is closed. Saving without names is refused, since nothing
     * could load that file.
     */
    @Test
    void resumingAnOptimizerThatIsNotAListenerWithMomentumIsBitForBit() throws Exception {
        java.util.function.Supplier<DjlOptimizer> sgd =
                () ->
                        DjlOptimizer.of(
                                Transforms.chain(Sgd.builder().lr(0.05).momentum(0.9).build()));
        Map<String, float[]> uninterrupted;
        try (TinyTraining t = new TinyTraining(5, sgd.get())) {
            for (int s = 0; s < 8; s++) {
                t.step(s);
            }
            uninterrupted = t.snapshot();
        }
        Path state = dir.resolve("sgd-momentum.state");
        Map<String, float[]> atCut;
        DjlOptimizer unnamed = sgd.get();
        try (TinyTraining t = new TinyTraining(5, unnamed)) {
            t.step(0);
            IllegalStateException e =
                    assertThrows(IllegalStateException.class, () -> unnamed.saveState(state));
            assertTrue(e.getMessage().contains("addTrainingListeners"), e.getMessage());
            assertTrue(!Files.exists(state), "nothing written");
        }
        DjlOptimizer first = sgd.get();
        try (TinyTraining t = new TinyTraining(5, first)) {
            first.bind(t.model.getBlock());
            for (int s = 0; s < 3; s++) {
                t.step(s);
            }
            atCut = t.snapshot();
            first.saveState(state);
        }
        DjlOptimizer resumed = sgd.get();
        try (TinyTraining t = new TinyTraining(77, resumed)) {
            t.step(0); // some state of its own first, which loading must replace and close
            TransformState before = resumed.state();
            ai.djl.ndarray.NDArray buffer = before.allTensors().values().iterator().next();
            t.restore(atCut);
            resumed.loadState(state, t.model.getBlock(), t.model.getNDManager());
            assertTrue(before.allTensors().isEmpty(), "the replaced state is emptied");
            assertTrue(before.allCounters().isEmpty(), "counters too");
            assertEquals("DjlOptimizer[sgd]", resumed.toString());
            assertTrue(buffer.isReleased(), "and its tensors freed");
            for (int s = 3; s < 8; s++) {
                t.step(s);
            }
            Map<String, float[]> after = t.snapshot();
            for (String name : uninterrupted.keySet()) {
                assertArrayEquals(uninterrupted.get(name), after.get(name), name + " after resume");
            }
            // keyed by name since the load, so it saves again
            resumed.saveState(dir.resolve("again.state"));
            assertTrue(Files.exists(dir.resolve("again.state")));
        }
    }

    @Test
    void loadingStateWithSlotsTheOptimizerDoesNotHaveNamesThem() throws Exception {
        Path state = dir.resolve("adam.state");
        DjlOptimizer adam = DjlOptimizer.of(znormAdam());
        try (TinyTraining t = new TinyTraining(1, adam, adam)) {
            t.step(0);
            adam.saveState(state);
        }
        DjlOptimizer sgd = DjlOptimizer.of(Transforms.chain(Sgd.builder().build()));
        try (TinyTraining t = new TinyTraining(1, sgd, sgd)) {
            IllegalArgumentException e =
                    assertThrows(
                            IllegalArgumentException.class,
                            () -> sgd.loadState(state, t.model.getBlock(), t.model.getNDManager()));
            assertTrue(e.getMessage().contains("unexpected tensor"), e.getMessage());
        }
    }

    @Test
    void loadingStateOfAnotherOptimizerOrModelSaysWhatDiffers() throws Exception {
        Path state = dir.resolve("sgd.state");
        DjlOptimizer sgd =
                DjlOptimizer.of(Transforms.chain(Sgd.builder().lr(0.1).momentum(0.9).build()));
        try (TinyTraining t = new TinyTraining(1, sgd, sgd)) {
            t.step(0);
            sgd.saveState(state);
        }
        DjlOptimizer adam = DjlOptimizer.of(znormAdam());
        try (TinyTraining t = new TinyTraining(1, adam, adam)) {
            IllegalArgumentException e =
                    assertThrows(
                            IllegalArgumentException.class,
                            () ->
                                    adam.loadState(
                                            state, t.model.getBlock(), t.model.getNDManager()));
            assertTrue(
                    e.getMessage().contains("sgd.state")
                            && e.getMessage().contains("missing tensor")
                            && e.getMessage().contains("exp_avg"),
                    e.getMessage());
        }
    }

    @Test
    void refusesChainsThatNeedAllGradientsOrPutAnOptimizerInTheMiddle() {
        IllegalArgumentException global =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                DjlOptimizer.of(
                                        Transforms.chain(
                                                ClipByGlobalNorm.builder().max(1).build(),
                                                Adam.builder().build())));
        assertTrue(global.getMessage().contains("WholeStep"), global.getMessage());
        IllegalArgumentException middle =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                Transforms.chain(
                                        java.util.List.of(ZNorm.create(), Adam.builder().build()),
                                        Sgd.builder().build()));
        assertTrue(
                middle.getMessage().contains("'adam' can only end a chain"), middle.getMessage());
    }

    @Test
    void aSelectionThatSelectsNothingFailsAfterTheFirstStepNamingIt() {
        DjlOptimizer opt =
                DjlOptimizer.of(
                        Transforms.chain(
                                ZNorm.builder()
                                        .select(ParamSelector.nameMatches("^nothing-like-this$"))
                                        .build(),
                                Adam.builder().build()));
        try (TinyTraining t = new TinyTraining(1, opt, opt)) {
            t.step(0);
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> t.step(1));
            assertTrue(
                    e.getMessage().contains("nothing-like-this")
                            && e.getMessage().contains("selects none"),
                    e.getMessage());
        }
    }

    @Test
    void memoryStaysFlatOverManySteps() {
        DjlOptimizer opt = DjlOptimizer.of(znormAdam());
        try (TinyTraining t = new TinyTraining(3, opt, opt)) {
            for (int s = 0; s < 5; s++) {
                t.step(s);
            }
            int arraysAfterWarmUp = count(t);
            for (int s = 0; s < 1500; s++) {
                t.step(s % 50);
            }
            assertEquals(arraysAfterWarmUp, count(t), "live NDArrays after 1,500 more steps");
        }
    }

    private static int count(TinyTraining t) {
        return t.model.getNDManager().getManagedArrays().size()
                + t.trainer.getManager().getManagedArrays().size();
    }

    @Test
    void stateFileIsReplacedAtomicallyAndDamageIsDetected() throws Exception {
        DjlOptimizer opt = DjlOptimizer.of(znormAdam());
        Path state = dir.resolve("opt.state");
        try (TinyTraining t = new TinyTraining(1, opt, opt)) {
            t.step(0);
            opt.saveState(state);
            byte[] bytes = Files.readAllBytes(state);
            Files.write(
                    dir.resolve("truncated.state"),
                    java.util.Arrays.copyOf(bytes, bytes.length / 2));
            bytes[bytes.length / 2] ^= 0x55;
            Files.write(dir.resolve("flipped.state"), bytes);
            for (String bad : new String[] {"truncated.state", "flipped.state", "absent.state"}) {
                Exception e =
                        assertThrows(
                                java.io.IOException.class,
                                () ->
                                        opt.loadState(
                                                dir.resolve(bad),
                                                t.model.getBlock(),
                                                t.model.getNDManager()));
                assertTrue(e.getMessage().contains(bad), e.getMessage());
            }
            try (var files = Files.list(dir)) {
                assertTrue(
                        files.noneMatch(p -> p.toString().endsWith(".tmp")),
                        "no temporary file left");
            }
        }
    }
}
