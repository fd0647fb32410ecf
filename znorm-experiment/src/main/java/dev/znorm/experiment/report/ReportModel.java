package dev.znorm.experiment.report;

import dev.znorm.experiment.grid.Cell;
import dev.znorm.experiment.grid.GridSpec;
import dev.znorm.experiment.task.MetricNames;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A comparison's report, computed once from its run folders and rendered by {@link SummaryJson},
 * {@link ReportLayout} onto a Markdown and an HTML page: per network the headline table, class F1,
 * speed to the target, ZNorm against each alternative, curves and gradient heatmaps; the shortcut
 * interaction across networks; the seeds added until resolved (null when the grid did not run so);
 * the runs that did not finish.
 */
public record ReportModel(
        GridSpec spec,
        MetricNames metrics,
        String context,
        List<Network> networks,
        ShortcutInteraction.Result shortcuts,
        List<RunRecord> notFinished,
        List<RunRecord> runs,
        SequentialRecord sequential) {

    /** Everything about one network. */
    public record Network(
            String model,
            Map<String, List<RunRecord>> byMethod,
            MethodResults.Result results,
            ClassF1.Result classF1,
            ConfusionMatrices.Result confusion,
            SegmentationGallery.Result gallery,
            List<SpeedToTarget.Row> speed,
            HeadToHead.Result headToHead,
            List<LineChart.Series> metricCurves,
            List<LineChart.Series> lossCurves,
            GradientHeatmaps.Result heatmaps) {}

    /** Reads every run of the grid in {@code out} and computes the report. */
    public static ReportModel compute(GridSpec spec, Path out) throws IOException {
        MetricNames metrics = MetricNames.of(spec.dataset());
        String split = spec.split();
        Map<String, Map<String, List<RunRecord>>> all = new LinkedHashMap<>();
        for (String model : spec.models()) {
            Map<String, List<RunRecord>> byMethod = new LinkedHashMap<>();
            for (String method : spec.methods(model)) {
                byMethod.put(method, new ArrayList<>());
            }
            all.put(model, byMethod);
        }
        for (Cell c : spec.cells()) {
            all.get(c.model())
                    .get(c.method())
                    .add(RunRecord.read(c.dir(out), c.model(), c.method(), c.seed()));
        }
        List<Network> networks = new ArrayList<>();
        List<RunRecord> notFinished = new ArrayList<>();
        List<RunRecord> runs = new ArrayList<>();
        for (String model : spec.models()) {
            Map<String, List<RunRecord>> byMethod = all.get(model);
            byMethod.values().forEach(runs::addAll);
            byMethod.values()
                    .forEach(
                            ofMethod ->
                                    ofMethod.stream()
                                            .filter(r -> !r.ok())
                                            .forEach(notFinished::add));
            networks.add(
                    new Network(
                            model,
                            byMethod,
                            MethodResults.compute(
                                    byMethod,
                                    spec.baseline(),
                                    split,
                                    spec.targetAccuracy(),
                                    metrics),
                            ClassF1.compute(byMethod, spec.baseline(), split),
                            ConfusionMatrices.compute(byMethod, split),
                            SegmentationGallery.compute(byMethod, spec.seeds().get(0)),
                            SpeedToTarget.compute(
                                    byMethod, spec.baseline(), split, spec.targetAccuracy()),
                            HeadToHead.compute(byMethod, spec.baseline(), split),
                            Curves.metric(byMethod, split),
                            Curves.trainLoss(byMethod),
                            GradientHeatmaps.compute(byMethod, spec.baseline(), out, model)));
        }
        return new ReportModel(
                spec,
                metrics,
                context(spec, metrics),
                networks,
                ShortcutInteraction.compute(all, spec.baseline(), split),
                notFinished,
                runs,
                SequentialRecord.read(out).orElse(null));
    }

    /** The paragraph under the title: what ran, on what, and how the numbers are to be read. */
    private static String context(GridSpec cfg, MetricNames metrics) {
        // the data path as the config writes it (relative to the config file), not this machine's
        // absolute path
        return String.format(
                Locale.ROOT,
                "%s on %s (%s), %d epochs, batch %d, %s schedule, %s training images,"
                        + " augmentation %s, seeds %s, %d intra-op threads. %s on the '%s' split. Paired differences are"
                        + " method minus %s on the final value of that metric for the same seed (same initial weights and data order);"
                        + " beside the 95%% t interval over seeds stand a paired bootstrap interval (10,000"
                        + " resamples of the seeds) and the probability of improvement (the share of seeds"
                        + " where the method is ahead). The verdicts of the headline and head-to-head tables"
                        + " are corrected for the number of comparisons in the table (Holm, 5%% family-wise):"
                        + " a verdict needs the corrected p-value of the paired t test below 0.05. Other"
                        + " sections read each 95%% t interval alone.",
                String.join(", ", cfg.models()),
                cfg.dataset(),
                cfg.dataAsWritten(),
                cfg.epochs(),
                cfg.batch(),
                cfg.schedule(),
                cfg.trainSubset() == 0 ? "all" : String.valueOf(cfg.trainSubset()),
                cfg.augment() ? "on" : "off",
                cfg.seeds(),
                cfg.threads(),
                metrics.primaryLabel(),
                cfg.split(),
                cfg.baseline());
    }

    /** The introduction of the shortcut section. */
    public String shortcutIntro() {
        return "Does a method's gain depend on the shortcuts? Per seed, (method − "
                + spec.baseline()
                + " on the ResNet) − (method − "
                + spec.baseline()
                + " on its plain twin), final "
                + metrics.primaryLabel()
                + " on the '"
                + spec.split()
                + "' split; the interval is the 95% t interval over seeds.";
    }

    /** One line per run that did not finish, with its status and reason. */
    public String failures() {
        StringBuilder s = new StringBuilder();
        for (RunRecord r : notFinished) {
            s.append(
                    String.format(
                            Locale.ROOT,
                            "- %s / %s / seed %d: %s%s%n",
                            r.model(),
                            r.method(),
                            r.seed(),
                            r.status(),
                            r.failure() == null ? "" : " (" + r.failure() + ")"));
        }
        return s.toString();
    }
}
