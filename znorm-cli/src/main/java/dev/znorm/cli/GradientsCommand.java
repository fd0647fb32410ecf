package dev.znorm.cli;

import dev.znorm.core.method.SkipIfNonFinite;
import dev.znorm.core.spec.MethodSpec;
import dev.znorm.core.transform.GradientTransform;
import dev.znorm.core.transform.OptimizerChain;
import dev.znorm.core.transform.UpdateRule;
import dev.znorm.experiment.BadInputException;
import dev.znorm.experiment.env.Threads;
import dev.znorm.experiment.gradients.GradientReport;
import dev.znorm.experiment.gradients.GradientStudy;
import dev.znorm.experiment.io.Folders;
import dev.znorm.experiment.run.RunListener;
import dev.znorm.experiment.run.RunSpec;
import dev.znorm.experiment.run.TrainingRun;
import dev.znorm.zoo.Networks;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code znorm gradients}: per-layer statistics (L2 norm, mean, std) of the raw gradient and of the
 * gradient after a transform, for several networks trained from the same initial weights on the
 * same batches: by default ResNet-20 and its plain twin (the gradient-overlap study).
 */
@Command(
        name = "gradients",
        mixinStandardHelpOptions = true,
        description =
                "Per-layer gradient statistics, raw and after a transform, of networks started from the same"
                        + " weights on the same batches (default: ResNet-20 vs its plain twin); writes gradients.json and report.html.")
public final class GradientsCommand implements Callable<Integer> {

    @Option(
            names = "--models",
            split = ",",
            defaultValue = "resnet20,plain20",
            description =
                    "Networks with identical parameter shapes (a ResNet with option-A shortcuts and its plain twin). Default: ${DEFAULT-VALUE}")
    List<String> models;

    @Option(
            names = "--dataset",
            defaultValue = "cifar10",
            description = "A classification dataset kind. Default: ${DEFAULT-VALUE}")
    String dataset;

    @Option(names = "--data", required = true, description = "Dataset path.")
    Path data;

    @Option(
            names = "--method",
            defaultValue = "adam",
            description =
                    "The method that trains the networks between records. Default: ${DEFAULT-VALUE}")
    String method;

    @Option(
            names = "--transform",
            defaultValue = "znorm",
            description =
                    "The transform whose output is measured next to the raw gradient. Default: ${DEFAULT-VALUE}")
    String transform;

    @Option(
            names = "--steps",
            defaultValue = "50",
            description = "Training steps recorded. Default: ${DEFAULT-VALUE}")
    int steps;

    @Option(
            names = "--batch",
            defaultValue = "128",
            description = "Batch size. Default: ${DEFAULT-VALUE}")
    int batch;

    @Option(
            names = "--seed",
            defaultValue = "0",
            description = "Seed of the weights and batches. Default: ${DEFAULT-VALUE}")
    long seed;

    @Option(
            names = "--threads",
            defaultValue = "0",
            description = "Intra-op threads (0: all cores).")
    int threads;

    @Option(
            names = "--out",
            defaultValue = "runs/gradients",
            description = "Output folder. Default: ${DEFAULT-VALUE}")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (steps < 1) {
            throw new BadInputException("--steps must be >= 1, got " + steps);
        }
        if (dev.znorm.experiment.task.Datasets.isSegmentation(dataset)) {
            throw new BadInputException(
                    "--dataset "
                            + dataset
                            + ": the gradient study compares classification networks;"
                            + " give a classification dataset (cifar10, imagefolder, medmnist, pcam)");
        }
        GradientTransform measured = transformOf(transform);
        TrainingRun.parseMethod(method, dev.znorm.core.schedule.Schedule::constant);
        models.forEach(
                m -> {
                    try {
                        Networks.byName(m, 10);
                    } catch (IllegalArgumentException e) {
                        throw new BadInputException("--models: " + e.getMessage());
                    }
                });
        int t = Threads.use(threads);
        Folders.checkWritable(out, "output folder");
        RunSpec base =
                RunSpec.builder()
                        .model(models.get(0))
                        .dataset(dataset)
                        .data(data)
                        .method(method)
                        .schedule("constant")
                        .batch(batch)
                        .steps(steps)
                        .seed(seed)
                        .threads(t)
                        .gradStatsEvery(0)
                        .build();
        Map<String, GradientStudy.Stats> stats =
                new GradientStudy(models, base, measured, out).run(RunListener.SILENT);
        String context =
                GradientReport.write(out, stats, method, transform, steps, batch, seed, data);
        System.out.println(context);
        System.out.println("report: " + out.resolve("report.html").toAbsolutePath().normalize());
        return 0;
    }

    /** The gradient transform that {@code spec} names (one transform, no optimizer). */
    private static GradientTransform transformOf(String spec) {
        UpdateRule rule;
        try {
            rule = MethodSpec.parse(spec + "+sgd:lr=0");
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--transform: " + e.getMessage());
        }
        if (rule instanceof SkipIfNonFinite
                || !(rule instanceof OptimizerChain chain)
                || chain.transforms().size() != 1) {
            throw new BadInputException(
                    "--transform '"
                            + spec
                            + "': give one gradient transform such as znorm, gc or"
                            + " clip-norm=1 (skip-non-finite wraps a whole step and measures nothing)");
        }
        return chain.transforms().get(0);
    }
}
