package dev.znorm.core.method;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Float64Moments#scalar}'s pass four lanes at a time with Java 17's incubating Vector API:
 * the eight running sums are the lanes of two four-double vectors (entry {@code i} in lane {@code i
 * mod 8}, as there), squares by lanewise fused multiply-add, the leftover entries and the final
 * combination as there. Every addition is the scalar pass's, in the same order, so the results are
 * bit for bit the same.
 *
 * <p>Compiled on its own with {@code --add-modules jdk.incubator.vector} (znorm-core's pom) and
 * loaded only by {@link Float64Moments} when the running JVM has the module.
 */
final class VectorFloat64Moments {

    private static final VectorSpecies<Float> FOUR_FLOATS = FloatVector.SPECIES_128;
    private static final VectorSpecies<Double> FOUR_DOUBLES = DoubleVector.SPECIES_256;

    private VectorFloat64Moments() {}

    /** Whether the CPU runs four-double vectors natively (else the API's fallback is slow). */
    static boolean supported() {
        return DoubleVector.SPECIES_PREFERRED.vectorBitSize() >= 256;
    }

    static double[] of(float[] x, int from, int to) {
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
        double a = low.lane(0);
        double qa = lowSquares.lane(0);
        for (; i < to; i++) {
            double v = x[i];
            a += v;
            qa = Math.fma(v, v, qa);
        }
        return Float64Moments.combine(
                a,
                low.lane(1),
                low.lane(2),
                low.lane(3),
                high.lane(0),
                high.lane(1),
                high.lane(2),
                high.lane(3),
                qa,
                lowSquares.lane(1),
                lowSquares.lane(2),
                lowSquares.lane(3),
                highSquares.lane(0),
                highSquares.lane(1),
                highSquares.lane(2),
                highSquares.lane(3));
    }

    /** x[i..i+4) as four doubles (exact: every float is a double). */
    private static DoubleVector widen(float[] x, int i) {
        return (DoubleVector)
                FloatVector.fromArray(FOUR_FLOATS, x, i)
                        .convertShape(VectorOperators.F2D, FOUR_DOUBLES, 0);
    }
}
