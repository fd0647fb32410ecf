package dev.znorm.core.state;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.znorm.core.transform.TransformState;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * Exact save and load of a {@link TransformState}: every tensor's bytes and every counter, so
 * that a resumed run continues bit for bit. Writing goes to a temporary file that is renamed into
 * place, so a crash while writing leaves the previous file intact; a CRC32 at the end rejects
 * truncated or damaged files.
 *
 * <p>Format (big-endian): magic {@code ZNST}, version, tensor count, then per tensor its key,
 * dtype name, shape and raw bytes; counter count, then per counter key and value; CRC32.
 */
public final class StateIO {

    private static final int MAGIC = 0x5A4E5354; // "ZNST"
    private static final int VERSION = 1;

    private StateIO() {}

    /** Writes {@code state} to {@code file} atomically. */
    public static void save(TransformState state, Path file) throws IOException {
        save(state.allTensors(), state.allCounters(), file);
    }

    /** Writes {@code state} to a stream (the stream is flushed, not closed). */
    public static void write(TransformState state, OutputStream os) throws IOException {
        write(state.allTensors(), state.allCounters(), os);
    }

    /**
     * Writes named tensors and counters (any, e.g. a model's parameters with a run's position)
     * atomically to {@code file}, in the same checked format.
     */
    public static void save(Map<String, NDArray> tensors, Map<String, Long> counters, Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            try (OutputStream os = Files.newOutputStream(tmp)) {
                write(tensors, counters, os);
            }
            try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(tmp,
                    java.nio.file.StandardOpenOption.WRITE)) {
                ch.force(true); // on disk before the rename makes it visible
            }
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Writes named tensors and counters to a stream (flushed, not closed). */
    public static void write(Map<String, NDArray> tensors, Map<String, Long> counters, OutputStream os)
            throws IOException {
        CRC32 crc = new CRC32();
        DataOutputStream out = new DataOutputStream(
                new CheckedOutputStream(new BufferedOutputStream(os), crc));
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
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

    /**
     * Reads a state file into a new {@link TransformState} whose tensors belong to
     * {@code manager}. Fails, naming the file, when it is missing, not a state file, truncated or
     * damaged.
     */
    public static TransformState load(Path file, NDManager manager) throws IOException {
        try (InputStream is = Files.newInputStream(file)) {
            return read(is, manager, file.toString());
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "optimizer state file not found");
        }
    }

    /** Reads a state written by {@link #write}; {@code source} names it in error messages. */
    public static TransformState read(InputStream is, NDManager manager, String source)
            throws IOException {
        CRC32 crc = new CRC32();
        BufferedInputStream buffered = new BufferedInputStream(is);
        DataInputStream in = new DataInputStream(new CheckedInputStream(buffered, crc));
        TransformState state = new TransformState();
        List<NDArray> created = new ArrayList<>();
        try {
            if (in.readInt() != MAGIC) {
                throw new IOException(source + ": not a znorm optimizer-state file (bad magic)");
            }
            int version = in.readInt();
            if (version != VERSION) {
                throw new IOException(source + ": optimizer-state format version " + version
                        + " is not supported (this build reads version " + VERSION + ")");
            }
            int nTensors = nonNegative(in.readInt(), "tensor count", source);
            Map<String, NDArray> tensors = new TreeMap<>();
            for (int i = 0; i < nTensors; i++) {
                String key = in.readUTF();
                DataType type = DataType.valueOf(in.readUTF());
                long[] shape = new long[nonNegative(in.readInt(), "rank", source)];
                for (int d = 0; d < shape.length; d++) {
                    shape[d] = in.readLong();
                }
                byte[] bytes = new byte[nonNegative(in.readInt(), "byte count", source)];
                in.readFully(bytes);
                Shape s = new Shape(shape);
                if (bytes.length != s.size() * type.getNumOfBytes()) {
                    throw new IOException(source + ": tensor '" + key + "' has " + bytes.length
                            + " bytes, but shape " + s + " of " + type + " needs "
                            + s.size() * type.getNumOfBytes());
                }
                NDArray a = manager.create(ByteBuffer.wrap(bytes), s, type);
                created.add(a);
                tensors.put(key, a);
            }
            int nCounters = nonNegative(in.readInt(), "counter count", source);
            for (int i = 0; i < nCounters; i++) {
                String key = in.readUTF();
                state.putCounterByKey(key, in.readLong());
            }
            long expected = crc.getValue();
            long stored = new DataInputStream(buffered).readLong();
            if (stored != expected) {
                throw new IOException(source + ": optimizer-state file is damaged (checksum"
                        + " mismatch)");
            }
            tensors.forEach(state::putTensorByKey);
            return state;
        } catch (EOFException e) {
            created.forEach(NDArray::close);
            throw new IOException(source + ": optimizer-state file is truncated", e);
        } catch (IOException | RuntimeException e) {
            created.forEach(NDArray::close);
            if (e instanceof IllegalArgumentException) {
                throw new IOException(source + ": optimizer-state file is damaged: " + e.getMessage(), e);
            }
            throw e;
        }
    }

    private static int nonNegative(int n, String what, String source) throws IOException {
        if (n < 0) {
            throw new IOException(source + ": optimizer-state file is damaged (negative " + what + ")");
        }
        return n;
    }

    /**
     * Checks that {@code loaded} has exactly the tensors (keys, shapes, dtypes) and counters of
     * {@code expected}, a state freshly initialised for the model it is to be loaded into.
     * Throws {@link IllegalArgumentException} listing every difference.
     */
    public static void checkCompatible(TransformState loaded, TransformState expected, String source) {
        List<String> problems = new ArrayList<>();
        Map<String, NDArray> have = loaded.allTensors();
        Map<String, NDArray> want = expected.allTensors();
        for (Map.Entry<String, NDArray> e : want.entrySet()) {
            NDArray a = have.get(e.getKey());
            if (a == null) {
                problems.add("missing tensor '" + e.getKey() + "' " + e.getValue().getShape());
            } else if (!a.getShape().equals(e.getValue().getShape())
                    || a.getDataType() != e.getValue().getDataType()) {
                problems.add("tensor '" + e.getKey() + "' is " + a.getDataType() + a.getShape()
                        + " in the file but " + e.getValue().getDataType()
                        + e.getValue().getShape() + " in the model");
            }
        }
        for (String key : have.keySet()) {
            if (!want.containsKey(key) && !isLazySlot(key)) {
                problems.add("unexpected tensor '" + key + "' (no such parameter or slot in the"
                        + " model's optimizer)");
            }
        }
        for (String key : expected.allCounters().keySet()) {
            if (!loaded.allCounters().containsKey(key)) {
                problems.add("missing counter '" + key + "'");
            }
        }
        for (String key : loaded.allCounters().keySet()) {
            if (!expected.allCounters().containsKey(key)) {
                problems.add("unexpected counter '" + key + "'");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(source + ": the optimizer state does not match"
                    + " the model (" + problems.size() + " problem" + (problems.size() > 1 ? "s" : "")
                    + "): " + String.join("; ", problems.subList(0, Math.min(10, problems.size())))
                    + (problems.size() > 10 ? "; ..." : ""));
        }
    }

    /** Slots that torch (and we) create at the first step, not at init (SGD's momentum). */
    private static boolean isLazySlot(String key) {
        return key.endsWith("/momentum_buffer") && key.contains("sgd/");
    }
}
