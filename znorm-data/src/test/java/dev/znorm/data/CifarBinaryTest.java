package dev.znorm.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CifarBinaryTest {

    @TempDir Path dir;

    static ImageSet random(int n, long seed) {
        Random rnd = new Random(seed);
        byte[] px = new byte[n * 3072];
        rnd.nextBytes(px);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = rnd.nextInt(10);
        }
        return new ImageSet(px, labels, 3, 32, 32, CifarBinary.CLASSES, "random");
    }

    @Test
    void writesAndReadsBackPlainAndGzipBatches() throws Exception {
        ImageSet a = random(7, 1);
        ImageSet b = random(5, 2);
        CifarBinary.write(a, dir.resolve("data_batch_1.bin"));
        CifarBinary.write(b, dir.resolve("data_batch_2.bin.gz"));
        CifarBinary.write(b, dir.resolve("test_batch.bin.gz"));
        assertTrue(CifarBinary.isBinaryDir(dir));
        ImageSet train = CifarBinary.train(dir);
        assertEquals(12, train.size());
        for (int i = 0; i < 7; i++) {
            assertEquals(a.label(i), train.label(i));
            assertEquals(a.pixel(i, 2, 31, 31), train.pixel(i, 2, 31, 31));
        }
        assertEquals(b.label(4), train.label(11));
        assertArrayEquals(b.classCounts(), CifarBinary.test(dir).classCounts());
    }

    @Test
    void truncatedOrOversizedBatchNamesTheFile() throws Exception {
        CifarBinary.write(random(3, 3), dir.resolve("data_batch_1.bin"));
        byte[] bytes = Files.readAllBytes(dir.resolve("data_batch_1.bin"));
        Files.write(
                dir.resolve("data_batch_1.bin"),
                java.util.Arrays.copyOf(bytes, bytes.length - 100));
        BadDataException e = assertThrows(BadDataException.class, () -> CifarBinary.train(dir));
        assertTrue(
                e.getMessage().contains("data_batch_1.bin")
                        && e.getMessage().contains("truncated or oversized"),
                e.getMessage());
        Files.write(
                dir.resolve("data_batch_1.bin"), java.util.Arrays.copyOf(bytes, bytes.length + 7));
        assertThrows(BadDataException.class, () -> CifarBinary.train(dir));
    }

    @Test
    void labelOutsideTheClassesNamesFileAndRecord() throws Exception {
        Path f = dir.resolve("test_batch.bin");
        CifarBinary.write(random(4, 4), f);
        byte[] bytes = Files.readAllBytes(f);
        bytes[2 * 3073] = 12;
        Files.write(f, bytes);
        BadDataException e = assertThrows(BadDataException.class, () -> CifarBinary.test(dir));
        assertTrue(
                e.getMessage().contains("test_batch.bin")
                        && e.getMessage().contains("record 2 has label 12"),
                e.getMessage());
    }

    @Test
    void missingOrDamagedFilesAreReported() throws Exception {
        assertTrue(
                assertThrows(BadDataException.class, () -> CifarBinary.train(dir))
                        .getMessage()
                        .contains("no data_batch_1.bin"));
        Files.write(dir.resolve("test_batch.bin.gz"), new byte[] {31, -117, 8, 0, 1, 2, 3});
        BadDataException e = assertThrows(BadDataException.class, () -> CifarBinary.test(dir));
        assertTrue(e.getMessage().contains("test_batch.bin.gz"), e.getMessage());
    }
}
