package dev.znorm.experiment.grid;

import java.nio.file.Path;

/**
 * One run of a grid: a model, a method, a seed, at its position in the grid's order (seeds
 * outermost, so a partial grid is balanced across methods).
 *
 * @param index 0-based position in the grid's order
 */
public record Cell(int index, String model, String method, long seed) {

    /**
     * The run's folder inside the grid's output folder: {@code runs/<model>/<method>/seed-<seed>}.
     */
    public Path dir(Path gridOut) {
        return gridOut.resolve("runs").resolve(model).resolve(safe(method)).resolve("seed-" + seed);
    }

    /** A method spec as a folder name: '+' and anything unsafe become '_'. */
    static String safe(String method) {
        return method.replaceAll("[^A-Za-z0-9=.,_-]", "_").replace('+', '_');
    }

    @Override
    public String toString() {
        return model + " " + method + " seed " + seed;
    }
}
