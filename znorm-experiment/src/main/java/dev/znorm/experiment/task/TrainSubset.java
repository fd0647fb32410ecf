package dev.znorm.experiment.task;

import dev.znorm.data.ImageSet;
import dev.znorm.data.Seeds;
import java.util.Arrays;

/**
 * The training images a run with {@code train_subset: N} uses: the first N of a fixed shuffle (seed
 * 0, never the run's seed, so every run of a comparison trains on the same images), in their
 * original order. Subsets are nested: the first 2,500 are among the first 5,000.
 */
public final class TrainSubset {

    private TrainSubset() {}

    public static ImageSet of(ImageSet train, int n) {
        if (n == 0 || n >= train.size()) {
            return train;
        }
        int[] idx = Seeds.permutation(train.size(), 0, true);
        int[] first = Arrays.copyOf(idx, n);
        Arrays.sort(first);
        return train.subset(first, train.source() + " (subset of " + n + ")");
    }
}
