package dev.znorm.core.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.znorm.core.vector.VectorMoments;
import java.lang.invoke.MethodHandle;
import java.math.BigDecimal;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * ZNorm's statistics pass: the scalar pass against exact sums, and the Vector API pass (which
 * znorm-core's tests run with) against the scalar pass bit for bit, on lengths and offsets that
 * leave every possible tail, on gradient-like values, on means that dwarf the spread and on values
 * float64 arithmetic must carry through (NaN, infinities, the largest floats, subnormals, -0).
 */
class Float64MomentsTest {

    @Test
    void theseTestsRunWithTheVectorModule() {
        assertTrue(
                Float64Moments.vectorModulePresent(),
                "znorm-core's surefire argLine must add jdk.incubator.vector, or the vector pass"
                        + " goes untested");
        assertEquals(VectorMoments.supported(), Float64Moments.vectorised());
    }

    @Test
    void withoutTheModuleThereIsNoVectorPass() {
        assertNull(Float64Moments.vectorPass(false));
    }

    /** The lookup itself, beside the one the class made when it was loaded. */
    @Test
    void withTheModuleTheVectorPassIsFoundWhereVectorsAreWide() throws Throwable {
        MethodHandle pass = Float64Moments.vectorPass(true);
        assertEquals(VectorMoments.supported(), pass != null);
        if (pass != null) {
            float[] x = values(new Random(29), 37, 0.5, 1);
            double[] sums = (double[]) pass.invokeExact(x, 1, 36);
            assertEquals(
                    java.util.Arrays.toString(VectorMoments.partialSums(x, 1, 36)),
                    java.util.Arrays.toString(sums));
        }
    }

    @Test
    void scalarPassMatchesExactSums() {
        Random rnd = new Random(3);
        for (int n : new int[] {1, 7, 8, 9, 63, 2304, 36864}) {
            for (double mean : new double[] {0, 1e-3, 1000}) {
                float[] x = values(rnd, n, mean, 1e-3);
                double[] m = Float64Moments.scalar(x, 0, n);
                BigDecimal sum = BigDecimal.ZERO;
                BigDecimal squares = BigDecimal.ZERO;
                for (float v : x) {
                    BigDecimal b = new BigDecimal(v);
                    sum = sum.add(b);
                    squares = squares.add(b.multiply(b));
                }
                // within the rounding of n float64 additions of magnitude up to sum |x|
                double bound = (n + 8) * 0x1p-53;
                double scale = Math.abs(mean) * n + 1e-3 * n;
                assertEquals(sum.doubleValue(), m[0], bound * scale, "sum, n=" + n);
                assertEquals(
                        squares.doubleValue(),
                        m[1],
                        bound * squares.doubleValue(),
                        "squares, n=" + n);
            }
        }
    }

    @Test
    void vectorPassEqualsScalarPassBitForBit() {
        Random rnd = new Random(17);
        for (int n = 0; n <= 80; n++) {
            for (int from = 0; from <= 9; from++) {
                float[] x =
                        values(
                                rnd,
                                from + n + 3,
                                rnd.nextGaussian(),
                                Math.exp(rnd.nextGaussian() * 5));
                assertSameBits(x, from, from + n);
            }
        }
        for (int n : new int[] {2304, 9216, 36864, 36867}) {
            assertSameBits(values(rnd, n, 0, 1e-3), 0, n);
            assertSameBits(values(rnd, n, 1000, 1e-2), 5, n);
        }
    }

    @Test
    void vectorPassCarriesSpecialValuesAsTheScalarPassDoes() {
        float[] specials = {
            Float.NaN,
            Float.POSITIVE_INFINITY,
            Float.NEGATIVE_INFINITY,
            Float.MAX_VALUE,
            -Float.MAX_VALUE,
            Float.MIN_VALUE,
            -0f,
            1e-30f
        };
        Random rnd = new Random(23);
        for (float special : specials) {
            for (int at = 0; at < 19; at++) {
                float[] x = values(rnd, 19, 0, 1);
                x[at] = special;
                assertSameBits(x, 0, x.length);
            }
        }
        float[] allNegativeZero = new float[16];
        java.util.Arrays.fill(allNegativeZero, -0f);
        assertSameBits(allNegativeZero, 0, 16);
    }

    private static void assertSameBits(float[] x, int from, int to) {
        double[] scalar = Float64Moments.scalar(x, from, to);
        double[] vector = Float64Moments.combine(VectorMoments.partialSums(x, from, to));
        double[] dispatched = Float64Moments.of(x, from, to);
        for (int k = 0; k < 2; k++) {
            String what = (k == 0 ? "sum" : "sum of squares") + " over [" + from + ", " + to + ")";
            assertEquals(bits(scalar[k]), bits(vector[k]), what);
            assertEquals(bits(scalar[k]), bits(dispatched[k]), what);
        }
    }

    private static long bits(double v) {
        return Double.doubleToRawLongBits(v);
    }

    private static float[] values(Random rnd, int n, double mean, double spread) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (mean + spread * rnd.nextGaussian());
        }
        return x;
    }
}
