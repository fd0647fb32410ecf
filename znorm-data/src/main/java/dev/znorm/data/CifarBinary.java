package dev.znorm.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * CIFAR-10 in its official binary format ({@code cifar-10-batches-bin}): records of one label byte
 * and 3072 pixel bytes (1024 red, 1024 green, 1024 blue, row-major 32x32). Files may be
 * gzip-compressed ({@code .bin.gz}).
 */
public final class CifarBinary {

    public static final List<String> CLASSES =
            List.of(
                    "airplane",
                    "automobile",
                    "bird",
                    "cat",
                    "deer",
                    "dog",
                    "frog",
                    "horse",
                    "ship",
                    "truck");
    private static final int RECORD = 1 + 3 * 32 * 32;

    private CifarBinary() {}

    /** Whether {@code dir} holds CIFAR-10 binary batches. */
    public static boolean isBinaryDir(Path dir) {
        return Files.exists(resolve(dir, "test_batch"))
                || Files.exists(resolve(dir, "data_batch_1"));
    }

    private static Path resolve(Path dir, String stem) {
        Path plain = dir.resolve(stem + ".bin");
        return Files.exists(plain) ? plain : dir.resolve(stem + ".bin.gz");
    }

    /** The training split: every {@code data_batch_K.bin[.gz]} present, K = 1..5, in order. */
    public static ImageSet train(Path dir) {
        List<Path> files = new ArrayList<>();
        for (int k = 1; k <= 5; k++) {
            Path f = resolve(dir, "data_batch_" + k);
            if (Files.exists(f)) {
                files.add(f);
            }
        }
        if (files.isEmpty()) {
            throw new BadDataException(
                    dir,
                    "no data_batch_1.bin (or .bin.gz) here; expected the"
                            + " CIFAR-10 binary layout cifar-10-batches-bin/");
        }
        return read(files, dir + " (train)");
    }

    /** The test split, {@code test_batch.bin[.gz]}. */
    public static ImageSet test(Path dir) {
        Path f = resolve(dir, "test_batch");
        if (!Files.exists(f)) {
            throw new BadDataException(dir, "no test_batch.bin (or .bin.gz) here");
        }
        return read(List.of(f), f.toString());
    }

    public static ImageSet read(List<Path> files, String source) {
        ByteArrayOutputStream px = new ByteArrayOutputStream();
        List<Integer> labels = new ArrayList<>();
        for (Path f : files) {
            byte[] bytes = bytes(f);
            if (bytes.length == 0 || bytes.length % RECORD != 0) {
                throw new BadDataException(
                        f,
                        "truncated or oversized CIFAR-10 batch: "
                                + bytes.length
                                + " bytes is not a whole number of "
                                + RECORD
                                + "-byte records");
            }
            for (int r = 0; r < bytes.length / RECORD; r++) {
                int label = bytes[r * RECORD] & 0xFF;
                if (label >= CLASSES.size()) {
                    throw new BadDataException(
                            f,
                            "record "
                                    + r
                                    + " has label "
                                    + label
                                    + ", outside the 10 classes 0..9");
                }
                labels.add(label);
                px.write(bytes, r * RECORD + 1, RECORD - 1);
            }
        }
        return new ImageSet(
                px.toByteArray(),
                labels.stream().mapToInt(Integer::intValue).toArray(),
                3,
                32,
                32,
                CLASSES,
                source);
    }

    private static byte[] bytes(Path f) {
        try (InputStream in = Files.newInputStream(f)) {
            InputStream s = f.toString().endsWith(".gz") ? new GZIPInputStream(in) : in;
            return s.readAllBytes();
        } catch (java.util.zip.ZipException e) {
            throw new BadDataException(f, "damaged gzip data: " + e.getMessage(), e);
        } catch (java.io.EOFException e) {
            throw new BadDataException(f, "truncated gzip data", e);
        } catch (IOException e) {
            throw new BadDataException(f, "cannot read: " + e, e);
        }
    }

    /**
     * Writes {@code set} (3x32x32) as a CIFAR-10 binary batch, gzip-compressed if the name ends in
     * .gz.
     */
    public static void write(ImageSet set, Path file) throws IOException {
        if (set.channels() != 3 || set.height() != 32 || set.width() != 32) {
            throw new IllegalArgumentException(
                    "CIFAR-10 binary holds 3x32x32 images, not "
                            + set.channels()
                            + "x"
                            + set.height()
                            + "x"
                            + set.width());
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (OutputStream raw = Files.newOutputStream(file);
                OutputStream out =
                        file.toString().endsWith(".gz") ? new GZIPOutputStream(raw) : raw) {
            byte[] px = set.raw();
            for (int i = 0; i < set.size(); i++) {
                out.write(set.label(i));
                out.write(px, i * set.imageBytes(), set.imageBytes());
            }
        }
    }
}
