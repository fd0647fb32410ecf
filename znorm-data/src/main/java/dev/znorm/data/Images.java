package dev.znorm.data;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/** The one way images are resized and turned grey, for loading and for prediction alike. */
public final class Images {

    private Images() {}

    /**
     * {@code img} at {@code w} x {@code h} (itself when it already is): bilinear when {@code
     * smooth}, nearest neighbour otherwise (masks must stay 0 or 255).
     */
    public static BufferedImage resize(BufferedImage img, int w, int h, boolean smooth) {
        if (img.getWidth() == w && img.getHeight() == h) {
            return img;
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(
                RenderingHints.KEY_INTERPOLATION,
                smooth
                        ? RenderingHints.VALUE_INTERPOLATION_BILINEAR
                        : RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        g.drawImage(img, 0, 0, w, h, null);
        g.dispose();
        return out;
    }

    /** The grey level of an RGB pixel (ITU-R 601 luma, rounded), 0..255. */
    public static int grey(int r, int g, int b) {
        return (r * 299 + g * 587 + b * 114 + 500) / 1000;
    }
}
