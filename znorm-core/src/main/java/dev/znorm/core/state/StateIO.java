package dev.znorm.core.state;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.znorm.core.transform.TransformState;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Exact save and load of a {@link TransformState} (or of any named tensors, counters and text
 * metadata, as a checkpoint is): every tensor's bytes and every counter, so that a resumed run
 * continues bit for bit. Writing goes to a temporary file that is synced and renamed into place, so
 * a crash while writing leaves the previous file intact; a CRC32 at the end rejects truncated or
 * damaged files, and every size in the file is checked against what is left of it before anything
 * is allocated, so a damaged header is an error, never an OutOfMemoryError.
 *
 * <p>The layout is {@link StateFormat}'s.
 */
public final class StateIO {

    private StateIO() {}

    /** Writes {@code state} to {@code file} atomically. */
    public static void save(TransformState state, Path file) throws IOException {
        save(state.allTensors(), state.allCounters(), Map.of(), file);
    }

    /** Writes {@code state} to a stream (the stream is flushed, not closed). */
    public static void write(TransformState state, OutputStream os) throws IOException {
        write(state.allTensors(), state.allCounters(), Map.of(), os);
    }

    /**
     * Writes named tensors, counters and metadata (e.g. a model's parameters with a run's position
     * and the machine) atomically to {@code file}, in the same checked format.
     */
    public static void save(
            Map<String, NDArray> tensors,
            Map<String, Long> counters,
            Map<String, String> metadata,
            Path file)
            throws IOException {
        AtomicFiles.write(file, os -> StateFormat.write(tensors, counters, metadata, os));
    }

    /** Writes named tensors, counters and metadata to a stream (flushed, not closed). */
    public static void write(
            Map<String, NDArray> tensors,
            Map<String, Long> counters,
            Map<String, String> metadata,
            OutputStream os)
            throws IOException {
        StateFormat.write(tensors, counters, metadata, os);
    }

    /**
     * Reads a state file into a new {@link TransformState} whose tensors belong to {@code manager}.
     * Fails, naming the file, when it is missing, not a state file, truncated or damaged.
     */
    public static TransformState load(Path file, NDManager manager) throws IOException {
        return toState(readFile(file, manager));
    }

    /** Reads a whole state file (tensors, counters, metadata); errors name the file. */
    public static StateFile readFile(Path file, NDManager manager) throws IOException {
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "state file not found");
        }
        try (InputStream is = Files.newInputStream(file)) {
            return StateFormat.read(is, size, manager, file.toString());
        }
    }

    /** Reads a state written by {@link #write}; {@code source} names it in error messages. */
    public static TransformState read(InputStream is, NDManager manager, String source)
            throws IOException {
        return toState(StateFormat.read(is, Long.MAX_VALUE, manager, source));
    }

    private static TransformState toState(StateFile f) {
        TransformState state = new TransformState();
        f.counters().forEach(state::putCounterByKey);
        new TreeMap<>(f.tensors()).forEach(state::putTensorByKey);
        return state;
    }

    /**
     * Checks that {@code loaded} has exactly the tensors (keys, shapes, dtypes) and counters of
     * {@code expected}, a state freshly initialised for the model it is to be loaded into (slots it
     * declares lazy may be absent or present). Throws {@link IllegalArgumentException} listing
     * every difference.
     */
    public static void checkCompatible(
            TransformState loaded, TransformState expected, String source) {
        List<String> problems = new ArrayList<>();
        Map<String, NDArray> have = loaded.allTensors();
        Map<String, NDArray> want = expected.allTensors();
        for (Map.Entry<String, NDArray> e : want.entrySet()) {
            NDArray a = have.get(e.getKey());
            if (a == null) {
                problems.add("missing tensor '" + e.getKey() + "' " + e.getValue().getShape());
            } else if (!a.getShape().equals(e.getValue().getShape())
                    || a.getDataType() != e.getValue().getDataType()) {
                problems.add(
                        "tensor '"
                                + e.getKey()
                                + "' is "
                                + a.getDataType()
                                + a.getShape()
                                + " in the file but "
                                + e.getValue().getDataType()
                                + e.getValue().getShape()
                                + " in the model");
            }
        }
        for (String key : have.keySet()) {
            if (!want.containsKey(key) && !expected.isLazy(key)) {
                problems.add(
                        "unexpected tensor '"
                                + key
                                + "' (no such parameter or slot in the model's optimizer)");
            }
        }
        Map<String, Long> wantCounters = expected.allCounters();
        Map<String, Long> haveCounters = loaded.allCounters();
        for (String key : wantCounters.keySet()) {
            if (!haveCounters.containsKey(key)) {
                problems.add("missing counter '" + key + "'");
            }
        }
        for (String key : haveCounters.keySet()) {
            if (!wantCounters.containsKey(key)) {
                problems.add("unexpected counter '" + key + "'");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(
                    source
                            + ": the optimizer state does not match the model ("
                            + problems.size()
                            + " problem"
                            + (problems.size() > 1 ? "s" : "")
                            + "): "
                            + String.join("; ", problems.subList(0, Math.min(10, problems.size())))
                            + (problems.size() > 10 ? "; ..." : ""));
        }
    }
}
