package dev.znorm.cli;

import dev.znorm.experiment.env.Threads;
import dev.znorm.experiment.io.Folders;
import dev.znorm.experiment.run.Devices;
import dev.znorm.experiment.run.MetricHistory;
import dev.znorm.experiment.run.RunFolder;
import dev.znorm.experiment.run.RunOptions;
import dev.znorm.experiment.run.RunOutcome;
import dev.znorm.experiment.run.RunSpec;
import dev.znorm.experiment.run.Task;
import dev.znorm.experiment.run.TrainingRun;
import dev.znorm.experiment.task.Datasets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code znorm train}: one run. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description =
                "Train one model on one dataset with one method and seed; writes config.json,"
                        + " metrics.jsonl, gradients.jsonl and result.json to --out.")
public final class TrainCommand implements Callable<Integer> {

    @Option(
            names = "--model",
            defaultValue = "resnet20",
            description =
                    "resnet20, resnet56, resnet20b (option-B shortcuts), plain20, ... (depth 6n+2), vgg16, densenet100;"
                            + " for lgg: unet, resunet. Default: ${DEFAULT-VALUE}")
    String model;

    @Option(
            names = "--dataset",
            defaultValue = "cifar10",
            description =
                    "cifar10 (binary batches or train/ val/ test/ image folders), imagefolder, medmnist (.npz),"
                            + " pcam (HDF5 folder) or lgg (kaggle_3m folder; segmentation). Default: ${DEFAULT-VALUE}")
    String dataset;

    @Option(names = "--data", required = true, description = "Path of the dataset.")
    Path data;

    @Option(
            names = "--method",
            defaultValue = "znorm+adam",
            description =
                    "Transforms joined by '+', optimizer last, e.g. adam, znorm+adam, gc+adam,"
                            + " clip-norm=1+adam, agc+adam, adam:lr=3e-4,wd=5e-4 (znorm methods lists them all). Default: ${DEFAULT-VALUE}")
    String method;

    @Option(
            names = "--schedule",
            defaultValue = "cosine",
            description = "cosine (decay to 0 over the run) or constant. Default: ${DEFAULT-VALUE}")
    String schedule;

    @Option(
            names = "--batch",
            defaultValue = "128",
            description = "Batch size. Default: ${DEFAULT-VALUE}")
    int batch;

    @Option(
            names = "--epochs",
            defaultValue = "10",
            description = "Epochs. Default: ${DEFAULT-VALUE}")
    int epochs;

    @Option(
            names = "--steps",
            defaultValue = "0",
            description = "Train exactly this many steps instead of --epochs.")
    int steps;

    @Option(
            names = "--seed",
            defaultValue = "0",
            description =
                    "Seed of the initial weights, data order and augmentation. Default: ${DEFAULT-VALUE}")
    long seed;

    @Option(
            names = "--threads",
            defaultValue = "0",
            description =
                    "Intra-op threads (0: all cores). Runs are bit-for-bit repeatable at a fixed count.")
    int threads;

    @Option(
            names = "--device",
            defaultValue = "cpu",
            description =
                    "cpu, gpu or gpu:N. A GPU needs libtorch's CUDA build (see the README)."
                            + " Default: ${DEFAULT-VALUE}")
    String device;

    @Option(
            names = "--train-subset",
            defaultValue = "0",
            description = "Train on this many images (a fixed subset; 0: all).")
    int trainSubset;

    @Option(names = "--no-augment", description = "No padding/crop/flip augmentation.")
    boolean noAugment;

    @Option(names = "--no-shuffle", description = "Keep the data order fixed.")
    boolean noShuffle;

    @Option(
            names = "--grad-stats-every",
            defaultValue = "50",
            description =
                    "Record per-layer gradient statistics every K steps (0: never). Default: ${DEFAULT-VALUE}")
    int gradStatsEvery;

    @Option(
            names = "--stop-on-non-finite",
            description = "Stop with an error at a non-finite loss instead of skipping the step.")
    boolean stopOnNonFinite;

    @Option(
            names = "--out",
            defaultValue = "runs/train",
            description = "Output folder. Default: ${DEFAULT-VALUE}")
    Path out;

    @Option(
            names = "--image-size",
            defaultValue = "128",
            description =
                    "lgg: resize slices to this side (0: as stored). Default: ${DEFAULT-VALUE}")
    int imageSize;

    @Option(
            names = "--width",
            defaultValue = "16",
            description =
                    "unet/resunet: filters of the first level (32 in Buda et al.). Default: ${DEFAULT-VALUE}")
    int width;

    @Option(
            names = "--resume",
            description =
                    "Continue from the newest intact checkpoint in --out (same options and threads).")
    boolean resume;

    @Option(
            names = "--overwrite",
            description =
                    "Start anew in an --out that holds a run: its records and checkpoints are deleted.")
    boolean overwrite;

    @Option(
            names = "--checkpoint-every",
            defaultValue = "0",
            description =
                    "Also checkpoint every N steps inside an epoch (checkpoints are always written at epoch ends).")
    int checkpointEvery;

    @Option(
            names = "--keep-checkpoints",
            defaultValue = "3",
            description = "How many checkpoints to keep. Default: ${DEFAULT-VALUE}")
    int keepCheckpoints;

    @Option(
            names = "--export-params",
            description =
                    "Write every parameter by name as .npz before the first and after the last step into this folder.")
    Path exportParams;

    @Override
    public Integer call() throws Exception {
        RunSpec spec =
                RunSpec.builder()
                        .model(model)
                        .dataset(dataset)
                        .data(data)
                        .method(method)
                        .schedule(schedule)
                        .batch(batch)
                        .epochs(epochs)
                        .steps(steps)
                        .seed(seed)
                        .threads(threads)
                        .augment(!noAugment)
                        .shuffle(!noShuffle)
                        .trainSubset(trainSubset)
                        .gradStatsEvery(gradStatsEvery)
                        .stopOnNonFinite(stopOnNonFinite)
                        .checkpointEvery(checkpointEvery)
                        .imageSize(imageSize)
                        .modelWidth(width)
                        .device(device)
                        .build();
        RunOptions options = new RunOptions(resume, keepCheckpoints, exportParams, overwrite);
        // Everything that can be wrong with the input is checked before the first step.
        TrainingRun.parseMethod(method, dev.znorm.core.schedule.Schedule::constant);
        Threads.use(spec.threads());
        Devices.of(spec); // a GPU the engine does not see, before anything is written
        Folders.checkWritable(out, "output folder");
        if (exportParams != null) {
            Folders.checkWritable(exportParams, "--export-params folder");
        }
        Datasets.Loaded loaded = Datasets.load(spec);
        Task task = Datasets.task(spec, loaded);
        RunOutcome r =
                new TrainingRun(
                                spec,
                                task,
                                new RunFolder(out),
                                options,
                                new ConsoleProgress(System.out, method),
                                method)
                        .run();
        if (!r.finished()) {
            System.err.println("znorm: run failed: " + r.failure());
            return Main.RUN_FAILED;
        }
        MetricHistory h = r.history();
        for (String split : loaded.evalSplits()) {
            System.out.printf(
                    "%s %s: final %.2f%%, best %.2f%%, mean of last 3 %.2f%%%n",
                    split,
                    task.primaryMetric(),
                    100 * h.finalValue(split),
                    100 * h.best(split),
                    100 * h.meanOfLast3(split));
        }
        System.out.println("results in " + out.toAbsolutePath().normalize());
        return 0;
    }
}
