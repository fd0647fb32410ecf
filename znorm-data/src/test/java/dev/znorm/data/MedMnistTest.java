package dev.znorm.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MedMnistTest {

    @TempDir Path dir;

    /** Writes an .npy entry as NumPy does (version 1.0 header padded to 64 bytes). */
    static void npy(ZipOutputStream zip, String name, String descr, long[] shape, byte[] data)
            throws IOException {
        zip.putNextEntry(new ZipEntry(name + ".npy"));
        StringBuilder dims = new StringBuilder();
        for (long d : shape) {
            dims.append(d).append(", ");
        }
        String shapeText =
                shape.length == 1
                        ? "(" + shape[0] + ",)"
                        : "(" + dims.substring(0, dims.length() - 2) + ")";
        String header =
                "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shapeText + ", }";
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

    private Path npz(String file, boolean withTest, long[] labelShape, byte[] labels)
            throws IOException {
        Path p = dir.resolve(file);
        try (OutputStream os = Files.newOutputStream(p);
                ZipOutputStream zip = new ZipOutputStream(os)) {
            byte[] img = new byte[3 * 4 * 4];
            for (int i = 0; i < img.length; i++) {
                img[i] = (byte) (i * 5);
            }
            npy(zip, "train_images", "|u1", new long[] {3, 4, 4}, img);
            npy(zip, "train_labels", "|u1", labelShape, labels);
            if (withTest) {
                npy(zip, "test_images", "|u1", new long[] {3, 4, 4}, img);
                npy(
                        zip,
                        "test_labels",
                        "<i8",
                        new long[] {3},
                        ByteBuffer.allocate(24)
                                .order(ByteOrder.LITTLE_ENDIAN)
                                .putLong(1)
                                .putLong(0)
                                .putLong(2)
                                .array());
            }
        }
        return p;
    }

    @Test
    void readsLabelsShapedNOrN1AndAnyIntegerDtype() throws IOException {
        ImageSet flat =
                MedMnist.load(
                        npz("a.npz", true, new long[] {3}, new byte[] {0, 1, 1}), "train", null);
        ImageSet col =
                MedMnist.load(
                        npz("b.npz", true, new long[] {3, 1}, new byte[] {0, 1, 1}), "train", null);
        assertArrayEquals(flat.classCounts(), col.classCounts());
        assertEquals(1, flat.channels());
        assertEquals((byte) (5 * 17) & 0xFF, flat.pixel(1, 0, 0, 1));
        ImageSet test =
                MedMnist.load(
                        npz("c.npz", true, new long[] {3}, new byte[] {0, 1, 1}), "test", null);
        assertEquals(2, test.label(2));
    }

    @Test
    void anNpzWithoutTheExpectedArraysOrWithBadShapesSaysSo() throws IOException {
        Path noTest = npz("d.npz", false, new long[] {3}, new byte[] {0, 1, 1});
        BadDataException e =
                assertThrows(BadDataException.class, () -> MedMnist.load(noTest, "test", null));
        assertTrue(
                e.getMessage().contains("d.npz") && e.getMessage().contains("test_images"),
                e.getMessage());
        Path badLabels = npz("e.npz", false, new long[] {2}, new byte[] {0, 1});
        e = assertThrows(BadDataException.class, () -> MedMnist.load(badLabels, "train", null));
        assertTrue(
                e.getMessage().contains("train_labels") && e.getMessage().contains("(3,)"),
                e.getMessage());
        Path notZip = Files.writeString(dir.resolve("f.npz"), "plain text");
        assertTrue(
                assertThrows(BadDataException.class, () -> MedMnist.load(notZip, "train", null))
                        .getMessage()
                        .contains("f.npz"));
        Path outOfRange = npz("g.npz", false, new long[] {3}, new byte[] {0, 1, 5});
        e =
                assertThrows(
                        BadDataException.class,
                        () -> MedMnist.load(outOfRange, "train", List.of("malignant", "benign")));
        assertTrue(e.getMessage().contains("label 5"), e.getMessage());
    }

    @Test
    void readsTheRealBreastMnist() {
        Path npz = SharedData.dir().resolve("medmnist/breastmnist.npz");
        ImageSet train = MedMnist.load(npz, "train", List.of("malignant", "normal/benign"));
        assertEquals(546, train.size());
        assertArrayEquals(new int[] {147, 399}, train.classCounts());
        assertEquals(78, MedMnist.load(npz, "val", null).size());
        assertArrayEquals(new int[] {42, 114}, MedMnist.load(npz, "test", null).classCounts());
        assertEquals(28, train.height());
    }
}
