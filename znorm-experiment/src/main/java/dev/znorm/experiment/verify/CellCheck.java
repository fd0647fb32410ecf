package dev.znorm.experiment.verify;

import java.util.Locale;

/**
 * One re-run cell against its record: the final headline metric of both, the seed-to-seed standard
 * deviation of the cell's method (the scale a difference is read against), whether every epoch's
 * record matched bit for bit, and whether the machine is of the recording one's kind.
 */
public record CellCheck(
        CellRef cell,
        String split,
        double recorded,
        double rerun,
        double seedStd,
        boolean identical,
        boolean sameMachineKind,
        double tolerance) {

    /** How the re-run relates to the record. */
    public enum Verdict {
        IDENTICAL,
        WITHIN,
        OUTSIDE
    }

    public Verdict verdict() {
        if (identical) {
            return Verdict.IDENTICAL;
        }
        double diff = Math.abs(rerun - recorded);
        return Double.isFinite(diff) && Double.isFinite(seedStd) && diff <= tolerance * seedStd
                ? Verdict.WITHIN
                : Verdict.OUTSIDE;
    }

    /** The difference in units of the seed-to-seed standard deviation. */
    public double inSeedStds() {
        return Math.abs(rerun - recorded) / seedStd;
    }

    /** One line of the console table. */
    public String line() {
        String how =
                switch (verdict()) {
                    case IDENTICAL -> "bit-identical";
                    case WITHIN ->
                            String.format(
                                    Locale.ROOT, "within tolerance (%.2f seed sd)", inSeedStds());
                    case OUTSIDE ->
                            String.format(
                                    Locale.ROOT,
                                    "OUTSIDE tolerance (%.2f seed sd > %.2f)",
                                    inSeedStds(),
                                    tolerance);
                };
        return String.format(
                Locale.ROOT,
                "%-34s %s recorded %.4f%%, re-run %.4f%%, difference %+.4f pp, seed sd %.2f pp: %s%s",
                cell,
                split,
                100 * recorded,
                100 * rerun,
                100 * (rerun - recorded),
                100 * seedStd,
                how,
                sameMachineKind ? "" : " (recorded on another kind of machine)");
    }
}
