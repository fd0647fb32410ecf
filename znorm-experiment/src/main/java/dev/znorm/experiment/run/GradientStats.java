package dev.znorm.experiment.run;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import dev.znorm.core.djl.WholeStep;
import dev.znorm.core.transform.Param;
import java.util.ArrayList;
import java.util.List;

/**
 * Per-layer statistics of the raw gradient (L2 norm, mean, std), for weight tensors (ndim >= 2).
 */
public final class GradientStats {

    private GradientStats() {}

    /** L2 norm, mean and population standard deviation of {@code g}, in float64. */
    public static double[] normMeanStd(float[] g) {
        double sum = 0;
        double sq = 0;
        for (float v : g) {
            sum += v;
            sq += (double) v * v;
        }
        double mean = sum / g.length;
        double var = 0;
        for (float v : g) {
            var += (v - mean) * (v - mean);
        }
        return new double[] {Math.sqrt(sq), mean, Math.sqrt(var / g.length)};
    }

    /** The record of {@code net}'s current gradients at {@code step}. */
    public static GradientRecord of(long step, Block net) {
        List<GradientRecord.LayerStats> layers = new ArrayList<>();
        for (Param p : WholeStep.parameters(net)) {
            if (p.ndim() < 2) {
                continue;
            }
            float[] g;
            try (NDArray grad = p.value().getGradient()) {
                g = grad.toFloatArray();
            }
            double[] s = normMeanStd(g);
            layers.add(new GradientRecord.LayerStats(p.name(), s[0], s[1], s[2]));
        }
        return new GradientRecord(step, layers);
    }
}
