package dev.znorm.core.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import dev.znorm.core.method.CenterOnly;
import dev.znorm.core.method.ClipByValue;
import dev.znorm.core.method.GradientCentralization;
import dev.znorm.core.method.ScaleOnly;
import dev.znorm.core.method.ZNorm;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The ownership rule: a transform writes into a gradient only when the chain owns it, and then the
 * result is bit for bit what it would have allocated; the caller's arrays never change; a buffer
 * that is a copy (a non-contiguous tensor) is never written in the belief that it is the tensor.
 */
class OwnershipTest {

    private static NDManager m;
    private static final Shape SHAPE = new Shape(6, 5);
    private static float[] g;

    @BeforeAll
    static void open() {
        m = NDManager.newBaseManager();
        Random rnd = new Random(11);
        g = new float[30];
        for (int i = 0; i < g.length; i++) {
            g[i] = (float) (rnd.nextGaussian() + 0.7);
        }
    }

    @AfterAll
    static void close() {
        m.close();
    }

    private static ParamSet params() {
        return ParamSet.of(new Param("w", m.zeros(SHAPE), Parameter.Type.WEIGHT));
    }

    private static NDArray run(GradientTransform t, Updates u) {
        try (TransformState state = new TransformState()) {
            t.init(params(), state);
            return t.update(u, state, params()).get("w");
        }
    }

    @Test
    void theKernelTransformsWriteIntoOwnedGradientsAndOnlyThose() {
        for (GradientTransform t :
                List.of(
                        ZNorm.create(),
                        ZNorm.builder().perOutputUnit().build(),
                        CenterOnly.create(),
                        ScaleOnly.builder().build(),
                        GradientCentralization.create())) {
            NDArray callers = m.create(g, SHAPE);
            NDArray fresh = run(t, Updates.single("w", callers));
            assertNotSame(callers, fresh, t.name());
            assertArrayEquals(g, callers.toFloatArray(), t.name() + ": the caller's array");
            NDArray handed = m.create(g, SHAPE);
            NDArray inPlace = run(t, Updates.singleOwned("w", handed));
            assertSame(handed, inPlace, t.name() + " writes into what it owns");
            assertArrayEquals(fresh.toFloatArray(), inPlace.toFloatArray(), t.name());
        }
    }

    @Test
    void aNonContiguousGradientIsNeverWrittenThroughACopy() {
        NDArray base = m.create(g, new Shape(5, 6));
        NDArray view = base.transpose(); // 6 x 5, not contiguous
        float[] expected =
                run(ZNorm.create(), Updates.single("w", view.duplicate())).toFloatArray();
        NDArray out = run(ZNorm.create(), Updates.singleOwned("w", view));
        assertArrayEquals(expected, out.toFloatArray(), "the z-score, whatever the layout");
        assertNotSame(view, out, "a new array, since writing would have reached a copy");
    }

    @Test
    void ownershipFollowsTheArraysThroughAChainAndAMask() {
        Updates caller = Updates.of(Map.of("w", m.create(g, SHAPE)));
        assertFalse(caller.isOwned("w"));
        Updates passed = caller.map((name, a) -> a);
        assertFalse(passed.isOwned("w"), "passing an array through does not make it ours");
        Updates made = caller.map((name, a) -> a.mul(2));
        assertTrue(made.isOwned("w"), "an array a transform made is the chain's");
        assertTrue(
                Updates.owned(Map.of("w", m.create(g, SHAPE))).subset(List.of("w")).isOwned("w"));
        assertFalse(caller.subset(List.of("w")).isOwned("w"));
        // clipping makes a new array, which ZNorm may then overwrite; the caller's stays intact
        NDArray callers = m.create(g, SHAPE);
        NDArray out =
                run(
                        Transforms.chain(ClipByValue.builder().max(0.5).build(), ZNorm.create()),
                        Updates.single("w", callers));
        assertArrayEquals(g, callers.toFloatArray());
        NDArray handed = m.create(g, SHAPE);
        NDArray masked =
                run(
                        Transforms.masked(ZNorm.create(), ParamSelector.all()),
                        Updates.singleOwned("w", handed));
        assertSame(handed, masked, "a mask keeps the ownership of what it passes on");
        assertTrue(out.size() == 30);
    }

    /**
     * The weights' own gradients are followed by identity through the chain: a transform that
     * replaces one takes it off the record, the record is shared by every derived {@code Updates},
     * and only an own gradient can be reported cleared.
     */
    @Test
    void ownGradientsAreFollowedByIdentityThroughTheChain() {
        NDArray g1 = m.zeros(SHAPE);
        NDArray g2 = m.zeros(SHAPE);
        Updates own = Updates.ownGradients(Map.of("a", g1, "b", g2));
        assertTrue(own.clearsAfterReading("a") && own.clearsAfterReading("b"));
        assertTrue(own.isOwned("a"), "handed over like owned()");
        Updates derived = own.map((name, a) -> name.equals("b") ? a.add(1) : a);
        assertTrue(derived.clearsAfterReading("a"), "passed through: still the gradient");
        assertFalse(derived.clearsAfterReading("b"), "replaced: not the weight's gradient");
        derived.subset(List.of("a")).cleared("a");
        assertFalse(own.clearsAfterReading("a"), "the record is shared");
        assertEquals(List.of(g2), own.unclearedGradients(), "b is left to the caller");
        assertThrows(IllegalStateException.class, () -> derived.cleared("b"));
        assertThrows(IllegalStateException.class, () -> derived.cleared("a"), "twice");
        assertFalse(Updates.owned(Map.of("a", g1)).clearsAfterReading("a"));
        assertFalse(Updates.of(Map.of("a", g1)).clearsAfterReading("a"));
        assertTrue(Updates.of(Map.of("a", g1)).unclearedGradients().isEmpty());
    }
}
