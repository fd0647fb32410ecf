package dev.znorm.cli;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;

/** Small datasets, good and deliberately broken, written for the bad-input table. */
final class BadFiles {

    private BadFiles() {}

    /** A PNG of w x h, colour or grey. */
    static Path png(Path file, int w, int h, boolean colour, int seed) throws IOException {
        Files.createDirectories(file.getParent());
        BufferedImage img =
                new BufferedImage(
                        w, h, colour ? BufferedImage.TYPE_INT_RGB : BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int v = (x * 31 + y * 17 + seed * 13) & 0xFF;
                img.setRGB(
                        x,
                        y,
                        colour ? (v << 16) | ((255 - v) << 8) | (v / 2) : (v << 16) | (v << 8) | v);
            }
        }
        ImageIO.write(img, "png", file.toFile());
        return file;
    }

    /** An image-folder tree train/{a,b} and test/{a,b} of 8 x 8 colour images, two per class. */
    static Path imageFolder(Path root) throws IOException {
        for (String split : new String[] {"train", "test"}) {
            for (String cls : new String[] {"a", "b"}) {
                for (int i = 0; i < 2; i++) {
                    png(
                            root.resolve(split).resolve(cls).resolve(i + ".png"),
                            8,
                            8,
                            true,
                            i + cls.hashCode());
                }
            }
        }
        return root;
    }

    /** Writes an .npy entry as NumPy does (version 1.0 header padded to 64 bytes). */
    static void npy(ZipOutputStream zip, String name, String descr, String shape, byte[] data)
            throws IOException {
        zip.putNextEntry(new ZipEntry(name + ".npy"));
        String header =
                "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
        int total = 10 + header.length() + 1;
        header = header + " ".repeat((64 - total % 64) % 64) + "\n";
        zip.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        zip.write(
                ByteBuffer.allocate(2)
                        .order(ByteOrder.LITTLE_ENDIAN)
                        .putShort((short) header.length())
                        .array());
        zip.write(header.getBytes(StandardCharsets.ISO_8859_1));
        zip.write(data);
        zip.closeEntry();
    }

    /** int64 little-endian labels. */
    static byte[] labels(long... v) {
        ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long x : v) {
            b.putLong(x);
        }
        return b.array();
    }

    /**
     * A MedMNIST-shaped .npz of 8 x 8 grey images, four per split; {@code trainLabels} and {@code
     * testLabels} as given (val is 0, 1, 0, 1).
     */
    static Path medmnist(Path file, long[] trainLabels, long[] testLabels) throws IOException {
        Files.createDirectories(file.getParent());
        try (OutputStream os = Files.newOutputStream(file);
                ZipOutputStream zip = new ZipOutputStream(os)) {
            for (String split : new String[] {"train", "val", "test"}) {
                long[] y =
                        split.equals("train")
                                ? trainLabels
                                : split.equals("test") ? testLabels : new long[] {0, 1, 0, 1};
                byte[] img = new byte[y.length * 64];
                for (int i = 0; i < img.length; i++) {
                    img[i] = (byte) (i * 7);
                }
                npy(zip, split + "_images", "|u1", "(" + y.length + ", 8, 8)", img);
                npy(zip, split + "_labels", "<i8", "(" + y.length + ", 1)", labels(y));
            }
        }
        return file;
    }

    /**
     * A MedMNIST .npz whose train labels are a pickled object array, as np.save(allow_pickle=True)
     * writes.
     */
    static Path medmnistObjectLabels(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        try (OutputStream os = Files.newOutputStream(file);
                ZipOutputStream zip = new ZipOutputStream(os)) {
            npy(zip, "train_images", "|u1", "(2, 8, 8)", new byte[128]);
            npy(zip, "train_labels", "|O", "(2,)", new byte[] {(byte) 0x80, 4, 'N', '.'});
        }
        return file;
    }

    /** A MedMNIST .npz whose train_images header declares a shape that is not numbers. */
    static Path medmnistBadShape(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        try (OutputStream os = Files.newOutputStream(file);
                ZipOutputStream zip = new ZipOutputStream(os)) {
            npy(zip, "train_images", "|u1", "(two, 8, 8)", new byte[128]);
            npy(zip, "train_labels", "<i8", "(2,)", labels(0, 1));
        }
        return file;
    }

    static Path text(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }
}
