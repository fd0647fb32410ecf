package dev.znorm.experiment.launch;

import dev.znorm.core.state.AtomicFiles;
import dev.znorm.experiment.grid.GridSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * A grid as a Slurm job array: one task per cell ({@code --shard $SLURM_ARRAY_TASK_ID/N}), each
 * with the grid's threads as its CPUs (and a GPU when the grid asks for one). The task is
 * requeueable and gets SIGTERM two minutes before its time limit or on preemption: znorm then
 * finishes its step and writes a checkpoint, the script requeues the task, and the task resumes its
 * cell. A second job, dependent on the array, rebuilds the report.
 */
public final class SlurmScripts {

    public static final String ARRAY = "compare.sbatch";
    public static final String REPORT = "report.sbatch";
    public static final String SUBMIT = "submit.sh";

    private SlurmScripts() {}

    /** Writes the three files into {@code dir} and returns them (array, report, submit). */
    public static List<Path> write(GridSpec spec, LaunchOptions o, Path dir) throws IOException {
        Files.createDirectories(dir.resolve("logs"));
        Path array = dir.resolve(ARRAY);
        Path report = dir.resolve(REPORT);
        Path submit = dir.resolve(SUBMIT);
        AtomicFiles.write(array, array(spec, o, dir));
        AtomicFiles.write(report, report(o, dir));
        AtomicFiles.write(submit, submit());
        for (Path p : List.of(array, report, submit)) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return List.of(array, report, submit);
    }

    static String array(GridSpec spec, LaunchOptions o, Path dir) {
        int cells = spec.size();
        String logs = dir.toAbsolutePath().normalize().resolve("logs").toString();
        StringBuilder s = new StringBuilder("#!/bin/bash\n");
        s.append("# The grid ")
                .append(o.grid())
                .append(" as a Slurm job array: one task per cell (")
                .append(cells)
                .append(" cells). Written by znorm compare --emit slurm; submit with ")
                .append(SUBMIT)
                .append(".\n");
        s.append("#SBATCH --job-name=").append(LaunchOptions.slug(o.out())).append('\n');
        s.append("#SBATCH --array=0-")
                .append(cells - 1)
                .append('%')
                .append(o.parallelFor(spec))
                .append('\n');
        s.append("#SBATCH --ntasks=1\n");
        s.append("#SBATCH --cpus-per-task=").append(spec.threadsPerRun()).append('\n');
        if (LaunchOptions.gpu(spec)) {
            s.append("#SBATCH --gres=gpu:1\n");
        }
        s.append("#SBATCH --mem=").append(o.memory()).append('\n');
        s.append("#SBATCH --time=").append(o.time()).append('\n');
        if (o.partition() != null) {
            s.append("#SBATCH --partition=").append(o.partition()).append('\n');
        }
        s.append("#SBATCH --requeue\n");
        s.append("#SBATCH --signal=B:TERM@120\n");
        s.append("#SBATCH --open-mode=append\n");
        s.append("#SBATCH --output=").append(logs).append("/cell-%a.log\n");
        s.append("set -u\n");
        s.append(
                "# SIGTERM (the time limit is two minutes away, or the job is preempted): znorm finishes its step,\n");
        s.append(
                "# writes a checkpoint and exits; the task is put back in the queue and resumes its cell.\n");
        s.append(q(o.znorm()))
                .append(" compare ")
                .append(q(o.grid().toString()))
                .append(" --out ")
                .append(q(o.out().toString()))
                .append(" --threads ")
                .append(spec.threadsPerRun())
                .append(" --shard \"$SLURM_ARRAY_TASK_ID/")
                .append(cells)
                .append("\"")
                // the task sees its allocated GPU as the first one, whichever it is
                .append(LaunchOptions.gpu(spec) ? " --device gpu" : "")
                .append(" &\n");
        s.append("pid=$!\n");
        s.append(
                "trap 'kill -TERM \"$pid\"; wait \"$pid\"; scontrol requeue \"${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID}\";"
                        + " exit 0' TERM\n");
        s.append("wait \"$pid\"\n");
        return s.toString();
    }

    static String report(LaunchOptions o, Path dir) {
        return "#!/bin/bash\n# Rebuilds the grid's report once every task of the array has ended (submit.sh makes it depend on it).\n"
                + "#SBATCH --job-name="
                + LaunchOptions.slug(o.out())
                + "-report\n"
                + "#SBATCH --ntasks=1\n#SBATCH --cpus-per-task=1\n#SBATCH --mem=2G\n#SBATCH --time=00:30:00\n"
                + (o.partition() != null ? "#SBATCH --partition=" + o.partition() + "\n" : "")
                + "#SBATCH --output="
                + dir.toAbsolutePath().normalize().resolve("logs")
                + "/report.log\n"
                + q(o.znorm())
                + " report "
                + q(o.out().toString())
                + "\n";
    }

    static String submit() {
        return "#!/bin/bash\n# Submits the cells' array and, after it, the report job. Prints both job ids.\n"
                + "set -euo pipefail\ncd \"$(dirname \"$0\")\"\n"
                + "array=$(sbatch --parsable "
                + ARRAY
                + ")\narray=${array%%;*}\n"
                + "report=$(sbatch --parsable --dependency=afterany:\"$array\" "
                + REPORT
                + ")\n"
                + "echo \"$array ${report%%;*}\"\n";
    }

    /** A shell word: single-quoted unless it is plainly safe. */
    static String q(String word) {
        return word.matches("[A-Za-z0-9_./:=+@%-]+")
                ? word
                : "'" + word.replace("'", "'\\''") + "'";
    }
}
