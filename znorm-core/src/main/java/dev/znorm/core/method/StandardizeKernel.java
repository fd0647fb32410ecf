package dev.znorm.core.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.znorm.core.transform.TensorMemory;
import java.nio.FloatBuffer;

/**
 * The per-unit "subtract the mean, divide by the standard deviation" family (ZNorm, its per-unit
 * variant, center-only, scale-only, gradient centralization) for float32 tensors in CPU memory,
 * computed in Java float64 on the tensor's memory directly.
 *
 * <p>Why not NDArray operations: each would be a native call and a pass over a float64 copy of the
 * tensor (about ten per tensor), which made ZNorm cost 12 ms per ResNet-56 step; reading the
 * gradient once through a zero-copy buffer and doing two passes in Java (the sum and the sum of
 * squares together, then the output) costs a fraction of that. The arithmetic is docs/method.md's:
 * float64 sums (so a constant unit has an exact mean and exactly zero deviations), population or
 * n-1 variance, eps added to sigma, exact zeros for constant units, NaN and Inf propagate.
 */
final class StandardizeKernel {

    private static final ThreadLocal<float[][]> SCRATCH =
            ThreadLocal.withInitial(() -> new float[1][0]);

    private StandardizeKernel() {}

    /**
     * Whether {@code g} can take the Java path (float32, on the CPU); other dtypes and devices take
     * the NDArray path.
     */
    static boolean applies(NDArray g) {
        return TensorMemory.applies(g);
    }

    /**
     * Standardises each of {@code units} equal consecutive slices of {@code g}.
     *
     * @param center subtract each unit's mean
     * @param scale divide by each unit's standard deviation + eps (a constant unit gives 0)
     * @param inPlace the chain owns {@code g}: write the result into {@code g}'s own memory and
     *     return {@code g}, saving an allocation and a native copy per tensor
     */
    static NDArray standardize(
            NDArray g,
            int units,
            boolean center,
            boolean scale,
            double eps,
            boolean unbiased,
            boolean inPlace) {
        int n = (int) g.size();
        int width = n / units;
        float[] x = scratch(n);
        FloatBuffer in = TensorMemory.read(g);
        in.get(x, 0, n);
        for (int u = 0; u < units; u++) {
            int from = u * width;
            int to = from + width;
            double[] moments = Float64Moments.of(x, from, to);
            double mu = moments[0] / width;
            // The mean as an unevaluated float sum hi + lo: (x - hi) - lo in float32 is then
            // accurate to float32 precision relative to the deviation itself, however large the
            // mean, and the loop below vectorises (mixed float/double loops do not on Java 17).
            float hi = center ? (float) mu : 0f;
            float lo = center && Double.isFinite(mu) ? (float) (mu - hi) : 0f;
            if (!scale) {
                for (int i = from; i < to; i++) {
                    x[i] = (x[i] - hi) - lo;
                }
                continue;
            }
            double sigma =
                    Math.sqrt(
                            squaredDeviations(x, from, to, mu, moments)
                                    / (width - (unbiased ? 1 : 0)));
            if (sigma == 0 || width == 1) {
                java.util.Arrays.fill(x, from, to, 0f); // constant unit: exact zeros
                continue;
            }
            // Within a few float32 ulps of the float64 result (the tests hold it to 1e-5).
            float inv = (float) (1 / (sigma + eps));
            for (int i = from; i < to; i++) {
                x[i] = ((x[i] - hi) - lo) * inv;
            }
        }
        if (inPlace && TensorMemory.writesThrough(g, in)) {
            in.put(0, x, 0, n);
            return g;
        }
        NDArray out = g.getManager().create(g.getShape(), DataType.FLOAT32, g.getDevice());
        TensorMemory.read(out).put(x, 0, n); // a new array: its own memory
        return out;
    }

    /**
     * The sum of squared deviations from {@code mu}: from the one-pass moments as sum(x^2) - mu *
     * sum(x) when that keeps float32 precision, else by a second pass over the deviations.
     *
     * <p>The one-pass form subtracts two nearly equal numbers when the mean is large against the
     * spread. Its rounding error is below {@code (width + 64) 2^-53 sum(x^2)} (eight running sums
     * of at most width/8 terms, and the product mu * sum(x), which Cauchy-Schwarz bounds by
     * sum(x^2)); it is used when that bound is under 2^-30 of the result, far below a float32 ulp
     * of sigma. Gradients, whose mean is small against their spread, take it; a mean that dwarfs
     * the spread, a constant unit (whose deviations must be exactly zero) and NaN or Inf take the
     * second pass.
     */
    private static double squaredDeviations(
            float[] x, int from, int to, double mu, double[] moments) {
        double onePass = moments[1] - mu * moments[0];
        double bound = (to - from + 64) * 0x1p-53 * moments[1];
        if (Double.isFinite(onePass) && onePass > 0 && bound <= 0x1p-30 * onePass) {
            return onePass;
        }
        return twoPassSquaredDeviations(x, from, to, mu);
    }

    private static double twoPassSquaredDeviations(float[] x, int from, int to, double mu) {
        double a = 0;
        double b = 0;
        double c = 0;
        double d = 0;
        double e = 0;
        double f = 0;
        double g = 0;
        double h = 0;
        int i = from;
        for (; i + 7 < to; i += 8) {
            double e0 = x[i] - mu;
            double e1 = x[i + 1] - mu;
            double e2 = x[i + 2] - mu;
            double e3 = x[i + 3] - mu;
            double e4 = x[i + 4] - mu;
            double e5 = x[i + 5] - mu;
            double e6 = x[i + 6] - mu;
            double e7 = x[i + 7] - mu;
            a += e0 * e0;
            b += e1 * e1;
            c += e2 * e2;
            d += e3 * e3;
            e += e4 * e4;
            f += e5 * e5;
            g += e6 * e6;
            h += e7 * e7;
        }
        for (; i < to; i++) {
            double dev = x[i] - mu;
            a += dev * dev;
        }
        return ((a + b) + (c + d)) + ((e + f) + (g + h));
    }

    private static float[] scratch(int n) {
        float[][] holder = SCRATCH.get();
        if (holder[0].length < n) {
            holder[0] = new float[n];
        }
        return holder[0];
    }
}
