package dev.znorm.experiment.report;

import java.util.List;

/** The order of a report's parts, the same in every format. */
final class ReportLayout {

    private ReportLayout() {}

    /** A network's SVG charts; {@code forest} is empty without a method beside the baseline. */
    record Charts(
            String metric,
            String loss,
            String forest,
            String confusion,
            byte[] masks,
            List<String> heatmaps) {}

    /** Writes {@code m} to {@code page}; {@code charts.get(k)} holds network k's charts. */
    static String render(ReportModel m, List<Charts> charts, ReportPage page) {
        String baseline = m.spec().baseline();
        double target = m.spec().targetAccuracy();
        page.begin(m.spec().name(), m.context());
        int k = 0;
        for (ReportModel.Network n : m.networks()) {
            Charts c = charts.get(k++);
            page.network(
                    n.model(), MethodResults.table(n.results(), baseline, target, m.metrics()));
            if (!c.forest().isEmpty()) {
                page.figure(n.model() + "-forest.svg", "forest plot", c.forest());
            }
            if (!n.classF1().isEmpty()) {
                page.section("F1 of each class, final epoch", ClassF1.table(n.classF1(), baseline));
            }
            if (!c.confusion().isEmpty()) {
                page.figure(n.model() + "-confusion.svg", "confusion matrices", c.confusion());
            }
            page.section(
                    "Epochs to the target, paired with " + baseline,
                    SpeedToTarget.table(n.speed(), baseline, target));
            if (!n.headToHead().isEmpty()) {
                page.section(
                        n.headToHead().champion() + " against each alternative, paired by seed",
                        HeadToHead.table(n.headToHead(), m.metrics()));
            }
            page.charts(n.model(), c.metric(), c.loss(), c.heatmaps());
            if (c.masks().length > 0) {
                page.picture(
                        n.model() + "-masks.png",
                        "Predicted masks on held-out slices",
                        SegmentationGallery.caption(n.gallery(), n.model()),
                        SegmentationGallery.dice(n.gallery()),
                        c.masks());
            }
        }
        if (!m.shortcuts().isEmpty()) {
            page.shortcuts(m.shortcutIntro(), ShortcutInteraction.table(m.shortcuts()));
        }
        if (m.sequential() != null) {
            page.part(
                    "Seeds until the answer is clear",
                    m.sequential().intro(),
                    m.sequential().table());
        }
        if (Machines.recorded(m.runs())) {
            page.part("Machines", Machines.INTRO, Machines.table(m.runs()));
        }
        if (Placements.recorded(m.runs())) {
            page.placements(Placements.table(m.runs()));
        }
        page.end(m.failures());
        return page.text();
    }
}
