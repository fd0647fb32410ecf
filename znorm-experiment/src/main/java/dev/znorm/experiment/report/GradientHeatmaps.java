package dev.znorm.experiment.report;

import dev.znorm.experiment.run.GradientRecord;
import dev.znorm.experiment.run.RunFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Layers x steps heatmaps of raw-gradient norms, for the first seed of the baseline and of every
 * ZNorm method, on one colour scale (log10). Raw gradient logs are large and not kept with
 * published results; when none of a network's runs has one, the heatmaps drawn earlier (from the
 * logs, when they were there) are kept as they are.
 */
public final class GradientHeatmaps {

    private GradientHeatmaps() {}

    /** One heatmap's data. */
    public record Data(String title, List<String> layers, long[] steps, double[][] values) {}

    /** The heatmaps of one network, with their shared colour range; or the SVG files to keep. */
    public record Result(List<Data> maps, double lo, double hi, List<Path> kept) {}

    public static Result compute(
            Map<String, List<RunRecord>> byMethod, String baseline, Path out, String model)
            throws IOException {
        List<String> methods = new ArrayList<>();
        methods.add(baseline);
        byMethod.keySet().stream()
                .filter(m -> HeadToHead.isZNorm(m) && !m.equals(baseline))
                .forEach(methods::add);
        List<Data> maps = new ArrayList<>();
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (String method : methods) {
            RunRecord r = byMethod.get(method).get(0);
            List<GradientRecord> records = new RunFolder(r.dir()).readGradients();
            if (records.isEmpty()) {
                continue;
            }
            List<String> layers =
                    records.get(0).layers().stream().map(GradientRecord.LayerStats::name).toList();
            long[] steps = new long[records.size()];
            double[][] v = new double[layers.size()][records.size()];
            for (int s = 0; s < records.size(); s++) {
                steps[s] = records.get(s).step();
                List<GradientRecord.LayerStats> ls = records.get(s).layers();
                for (int l = 0; l < Math.min(layers.size(), ls.size()); l++) {
                    double norm = ls.get(l).norm();
                    v[l][s] = norm;
                    if (norm > 0 && Double.isFinite(norm)) {
                        lo = Math.min(lo, Math.log10(norm));
                        hi = Math.max(hi, Math.log10(norm));
                    }
                }
            }
            maps.add(new Data(method + ", seed " + r.seed(), layers, steps, v));
        }
        if (hi <= lo) {
            hi = lo + 1;
        }
        return new Result(maps, lo, hi, maps.isEmpty() ? earlier(out, model) : List.of());
    }

    /** {@code <model>-gradients-<i>.svg} files already in the output folder, by index. */
    private static List<Path> earlier(Path out, String model) throws IOException {
        if (!Files.isDirectory(out)) {
            return List.of();
        }
        Pattern p = Pattern.compile(Pattern.quote(model) + "-gradients-(\\d+)\\.svg");
        try (Stream<Path> s = Files.list(out)) {
            return s.filter(f -> p.matcher(f.getFileName().toString()).matches())
                    .sorted((a, b) -> Integer.compare(index(p, a), index(p, b)))
                    .toList();
        }
    }

    private static int index(Pattern p, Path f) {
        Matcher m = p.matcher(f.getFileName().toString());
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }

    public static List<String> svgs(Result r) {
        return r.maps().stream()
                .map(d -> Heatmap.svg(d.title(), d.layers(), d.steps(), d.values(), r.lo(), r.hi()))
                .toList();
    }
}
