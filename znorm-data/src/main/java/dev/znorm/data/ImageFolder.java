package dev.znorm.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * An image-folder classification tree with torchvision {@code ImageFolder} conventions: {@code
 * root/<class>/<image>}, classes in sorted folder-name order, images in sorted name order. Images
 * are decoded in parallel, converted to the requested channel count (1: ITU-R 601 luma as PIL's
 * "L"; 3: RGB) and, when a size is given, resized bilinearly. Hidden files are skipped; any other
 * file that is not a readable image is an error naming it.
 */
public final class ImageFolder {

    public static final List<String> EXTENSIONS = List.of("png", "jpg", "jpeg", "bmp", "gif");

    private ImageFolder() {}

    /**
     * Loads {@code root}.
     *
     * @param channels 1 or 3, or 0 for as stored (3 when any image has colour)
     * @param size the side to resize every image to, or 0 to require all images to have one size
     */
    public static ImageSet load(Path root, int channels, int size) {
        if (!Files.isDirectory(root)) {
            throw new BadDataException(
                    root, Files.exists(root) ? "not a directory" : "does not exist");
        }
        List<String> classes = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir :
                    dirs.filter(Files::isDirectory).filter(p -> !hidden(p)).sorted().toList()) {
                List<Path> images;
                try (Stream<Path> in = Files.list(dir)) {
                    images =
                            in.filter(Files::isRegularFile)
                                    .filter(p -> !hidden(p))
                                    .sorted()
                                    .toList();
                }
                if (images.isEmpty()) {
                    throw new BadDataException(
                            dir, "empty class folder: every class needs at least one image");
                }
                for (Path f : images) {
                    if (!EXTENSIONS.contains(extension(f))) {
                        throw new BadDataException(
                                f, "not an image file (expected one of " + EXTENSIONS + ")");
                    }
                    files.add(f);
                    labels.add(classes.size());
                }
                classes.add(dir.getFileName().toString());
            }
        } catch (IOException e) {
            throw new BadDataException(root, "cannot list: " + e, e);
        }
        if (classes.isEmpty()) {
            throw new BadDataException(root, "no class folders: expected root/<class>/<image>");
        }
        BufferedImage first = decode(files.get(0));
        // "as stored": colour when any image has colour, whichever comes first in name order
        int c =
                channels == 0
                        ? (files.parallelStream().anyMatch(ImageFolder::isColour) ? 3 : 1)
                        : channels;
        if (c != 1 && c != 3) {
            throw new IllegalArgumentException(
                    "channels must be 1 or 3 (or 0 for as stored), got " + channels);
        }
        int h = size > 0 ? size : first.getHeight();
        int w = size > 0 ? size : first.getWidth();
        int per = c * h * w;
        byte[] pixels = new byte[files.size() * per];
        IntStream.range(0, files.size())
                .parallel()
                .forEach(
                        i -> {
                            Path f = files.get(i);
                            BufferedImage img = decode(f);
                            if (size <= 0 && (img.getWidth() != w || img.getHeight() != h)) {
                                throw new BadDataException(
                                        f,
                                        "is "
                                                + img.getWidth()
                                                + "x"
                                                + img.getHeight()
                                                + " but the first image is "
                                                + w
                                                + "x"
                                                + h
                                                + "; pass a size to resize");
                            }
                            if (img.getWidth() != w || img.getHeight() != h) {
                                img = Images.resize(img, w, h, true);
                            }
                            writePixels(img, c, pixels, i * per);
                        });
        return new ImageSet(
                pixels,
                labels.stream().mapToInt(Integer::intValue).toArray(),
                c,
                h,
                w,
                classes,
                root.toString());
    }

    /**
     * Whether the image has colour, from its header (every decoder reports its type without
     * decoding pixels).
     */
    static boolean isColour(Path f) {
        try (javax.imageio.stream.ImageInputStream in =
                javax.imageio.ImageIO.createImageInputStream(f.toFile())) {
            java.util.Iterator<javax.imageio.ImageReader> readers =
                    in == null ? null : javax.imageio.ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                return decode(f).getColorModel().getNumColorComponents() > 1;
            }
            javax.imageio.ImageReader reader = readers.next();
            try {
                reader.setInput(in);
                javax.imageio.ImageTypeSpecifier type = reader.getRawImageType(0);
                if (type == null) {
                    type = reader.getImageTypes(0).next();
                }
                return type.getColorModel().getNumColorComponents() > 1;
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            return decode(f).getColorModel().getNumColorComponents()
                    > 1; // decode names the file if it cannot
        }
    }

    private static boolean hidden(Path p) {
        return p.getFileName().toString().startsWith(".");
    }

    private static String extension(Path f) {
        String name = f.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    static BufferedImage decode(Path f) {
        BufferedImage img;
        try {
            img = ImageIO.read(f.toFile());
        } catch (IOException | RuntimeException e) {
            throw new BadDataException(f, "unreadable image: " + e.getMessage(), e);
        }
        if (img == null) {
            throw new BadDataException(
                    f, "not a readable image (no decoder recognises its content)");
        }
        return img;
    }

    /** Writes img as c x h x w uint8 at {@code offset}. */
    static void writePixels(BufferedImage img, int c, byte[] out, int offset) {
        int w = img.getWidth();
        int h = img.getHeight();
        int plane = w * h;
        boolean gray = img.getType() == BufferedImage.TYPE_BYTE_GRAY;
        int[] rgb = gray ? null : img.getRGB(0, 0, w, h, null, 0, w);
        byte[] g8 = gray ? new byte[plane] : null;
        if (gray) {
            img.getRaster().getDataElements(0, 0, w, h, g8);
        }
        for (int p = 0; p < plane; p++) {
            int r;
            int gr;
            int b;
            if (gray) {
                r = gr = b = g8[p] & 0xFF;
            } else {
                r = (rgb[p] >> 16) & 0xFF;
                gr = (rgb[p] >> 8) & 0xFF;
                b = rgb[p] & 0xFF;
            }
            if (c == 1) {
                out[offset + p] = (byte) Images.grey(r, gr, b);
            } else {
                out[offset + p] = (byte) r;
                out[offset + plane + p] = (byte) gr;
                out[offset + 2 * plane + p] = (byte) b;
            }
        }
    }
}
