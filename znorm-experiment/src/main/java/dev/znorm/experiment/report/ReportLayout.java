package dev.znorm.experiment.report;

import java.util.List;

/** The order of a report's parts, the same in every format. */
final class ReportLayout {

    private ReportLayout() {}

    /**
     * Writes {@code m} to {@code page}; {@code charts.get(k)} holds network k's metric chart, loss
     * chart and heatmaps, in that order.
     */
    static String render(ReportModel m, List<List<String>> charts, ReportPage page) {
        String baseline = m.spec().baseline();
        double target = m.spec().targetAccuracy();
        page.begin(m.spec().name(), m.context());
        int k = 0;
        for (ReportModel.Network n : m.networks()) {
            page.network(
                    n.model(), MethodResults.table(n.results(), baseline, target, m.metrics()));
            if (!n.classF1().isEmpty()) {
                page.section("F1 of each class, final epoch", ClassF1.table(n.classF1(), baseline));
            }
            page.section(
                    "Epochs to the target, paired with " + baseline,
                    SpeedToTarget.table(n.speed(), baseline, target));
            if (!n.headToHead().isEmpty()) {
                page.section(
                        n.headToHead().champion() + " against each alternative, paired by seed",
                        HeadToHead.table(n.headToHead(), m.metrics()));
            }
            List<String> c = charts.get(k++);
            page.charts(n.model(), c.get(0), c.get(1), c.subList(2, c.size()));
        }
        if (!m.shortcuts().isEmpty()) {
            page.shortcuts(m.shortcutIntro(), ShortcutInteraction.table(m.shortcuts()));
        }
        if (Placements.recorded(m.runs())) {
            page.placements(Placements.table(m.runs()));
        }
        page.end(m.failures());
        return page.text();
    }
}
