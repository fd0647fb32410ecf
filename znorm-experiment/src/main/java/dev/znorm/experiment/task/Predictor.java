package dev.znorm.experiment.task;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.znorm.data.Images;
import dev.znorm.data.Normalization;
import java.awt.image.BufferedImage;

/**
 * Predictions of a trained model on one image: class probabilities, or a tumour mask with an
 * overlay.
 */
public final class Predictor {

    private final TrainedModel m;

    public Predictor(TrainedModel model) {
        this.m = model;
    }

    /** The probability of each class (in the model's class order). */
    public float[] classify(BufferedImage img) {
        int[] in = m.input();
        try (NDManager sub = m.manager().newSubManager()) {
            NDArray logits =
                    m.trainer()
                            .evaluate(
                                    new NDList(
                                            sub.create(
                                                    pixels(img),
                                                    new Shape(1, in[0], in[1], in[2]))))
                            .singletonOrThrow();
            return logits.softmax(1).toFloatArray();
        }
    }

    /**
     * A segmentation's result at the image's own size: the mask and the image with the mask drawn
     * in red.
     */
    public record Segmentation(BufferedImage mask, BufferedImage overlay, long tumourPixels) {}

    public Segmentation segment(BufferedImage img) {
        int[] in = m.input();
        float[] z;
        try (NDManager sub = m.manager().newSubManager()) {
            z =
                    m.trainer()
                            .evaluate(
                                    new NDList(
                                            sub.create(
                                                    pixels(img),
                                                    new Shape(1, in[0], in[1], in[2]))))
                            .singletonOrThrow()
                            .toFloatArray();
        }
        int w = img.getWidth();
        int h = img.getHeight();
        BufferedImage mask = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        BufferedImage overlay = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        long tumour = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                // nearest model pixel: the mask is predicted at the model's resolution
                boolean on = z[(y * in[1] / h) * in[2] + x * in[2] / w] > 0;
                tumour += on ? 1 : 0;
                mask.getRaster().setSample(x, y, 0, on ? 255 : 0);
                overlay.setRGB(
                        x, y, on ? Overlay.tint(img.getRGB(x, y), Overlay.RED) : img.getRGB(x, y));
            }
        }
        return new Segmentation(mask, overlay, tumour);
    }

    /** The image resized to the model's input, in its channel count, normalised as in training. */
    private float[] pixels(BufferedImage img) {
        int c = m.input()[0];
        int height = m.input()[1];
        int width = m.input()[2];
        img = Images.resize(img, width, height, true);
        Normalization norm = m.normalization();
        int plane = width * height;
        float[] x = new float[c * plane];
        for (int y = 0; y < height; y++) {
            for (int xx = 0; xx < width; xx++) {
                int rgb = img.getRGB(xx, y);
                int[] v = {(rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF};
                for (int ch = 0; ch < c; ch++) {
                    int value = c == 1 ? Images.grey(v[0], v[1], v[2]) : v[ch];
                    x[ch * plane + y * width + xx] =
                            (float) ((value / 255.0 - norm.mean()[ch]) / norm.std()[ch]);
                }
            }
        }
        return x;
    }
}
