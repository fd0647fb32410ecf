package dev.znorm.data;

import java.util.SplittableRandom;

/** Seed mixing and seeded permutations: the one Fisher-Yates shuffle of the project. */
public final class Seeds {

    private Seeds() {}

    /** A well-mixed 64-bit combination of two values (SplitMix64's finaliser). */
    public static long mix(long a, long b) {
        long z = a * 0x9E3779B97F4A7C15L + b;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** 0..n-1, shuffled (Fisher-Yates) with {@code seed} when {@code shuffle}. */
    public static int[] permutation(int n, long seed, boolean shuffle) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        if (shuffle) {
            SplittableRandom rnd = new SplittableRandom(seed);
            for (int i = n - 1; i > 0; i--) {
                int j = rnd.nextInt(i + 1);
                int t = idx[i];
                idx[i] = idx[j];
                idx[j] = t;
            }
        }
        return idx;
    }

    /** The sample positions [from, to) of batch {@code index}; the last batch may be smaller. */
    static int[] batchRange(int index, int batchSize, int size) {
        int from = index * batchSize;
        int to = Math.min(size, from + batchSize);
        if (index < 0 || from >= to) {
            throw new IndexOutOfBoundsException(
                    "batch " + index + " of " + (size + batchSize - 1) / batchSize);
        }
        return new int[] {from, to};
    }
}
