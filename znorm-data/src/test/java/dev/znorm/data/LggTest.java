package dev.znorm.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LggTest {

    @TempDir Path root;

    private void tif(String patient, String name, int w, int h, int type) throws Exception {
        BufferedImage img = new BufferedImage(w, h, type);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                // masks: 0 background; images: a dark non-zero background
                img.setRGB(
                        x,
                        y,
                        x > w / 2 ? 0xFFFFFF : type == BufferedImage.TYPE_BYTE_GRAY ? 0 : 0x102030);
            }
        }
        Files.createDirectories(root.resolve(patient));
        assertTrue(
                ImageIO.write(img, "tif", root.resolve(patient).resolve(name).toFile()),
                "TIFF writer present");
    }

    @Test
    void pairsImagesWithMasksAndBinarisesMasks() throws Exception {
        tif("P1", "P1_1.tif", 8, 8, BufferedImage.TYPE_3BYTE_BGR);
        tif("P1", "P1_1_mask.tif", 8, 8, BufferedImage.TYPE_BYTE_GRAY);
        tif("P1", "P1_2.tif", 8, 8, BufferedImage.TYPE_3BYTE_BGR);
        tif("P1", "P1_2_mask.tif", 8, 8, BufferedImage.TYPE_BYTE_GRAY);
        SegmentationSet set = Lgg.load(root, 0);
        assertEquals(2, set.size());
        assertEquals(1, set.mask(0, 0, 7));
        assertEquals(0, set.mask(0, 0, 0));
        assertEquals(0x10, set.pixel(0, 0, 0, 0));
        assertEquals(4, Lgg.load(root, 4).height());
    }

    @Test
    void missingPartnersAndSizeMismatchesNameTheFile() throws Exception {
        tif("P1", "P1_1.tif", 8, 8, BufferedImage.TYPE_3BYTE_BGR);
        BadDataException e = assertThrows(BadDataException.class, () -> Lgg.load(root, 0));
        assertTrue(
                e.getMessage().contains("P1_1.tif")
                        && e.getMessage().contains("image without its mask"),
                e.getMessage());
        Files.delete(root.resolve("P1/P1_1.tif"));
        tif("P1", "P1_1_mask.tif", 8, 8, BufferedImage.TYPE_BYTE_GRAY);
        e = assertThrows(BadDataException.class, () -> Lgg.load(root, 0));
        assertTrue(
                e.getMessage().contains("P1_1_mask.tif")
                        && e.getMessage().contains("mask without its image"),
                e.getMessage());
        tif("P1", "P1_1.tif", 16, 16, BufferedImage.TYPE_3BYTE_BGR);
        e = assertThrows(BadDataException.class, () -> Lgg.load(root, 0));
        assertTrue(
                e.getMessage().contains("P1_1_mask.tif") && e.getMessage().contains("8x8"),
                e.getMessage());
    }

    @Test
    void realSubsetSplitsByWholePatientsFromASeed() {
        SegmentationSet all = Lgg.load(SharedData.dir().resolve("lgg/kaggle_3m"), 64);
        assertEquals(280, all.size());
        assertEquals(14, all.patientIds().size());
        assertEquals(97, all.slicesWithForeground());
        Lgg.Split a = Lgg.splitByPatient(all, 1, 2, 2);
        Lgg.Split b = Lgg.splitByPatient(all, 1, 2, 2);
        assertEquals(a.testPatients(), b.testPatients());
        assertEquals(10, a.trainPatients().size());
        Set<String> seen = new HashSet<>(a.trainPatients());
        assertTrue(
                a.valPatients().stream().noneMatch(seen::contains)
                        && a.testPatients().stream().noneMatch(seen::contains));
        assertEquals(200, a.train().size());
        assertTrue(
                !Lgg.splitByPatient(all, 2, 2, 2).testPatients().equals(a.testPatients())
                        || !Lgg.splitByPatient(all, 3, 2, 2)
                                .testPatients()
                                .equals(a.testPatients()),
                "the seed matters");
    }

    @Test
    void augmentationMovesImageAndMaskTogether() {
        int n = 6;
        int h = 16;
        byte[] im = new byte[n * 3 * h * h];
        byte[] mk = new byte[n * h * h];
        java.util.Random rnd = new java.util.Random(5);
        java.util.List<String> pts = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            pts.add("p" + i);
            for (int p = 0; p < h * h; p++) {
                int v = 1 + rnd.nextInt(255);
                im[i * 3 * h * h + p] = (byte) v;
                mk[i * h * h + p] = (byte) (v > 128 ? 1 : 0);
            }
        }
        SegmentationSet set = new SegmentationSet(im, mk, pts, pts, 3, h, h);
        SegmentationBatches batches =
                new SegmentationBatches(
                        set,
                        n,
                        4,
                        true,
                        new Augmentation(3, true, true),
                        new double[] {0, 0, 0},
                        new double[] {1, 1, 1});
        try (NDManager m = NDManager.newBaseManager()) {
            NDList b = batches.batch(batches.order(0), 0, 0, m);
            float[] x = b.get(0).toFloatArray();
            float[] y = b.get(1).toFloatArray();
            for (int k = 0; k < n; k++) {
                for (int p = 0; p < h * h; p++) {
                    float v = x[k * 3 * h * h + p] * 255;
                    float expected =
                            v == 0 ? 0 : (v > 128.5f ? 1 : 0); // padding: black pixel, empty mask
                    assertEquals(expected, y[k * h * h + p], "image " + k + " pixel " + p);
                }
            }
        }
    }
}
