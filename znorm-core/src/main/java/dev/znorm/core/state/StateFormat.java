package dev.znorm.core.state;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * The binary layout of a state file (big-endian): magic {@code ZNST}, version; (version 2) metadata
 * count, then per entry key and value; tensor count, then per tensor its key, dtype name, shape and
 * raw bytes; counter count, then per counter key and value; CRC32. Version 1 files (no metadata)
 * are still read. Every size read is checked against what is left of the file before anything is
 * allocated.
 */
final class StateFormat {

    private static final int MAGIC = 0x5A4E5354; // "ZNST"
    static final int VERSION = 2;
    private static final int MAX_RANK = 32;

    private StateFormat() {}

    /** Writes named tensors, counters and metadata to a stream (flushed, not closed). */
    static void write(
            Map<String, NDArray> tensors,
            Map<String, Long> counters,
            Map<String, String> metadata,
            OutputStream os)
            throws IOException {
        CRC32 crc = new CRC32();
        DataOutputStream out =
                new DataOutputStream(new CheckedOutputStream(new BufferedOutputStream(os), crc));
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        Map<String, String> sortedMeta = new TreeMap<>(metadata);
        out.writeInt(sortedMeta.size());
        for (Map.Entry<String, String> e : sortedMeta.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeUTF(e.getValue());
        }
        out.writeInt(tensors.size());
        for (Map.Entry<String, NDArray> e : tensors.entrySet()) {
            NDArray a = e.getValue();
            out.writeUTF(e.getKey());
            out.writeUTF(a.getDataType().name());
            long[] shape = a.getShape().getShape();
            out.writeInt(shape.length);
            for (long d : shape) {
                out.writeLong(d);
            }
            byte[] bytes = a.toByteArray();
            out.writeInt(bytes.length);
            out.write(bytes);
        }
        out.writeInt(counters.size());
        for (Map.Entry<String, Long> e : counters.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeLong(e.getValue());
        }
        out.flush();
        new DataOutputStream(os).writeLong(crc.getValue());
        os.flush();
    }

    /** Counts the bytes read, so every size in the file can be checked against what is left. */
    private static final class Counting extends FilterInputStream {
        long count;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count += b >= 0 ? 1 : 0;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            count += Math.max(0, n);
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = super.skip(n);
            count += s;
            return s;
        }
    }

    static StateFile read(InputStream is, long size, NDManager manager, String source)
            throws IOException {
        CRC32 crc = new CRC32();
        BufferedInputStream buffered = new BufferedInputStream(is);
        Counting counting = new Counting(buffered);
        DataInputStream in = new DataInputStream(new CheckedInputStream(counting, crc));
        List<NDArray> created = new ArrayList<>();
        try {
            if (in.readInt() != MAGIC) {
                throw new IOException(source + ": not a znorm state file (bad magic)");
            }
            int version = in.readInt();
            if (version != 1 && version != VERSION) {
                throw new IOException(
                        source
                                + ": state format version "
                                + version
                                + " is not supported (this build reads versions 1 and "
                                + VERSION
                                + ")");
            }
            Map<String, String> metadata = new TreeMap<>();
            if (version >= 2) {
                int n = count(in.readInt(), "metadata count", size - counting.count, 4, source);
                for (int i = 0; i < n; i++) {
                    metadata.put(in.readUTF(), in.readUTF());
                }
            }
            int nTensors = count(in.readInt(), "tensor count", size - counting.count, 12, source);
            Map<String, NDArray> tensors = new TreeMap<>();
            for (int i = 0; i < nTensors; i++) {
                String key = in.readUTF();
                DataType type = DataType.valueOf(in.readUTF());
                int rank = in.readInt();
                if (rank < 0 || rank > MAX_RANK) {
                    throw new IOException(
                            source
                                    + ": state file is damaged (tensor '"
                                    + key
                                    + "' has rank "
                                    + rank
                                    + ")");
                }
                long[] shape = new long[rank];
                long elements = 1;
                for (int d = 0; d < rank; d++) {
                    shape[d] = in.readLong();
                    if (shape[d] < 0 || (shape[d] > 0 && elements > Long.MAX_VALUE / shape[d])) {
                        throw new IOException(
                                source
                                        + ": state file is damaged (tensor '"
                                        + key
                                        + "' has dimension "
                                        + shape[d]
                                        + ")");
                    }
                    elements *= shape[d];
                }
                int byteCount =
                        count(
                                in.readInt(),
                                "byte count of '" + key + "'",
                                size - counting.count,
                                1,
                                source);
                Shape s = new Shape(shape);
                if (byteCount != elements * type.getNumOfBytes()) {
                    throw new IOException(
                            source
                                    + ": tensor '"
                                    + key
                                    + "' has "
                                    + byteCount
                                    + " bytes, but shape "
                                    + s
                                    + " of "
                                    + type
                                    + " needs "
                                    + elements * type.getNumOfBytes());
                }
                byte[] bytes = new byte[byteCount];
                in.readFully(bytes);
                NDArray a = manager.create(ByteBuffer.wrap(bytes), s, type);
                created.add(a);
                tensors.put(key, a);
            }
            int nCounters = count(in.readInt(), "counter count", size - counting.count, 10, source);
            Map<String, Long> counters = new TreeMap<>();
            for (int i = 0; i < nCounters; i++) {
                counters.put(in.readUTF(), in.readLong());
            }
            long expected = crc.getValue();
            long stored = new DataInputStream(buffered).readLong();
            if (stored != expected) {
                throw new IOException(source + ": state file is damaged (checksum mismatch)");
            }
            return new StateFile(tensors, counters, metadata);
        } catch (EOFException e) {
            created.forEach(NDArray::close);
            throw new IOException(source + ": state file is truncated", e);
        } catch (IOException | RuntimeException e) {
            created.forEach(NDArray::close);
            if (e instanceof IllegalArgumentException) {
                throw new IOException(source + ": state file is damaged: " + e.getMessage(), e);
            }
            throw e;
        }
    }

    /**
     * A count read from the file, refused when it is negative or when {@code minBytes} per item
     * would need more than the {@code left} bytes the file still has.
     */
    private static int count(int n, String what, long left, int minBytes, String source)
            throws IOException {
        if (n < 0 || (long) n * minBytes > left) {
            throw new IOException(
                    source
                            + ": state file is damaged ("
                            + what
                            + " "
                            + n
                            + " with "
                            + left
                            + " bytes left)");
        }
        return n;
    }
}
