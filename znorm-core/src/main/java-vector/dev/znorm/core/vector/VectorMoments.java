package dev.znorm.core.vector;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * ZNorm's statistics pass ({@code dev.znorm.core.method.Float64Moments}) four lanes at a time with
 * Java 17's incubating Vector API: the pass's eight running sums and eight running sums of squares
 * are the lanes of four four-double vectors (entry {@code i} in lane {@code i mod 8}, squares by
 * lanewise fused multiply-add), the entries after the last full eight going to the first sums, as
 * in the scalar pass. Every addition is the scalar pass's, in the same order, so the sums are bit
 * for bit the same.
 *
 * <p>Not an API: compiled on its own with {@code --add-modules jdk.incubator.vector} (znorm-core's
 * pom), in a package of its own so that nothing scanning znorm's packages loads it, and loaded only
 * by {@code Float64Moments} when the running JVM has the module.
 */
public final class VectorMoments {

    private static final VectorSpecies<Float> FOUR_FLOATS = FloatVector.SPECIES_128;
    private static final VectorSpecies<Double> FOUR_DOUBLES = DoubleVector.SPECIES_256;

    private VectorMoments() {}

    /** Whether the CPU runs four-double vectors natively (else the API's fallback is slow). */
    public static boolean supported() {
        return DoubleVector.SPECIES_PREFERRED.vectorBitSize() >= 256;
    }

    /**
     * The eight running sums of {@code x[from..to)} then the eight running sums of squares, as the
     * scalar pass leaves them before combining.
     */
    public static double[] partialSums(float[] x, int from, int to) {
        DoubleVector low = DoubleVector.zero(FOUR_DOUBLES);
        DoubleVector high = DoubleVector.zero(FOUR_DOUBLES);
        DoubleVector lowSquares = DoubleVector.zero(FOUR_DOUBLES);
        DoubleVector highSquares = DoubleVector.zero(FOUR_DOUBLES);
        int i = from;
        for (; i + 7 < to; i += 8) {
            DoubleVector x0 = widen(x, i);
            DoubleVector x4 = widen(x, i + 4);
            low = low.add(x0);
            high = high.add(x4);
            lowSquares = x0.fma(x0, lowSquares);
            highSquares = x4.fma(x4, highSquares);
        }
        double[] sums = new double[16];
        low.intoArray(sums, 0);
        high.intoArray(sums, 4);
        lowSquares.intoArray(sums, 8);
        highSquares.intoArray(sums, 12);
        for (; i < to; i++) {
            double v = x[i];
            sums[0] += v;
            sums[8] = Math.fma(v, v, sums[8]);
        }
        return sums;
    }

    /** x[i..i+4) as four doubles (exact: every float is a double). */
    private static DoubleVector widen(float[] x, int i) {
        return (DoubleVector)
                FloatVector.fromArray(FOUR_FLOATS, x, i)
                        .convertShape(VectorOperators.F2D, FOUR_DOUBLES, 0);
    }
}
