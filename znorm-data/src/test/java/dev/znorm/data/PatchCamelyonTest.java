package dev.znorm.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PatchCamelyon's HDF5 layout, on small files written for the test. */
class PatchCamelyonTest {

    @TempDir Path dir;

    private void write(String split, byte[][][][] x, byte[][][][] y) {
        try (WritableHdfFile f =
                HdfFile.write(dir.resolve("camelyonpatch_level_2_split_" + split + "_x.h5"))) {
            f.putDataset("x", x);
        }
        try (WritableHdfFile f =
                HdfFile.write(dir.resolve("camelyonpatch_level_2_split_" + split + "_y.h5"))) {
            f.putDataset("y", y);
        }
    }

    private static byte[][][][] images(int n, int size) {
        byte[][][][] x = new byte[n][size][size][3];
        for (int i = 0; i < n; i++) {
            for (int r = 0; r < size; r++) {
                for (int c = 0; c < size; c++) {
                    x[i][r][c] = new byte[] {(byte) (i * 10 + r), (byte) c, (byte) 200};
                }
            }
        }
        return x;
    }

    private static byte[][][][] labels(int... v) {
        byte[][][][] y = new byte[v.length][1][1][1];
        for (int i = 0; i < v.length; i++) {
            y[i][0][0][0] = (byte) v[i];
        }
        return y;
    }

    @Test
    void readsPatchesAsChannelMajorUint8WithLabels() {
        write("valid", images(3, 8), labels(0, 1, 1));
        ImageSet s = PatchCamelyon.load(dir, "valid", 0);
        assertEquals(3, s.size());
        assertEquals(1, s.label(2));
        assertEquals(21, s.pixel(2, 0, 1, 5));
        assertEquals(5, s.pixel(2, 1, 1, 5));
        assertEquals(200, s.pixel(0, 2, 7, 7));
        assertEquals(2, PatchCamelyon.load(dir, "valid", 2).size());
    }

    @Test
    void wrongShapesCountsLabelsAndMissingFilesAreReportedByFile() throws Exception {
        write("test", images(3, 8), labels(0, 1));
        BadDataException e =
                assertThrows(BadDataException.class, () -> PatchCamelyon.load(dir, "test", 0));
        assertTrue(
                e.getMessage().contains("split_test_y.h5")
                        && e.getMessage().contains("expected (3, 1, 1, 1)"),
                e.getMessage());
        try (WritableHdfFile f =
                HdfFile.write(dir.resolve("camelyonpatch_level_2_split_train_x.h5"))) {
            f.putDataset("x", new byte[2][8][8]);
        }
        try (WritableHdfFile f =
                HdfFile.write(dir.resolve("camelyonpatch_level_2_split_train_y.h5"))) {
            f.putDataset("y", labels(0, 1));
        }
        e = assertThrows(BadDataException.class, () -> PatchCamelyon.load(dir, "train", 0));
        assertTrue(
                e.getMessage().contains("split_train_x.h5")
                        && e.getMessage().contains("(N, H, W, 3)"),
                e.getMessage());
        write("valid", images(2, 4), labels(0, 7));
        e = assertThrows(BadDataException.class, () -> PatchCamelyon.load(dir, "valid", 0));
        assertTrue(e.getMessage().contains("label 7"), e.getMessage());
        Files.writeString(dir.resolve("camelyonpatch_level_2_split_valid_x.h5"), "not hdf5");
        e = assertThrows(BadDataException.class, () -> PatchCamelyon.load(dir, "valid", 0));
        assertTrue(e.getMessage().contains("split_valid_x.h5"), e.getMessage());
        Path empty = Files.createDirectories(dir.resolve("empty"));
        e = assertThrows(BadDataException.class, () -> PatchCamelyon.load(empty, "train", 0));
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
    }
}
