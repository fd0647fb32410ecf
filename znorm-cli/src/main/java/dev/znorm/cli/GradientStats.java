package dev.znorm.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import dev.znorm.core.djl.WholeStep;
import dev.znorm.core.transform.Param;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Per-layer statistics of the raw gradient (L2 norm, mean, std), for weight tensors (ndim >= 2). */
final class GradientStats {

    private GradientStats() {}

    /** L2 norm, mean and population standard deviation of {@code g}, in float64. */
    static double[] normMeanStd(float[] g) {
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

    static Map<String, Object> of(long step, Block net) {
        List<Map<String, Object>> layers = new ArrayList<>();
        for (Param p : WholeStep.parameters(net)) {
            if (p.ndim() < 2) {
                continue;
            }
            float[] g;
            try (NDArray grad = p.value().getGradient()) {
                g = grad.toFloatArray();
            }
            double[] s = normMeanStd(g);
            Map<String, Object> layer = new LinkedHashMap<>();
            layer.put("name", p.name());
            layer.put("norm", s[0]);
            layer.put("mean", s[1]);
            layer.put("std", s[2]);
            layers.add(layer);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("step", step);
        m.put("layers", layers);
        return m;
    }
}
