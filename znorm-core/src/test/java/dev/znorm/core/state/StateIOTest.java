package dev.znorm.core.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * State files read back exactly, with their metadata; a damaged size in a header (rank, byte count,
 * tensor count) is reported as damage before anything is allocated, never as an OutOfMemoryError;
 * version 1 files (no metadata) still read.
 */
class StateIOTest {

    @TempDir Path dir;

    /**
     * magic, version, metadata count (0), tensor count, key "k", dtype "FLOAT32": the rank follows.
     */
    private static final int RANK_AT = 4 + 4 + 4 + 4 + (2 + 1) + (2 + 7);

    private Path oneTensor(NDManager m) throws IOException {
        Path f = dir.resolve("s.znst");
        StateIO.save(
                Map.of("k", m.create(new float[] {1, 2, 3, 4}, new Shape(2, 2))),
                Map.of("step", 7L),
                Map.of(),
                f);
        return f;
    }

    private static Path withInt(Path f, int at, int value, Path to) throws IOException {
        byte[] b = Files.readAllBytes(f);
        ByteBuffer.wrap(b).putInt(at, value);
        return Files.write(to, b);
    }

    @Test
    void roundTripsTensorsCountersAndMetadata() throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            Path f = dir.resolve("meta.znst");
            StateIO.save(
                    Map.of("w", m.create(new float[] {1.5f, -2f}, new Shape(2))),
                    Map.of("step", 3L),
                    Map.of("machine", "{\"cpu\":\"x\"}"),
                    f);
            StateFile back = StateIO.readFile(f, m);
            assertArrayEquals(new float[] {1.5f, -2f}, back.tensors().get("w").toFloatArray());
            assertEquals(3L, back.counters().get("step"));
            assertEquals("{\"cpu\":\"x\"}", back.metadata().get("machine"));
        }
    }

    @Test
    void aDamagedRankOrByteCountIsDamageNotAnAllocation() throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            Path f = oneTensor(m);
            assertEquals(
                    2,
                    ByteBuffer.wrap(Files.readAllBytes(f)).getInt(RANK_AT),
                    "the rank is where the format puts it");
            Path rank = withInt(f, RANK_AT, 1 << 30, dir.resolve("rank.znst"));
            IOException e = assertThrows(IOException.class, () -> StateIO.readFile(rank, m));
            assertTrue(
                    e.getMessage().contains("rank.znst")
                            && e.getMessage().contains("has rank 1073741824"),
                    e.getMessage());
            Path bytes =
                    withInt(f, RANK_AT + 4 + 8 + 8, Integer.MAX_VALUE, dir.resolve("bytes.znst"));
            e = assertThrows(IOException.class, () -> StateIO.readFile(bytes, m));
            assertTrue(
                    e.getMessage().contains("bytes.znst") && e.getMessage().contains("damaged"),
                    e.getMessage());
            Path count = withInt(f, 12, Integer.MAX_VALUE, dir.resolve("count.znst"));
            e = assertThrows(IOException.class, () -> StateIO.readFile(count, m));
            assertTrue(e.getMessage().contains("tensor count"), e.getMessage());
            Path dim = dir.resolve("dim.znst");
            byte[] b = Files.readAllBytes(f);
            ByteBuffer.wrap(b).putLong(RANK_AT + 4, -5L);
            Files.write(dim, b);
            e = assertThrows(IOException.class, () -> StateIO.readFile(dim, m));
            assertTrue(e.getMessage().contains("dimension -5"), e.getMessage());
        }
    }

    @Test
    void versionOneFilesStillRead() throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            byte[] v2 = Files.readAllBytes(oneTensor(m));
            // version 1 is version 2 without the metadata count, with its own checksum
            ByteBuffer in = ByteBuffer.wrap(v2);
            ByteBuffer out = ByteBuffer.allocate(v2.length - 4);
            out.putInt(in.getInt(0)).putInt(1);
            out.put(v2, 12, v2.length - 12 - 8);
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(out.array(), 0, out.position());
            out.putLong(crc.getValue());
            Path v1 = Files.write(dir.resolve("v1.znst"), out.array());
            StateFile back = StateIO.readFile(v1, m);
            assertArrayEquals(new float[] {1, 2, 3, 4}, back.tensors().get("k").toFloatArray());
            assertEquals(7L, back.counters().get("step"));
            assertTrue(back.metadata().isEmpty());
        }
    }
}
