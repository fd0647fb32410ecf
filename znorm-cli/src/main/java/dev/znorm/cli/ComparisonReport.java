package dev.znorm.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds a comparison's {@code summary.json}, {@code report.md} and self-contained
 * {@code report.html} from its run folders: per model, per method, mean +- std over seeds of the
 * final, best and last-3 accuracy, the paired difference to the baseline with its 95% t
 * confidence interval, epochs and time to the target accuracy, skipped steps; learning curves
 * with +-1 std bands; layers x steps heatmaps of raw-gradient norms; failed and missing runs.
 */
final class ComparisonReport {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ComparisonReport() {}

    /** What one run folder holds. */
    record Run(String model, String method, long seed, String status, String failure, double wallSeconds,
            long skipped, List<RunResult.EpochRecord> epochs, Path dir, Map<String, Double> lastSecondary,
            Map<String, Double> lastAuc) {

        double finalAcc(String split) {
            return epochs.isEmpty() ? Double.NaN : epochs.get(epochs.size() - 1).accuracy().getOrDefault(split, Double.NaN);
        }

        double bestAcc(String split) {
            return epochs.stream().mapToDouble(e -> e.accuracy().getOrDefault(split, Double.NaN)).max().orElse(Double.NaN);
        }

        double lastThree(String split) {
            return epochs.subList(Math.max(0, epochs.size() - 3), epochs.size()).stream()
                    .mapToDouble(e -> e.accuracy().getOrDefault(split, Double.NaN)).average().orElse(Double.NaN);
        }

        /**
         * When the metric first reached {@code target}, in epochs, interpolated linearly between
         * the evaluation before and the first one at or above it (evaluations come once per epoch,
         * too coarse to tell methods apart that differ by a fraction of one); 1 when the first
         * evaluation already reaches it; NaN when it never does.
         */
        double epochsTo(String split, double target) {
            double before = Double.NaN;
            for (RunResult.EpochRecord e : epochs) {
                double a = e.accuracy().getOrDefault(split, Double.NaN);
                if (a >= target) {
                    return Double.isNaN(before) ? e.epoch() : e.epoch() - 1 + (target - before) / (a - before);
                }
                before = a;
            }
            return Double.NaN;
        }

        /** Wall seconds of training and evaluation until {@link #epochsTo}, the crossing epoch's share included. */
        double secondsTo(String split, double target) {
            double at = epochsTo(split, target);
            double t = 0;
            for (RunResult.EpochRecord e : epochs) {
                if (e.epoch() > Math.ceil(at)) {
                    break;
                }
                t += e.epoch() <= Math.floor(at) ? e.seconds() : (at - Math.floor(at)) * e.seconds();
            }
            return Double.isNaN(at) ? Double.NaN : t;
        }

        double finalTrainLoss() {
            return epochs.isEmpty() ? Double.NaN : epochs.get(epochs.size() - 1).trainLoss();
        }

        boolean ok() {
            return status.equals("finished");
        }
    }

    static Run read(Path dir, String model, String method, long seed) throws IOException {
        Path result = dir.resolve("result.json");
        List<RunResult.EpochRecord> epochs = new ArrayList<>();
        Map<String, Double> secondary = new LinkedHashMap<>();
        Map<String, Double> auc = new LinkedHashMap<>();
        Path metrics = dir.resolve("metrics.jsonl");
        if (Files.exists(metrics)) {
            String last = null;
            for (String line : MetricsLines.readComplete(metrics)) {
                epochs.add(MetricsLines.parse(line));
                last = line;
            }
            if (last != null) {
                JsonNode l = JSON.readTree(last);
                // the second headline number: macro F1 (classification) or IoU (segmentation)
                l.path(l.has("iou") ? "iou" : "macro_f1").fields()
                        .forEachRemaining(e -> secondary.put(e.getKey(), e.getValue().asDouble(Double.NaN)));
                l.path("roc_auc").fields().forEachRemaining(e -> auc.put(e.getKey(), e.getValue().asDouble(Double.NaN)));
            }
        }
        if (!Files.exists(result)) {
            return new Run(model, method, seed, epochs.isEmpty() ? "missing" : "interrupted", null, Double.NaN, 0, epochs,
                    dir, secondary, auc);
        }
        JsonNode r = JSON.readTree(result.toFile());
        return new Run(model, method, seed, r.path("status").asText("unknown"),
                r.path("failure").isNull() ? null : r.path("failure").asText(), r.path("wall_seconds").asDouble(Double.NaN),
                r.path("skipped_steps").asLong(0), epochs,
                    dir, secondary, auc);
    }

    static void write(CompareConfig cfg, Path out) throws IOException {
        String split = cfg.split();
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("name", cfg.name());
        summary.put("split", split);
        summary.put("baseline", cfg.baseline());
        summary.put("seeds", cfg.seeds());
        summary.put("target_accuracy", cfg.targetAccuracy());
        StringBuilder md = new StringBuilder("# " + cfg.name() + "\n\n");
        // the data path as the config writes it (relative to the config file), not this machine's absolute path
        String context = String.format(Locale.ROOT, "%s on %s (%s), %d epochs, batch %d, %s schedule, %s training images,"
                + " augmentation %s, seeds %s, %d intra-op threads. %s on the '%s' split. Paired differences are"
                + " method minus %s on the final value of that metric for the same seed (same initial weights and data order);"
                + " the interval is the 95%% t interval over seeds. A verdict needs the interval to exclude 0.",
                String.join(", ", cfg.models()), cfg.dataset(), cfg.dataAsWritten(), cfg.epochs(), cfg.batch(), cfg.schedule(),
                cfg.trainSubset() == 0 ? "all" : String.valueOf(cfg.trainSubset()), cfg.augment() ? "on" : "off",
                cfg.seeds(), cfg.threads(), metricName(cfg), split, cfg.baseline());
        md.append(context).append("\n\n");
        StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>")
                .append(LineChart.esc(cfg.name())).append("</title><style>body{font-family:sans-serif;max-width:1250px;margin:2em auto}"
                        + "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #bbb;padding:3px 8px;text-align:right}"
                        + "td:first-child,th:first-child{text-align:left}.better{color:#070}.worse{color:#a00}</style></head><body>\n")
                .append("<h1>").append(LineChart.esc(cfg.name())).append("</h1>\n<p>").append(LineChart.esc(context)).append("</p>\n");
        List<Run> failed = new ArrayList<>();
        Map<String, Object> models = new LinkedHashMap<>();
        Map<String, Map<String, List<Run>>> all = new LinkedHashMap<>();
        Map<String, Object> speedAll = new LinkedHashMap<>();
        Map<String, Object> classF1All = new LinkedHashMap<>();
        Map<String, Object> headToHeadAll = new LinkedHashMap<>();
        for (String model : cfg.models()) {
            Map<String, List<Run>> byMethod = new LinkedHashMap<>();
            all.put(model, byMethod);
            for (String method : cfg.methods(model)) {
                List<Run> runs = new ArrayList<>();
                for (long seed : cfg.seeds()) {
                    Run r = read(CompareConfig.runDir(out, model, method, seed), model, method, seed);
                    runs.add(r);
                    if (!r.ok()) {
                        failed.add(r);
                    }
                }
                byMethod.put(method, runs);
            }
            Map<String, Object> modelSummary = new LinkedHashMap<>();
            String table = table(cfg, byMethod, modelSummary);
            models.put(model, modelSummary);
            md.append("## ").append(model).append("\n\n").append(table).append("\n");
            html.append("<h2>").append(LineChart.esc(model)).append("</h2>\n").append(markdownTableToHtml(table));
            Map<String, Object> classF1 = new LinkedHashMap<>();
            subsection(md, html, "F1 of each class, final epoch", ClassF1.section(cfg, byMethod, classF1));
            if (!classF1.isEmpty()) {
                classF1All.put(model, classF1);
            }
            Map<String, Object> speed = new LinkedHashMap<>();
            subsection(md, html, "Epochs to the target, paired with " + cfg.baseline(),
                    SpeedToTarget.section(cfg, byMethod, speed));
            speedAll.put(model, speed);
            Map<String, Object> headToHead = new LinkedHashMap<>();
            String champion = HeadToHead.champion(cfg, byMethod);
            subsection(md, html, champion + " against each alternative, paired by seed",
                    HeadToHead.section(cfg, byMethod, metricName(cfg), headToHead));
            if (!headToHead.isEmpty()) {
                headToHeadAll.put(model, Json.object("method", champion, "against", headToHead));
            }
            String acc = curves(byMethod, split, true);
            String loss = curves(byMethod, split, false);
            String base = model + "-";
            TrainingRun.write(out.resolve(base + "accuracy.svg"), acc);
            TrainingRun.write(out.resolve(base + "loss.svg"), loss);
            md.append("![accuracy](").append(base).append("accuracy.svg) ![loss](").append(base).append("loss.svg)\n\n");
            html.append("<div>").append(acc).append(loss).append("</div>\n");
            List<String> heatmaps = heatmaps(cfg, byMethod);
            for (int i = 0; i < heatmaps.size(); i++) {
                TrainingRun.write(out.resolve(base + "gradients-" + i + ".svg"), heatmaps.get(i));
                md.append("![gradient norms](").append(base).append("gradients-").append(i).append(".svg) ");
            }
            md.append("\n\n");
            html.append("<h3>Raw-gradient L2 norm per layer (log scale), first seed</h3><div>")
                    .append(String.join("", heatmaps)).append("</div>\n");
        }
        summary.put("models", models);
        summary.put("class_f1", classF1All);
        summary.put("epochs_to_target_vs_baseline", speedAll);
        summary.put("head_to_head", headToHeadAll);
        Map<String, Object> interaction = new LinkedHashMap<>();
        String shortcuts = ShortcutInteraction.section(cfg, all, interaction);
        if (!shortcuts.isEmpty()) {
            String intro = "Does a method's gain depend on the shortcuts? Per seed, (method − " + cfg.baseline()
                    + " on the ResNet) − (method − " + cfg.baseline() + " on its plain twin), final " + metricName(cfg)
                    + " on the '" + split + "' split; the interval is the 95% t interval over seeds.";
            md.append("## Gain with and without shortcuts\n\n").append(intro).append("\n\n").append(shortcuts).append("\n");
            html.append("<h2>Gain with and without shortcuts</h2>\n<p>").append(LineChart.esc(intro)).append("</p>\n")
                    .append(markdownTableToHtml(shortcuts));
            summary.put("shortcut_interaction", interaction);
        }
        StringBuilder failures = new StringBuilder();
        for (Run r : failed) {
            failures.append(String.format(Locale.ROOT, "- %s / %s / seed %d: %s%s%n", r.model(), r.method(), r.seed(), r.status(),
                    r.failure() == null ? "" : " (" + r.failure() + ")"));
        }
        md.append("## Runs that did not finish\n\n").append(failures.length() == 0 ? "None.\n" : failures);
        html.append("<h2>Runs that did not finish</h2><pre>").append(failures.length() == 0 ? "None." : LineChart.esc(failures.toString()))
                .append("</pre>\n</body></html>\n");
        summary.put("not_finished", failed.stream().map(r -> Json.object("model", r.model(), "method", r.method(), "seed", r.seed(),
                "status", r.status(), "failure", r.failure() == null ? "" : r.failure())).toList());
        TrainingRun.write(out.resolve("summary.json"), Json.of(summary) + "\n");
        TrainingRun.write(out.resolve("report.md"), md.toString());
        TrainingRun.write(out.resolve("report.html"), html.toString());
    }

    private static void subsection(StringBuilder md, StringBuilder html, String title, String table) {
        if (!table.isEmpty()) {
            md.append("### ").append(title).append("\n\n").append(table).append("\n");
            html.append("<h3>").append(LineChart.esc(title)).append("</h3>\n").append(markdownTableToHtml(table));
        }
    }

    private static double[] values(List<Run> runs, java.util.function.ToDoubleFunction<Run> f) {
        return runs.stream().filter(Run::ok).mapToDouble(f).toArray();
    }

    /** The headline metric's name: Dice (over all pixels of the held-out patients) or accuracy. */
    private static String metricName(CompareConfig cfg) {
        return cfg.dataset().equals("lgg") ? "Dice" : "accuracy";
    }

    private static String num(PairedStats s) {
        return s.n() == 0 ? "-" : Double.isNaN(s.std()) ? String.format(Locale.ROOT, "%.4f", s.mean())
                : String.format(Locale.ROOT, "%.4f ± %.4f", s.mean(), s.std());
    }

    /** "48.73 ± 1.23" in percent, one value without ± when there is a single seed, "-" without data. */
    static String pct(PairedStats s) {
        return s.n() == 0 ? "-" : Double.isNaN(s.std()) ? String.format(Locale.ROOT, "%.2f", 100 * s.mean())
                : String.format(Locale.ROOT, "%.2f ± %.2f", 100 * s.mean(), 100 * s.std());
    }

    private static String table(CompareConfig cfg, Map<String, List<Run>> byMethod, Map<String, Object> summary) {
        String split = cfg.split();
        List<Run> baseline = byMethod.get(cfg.baseline());
        boolean twoClass = byMethod.values().stream().flatMap(List::stream).anyMatch(r -> r.lastAuc().containsKey(split));
        StringBuilder t = new StringBuilder(String.format(Locale.ROOT,
                "| method | final %s %% | best %% | mean of last 3 %% | final − %s (pp) [95%% CI] | verdict | %s |%s epochs to %.0f%% | time to %.0f%% | wall time | skipped | runs ok |%n",
                metricName(cfg), cfg.baseline(), cfg.dataset().equals("lgg") ? "IoU" : "macro F1", twoClass ? " ROC AUC | AUC − " + cfg.baseline() + " [95% CI] |" : "",
                100 * cfg.targetAccuracy(), 100 * cfg.targetAccuracy()));
        t.append("|---|---|---|---|---|---|---|").append(twoClass ? "---|---|" : "").append("---|---|---|---|---|\n");
        for (Map.Entry<String, List<Run>> e : byMethod.entrySet()) {
            List<Run> runs = e.getValue();
            PairedStats fin = PairedStats.of(values(runs, r -> r.finalAcc(split)));
            PairedStats best = PairedStats.of(values(runs, r -> r.bestAcc(split)));
            PairedStats last = PairedStats.of(values(runs, r -> r.lastThree(split)));
            PairedStats diff = PairedStats.between(runs, baseline, r -> r.finalAcc(split));
            boolean isBase = e.getKey().equals(cfg.baseline());
            int reached = 0;
            double epochsSum = 0;
            double secondsSum = 0;
            for (Run r : runs) {
                double ep = r.epochsTo(split, cfg.targetAccuracy());
                if (r.ok() && !Double.isNaN(ep)) {
                    reached++;
                    epochsSum += ep;
                    secondsSum += r.secondsTo(split, cfg.targetAccuracy());
                }
            }
            long ok = runs.stream().filter(Run::ok).count();
            double wall = runs.stream().filter(Run::ok).mapToDouble(Run::wallSeconds).average().orElse(Double.NaN);
            long skipped = runs.stream().mapToLong(Run::skipped).sum();
            String diffText = isBase ? "(baseline)" : diff.interval(100, ".2f");
            PairedStats second = PairedStats.of(values(runs, r -> r.lastSecondary().getOrDefault(split, Double.NaN)));
            PairedStats auc = PairedStats.of(values(runs, r -> r.lastAuc().getOrDefault(split, Double.NaN)));
            PairedStats aucDiff = PairedStats.between(runs, baseline, r -> r.lastAuc().getOrDefault(split, Double.NaN));
            String aucCols = !twoClass ? "" : String.format(Locale.ROOT, " %s | %s |", num(auc),
                    isBase ? "(baseline)" : Double.isNaN(aucDiff.lo()) ? "-"
                            : String.format(Locale.ROOT, "%+.4f [%+.4f, %+.4f] %s", aucDiff.mean(), aucDiff.lo(), aucDiff.hi(), aucDiff.verdict()));
            t.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s |%s %s | %s | %s | %d | %d/%d |%n", e.getKey(),
                    pct(fin), pct(best), pct(last), diffText, isBase ? "" : diff.verdict(), num(second), aucCols,
                    reached == 0 ? "not reached" : String.format(Locale.ROOT, "%.1f (%d/%d)", epochsSum / reached, reached, runs.size()),
                    reached == 0 ? "-" : Progress.duration(secondsSum / reached),
                    Double.isNaN(wall) ? "-" : Progress.duration(wall), skipped, ok, runs.size()));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("final_mean", fin.mean());
            m.put("final_std", fin.std());
            m.put("best_mean", best.mean());
            m.put("secondary_metric", cfg.dataset().equals("lgg") ? "iou" : "macro_f1");
            m.put("secondary_mean", second.mean());
            m.put("roc_auc_mean", auc.mean());
            m.put("roc_auc_std", auc.std());
            m.put("roc_auc_diff_ci95", isBase || Double.isNaN(aucDiff.lo()) ? List.of() : List.of(aucDiff.lo(), aucDiff.hi()));
            m.put("last3_mean", last.mean());
            m.put("diff_to_baseline_mean", isBase ? 0.0 : diff.mean());
            m.put("diff_ci95", isBase ? List.of() : List.of(diff.lo(), diff.hi()));
            m.put("verdict", isBase ? "baseline" : diff.verdict());
            m.put("epochs_to_target_mean", reached == 0 ? Double.NaN : epochsSum / reached);
            m.put("reached_target", reached);
            m.put("wall_seconds_mean", wall);
            m.put("skipped_steps", skipped);
            m.put("runs_ok", ok);
            m.put("runs", runs.size());
            List<Object> perSeed = new ArrayList<>();
            for (Run r : runs) {
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("seed", r.seed());
                s.put("status", r.status());
                s.put("final", r.finalAcc(split));
                s.put("best", r.bestAcc(split));
                perSeed.add(s);
            }
            m.put("seeds", perSeed);
            summary.put(e.getKey(), m);
        }
        return t.toString();
    }

    private static String curves(Map<String, List<Run>> byMethod, String split, boolean accuracy) {
        List<LineChart.Series> series = new ArrayList<>();
        for (Map.Entry<String, List<Run>> e : byMethod.entrySet()) {
            List<Run> ok = e.getValue().stream().filter(r -> !r.epochs().isEmpty()).toList();
            int n = ok.stream().mapToInt(r -> r.epochs().size()).max().orElse(0);
            double[] mean = new double[n];
            double[] lo = new double[n];
            double[] hi = new double[n];
            for (int i = 0; i < n; i++) {
                final int ep = i;
                double[] v = ok.stream().filter(r -> r.epochs().size() > ep).mapToDouble(r -> accuracy
                        ? 100 * r.epochs().get(ep).accuracy().getOrDefault(split, Double.NaN)
                        : r.epochs().get(ep).trainLoss()).toArray();
                PairedStats s = PairedStats.of(v);
                mean[i] = s.mean();
                double sd = Double.isNaN(s.std()) ? 0 : s.std();
                lo[i] = s.mean() - sd;
                hi[i] = s.mean() + sd;
            }
            series.add(new LineChart.Series(e.getKey(), mean, lo, hi));
        }
        return accuracy ? LineChart.svg(split + " headline metric (mean ± 1 std over seeds)", "epoch", "accuracy or Dice (%)", series)
                : LineChart.svg("training loss (mean ± 1 std over seeds)", "epoch", "mean training loss", series);
    }

    /** Heatmaps of the first seed of the baseline and of every ZNorm method, on one colour scale. */
    private static List<String> heatmaps(CompareConfig cfg, Map<String, List<Run>> byMethod) throws IOException {
        List<String> methods = new ArrayList<>();
        methods.add(cfg.baseline());
        byMethod.keySet().stream().filter(m -> m.contains("znorm") && !m.equals(cfg.baseline())).forEach(methods::add);
        List<Object[]> grids = new ArrayList<>();
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (String method : methods) {
            Run r = byMethod.get(method).get(0);
            Path g = r.dir().resolve("gradients.jsonl");
            if (!Files.exists(g)) {
                continue;
            }
            List<String> lines = MetricsLines.readComplete(g);
            if (lines.isEmpty()) {
                continue;
            }
            List<String> layers = new ArrayList<>();
            for (JsonNode l : JSON.readTree(lines.get(0)).path("layers")) {
                layers.add(l.path("name").asText());
            }
            long[] steps = new long[lines.size()];
            double[][] v = new double[layers.size()][lines.size()];
            for (int s = 0; s < lines.size(); s++) {
                JsonNode rec = JSON.readTree(lines.get(s));
                steps[s] = rec.path("step").asLong();
                int l = 0;
                for (JsonNode layer : rec.path("layers")) {
                    if (l < layers.size()) {
                        double norm = layer.path("norm").asDouble(Double.NaN);
                        v[l][s] = norm;
                        if (norm > 0 && Double.isFinite(norm)) {
                            lo = Math.min(lo, Math.log10(norm));
                            hi = Math.max(hi, Math.log10(norm));
                        }
                    }
                    l++;
                }
            }
            grids.add(new Object[] {method + ", seed " + r.seed(), layers, steps, v});
        }
        List<String> out = new ArrayList<>();
        if (hi <= lo) {
            hi = lo + 1;
        }
        for (Object[] g : grids) {
            @SuppressWarnings("unchecked")
            List<String> layers = (List<String>) g[1];
            out.add(Heatmap.svg((String) g[0], layers, (long[]) g[2], (double[][]) g[3], lo, hi));
        }
        return out;
    }

    private static String markdownTableToHtml(String table) {
        StringBuilder h = new StringBuilder("<table>\n");
        String[] rows = table.split("\n");
        for (int i = 0; i < rows.length; i++) {
            if (i == 1) {
                continue;
            }
            String[] cells = rows[i].substring(1, rows[i].length() - 1).split("\\|");
            h.append("<tr>");
            for (String c : cells) {
                String tag = i == 0 ? "th" : "td";
                String text = c.trim();
                String cls = text.equals("better") ? " class=\"better\"" : text.equals("worse") ? " class=\"worse\"" : "";
                h.append('<').append(tag).append(cls).append('>').append(LineChart.esc(text)).append("</").append(tag).append('>');
            }
            h.append("</tr>\n");
        }
        return h.append("</table>\n").toString();
    }
}
