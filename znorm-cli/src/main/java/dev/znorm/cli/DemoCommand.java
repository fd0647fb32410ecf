package dev.znorm.cli;

import dev.znorm.experiment.BadInputException;
import dev.znorm.experiment.env.Threads;
import dev.znorm.experiment.io.Folders;
import dev.znorm.experiment.report.DemoReport;
import dev.znorm.experiment.run.RunFolder;
import dev.znorm.experiment.run.RunOptions;
import dev.znorm.experiment.run.RunOutcome;
import dev.znorm.experiment.run.RunSpec;
import dev.znorm.experiment.run.TrainingRun;
import dev.znorm.experiment.task.ClassificationData;
import dev.znorm.experiment.task.ClassificationTask;
import dev.znorm.experiment.task.Datasets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code znorm demo}: ResNet-20 with Adam and with ZNorm + Adam on the CIFAR-10 sample shipped in
 * {@code demo/cifar10}, same seed, same initial weights and data order; prints the comparison and
 * writes report.md and report.html.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description =
                "Train ResNet-20 with Adam and with ZNorm + Adam on the bundled CIFAR-10 sample and compare.")
public final class DemoCommand implements Callable<Integer> {

    @Option(
            names = "--epochs",
            defaultValue = "15",
            description = "Epochs per method. Default: ${DEFAULT-VALUE}")
    int epochs;

    @Option(names = "--seed", defaultValue = "0", description = "Seed. Default: ${DEFAULT-VALUE}")
    long seed;

    @Option(
            names = "--threads",
            defaultValue = "0",
            description = "Intra-op threads (0: all cores).")
    int threads;

    @Option(
            names = "--data",
            description = "The sample (default: demo/cifar10 in the znorm folder).")
    Path data;

    @Option(
            names = "--out",
            defaultValue = "runs/demo",
            description = "Output folder. Default: ${DEFAULT-VALUE}")
    Path out;

    @Override
    public Integer call() throws Exception {
        Path sample =
                data != null
                        ? data
                        : Path.of(System.getProperty("znorm.home", ".")).resolve("demo/cifar10");
        if (!Files.isDirectory(sample)) {
            throw new BadInputException(
                    "the demo sample is missing at " + sample + " (pass --data)");
        }
        int t = Threads.use(threads);
        Folders.checkWritable(out, "output folder");
        ClassificationData splits = Datasets.classification("cifar10", sample, 0);
        System.out.printf(
                "znorm demo: ResNet-20 on %d CIFAR-10 training images, evaluated on %d test images;"
                        + " %d epochs per method, batch 128, Adam lr 1e-3 with cosine decay, seed %d, %d threads%n",
                splits.train().size(), splits.eval().get("test").size(), epochs, seed, t);
        List<RunOutcome> runs = new ArrayList<>();
        for (String method : List.of("adam", "znorm+adam")) {
            RunSpec spec =
                    RunSpec.builder()
                            .model("resnet20")
                            .dataset("cifar10")
                            .data(sample)
                            .method(method)
                            .epochs(epochs)
                            .seed(seed)
                            .threads(t)
                            .gradStatsEvery(20)
                            .build();
            String label = String.format("[%-10s]", method);
            runs.add(
                    new TrainingRun(
                                    spec,
                                    new ClassificationTask(spec, splits),
                                    new RunFolder(out.resolve(method.replace('+', '_'))),
                                    new RunOptions(false, 1, null, true),
                                    new ConsoleProgress(System.out, label),
                                    label)
                            .run());
        }
        System.out.println();
        System.out.print(DemoReport.table(runs, "test"));
        String context =
                String.format(
                        "ResNet-20 trained on %d CIFAR-10 training images (the demo sample), %d epochs,"
                                + " batch 128, Adam lr 1e-3 with cosine decay to 0, standard augmentation, seed %d, %d intra-op threads."
                                + " Accuracy on %d official test images. One seed on a small sample: this shows the tool working,"
                                + " not whether ZNorm helps (see the studies in results/ for that).",
                        splits.train().size(), epochs, seed, t, splits.eval().get("test").size());
        DemoReport.write(out, "znorm demo: Adam vs ZNorm + Adam", context, runs, "test");
        System.out.println("\nreport: " + out.resolve("report.html").toAbsolutePath().normalize());
        return runs.stream().allMatch(RunOutcome::finished) ? 0 : Main.RUN_FAILED;
    }
}
