package dev.znorm.experiment.report;

/** report.md: the model as Markdown, charts as linked SVG files beside it. */
public final class MarkdownReport {

    private MarkdownReport() {}

    public static String render(ReportModel m, int[] heatmapCount) {
        String baseline = m.spec().baseline();
        StringBuilder md = new StringBuilder("# " + m.spec().name() + "\n\n");
        md.append(m.context()).append("\n\n");
        int k = 0;
        for (ReportModel.Network n : m.networks()) {
            md.append("## ").append(n.model()).append("\n\n")
                    .append(MethodResults.table(n.results(), baseline, m.spec().targetAccuracy(), m.metrics()).markdown()).append("\n");
            if (!n.classF1().isEmpty()) {
                section(md, "F1 of each class, final epoch", ClassF1.table(n.classF1(), baseline));
            }
            section(md, "Epochs to the target, paired with " + baseline,
                    SpeedToTarget.table(n.speed(), baseline, m.spec().targetAccuracy()));
            if (!n.headToHead().isEmpty()) {
                section(md, n.headToHead().champion() + " against each alternative, paired by seed",
                        HeadToHead.table(n.headToHead(), m.metrics()));
            }
            String base = n.model() + "-";
            md.append("![accuracy](").append(base).append("accuracy.svg) ![loss](").append(base).append("loss.svg)\n\n");
            for (int i = 0; i < heatmapCount[k]; i++) {
                md.append("![gradient norms](").append(base).append("gradients-").append(i).append(".svg) ");
            }
            md.append("\n\n");
            k++;
        }
        if (!m.shortcuts().isEmpty()) {
            md.append("## Gain with and without shortcuts\n\n").append(m.shortcutIntro()).append("\n\n")
                    .append(ShortcutInteraction.table(m.shortcuts()).markdown()).append("\n");
        }
        String failures = m.failures();
        md.append("## Runs that did not finish\n\n").append(failures.isEmpty() ? "None.\n" : failures);
        return md.toString();
    }

    private static void section(StringBuilder md, String title, Table t) {
        md.append("### ").append(title).append("\n\n").append(t.markdown()).append("\n");
    }
}
