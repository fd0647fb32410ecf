package dev.znorm.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
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

/** {@code znorm predict}: class and probabilities for each image, from a trained run. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Classify images with a trained run: prints the class and the probability of every class.")
public final class PredictCommand implements Callable<Integer> {

    @Option(names = "--run", required = true, description = "The run folder written by znorm train.")
    Path run;

    @Parameters(arity = "1..*", description = "Image files (PNG, JPEG, BMP, GIF).")
    List<Path> images;

    @Override
    public Integer call() throws Exception {
        for (Path f : images) { // every input is checked before the model is loaded
            if (!Files.isRegularFile(f)) {
                throw new UserError(f + " does not exist");
            }
            if (read(f) == null) {
                throw new UserError(f + " is not a readable image");
            }
        }
        try (TrainedModel m = TrainedModel.open(run)) {
            for (Path f : images) {
                float[] x = pixels(read(f), m);
                try (NDManager sub = m.manager().newSubManager()) {
                    NDArray logits = m.trainer.evaluate(new NDList(sub.create(x, new Shape(1, m.channels, m.height, m.width))))
                            .singletonOrThrow();
                    float[] p = logits.softmax(1).toFloatArray();
                    int best = 0;
                    for (int c = 1; c < p.length; c++) {
                        if (p[c] > p[best]) {
                            best = c;
                        }
                    }
                    StringBuilder probs = new StringBuilder();
                    for (int c = 0; c < p.length; c++) {
                        probs.append(String.format(Locale.ROOT, "%s%s=%.4f", c == 0 ? "" : " ", m.classes.get(c), p[c]));
                    }
                    System.out.printf("%s\t%s\t%s%n", f, m.classes.get(best), probs);
                }
            }
        }
        return 0;
    }

    private static BufferedImage read(Path f) {
        try {
            return ImageIO.read(f.toFile());
        } catch (IOException e) {
            return null;
        }
    }

    /** The image resized to the model's input, in its channel count, normalised as in training. */
    private static float[] pixels(BufferedImage img, TrainedModel m) {
        if (img.getWidth() != m.width || img.getHeight() != m.height) {
            BufferedImage r = new BufferedImage(m.width, m.height, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = r.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(img, 0, 0, m.width, m.height, null);
            g.dispose();
            img = r;
        }
        int plane = m.width * m.height;
        float[] x = new float[m.channels * plane];
        for (int y = 0; y < m.height; y++) {
            for (int xx = 0; xx < m.width; xx++) {
                int rgb = img.getRGB(xx, y);
                int[] v = {(rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF};
                for (int c = 0; c < m.channels; c++) {
                    int value = m.channels == 1 ? (v[0] * 299 + v[1] * 587 + v[2] * 114 + 500) / 1000 : v[c];
                    x[c * plane + y * m.width + xx] = (float) ((value / 255.0 - m.normalization.mean()[c]) / m.normalization.std()[c]);
                }
            }
        }
        return x;
    }
}
