package dev.znorm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PatchCamelyon through the command line, on tiny HDF5 files written here. */
class PcamCliTest {

    @TempDir Path dir;

    private void write(String split, int n) {
        byte[][][][] x = new byte[n][16][16][3];
        byte[][][][] y = new byte[n][1][1][1];
        for (int i = 0; i < n; i++) {
            y[i][0][0][0] = (byte) (i % 2);
            for (int r = 0; r < 16; r++) {
                for (int c = 0; c < 16; c++) {
                    x[i][r][c] = new byte[] {(byte) (i % 2 == 0 ? 30 : 220), (byte) r, (byte) c};
                }
            }
        }
        try (WritableHdfFile f =
                HdfFile.write(dir.resolve("camelyonpatch_level_2_split_" + split + "_x.h5"))) {
            f.putDataset("x", x);
        }
        try (WritableHdfFile f =
                HdfFile.write(dir.resolve("camelyonpatch_level_2_split_" + split + "_y.h5"))) {
            f.putDataset("y", y);
        }
    }

    @Test
    void trainsOnALimitedNumberOfPatchesAndReportsAuc() throws Exception {
        write("train", 12);
        write("valid", 6);
        write("test", 6);
        Path out = dir.resolve("run");
        assertEquals(
                0,
                Main.run(
                        "train",
                        "--dataset",
                        "pcam",
                        "--data",
                        dir.toString(),
                        "--model",
                        "resnet8",
                        "--train-subset",
                        "8",
                        "--steps",
                        "2",
                        "--batch",
                        "4",
                        "--threads",
                        "2",
                        "--out",
                        out.toString()));
        String config = Files.readString(out.resolve("config.json"));
        assertTrue(
                config.contains("\"train_images\":8")
                        && config.contains("\"classes\":[\"normal\",\"tumour\"]"),
                config);
        assertTrue(
                Files.readString(out.resolve("metrics.jsonl")).contains("\"roc_auc\":{\"val\":"));
    }
}
