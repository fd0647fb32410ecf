package dev.znorm.experiment.task;

/**
 * Drawing a mask over an image: a pixel inside the mask is half the image's colour and half the
 * mask's.
 */
public final class Overlay {

    /** The colour of a predicted mask. */
    public static final int RED = 0xFF0000;

    private Overlay() {}

    /** {@code rgb} blended half and half with {@code colour}. */
    public static int tint(int rgb, int colour) {
        int r = (((rgb >> 16) & 0xFF) + ((colour >> 16) & 0xFF)) / 2;
        int g = (((rgb >> 8) & 0xFF) + ((colour >> 8) & 0xFF)) / 2;
        int b = ((rgb & 0xFF) + (colour & 0xFF)) / 2;
        return (r << 16) | (g << 8) | b;
    }
}
