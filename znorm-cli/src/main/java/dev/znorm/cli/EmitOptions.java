package dev.znorm.cli;

import dev.znorm.experiment.BadInputException;
import dev.znorm.experiment.grid.GridSpec;
import dev.znorm.experiment.launch.KubernetesManifests;
import dev.znorm.experiment.launch.LaunchOptions;
import dev.znorm.experiment.launch.SlurmScripts;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code compare --emit slurm|k8s}: the options of the launch files and their writing. Slurm sees
 * the paths of a shared filesystem, so the Slurm files name the grid, the output and znorm by
 * absolute path; a pod sees the PersistentVolumeClaim at {@code --workdir}, so the Kubernetes files
 * keep the paths as written, relative to it.
 */
final class EmitOptions {

    @Option(
            names = "--emit",
            paramLabel = "slurm|k8s",
            description =
                    "Write launch files for a cluster instead of running: a Slurm job array (one"
                            + " task per cell) and a dependent report job, or a Kubernetes Indexed Job"
                            + " and a report Job. Nothing trains.")
    String emit;

    @Option(
            names = "--emit-dir",
            description = "Where the launch files go (default: <out>/launch).")
    Path emitDir;

    @Option(
            names = "--znorm",
            description =
                    "The znorm command as the cluster runs it (default: this checkout's launcher"
                            + " for Slurm, 'znorm' on the image's PATH for Kubernetes).")
    String znorm;

    @Option(
            names = "--parallel",
            defaultValue = "0",
            description = "Tasks at once (0: every cell). Default: ${DEFAULT-VALUE}")
    int parallel;

    @Option(
            names = "--mem",
            description = "Memory per task (default: 8G for Slurm, 8Gi for Kubernetes).")
    String memory;

    @Option(
            names = "--time",
            defaultValue = "24:00:00",
            description = "Slurm time limit per task. Default: ${DEFAULT-VALUE}")
    String time;

    @Option(names = "--partition", description = "Slurm partition (default: the cluster's).")
    String partition;

    @Option(names = "--image", description = "Kubernetes: the container image holding znorm.")
    String image;

    @Option(
            names = "--pvc",
            description =
                    "Kubernetes: the ReadWriteMany PersistentVolumeClaim holding the grid, the data"
                            + " and the output.")
    String pvc;

    @Option(
            names = "--workdir",
            defaultValue = "/work",
            description =
                    "Kubernetes: where the claim is mounted and the pod starts; the grid and --out"
                            + " paths resolve from it. Default: ${DEFAULT-VALUE}")
    String workdir;

    boolean requested() {
        return emit != null;
    }

    /** Writes the launch files of {@code spec} and says how to submit them. */
    void write(GridSpec grid, Path config, Path out, PrintStream console) throws IOException {
        Path dir = emitDir != null ? emitDir : out.resolve("launch");
        GridSpec spec = grid;
        if (grid.threads() == 0) { // "every core" of a node the user has not seen: one, said
            spec = grid.withExecution(1, null);
            console.println(
                    "each task runs with 1 intra-op thread (the grid sets none; --threads N to"
                            + " change, recorded with every run)");
        }
        switch (emit) {
            case "slurm" -> {
                String launcher =
                        znorm != null
                                ? znorm
                                : Path.of(System.getProperty("znorm.home", "."), "znorm")
                                        .toAbsolutePath()
                                        .normalize()
                                        .toString();
                LaunchOptions o = options(launcher, absolute(config), absolute(out), memory, "8G");
                List<Path> files = SlurmScripts.write(spec, o, dir);
                console.println(
                        "wrote "
                                + files
                                + "\nsubmit: "
                                + files.get(2).toAbsolutePath()
                                + "   (prints the array's and the report's job ids;"
                                + " logs in "
                                + dir.resolve("logs").toAbsolutePath()
                                + ")");
            }
            case "k8s" -> {
                if (image == null || pvc == null) {
                    throw new BadInputException(
                            "--emit k8s needs --image (the container image holding znorm) and --pvc"
                                    + " (the ReadWriteMany claim holding the grid, data and output)");
                }
                LaunchOptions o =
                        options(znorm != null ? znorm : "znorm", config, out, memory, "8Gi");
                List<Path> files = KubernetesManifests.write(spec, o, dir);
                console.println(
                        "wrote "
                                + files
                                + "\nsubmit: kubectl apply -f "
                                + files.get(0)
                                + "; once it is complete: kubectl apply -f "
                                + files.get(1));
            }
            default ->
                    throw new BadInputException(
                            "--emit '" + emit + "': expected slurm or k8s (Kubernetes)");
        }
    }

    private LaunchOptions options(
            String launcher, Path grid, Path output, String mem, String defaultMem) {
        return new LaunchOptions(
                launcher,
                grid,
                output,
                parallel,
                mem != null ? mem : defaultMem,
                time,
                partition,
                image,
                pvc,
                workdir);
    }

    private static Path absolute(Path p) {
        return p.toAbsolutePath().normalize();
    }
}
