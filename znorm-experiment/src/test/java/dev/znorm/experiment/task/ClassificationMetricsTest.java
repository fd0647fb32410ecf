package dev.znorm.experiment.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Metrics against hand-computed values. */
class ClassificationMetricsTest {

    @Test
    void precisionRecallF1AndConfusion() {
        // true:      0 0 0 1 1 2
        // predicted: 0 1 0 1 2 2
        ClassificationMetrics m =
                ClassificationMetrics.of(
                        List.of("a", "b", "c"),
                        new int[] {0, 0, 0, 1, 1, 2},
                        new int[] {0, 1, 0, 1, 2, 2},
                        null);
        assertArrayEquals(new long[] {2, 1, 0}, m.confusion()[0]);
        assertEquals(4 / 6.0, m.accuracy(), 1e-12);
        assertEquals(1.0, m.precision(0), 1e-12);
        assertEquals(2 / 3.0, m.recall(0), 1e-12);
        assertEquals(0.8, m.f1(0), 1e-12);
        assertEquals(0.5, m.f1(1), 1e-12);
        assertEquals(2 / 3.0, m.f1(2), 1e-12);
        assertEquals((0.8 + 0.5 + 2 / 3.0) / 3, m.macroF1(), 1e-12);
    }

    @Test
    void rocAucCountsTiesAsHalf() {
        // positives 0.8, 0.4; negatives 0.4, 0.1: pairs (0.8>0.4)(0.8>0.1)(0.4=0.4 -> 1/2)(0.4>0.1)
        // = 3.5/4
        assertEquals(
                0.875,
                ClassificationMetrics.auc(
                        new int[] {1, 1, 0, 0}, new float[] {0.8f, 0.4f, 0.4f, 0.1f}),
                1e-12);
        assertEquals(
                1.0, ClassificationMetrics.auc(new int[] {0, 1}, new float[] {0.2f, 0.9f}), 1e-12);
        assertEquals(
                Double.NaN, ClassificationMetrics.auc(new int[] {1, 1}, new float[] {0.2f, 0.9f}));
    }
}
