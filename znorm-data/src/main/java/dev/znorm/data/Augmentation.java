package dev.znorm.data;

/**
 * Per-sample augmentation for 2-D images, drawn from a seed: zero-padding by {@code pad} pixels and
 * a random crop back to the original size, and horizontal / vertical flips with probability 1/2
 * each. Built in Java on uint8 pixels (DJL's own flip transforms do nothing).
 */
public record Augmentation(int pad, boolean flipHorizontal, boolean flipVertical) {

    /** None. */
    public static final Augmentation NONE = new Augmentation(0, false, false);

    /** The standard CIFAR augmentation: pad 4, random 32x32 crop, horizontal flip. */
    public static final Augmentation CIFAR = new Augmentation(4, true, false);

    public boolean isNone() {
        return pad == 0 && !flipHorizontal && !flipVertical;
    }

    /** One sample's draw: crop offsets in [0, 2 pad] and the flips. */
    public record Draw(int dy, int dx, boolean hflip, boolean vflip) {
        public static final Draw IDENTITY = new Draw(0, 0, false, false);
    }

    public Draw draw(java.util.SplittableRandom rnd) {
        if (isNone()) {
            return new Draw(pad, pad, false, false);
        }
        int dy = pad == 0 ? 0 : rnd.nextInt(2 * pad + 1);
        int dx = pad == 0 ? 0 : rnd.nextInt(2 * pad + 1);
        boolean h = flipHorizontal && rnd.nextBoolean();
        boolean v = flipVertical && rnd.nextBoolean();
        return new Draw(dy, dx, h, v);
    }

    /**
     * The source pixel for output (y, x) under {@code d}, or -1 when it falls in the zero padding.
     * Flip first, then crop from the padded image, as torchvision's RandomCrop(padding) then
     * RandomHorizontalFlip would give the same distribution.
     */
    public static int sourceIndex(Draw d, int pad, int y, int x, int h, int w) {
        int sy = y + d.dy() - pad;
        int sx = x + d.dx() - pad;
        if (sy < 0 || sy >= h || sx < 0 || sx >= w) {
            return -1;
        }
        if (d.vflip()) {
            sy = h - 1 - sy;
        }
        if (d.hflip()) {
            sx = w - 1 - sx;
        }
        return sy * w + sx;
    }
}
