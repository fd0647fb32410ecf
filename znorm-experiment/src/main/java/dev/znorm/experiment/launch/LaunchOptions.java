package dev.znorm.experiment.launch;

import dev.znorm.experiment.BadInputException;
import dev.znorm.experiment.grid.GridSpec;
import java.nio.file.Path;

/**
 * What a cluster needs to know to run a grid, one task per cell: how znorm is started there, the
 * grid file and output folder as that command sees them, and the resources of a task.
 *
 * @param znorm the znorm launcher as the cluster's nodes see it (a path, or a name on their PATH)
 * @param grid the grid's config file, as written on the command line
 * @param out the grid's output folder, as written on the command line
 * @param parallel how many tasks may run at once (0: as many as there are cells)
 * @param memory a task's memory, in Slurm's and Kubernetes' own notation (e.g. 8G, 8Gi)
 * @param time a Slurm task's time limit (e.g. 24:00:00)
 * @param partition a Slurm partition (null: the default)
 * @param image the container image of a Kubernetes pod
 * @param pvc the PersistentVolumeClaim (ReadWriteMany) that holds the grid, the data and the output
 * @param workdir the pod's working directory on that volume, from which the grid and output paths
 *     resolve
 */
public record LaunchOptions(
        String znorm,
        Path grid,
        Path out,
        int parallel,
        String memory,
        String time,
        String partition,
        String image,
        String pvc,
        String workdir) {

    public LaunchOptions {
        if (parallel < 0) {
            throw new BadInputException(
                    "--parallel must be >= 0 (0: every cell at once), got " + parallel);
        }
    }

    /** Tasks at once for {@code spec}: the option, else one per cell. */
    int parallelFor(GridSpec spec) {
        return parallel == 0 ? spec.size() : Math.min(parallel, spec.size());
    }

    /** A name made of the grid's output folder, fit for a job name (lower case, digits, dashes). */
    static String slug(Path out) {
        String s =
                out.toAbsolutePath()
                        .normalize()
                        .getFileName()
                        .toString()
                        .toLowerCase(java.util.Locale.ROOT)
                        .replaceAll("[^a-z0-9]+", "-")
                        .replaceAll("^-+|-+$", "");
        return "znorm-" + (s.isEmpty() ? "grid" : s.length() > 40 ? s.substring(0, 40) : s);
    }

    /** Whether the grid's runs want a GPU. */
    static boolean gpu(GridSpec spec) {
        return spec.device() != null && spec.device().startsWith("gpu");
    }
}
