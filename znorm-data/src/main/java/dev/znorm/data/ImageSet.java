package dev.znorm.data;

import java.util.List;

/**
 * Labelled images kept as uint8 in channel-major order (C, H, W per image), never as a float32
 * copy: a batch is converted when it is drawn. Labels are class indices into {@link #classes()}.
 */
public final class ImageSet {

    private final byte[] pixels;
    private final int[] labels;
    private final int channels;
    private final int height;
    private final int width;
    private final List<String> classes;
    private final String source;

    public ImageSet(
            byte[] pixels,
            int[] labels,
            int channels,
            int height,
            int width,
            List<String> classes,
            String source) {
        long per = (long) channels * height * width;
        if (per * labels.length != pixels.length) {
            throw new IllegalArgumentException(
                    source
                            + ": "
                            + pixels.length
                            + " pixel bytes for "
                            + labels.length
                            + " images of "
                            + channels
                            + "x"
                            + height
                            + "x"
                            + width);
        }
        this.pixels = pixels;
        this.labels = labels;
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.classes = List.copyOf(classes);
        this.source = source;
    }

    public int size() {
        return labels.length;
    }

    public int channels() {
        return channels;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    public int imageBytes() {
        return channels * height * width;
    }

    public int label(int i) {
        return labels[i];
    }

    public List<String> classes() {
        return classes;
    }

    public String source() {
        return source;
    }

    /** The pixel of image i, channel c, row y, column x, as 0..255. */
    public int pixel(int i, int c, int y, int x) {
        return pixels[i * imageBytes() + (c * height + y) * width + x] & 0xFF;
    }

    /** The raw uint8 storage (not a copy); for batching and writers. */
    byte[] raw() {
        return pixels;
    }

    /** The images at {@code indices}, in that order. */
    public ImageSet subset(int[] indices, String description) {
        int per = imageBytes();
        byte[] px = new byte[indices.length * per];
        int[] lb = new int[indices.length];
        for (int k = 0; k < indices.length; k++) {
            System.arraycopy(pixels, indices[k] * per, px, k * per, per);
            lb[k] = labels[indices[k]];
        }
        return new ImageSet(px, lb, channels, height, width, classes, description);
    }

    /** How many images each class has. */
    public int[] classCounts() {
        int[] counts = new int[classes.size()];
        for (int l : labels) {
            counts[l]++;
        }
        return counts;
    }
}
