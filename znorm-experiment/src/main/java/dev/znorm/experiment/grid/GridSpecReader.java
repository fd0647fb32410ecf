package dev.znorm.experiment.grid;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.znorm.experiment.BadInputException;
import dev.znorm.experiment.run.Devices;
import dev.znorm.experiment.task.Datasets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a grid from YAML, checking every setting (names, types, ranges, methods, models, seeds)
 * before anything runs; every message names the file and the setting.
 *
 * <pre>
 * name: cifar10-resnet20          # title of the report
 * dataset: cifar10                # cifar10 | imagefolder | medmnist | pcam | lgg
 * data: ../shared/data/cifar10    # relative to the config file
 * models: [resnet20, plain20]
 * methods: [adam, znorm+adam, gc+adam, clip-norm=1+adam]
 * #   or a list per model (the models are then its keys; 'models' may be left out):
 * # methods:
 * #   resnet20: [adam, znorm+adam, gc+adam, center+adam]
 * #   resnet56: [adam, znorm+adam]
 * seeds: [0, 1, 2]
 * baseline: adam                  # the method the others are paired with (default: the first)
 * epochs: 8
 * batch: 128
 * schedule: cosine
 * train_subset: 0                 # 0: all training images
 * threads: 2
 * augment: true
 * split: val                      # the evaluation split of the headline table (default: test)
 * target_accuracy: 0.6            # for epochs and time to reach it
 * grad_stats_every: 50
 * image_size: 128                 # lgg only: slices resized to this side
 * width: 16                       # unet / resunet only: filters of the first level
 * </pre>
 */
public final class GridSpecReader {

    static final Set<String> KEYS =
            Set.of(
                    "name",
                    "dataset",
                    "data",
                    "models",
                    "methods",
                    "seeds",
                    "baseline",
                    "epochs",
                    "batch",
                    "schedule",
                    "train_subset",
                    "threads",
                    "augment",
                    "split",
                    "target_accuracy",
                    "grad_stats_every",
                    "image_size",
                    "width",
                    "device");

    /** Duplicate keys are an error: YAML would otherwise keep the last one without a word. */
    private static final ObjectMapper YAML =
            new ObjectMapper(new YAMLFactory())
                    .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private GridSpecReader() {}

    public static GridSpec read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException("comparison config " + file + " does not exist");
        }
        JsonNode root;
        try {
            root = YAML.readTree(file.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new BadInputException(
                    file
                            + ": not valid YAML: "
                            + e.getOriginalMessage()
                            + (e.getLocation() == null
                                    ? ""
                                    : " (line " + e.getLocation().getLineNr() + ")"));
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new BadInputException(
                    file
                            + ": expected a mapping of settings (name, data, models, methods, seeds, ...)");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!KEYS.contains(k)) {
                throw new BadInputException(
                        file
                                + ": unknown setting '"
                                + k
                                + "'; allowed: "
                                + new java.util.TreeSet<>(KEYS));
            }
        }
        Path base = file.toAbsolutePath().getParent();
        String dataText = YamlFields.text(root, "data", null, file);
        if (dataText == null) {
            throw new BadInputException(file + ": 'data' (the dataset path) is required");
        }
        Map<String, List<String>> methodsByModel = methodsByModel(root, file);
        for (List<String> methods : methodsByModel.values()) {
            for (String m : methods) {
                try {
                    dev.znorm.core.spec.MethodSpec.parse(m);
                } catch (IllegalArgumentException e) {
                    throw new BadInputException(file + ": methods: " + e.getMessage());
                }
            }
        }
        for (String m : methodsByModel.keySet()) {
            try {
                if (dev.znorm.zoo.Networks.SEGMENTATION.contains(m)) {
                    continue;
                }
                dev.znorm.zoo.Networks.byName(m, 10);
            } catch (IllegalArgumentException e) {
                throw new BadInputException(file + ": models: " + e.getMessage());
            }
        }
        List<Long> seeds = new ArrayList<>();
        JsonNode s = root.get("seeds");
        if (s == null || !s.isArray() || s.isEmpty()) {
            throw new BadInputException(
                    file + ": 'seeds' must be a non-empty list of integers, e.g. [0, 1, 2]");
        }
        for (JsonNode n : s) {
            if (!n.canConvertToLong() || !n.isIntegralNumber()) {
                throw new BadInputException(
                        file + ": seeds: '" + n.asText() + "' is not an integer");
            }
            if (seeds.contains(n.asLong())) {
                throw new BadInputException(
                        file
                                + ": seeds: "
                                + n.asLong()
                                + " is listed twice; each seed is one paired"
                                + " sample, so a repeat would count one run twice");
            }
            seeds.add(n.asLong());
        }
        String baseline =
                YamlFields.text(
                        root, "baseline", methodsByModel.values().iterator().next().get(0), file);
        for (Map.Entry<String, List<String>> e : methodsByModel.entrySet()) {
            if (!e.getValue().contains(baseline)) {
                throw new BadInputException(
                        file
                                + ": baseline '"
                                + baseline
                                + "' is not one of the methods "
                                + e.getValue()
                                + (methodsByModel.size() > 1 ? " of " + e.getKey() : "")
                                + "; every method is paired with it");
            }
        }
        String schedule = YamlFields.text(root, "schedule", "cosine", file);
        if (!schedule.equals("cosine") && !schedule.equals("constant")) {
            throw new BadInputException(
                    file + ": schedule must be cosine or constant, got '" + schedule + "'");
        }
        String dataset = YamlFields.text(root, "dataset", "cifar10", file);
        if (!Datasets.KINDS.contains(dataset)) {
            throw new BadInputException(
                    file + ": dataset '" + dataset + "' is not one of " + Datasets.KINDS);
        }
        return new GridSpec(
                file,
                YamlFields.text(root, "name", file.getFileName().toString(), file),
                dataset,
                base.resolve(dataText).normalize(),
                dataText,
                methodsByModel,
                seeds,
                baseline,
                YamlFields.integer(root, "epochs", 8, 1, file),
                YamlFields.integer(root, "batch", 128, 1, file),
                schedule,
                YamlFields.integer(root, "train_subset", 0, 0, file),
                YamlFields.integer(root, "threads", 0, 0, file),
                YamlFields.bool(root, "augment", true, file),
                YamlFields.text(root, "split", "test", file),
                YamlFields.number(root, "target_accuracy", 0.5, file),
                YamlFields.integer(root, "grad_stats_every", 50, 0, file),
                YamlFields.integer(root, "image_size", 128, 0, file),
                YamlFields.integer(root, "width", 16, 1, file),
                device(YamlFields.text(root, "device", "cpu", file), file));
    }

    private static String device(String name, Path file) {
        try {
            Devices.canonical(name);
            return name;
        } catch (BadInputException e) {
            throw new BadInputException(
                    file + ": device '" + name + "': expected cpu, gpu or gpu:N (N counts from 0)");
        }
    }

    private static Map<String, List<String>> methodsByModel(JsonNode root, Path file) {
        JsonNode methods = root.get("methods");
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (methods != null && methods.isObject()) {
            List<String> keys = new ArrayList<>();
            methods.fieldNames().forEachRemaining(keys::add);
            if (keys.isEmpty()) {
                throw new BadInputException(file + ": 'methods' must name at least one model");
            }
            if (root.has("models") && !YamlFields.strings(root, "models", file).equals(keys)) {
                throw new BadInputException(
                        file
                                + ": 'models' "
                                + YamlFields.strings(root, "models", file)
                                + " must list the same models, in"
                                + " the same order, as the keys of 'methods' "
                                + keys
                                + " (or be left out)");
            }
            for (String model : keys) {
                out.put(
                        model,
                        YamlFields.stringList(methods.get(model), "methods: " + model, file));
            }
            return out;
        }
        List<String> all = YamlFields.strings(root, "methods", file);
        for (String model : YamlFields.strings(root, "models", file)) {
            out.put(model, all);
        }
        return out;
    }
}
