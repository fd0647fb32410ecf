package dev.znorm.cli;

import dev.znorm.experiment.report.Formats;
import dev.znorm.experiment.run.EpochRecord;
import dev.znorm.experiment.run.RunListener;
import java.io.PrintStream;

/**
 * A run's progress on the console: a live line rewritten in place on a terminal, plain log lines
 * (at most one every ten seconds, and one per finished epoch) otherwise.
 */
final class ConsoleProgress implements RunListener {

    private final PrintStream out;
    private final boolean live;
    private final String label;
    private long lastPrint;

    ConsoleProgress(PrintStream out, String label) {
        this.out = out;
        this.live = isTerminal();
        this.label = label;
    }

    /** On Java 17 (what znorm targets) System.console() is null when the output is redirected. */
    @SuppressWarnings("SystemConsoleNull")
    private static boolean isTerminal() {
        return System.console() != null && !"dumb".equals(System.getenv("TERM"));
    }

    @Override
    public void message(String line) {
        if (live) {
            out.print("\r");
        }
        out.println(line);
    }

    @Override
    public void step(StepProgress p) {
        long now = System.currentTimeMillis();
        String eta =
                p.fraction() > 0 ? Formats.duration(p.seconds() / p.fraction() - p.seconds()) : "?";
        String line =
                String.format(
                        "%s epoch %d/%d step %d/%d loss %.4f %.0f img/s, %s left",
                        label,
                        p.epoch(),
                        p.epochs(),
                        p.batch(),
                        p.batches(),
                        p.meanLoss(),
                        p.imagesPerSecond(),
                        eta);
        if (live) {
            out.print("\r" + line + "   ");
            out.flush();
        } else if (now - lastPrint >= 10_000) {
            out.println(line);
            lastPrint = now;
        }
    }

    @Override
    public void epoch(EpochRecord record, String summary) {
        if (live) {
            out.print("\r");
        }
        out.println(label + " " + summary);
        lastPrint = System.currentTimeMillis();
    }
}
