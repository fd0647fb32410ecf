package dev.znorm.cli;

import dev.znorm.experiment.BadInputException;
import dev.znorm.experiment.io.Folders;
import dev.znorm.experiment.task.Predictor;
import dev.znorm.experiment.task.TrainedModel;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code znorm predict}: class and probabilities for each image, or a tumour mask, from a trained
 * run.
 */
@Command(
        name = "predict",
        mixinStandardHelpOptions = true,
        description =
                "Classify images with a trained run (prints the class and every class's probability), or segment"
                        + " them with a segmentation run (writes <name>-mask.png and <name>-overlay.png to --out).")
public final class PredictCommand implements Callable<Integer> {

    @Option(
            names = "--run",
            required = true,
            description = "The run folder written by znorm train.")
    Path run;

    @Parameters(arity = "1..*", description = "Image files (PNG, JPEG, BMP, GIF, TIFF).")
    List<Path> images;

    @Option(
            names = "--out",
            defaultValue = "predictions",
            description =
                    "Segmentation: folder for the mask and overlay PNGs. Default: ${DEFAULT-VALUE}")
    Path out;

    @Override
    public Integer call() throws Exception {
        for (Path f : images) { // every input is checked before the model is loaded
            if (Files.isDirectory(f)) {
                throw new BadInputException(
                        f + " is a directory; give image files (e.g. " + f + "/*.png)");
            }
            if (!Files.isRegularFile(f)) {
                throw new BadInputException(f + " does not exist");
            }
            if (read(f) == null) {
                throw new BadInputException(f + " is not a readable image");
            }
        }
        try (TrainedModel m =
                TrainedModel.open(run, line -> System.err.println("znorm: " + line))) {
            Predictor predictor = new Predictor(m);
            if (m.isSegmentation()) {
                Folders.requireWritable(out, "output folder");
            }
            for (Path f : images) {
                if (m.isSegmentation()) {
                    segment(predictor, f);
                } else {
                    classify(predictor, m.classes(), f);
                }
            }
        }
        return 0;
    }

    private static void classify(Predictor predictor, List<String> classes, Path f) {
        float[] p = predictor.classify(read(f));
        int best = 0;
        for (int c = 1; c < p.length; c++) {
            if (p[c] > p[best]) {
                best = c;
            }
        }
        StringBuilder probs = new StringBuilder();
        for (int c = 0; c < p.length; c++) {
            probs.append(
                    String.format(
                            Locale.ROOT, "%s%s=%.4f", c == 0 ? "" : " ", classes.get(c), p[c]));
        }
        System.out.printf("%s\t%s\t%s%n", f, classes.get(best), probs);
    }

    private void segment(Predictor predictor, Path f) throws IOException {
        BufferedImage img = read(f);
        Predictor.Segmentation s = predictor.segment(img);
        String stem = f.getFileName().toString().replaceFirst("\\.[^.]+$", "");
        ImageIO.write(s.mask(), "png", out.resolve(stem + "-mask.png").toFile());
        ImageIO.write(s.overlay(), "png", out.resolve(stem + "-overlay.png").toFile());
        long pixels = (long) img.getWidth() * img.getHeight();
        System.out.printf(
                Locale.ROOT,
                "%s\ttumour pixels %d of %d (%.2f%%)\t%s%n",
                f,
                s.tumourPixels(),
                pixels,
                100.0 * s.tumourPixels() / pixels,
                out.resolve(stem + "-overlay.png"));
    }

    private static BufferedImage read(Path f) {
        try {
            return ImageIO.read(f.toFile());
        } catch (IOException e) {
            return null;
        }
    }
}
