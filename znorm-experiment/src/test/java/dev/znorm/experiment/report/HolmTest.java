package dev.znorm.experiment.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Holm's adjusted p-values against values worked out by hand. */
class HolmTest {

    @Test
    void stepsDownThroughTheSortedPValues() {
        // sorted: 0.01 x 3 = 0.03; 0.03 x 2 = 0.06; 0.04 x 1 = 0.04, raised to 0.06 (monotone)
        assertArrayEquals(
                new double[] {0.03, 0.06, 0.06},
                Holm.adjust(new double[] {0.01, 0.04, 0.03}),
                1e-12);
        // capped at 1; a comparison without a test is neither counted nor adjusted
        double[] a = Holm.adjust(new double[] {0.6, Double.NaN, 0.2});
        assertEquals(0.4, a[2], 1e-12);
        assertEquals(0.6, a[0], 1e-12);
        assertEquals(Double.NaN, a[1]);
        assertArrayEquals(new double[] {1.0, 1.0}, Holm.adjust(new double[] {0.7, 0.9}), 1e-12);
        assertArrayEquals(new double[] {0.02}, Holm.adjust(new double[] {0.02}), 0, "one test");
    }
}
