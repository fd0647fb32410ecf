package dev.znorm.core.method;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The float64 sum and sum of squares of a float32 slice, the statistics pass of {@link
 * StandardizeKernel}: eight running sums of each, entry {@code i} going to sum {@code i mod 8},
 * combined as {@code ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7))}, the squares by fused
 * multiply-add.
 *
 * <p>Java 17 runs this loop one entry at a time: C2 does not vectorise float-to-double conversions,
 * and the pass is about half of ZNorm's cost on fixed gradients. When the JVM runs with {@code
 * --add-modules jdk.incubator.vector} on a CPU with 256-bit vectors, {@code
 * dev.znorm.core.vector.VectorMoments} does the same additions in the same order four lanes at a
 * time (the eight sums are its lanes), so the results are bit for bit the same and the pass takes
 * about half the time. The module is an opt-in: it is an incubator in Java 17 and the JVM prints a
 * warning when it is added.
 */
final class Float64Moments {

    /** {@code VectorMoments.partialSums}, or null without the module or with narrow vectors. */
    private static final MethodHandle VECTOR = vectorPass(vectorModulePresent());

    private Float64Moments() {}

    /** Whether this JVM takes the Vector API path. */
    static boolean vectorised() {
        return VECTOR != null;
    }

    /** {@code {sum(x[from..to)), sum(x[from..to)^2)}} in float64. */
    static double[] of(float[] x, int from, int to) {
        if (VECTOR != null) {
            try {
                return combine((double[]) VECTOR.invokeExact(x, from, to));
            } catch (Throwable t) {
                throw new IllegalStateException("the Vector API moments pass failed", t);
            }
        }
        return scalar(x, from, to);
    }

    static boolean vectorModulePresent() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    /**
     * The vector pass when {@code modulePresent} and the CPU's preferred vectors hold four doubles
     * (narrower ones would run the Vector API's slow fallback); null otherwise. The class is only
     * loaded here, so a JVM without the module never touches it.
     */
    static MethodHandle vectorPass(boolean modulePresent) {
        if (!modulePresent) {
            return null;
        }
        try {
            Class<?> c =
                    Class.forName(
                            "dev.znorm.core.vector.VectorMoments",
                            true,
                            Float64Moments.class.getClassLoader());
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            MethodHandle supported =
                    lookup.findStatic(c, "supported", MethodType.methodType(boolean.class));
            if (!(boolean) supported.invokeExact()) {
                return null;
            }
            return lookup.findStatic(
                    c,
                    "partialSums",
                    MethodType.methodType(double[].class, float[].class, int.class, int.class));
        } catch (Throwable t) {
            throw new IllegalStateException(
                    "jdk.incubator.vector is present but znorm's vector pass cannot be loaded", t);
        }
    }

    /**
     * The pass one entry at a time, eight accumulators each so that consecutive additions do not
     * wait on each other (a float64 add takes about four cycles, two start per cycle, and the
     * float-to-double conversions limit the pass to about one entry a cycle). One fused pass
     * instead of a sum pass and a deviations pass took the kernel's arithmetic on ResNet-56's
     * gradients from 0.61 to 0.23 ms. For a constant unit every partial sum is an exact multiple of
     * the value, so the mean stays exact.
     */
    static double[] scalar(float[] x, int from, int to) {
        double a = 0;
        double b = 0;
        double c = 0;
        double d = 0;
        double e = 0;
        double f = 0;
        double g = 0;
        double h = 0;
        double qa = 0;
        double qb = 0;
        double qc = 0;
        double qd = 0;
        double qe = 0;
        double qf = 0;
        double qg = 0;
        double qh = 0;
        int i = from;
        for (; i + 7 < to; i += 8) {
            double x0 = x[i];
            double x1 = x[i + 1];
            double x2 = x[i + 2];
            double x3 = x[i + 3];
            double x4 = x[i + 4];
            double x5 = x[i + 5];
            double x6 = x[i + 6];
            double x7 = x[i + 7];
            a += x0;
            b += x1;
            c += x2;
            d += x3;
            e += x4;
            f += x5;
            g += x6;
            h += x7;
            qa = Math.fma(x0, x0, qa);
            qb = Math.fma(x1, x1, qb);
            qc = Math.fma(x2, x2, qc);
            qd = Math.fma(x3, x3, qd);
            qe = Math.fma(x4, x4, qe);
            qf = Math.fma(x5, x5, qf);
            qg = Math.fma(x6, x6, qg);
            qh = Math.fma(x7, x7, qh);
        }
        for (; i < to; i++) {
            double v = x[i];
            a += v;
            qa = Math.fma(v, v, qa);
        }
        return combine(a, b, c, d, e, f, g, h, qa, qb, qc, qd, qe, qf, qg, qh);
    }

    /** The eight sums and the eight sums of squares, combined in the order both passes share. */
    static double[] combine(double... sums) {
        return new double[] {
            ((sums[0] + sums[1]) + (sums[2] + sums[3]))
                    + ((sums[4] + sums[5]) + (sums[6] + sums[7])),
            ((sums[8] + sums[9]) + (sums[10] + sums[11]))
                    + ((sums[12] + sums[13]) + (sums[14] + sums[15]))
        };
    }
}
