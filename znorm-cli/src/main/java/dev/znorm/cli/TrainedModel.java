package dev.znorm.cli;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.znorm.data.Normalization;
import dev.znorm.zoo.Networks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A trained classifier reopened from a run folder: its config, its newest checkpoint's weights. */
final class TrainedModel implements AutoCloseable {

    final JsonNode config;
    final Model model;
    final Trainer trainer;
    final List<String> classes;
    final Normalization normalization;
    final int channels;
    final int height;
    final int width;
    final Path checkpoint;

    private TrainedModel(JsonNode config, Model model, Trainer trainer, List<String> classes, Normalization norm,
            int[] input, Path checkpoint) {
        this.config = config;
        this.model = model;
        this.trainer = trainer;
        this.classes = classes;
        this.normalization = norm;
        this.channels = input[0];
        this.height = input[1];
        this.width = input[2];
        this.checkpoint = checkpoint;
    }

    static TrainedModel open(Path runDir) throws IOException {
        Path cfgFile = runDir.resolve("config.json");
        if (!Files.isRegularFile(cfgFile)) {
            throw new UserError(runDir + " is not a run folder: no config.json in it");
        }
        JsonNode cfg = new ObjectMapper().readTree(cfgFile.toFile());
        List<String> classes = new ArrayList<>();
        cfg.path("classes").forEach(c -> classes.add(c.asText()));
        int[] input = new int[3];
        for (int i = 0; i < 3; i++) {
            input[i] = cfg.path("input").path(i).asInt(0);
        }
        if (classes.isEmpty() || input[0] == 0) {
            throw new UserError(cfgFile + ": no classes or input shape recorded; was it written by znorm train?");
        }
        double[] mean = new double[input[0]];
        double[] std = new double[input[0]];
        for (int c = 0; c < input[0]; c++) {
            mean[c] = cfg.path("normalization").path("mean").path(c).asDouble();
            std[c] = cfg.path("normalization").path("std").path(c).asDouble();
        }
        long threads = cfg.path("intra_op_threads").asLong(0);
        if (threads > 0 && System.getProperty("znorm.threads.explicit") == null) {
            Engines.threads((int) threads);
        }
        Model model = Model.newInstance(cfg.path("model").asText());
        boolean segmentation = cfg.path("primary_metric").asText("accuracy").equals("dice");
        Block net = segmentation
                ? Networks.segmentation(cfg.path("model").asText(), input[0], 1, cfg.path("model_width").asInt(16))
                : Networks.byName(cfg.path("model").asText(), classes.size());
        model.setBlock(net);
        Trainer trainer = model.newTrainer(new DefaultTrainingConfig(
                segmentation ? dev.znorm.zoo.Losses.bceDice() : Loss.softmaxCrossEntropyLoss()));
        trainer.initialize(new Shape(1, input[0], input[1], input[2]));
        Checkpoints checkpoints = new Checkpoints(runDir.resolve("checkpoints"), 1);
        Checkpoints.Loaded c = checkpoints.newest(model.getNDManager(), System.err)
                .orElseThrow(() -> new UserError(runDir + ": no intact checkpoint in " + runDir.resolve("checkpoints")));
        Checkpoints.restore(c, net);
        c.optimizer().close();
        return new TrainedModel(cfg, model, trainer, classes, new Normalization(mean, std), input, c.file());
    }

    boolean isSegmentation() {
        return config.path("primary_metric").asText("accuracy").equals("dice");
    }

    /** The run's configuration as recorded, for rebuilding its task (same data, split and normalisation). */
    RunConfig runConfig(Path runDir) {
        JsonNode c = config;
        return new RunConfig(c.path("model").asText(), c.path("dataset").asText(), Path.of(c.path("data").asText()),
                c.path("method").asText(), c.path("schedule").asText("cosine"), c.path("batch").asInt(), Math.max(1, c.path("epochs").asInt()),
                c.path("steps").asInt(), c.path("seed").asLong(), c.path("threads").asInt(), c.path("augment").asBoolean(),
                c.path("shuffle").asBoolean(), c.path("train_subset").asInt(), 0, false, 0, 1, null,
                c.path("image_size").asInt(0), c.path("model_width").asInt(16), runDir);
    }

    NDManager manager() {
        return trainer.getManager();
    }

    DataType dataType() {
        return DataType.FLOAT32;
    }

    @Override
    public void close() {
        trainer.close();
        model.close();
    }
}
