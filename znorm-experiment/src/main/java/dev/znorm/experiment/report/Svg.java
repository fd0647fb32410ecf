package dev.znorm.experiment.report;

/** Escaping for text inside SVG and HTML. */
public final class Svg {

    private Svg() {}

    public static String esc(String s) {
        return s.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
