package dev.znorm.cli;

import java.io.PrintStream;

/**
 * Progress of long work: a live line rewritten in place on a terminal, plain log lines (at most
 * one every few seconds, and one per finished epoch) otherwise.
 */
final class Progress {

    private final PrintStream out;
    private final boolean live;
    private final String label;
    private long lastPrint;

    Progress(PrintStream out, String label) {
        this.out = out;
        this.live = System.console() != null && !"dumb".equals(System.getenv("TERM"));
        this.label = label;
    }

    /** Reports a step; {@code fraction} of the whole run is done. */
    void step(int epoch, int epochs, int step, int steps, double loss, double imagesPerSecond,
            double fraction, double secondsSoFar) {
        long now = System.currentTimeMillis();
        String eta = fraction > 0 ? duration(secondsSoFar / fraction - secondsSoFar) : "?";
        String line = String.format("%s epoch %d/%d step %d/%d loss %.4f %.0f img/s, %s left",
                label, epoch, epochs, step, steps, loss, imagesPerSecond, eta);
        if (live) {
            out.print("\r" + line + "   ");
            out.flush();
        } else if (now - lastPrint >= 10_000) {
            out.println(line);
            lastPrint = now;
        }
    }

    /** Reports a finished epoch on its own line. */
    void epoch(String summary) {
        if (live) {
            out.print("\r");
        }
        out.println(label + " " + summary);
        lastPrint = System.currentTimeMillis();
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format("%dh%02dm", s / 3600, s / 60 % 60)
                : s >= 60 ? String.format("%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
