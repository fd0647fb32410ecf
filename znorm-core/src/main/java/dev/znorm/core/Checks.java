package dev.znorm.core;

/** Argument checks whose messages name the option and the value. */
public final class Checks {

    private Checks() {}

    public static double nonNegative(String what, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(
                    what + " must be a finite number >= 0, got " + value);
        }
        return value;
    }

    public static double positive(String what, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(what + " must be a finite number > 0, got " + value);
        }
        return value;
    }

    public static double inRange(String what, double value, double lo, double hi) {
        if (!(value >= lo && value <= hi)) {
            throw new IllegalArgumentException(
                    what + " must be in [" + lo + ", " + hi + "], got " + value);
        }
        return value;
    }

    /** For betas and similar: 0 <= value < 1. */
    public static double unitInterval(String what, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException(what + " must be in [0, 1), got " + value);
        }
        return value;
    }
}
