package dev.znorm.experiment.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.znorm.core.state.AtomicFiles;
import dev.znorm.experiment.io.Json;
import dev.znorm.experiment.io.JsonLines;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A run's folder and the typed records in it: {@code config.json} ({@link RunConfigRecord}), {@code
 * metrics.jsonl} ({@link EpochRecord} per epoch), {@code gradients.jsonl} ({@link GradientRecord}),
 * {@code eval-last.json} (every metric of the last evaluation), {@code result.json} ({@link
 * ResultRecord}) and {@code checkpoints/}. Whole files are written atomically; the JSON-lines files
 * are appended to and read without a torn last line.
 */
public final class RunFolder {

    private final Path dir;

    public RunFolder(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    public Path configFile() {
        return dir.resolve("config.json");
    }

    public Path metricsFile() {
        return dir.resolve("metrics.jsonl");
    }

    public Path gradientsFile() {
        return dir.resolve("gradients.jsonl");
    }

    public Path evalLastFile() {
        return dir.resolve("eval-last.json");
    }

    public Path resultFile() {
        return dir.resolve("result.json");
    }

    public Path checkpointDir() {
        return dir.resolve("checkpoints");
    }

    /** Whether the folder holds any record or checkpoint of a run. */
    public boolean holdsARun() throws IOException {
        return !contents().isEmpty();
    }

    /**
     * The config.json of the run; a file that is not one (damaged, or another program's) is an
     * input error naming it.
     */
    public Optional<RunConfigRecord> readConfig() throws IOException {
        if (!Files.exists(configFile())) {
            return Optional.empty();
        }
        try {
            return Optional.of(RunConfigRecord.fromJson(Json.readObject(configFile())));
        } catch (IOException | IllegalArgumentException e) {
            throw new dev.znorm.experiment.BadInputException(
                    configFile()
                            + " is not the config.json of a znorm run ("
                            + e.getMessage()
                            + "); move it away or use another output folder");
        }
    }

    /**
     * What the folder holds of a run, in words ("config.json, metrics.jsonl, 2 checkpoints"), or
     * "".
     */
    public String contents() throws IOException {
        List<String> parts = new ArrayList<>();
        for (Path p :
                List.of(
                        configFile(),
                        metricsFile(),
                        gradientsFile(),
                        evalLastFile(),
                        resultFile())) {
            if (Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                parts.add(p.getFileName().toString());
            }
        }
        long checkpoints = new Checkpointer(checkpointDir(), 1).list().size();
        if (checkpoints > 0) {
            parts.add(checkpoints + " checkpoint" + (checkpoints > 1 ? "s" : ""));
        }
        return String.join(", ", parts);
    }

    /** Deletes the run's records and checkpoints (not other files a user keeps in the folder). */
    public void clear() throws IOException {
        for (Path p :
                List.of(
                        configFile(),
                        metricsFile(),
                        gradientsFile(),
                        evalLastFile(),
                        resultFile())) {
            Files.deleteIfExists(p);
        }
        new Checkpointer(checkpointDir(), 1).clear();
    }

    public void writeConfig(RunConfigRecord config) throws IOException {
        AtomicFiles.write(configFile(), Json.write(config.toJson()) + "\n");
    }

    /** The epoch records written so far (a torn last line left out). */
    public List<EpochRecord> readEpochs() throws IOException {
        List<EpochRecord> out = new ArrayList<>();
        if (Files.exists(metricsFile())) {
            for (String line : JsonLines.readComplete(metricsFile())) {
                out.add(EpochRecord.parse(line));
            }
        }
        return out;
    }

    /** The gradient records written so far (a torn last line left out). */
    public List<GradientRecord> readGradients() throws IOException {
        List<GradientRecord> out = new ArrayList<>();
        if (Files.exists(gradientsFile())) {
            for (String line : JsonLines.readComplete(gradientsFile())) {
                out.add(
                        Json.MAPPER.treeToValue(
                                Json.parseObject(line, gradientsFile().toString()),
                                GradientRecord.class));
            }
        }
        return out;
    }

    public Optional<ResultRecord> readResult() throws IOException {
        if (!Files.exists(resultFile())) {
            return Optional.empty();
        }
        return Optional.of(ResultRecord.fromJson(Json.readObject(resultFile())));
    }

    public void writeResult(ResultRecord result) throws IOException {
        AtomicFiles.write(resultFile(), result.toJson() + "\n");
    }

    /** Writes eval-last.json: the epoch and every metric of each evaluation split. */
    public void writeEvalLast(int epoch, Map<String, Map<String, Object>> bySplit)
            throws IOException {
        Map<String, Object> full = new LinkedHashMap<>();
        full.put("epoch", epoch);
        full.putAll(bySplit);
        AtomicFiles.write(evalLastFile(), Json.write(full) + "\n");
    }

    public Optional<ObjectNode> readEvalLast() throws IOException {
        return Files.exists(evalLastFile())
                ? Optional.of(Json.readObject(evalLastFile()))
                : Optional.empty();
    }

    public Writer appendMetrics(boolean append) throws IOException {
        return JsonLines.open(metricsFile(), append);
    }

    public Writer appendGradients(boolean append) throws IOException {
        return JsonLines.open(gradientsFile(), append);
    }

    /**
     * Keeps the epoch records up to and including {@code lastEpoch} (what a checkpoint has seen).
     */
    public void keepEpochsThrough(int lastEpoch) throws IOException {
        keepLines(metricsFile(), line -> EpochRecord.parse(line).epoch() <= lastEpoch);
    }

    /** Keeps the gradient records of steps before {@code step}. */
    public void keepGradientsBefore(long step) throws IOException {
        keepLines(
                gradientsFile(),
                line ->
                        Json.parseObject(line, gradientsFile().toString()).path("step").asLong()
                                < step);
    }

    private static void keepLines(Path file, Predicate<String> keep) throws IOException {
        if (!Files.exists(file)) {
            AtomicFiles.write(file, "");
            return;
        }
        List<String> kept = new ArrayList<>();
        // a last line torn by a kill mid-write is dropped: it was written before the epoch's
        // checkpoint, so the resumed run writes it again
        for (String line : JsonLines.readComplete(file)) {
            if (keep.test(line)) {
                kept.add(line);
            }
        }
        AtomicFiles.write(file, kept.isEmpty() ? "" : String.join("\n", kept) + "\n");
    }
}
