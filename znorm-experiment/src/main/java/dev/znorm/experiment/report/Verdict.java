package dev.znorm.experiment.report;

/**
 * What a 95% interval of a paired difference (method minus reference) says: above zero, below zero,
 * or neither; or too few seeds for an interval. Each report section names the two directions in its
 * own words ("faster" / "slower", "higher" / "lower", "X ahead").
 */
public enum Verdict {
    ABOVE_ZERO,
    BELOW_ZERO,
    INCONCLUSIVE,
    TOO_FEW_SEEDS;

    /**
     * The reading: {@code above} or {@code below} when the interval excludes 0, else "inconclusive"
     * / "too few seeds".
     */
    public String reading(String above, String below) {
        return switch (this) {
            case ABOVE_ZERO -> above;
            case BELOW_ZERO -> below;
            case INCONCLUSIVE -> "inconclusive";
            case TOO_FEW_SEEDS -> "too few seeds";
        };
    }

    /** For a difference where larger is better (accuracy, Dice): "better" / "worse". */
    public String higherIsBetter() {
        return reading("better", "worse");
    }
}
