package dev.znorm.experiment.grid;

import dev.znorm.experiment.BadInputException;
import java.util.Map;
import java.util.Optional;

/**
 * A deterministic slice of a grid: shard {@code index} of {@code count} runs the cells whose
 * position in the grid's order is {@code index} modulo {@code count}. With as many shards as cells,
 * each shard is one cell (a Slurm array task, a Kubernetes index).
 */
public record Shard(int index, int count) {

    public Shard {
        if (count < 1 || index < 0 || index >= count) {
            throw new BadInputException(
                    "--shard "
                            + index
                            + "/"
                            + count
                            + ": the index must be 0 .. count-1 and the count >= 1");
        }
    }

    public boolean contains(Cell cell) {
        return cell.index() % count == index;
    }

    /** "K/N", 0-based K. */
    public static Shard parse(String text) {
        String[] kn = text.trim().split("/", -1);
        try {
            if (kn.length == 2) {
                return new Shard(Integer.parseInt(kn[0].trim()), Integer.parseInt(kn[1].trim()));
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new BadInputException(
                "--shard '" + text + "': expected K/N, e.g. 0/8 (K counts from 0)");
    }

    /**
     * The shard a scheduler gave this process, if any: a Slurm array task ({@code
     * SLURM_ARRAY_TASK_ID}, with {@code SLURM_ARRAY_TASK_COUNT}, or MIN and MAX), or a Kubernetes
     * Indexed Job's pod ({@code JOB_COMPLETION_INDEX}, with the count the manifest sets in {@code
     * ZNORM_SHARD_COUNT}).
     */
    public static Optional<Shard> fromEnvironment(Map<String, String> env) {
        String slurm = env.get("SLURM_ARRAY_TASK_ID");
        if (slurm != null) {
            int id = number(env, "SLURM_ARRAY_TASK_ID");
            int min =
                    env.containsKey("SLURM_ARRAY_TASK_MIN")
                            ? number(env, "SLURM_ARRAY_TASK_MIN")
                            : 0;
            int count =
                    env.containsKey("SLURM_ARRAY_TASK_COUNT")
                            ? number(env, "SLURM_ARRAY_TASK_COUNT")
                            : env.containsKey("SLURM_ARRAY_TASK_MAX")
                                    ? number(env, "SLURM_ARRAY_TASK_MAX") - min + 1
                                    : -1;
            if (count < 1) {
                throw new BadInputException(
                        "SLURM_ARRAY_TASK_ID is set but neither SLURM_ARRAY_TASK_COUNT nor"
                                + " SLURM_ARRAY_TASK_MAX: give --shard K/N");
            }
            return Optional.of(new Shard(id - min, count));
        }
        if (env.get("JOB_COMPLETION_INDEX") != null) {
            if (!env.containsKey("ZNORM_SHARD_COUNT")) {
                throw new BadInputException(
                        "JOB_COMPLETION_INDEX is set but ZNORM_SHARD_COUNT (the Job's completions) is not:"
                                + " set it in the manifest (znorm compare --emit k8s does) or give --shard K/N");
            }
            return Optional.of(
                    new Shard(
                            number(env, "JOB_COMPLETION_INDEX"), number(env, "ZNORM_SHARD_COUNT")));
        }
        return Optional.empty();
    }

    private static int number(Map<String, String> env, String key) {
        try {
            return Integer.parseInt(env.get(key).trim());
        } catch (NumberFormatException e) {
            throw new BadInputException(key + "=" + env.get(key) + " is not a whole number");
        }
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
