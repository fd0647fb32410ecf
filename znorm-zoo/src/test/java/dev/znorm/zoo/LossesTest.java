package dev.znorm.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Segmentation losses against float64 Java references. */
class LossesTest {

    @Test
    void bceDiceAndTheirSumMatchTheFormulas() {
        Random rnd = new Random(3);
        int n = 2 * 8 * 8;
        float[] x = new float[n];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (rnd.nextGaussian() * 4);
            y[i] = rnd.nextInt(3) == 0 ? 1 : 0;
        }
        double bce = 0;
        double inter = 0;
        double sp = 0;
        double sy = 0;
        for (int i = 0; i < n; i++) {
            double p = 1 / (1 + Math.exp(-x[i]));
            bce += -(y[i] * Math.log(p) + (1 - y[i]) * Math.log(1 - p));
            inter += p * y[i];
            sp += p;
            sy += y[i];
        }
        bce /= n;
        double dice = 1 - (2 * inter + 1) / (sp + sy + 1);
        try (NDManager m = NDManager.newBaseManager()) {
            Shape s = new Shape(2, 1, 8, 8);
            NDArray logits = m.create(x, s);
            NDArray mask = m.create(y, s);
            assertEquals(
                    bce,
                    Losses.bce().evaluate(new NDList(mask), new NDList(logits)).getFloat(),
                    1e-5);
            assertEquals(
                    dice,
                    Losses.dice().evaluate(new NDList(mask), new NDList(logits)).getFloat(),
                    1e-5);
            assertEquals(
                    bce + dice,
                    Losses.bceDice().evaluate(new NDList(mask), new NDList(logits)).getFloat(),
                    1e-5);
            assertThrows(
                    IllegalArgumentException.class,
                    () ->
                            Losses.bceDice()
                                    .evaluate(
                                            new NDList(m.zeros(new Shape(2, 1, 4, 4))),
                                            new NDList(logits)));
        }
    }
}
