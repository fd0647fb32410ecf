package dev.znorm.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.znorm.core.state.StateIO;
import dev.znorm.core.transform.TransformState;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A run's checkpoints: every parameter (BatchNorm running statistics included), the whole
 * optimizer state and the run's position (epoch, batch, step, counters), in one checked file per
 * checkpoint ({@code ckpt-<step>.znst}), written to a temporary file, forced to disk and renamed,
 * so a crash while writing leaves the previous checkpoints intact. The newest {@code keep} are
 * kept. The data order and augmentation are functions of (seed, epoch, sample), so the position
 * is all the "random state" a resume needs.
 */
final class Checkpoints {

    private static final String MODEL = "model/";
    private static final String OPT = "opt/";
    private static final String RUN = "run/";

    private final Path dir;
    private final int keep;

    Checkpoints(Path dir, int keep) {
        this.dir = dir;
        this.keep = Math.max(1, keep);
    }

    record Loaded(Path file, Map<String, NDArray> model, TransformState optimizer, Map<String, Long> run) {}

    void save(long step, Block net, TransformState optimizer, Map<String, Long> run) throws IOException {
        Map<String, NDArray> tensors = new TreeMap<>();
        for (Pair<String, Parameter> p : net.getParameters()) {
            tensors.put(MODEL + p.getKey(), p.getValue().getArray());
        }
        optimizer.allTensors().forEach((k, v) -> tensors.put(OPT + k, v));
        Map<String, Long> counters = new TreeMap<>();
        optimizer.allCounters().forEach((k, v) -> counters.put(OPT + k, v));
        run.forEach((k, v) -> counters.put(RUN + k, v));
        StateIO.save(tensors, counters, java.util.Map.of(), dir.resolve(String.format("ckpt-%09d.znst", step)));
        List<Path> all = list();
        for (int i = 0; i < all.size() - keep; i++) {
            Files.deleteIfExists(all.get(i));
        }
    }

    /** Checkpoint files, oldest first. */
    List<Path> list() throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().matches("ckpt-\\d+\\.znst")).sorted().toList();
        }
    }

    /** The newest checkpoint that reads back intact; damaged ones are reported and skipped. */
    Optional<Loaded> newest(NDManager manager, PrintStream log) throws IOException {
        List<Path> all = new ArrayList<>(list());
        for (int i = all.size() - 1; i >= 0; i--) {
            Path f = all.get(i);
            TransformState everything;
            try {
                everything = StateIO.load(f, manager);
            } catch (IOException e) {
                log.println("znorm: skipping damaged checkpoint " + f + ": " + e.getMessage());
                continue;
            }
            Map<String, NDArray> model = new LinkedHashMap<>();
            TransformState opt = new TransformState();
            Map<String, Long> run = new LinkedHashMap<>();
            everything.allTensors().forEach((k, v) -> {
                if (k.startsWith(MODEL)) {
                    model.put(k.substring(MODEL.length()), v);
                } else if (k.startsWith(OPT)) {
                    opt.putTensorByKey(k.substring(OPT.length()), v);
                }
            });
            everything.allCounters().forEach((k, v) -> {
                if (k.startsWith(OPT)) {
                    opt.putCounterByKey(k.substring(OPT.length()), v);
                } else if (k.startsWith(RUN)) {
                    run.put(k.substring(RUN.length()), v);
                }
            });
            return Optional.of(new Loaded(f, model, opt, run));
        }
        return Optional.empty();
    }

    /** Copies the checkpoint's parameters into {@code net}, checking names and shapes. */
    static void restore(Loaded c, Block net) {
        for (Pair<String, Parameter> p : net.getParameters()) {
            NDArray saved = c.model().get(p.getKey());
            NDArray target = p.getValue().getArray();
            if (saved == null || !saved.getShape().equals(target.getShape())) {
                throw new UserError(c.file() + ": parameter " + p.getKey() + " " + target.getShape()
                        + (saved == null ? " is missing" : " is " + saved.getShape() + " in the checkpoint")
                        + "; it was written for another model");
            }
            target.set(saved.toByteBuffer());
        }
        c.model().values().forEach(NDArray::close);
    }
}
