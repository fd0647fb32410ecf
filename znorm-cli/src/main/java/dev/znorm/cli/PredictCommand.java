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
        description = "Classify images with a trained run (prints the class and every class's probability), or segment"
                + " them with a segmentation run (writes <name>-mask.png and <name>-overlay.png to --out).")
public final class PredictCommand implements Callable<Integer> {

    @Option(names = "--run", required = true, description = "The run folder written by znorm train.")
    Path run;

    @Parameters(arity = "1..*", description = "Image files (PNG, JPEG, BMP, GIF, TIFF).")
    List<Path> images;

    @Option(names = "--out", defaultValue = "predictions", description = "Segmentation: folder for the mask and overlay PNGs. Default: ${DEFAULT-VALUE}")
    Path out;

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
            if (m.isSegmentation()) {
                TrainingRun.checkWritable(out);
                for (Path f : images) {
                    segment(m, f);
                }
                return 0;
            }
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

    private void segment(TrainedModel m, Path f) throws IOException {
        BufferedImage img = read(f);
        float[] x = pixels(img, m);
        float[] z;
        try (NDManager sub = m.manager().newSubManager()) {
            z = m.trainer.evaluate(new NDList(sub.create(x, new Shape(1, m.channels, m.height, m.width)))).singletonOrThrow()
                    .toFloatArray();
        }
        int w = img.getWidth();
        int h = img.getHeight();
        BufferedImage mask = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        BufferedImage overlay = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        long tumour = 0;
        for (int y = 0; y < h; y++) {
            for (int xx = 0; xx < w; xx++) {
                // nearest model pixel: the mask is predicted at the model's resolution
                boolean on = z[(y * m.height / h) * m.width + xx * m.width / w] > 0;
                tumour += on ? 1 : 0;
                mask.getRaster().setSample(xx, y, 0, on ? 255 : 0);
                int rgb = img.getRGB(xx, y);
                if (on) {
                    int r = (((rgb >> 16) & 0xFF) + 255) / 2;
                    int g = ((rgb >> 8) & 0xFF) / 2;
                    int b = (rgb & 0xFF) / 2;
                    rgb = (r << 16) | (g << 8) | b;
                }
                overlay.setRGB(xx, y, rgb);
            }
        }
        String stem = f.getFileName().toString().replaceFirst("\\.[^.]+$", "");
        ImageIO.write(mask, "png", out.resolve(stem + "-mask.png").toFile());
        ImageIO.write(overlay, "png", out.resolve(stem + "-overlay.png").toFile());
        System.out.printf(Locale.ROOT, "%s\ttumour pixels %d of %d (%.2f%%)\t%s%n", f, tumour, (long) w * h,
                100.0 * tumour / ((long) w * h), out.resolve(stem + "-overlay.png"));
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
