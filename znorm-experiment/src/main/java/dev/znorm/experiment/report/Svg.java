package dev.znorm.experiment.report;

/** Escaping for text inside SVG and HTML, and the opening every chart of a report shares. */
public final class Svg {

    private Svg() {}

    /**
     * The start of a chart: the svg element ({@code w} x {@code h}, sans-serif 12), a white
     * background and the bold title at ({@code titleX}, 18).
     */
    static String open(int w, int h, int titleX, String title) {
        return String.format(
                java.util.Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                        + " viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n"
                        + "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n"
                        + "<text x=\"%d\" y=\"18\" font-size=\"14\" font-weight=\"bold\">%s</text>%n",
                w,
                h,
                w,
                h,
                w,
                h,
                titleX,
                esc(title));
    }

    public static String esc(String s) {
        return s.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
