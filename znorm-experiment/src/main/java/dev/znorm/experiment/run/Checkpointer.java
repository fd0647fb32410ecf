package dev.znorm.experiment.run;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.znorm.core.state.AtomicFiles;
import dev.znorm.core.state.StateFile;
import dev.znorm.core.state.StateIO;
import dev.znorm.core.transform.TransformState;
import dev.znorm.experiment.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A run's checkpoints: every parameter (BatchNorm running statistics included), the whole optimizer
 * state, the run's position (epoch, batch, step, counters) and the machine that wrote it, in one
 * checked file per checkpoint ({@code ckpt-<step>.znst}), written to a temporary file, forced to
 * disk and renamed, so a crash while writing leaves the previous checkpoints intact. The newest
 * {@code keep} are kept. The data order and augmentation are functions of (seed, epoch, sample), so
 * the position is all the "random state" a resume needs.
 */
public final class Checkpointer {

    private static final String MODEL = "model/";
    private static final String OPT = "opt/";
    private static final String RUN = "run/";

    private final Path dir;
    private final int keep;

    public Checkpointer(Path dir, int keep) {
        this.dir = dir;
        this.keep = Math.max(1, keep);
    }

    /**
     * A checkpoint read back: the parameters by name, the optimizer state, the position and the
     * metadata.
     */
    public record Loaded(
            Path file,
            Map<String, NDArray> model,
            TransformState optimizer,
            Map<String, Long> run,
            Map<String, String> metadata) {}

    public void save(
            long step,
            Block net,
            TransformState optimizer,
            Map<String, Long> run,
            Map<String, String> metadata)
            throws IOException {
        Map<String, NDArray> tensors = new TreeMap<>();
        for (Pair<String, Parameter> p : net.getParameters()) {
            tensors.put(MODEL + p.getKey(), p.getValue().getArray());
        }
        optimizer.allTensors().forEach((k, v) -> tensors.put(OPT + k, v));
        Map<String, Long> counters = new TreeMap<>();
        optimizer.allCounters().forEach((k, v) -> counters.put(OPT + k, v));
        run.forEach((k, v) -> counters.put(RUN + k, v));
        StateIO.save(
                tensors, counters, metadata, dir.resolve(String.format("ckpt-%09d.znst", step)));
        List<Path> all = list();
        for (int i = 0; i < all.size() - keep; i++) {
            Files.deleteIfExists(all.get(i));
        }
    }

    /** Checkpoint files, oldest first. */
    public List<Path> list() throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().matches("ckpt-\\d+\\.znst"))
                    .sorted()
                    .toList();
        }
    }

    /** Removes every checkpoint and leftover temporary file (a fresh run in a reused folder). */
    public void clear() throws IOException {
        for (Path p : list()) {
            Files.deleteIfExists(p);
        }
        AtomicFiles.removeLeftovers(dir);
    }

    /**
     * The newest checkpoint that reads back intact; damaged ones are reported to {@code log} and
     * skipped.
     */
    public Optional<Loaded> newest(NDManager manager, Consumer<String> log) throws IOException {
        List<Path> all = new ArrayList<>(list());
        for (int i = all.size() - 1; i >= 0; i--) {
            Path f = all.get(i);
            StateFile everything;
            try {
                everything = StateIO.readFile(f, manager);
            } catch (IOException e) {
                log.accept("skipping damaged checkpoint " + f + ": " + e.getMessage());
                continue;
            }
            Map<String, NDArray> model = new LinkedHashMap<>();
            TransformState opt = new TransformState();
            Map<String, Long> run = new LinkedHashMap<>();
            new TreeMap<>(everything.tensors())
                    .forEach(
                            (k, v) -> {
                                if (k.startsWith(MODEL)) {
                                    model.put(k.substring(MODEL.length()), v);
                                } else if (k.startsWith(OPT)) {
                                    opt.putTensorByKey(k.substring(OPT.length()), v);
                                } else {
                                    v.close();
                                }
                            });
            new TreeMap<>(everything.counters())
                    .forEach(
                            (k, v) -> {
                                if (k.startsWith(OPT)) {
                                    opt.putCounterByKey(k.substring(OPT.length()), v);
                                } else if (k.startsWith(RUN)) {
                                    run.put(k.substring(RUN.length()), v);
                                }
                            });
            return Optional.of(new Loaded(f, model, opt, run, everything.metadata()));
        }
        return Optional.empty();
    }

    /**
     * Copies the checkpoint's parameters into {@code net}, checking names and shapes, and frees
     * them.
     */
    public static void restore(Loaded c, Block net) {
        try {
            for (Pair<String, Parameter> p : net.getParameters()) {
                NDArray saved = c.model().get(p.getKey());
                NDArray target = p.getValue().getArray();
                if (saved == null || !saved.getShape().equals(target.getShape())) {
                    throw new BadInputException(
                            c.file()
                                    + ": parameter "
                                    + p.getKey()
                                    + " "
                                    + target.getShape()
                                    + (saved == null
                                            ? " is missing"
                                            : " is " + saved.getShape() + " in the checkpoint")
                                    + "; it was written for another model");
                }
                target.set(saved.toByteBuffer());
            }
        } finally {
            c.model().values().forEach(NDArray::close);
        }
    }
}
