package dev.znorm.experiment.verify;

import dev.znorm.experiment.BadInputException;
import java.nio.file.Path;

/** One cell of a published grid: its network, method and seed ("resnet20/znorm+adam/0"). */
public record CellRef(String model, String method, long seed) {

    /** "MODEL/METHOD/SEED"; the method as the grid writes it (with "+"). */
    public static CellRef parse(String text) {
        String[] p = text.split("/", -1);
        try {
            if (p.length == 3 && !p[0].isBlank() && !p[1].isBlank()) {
                return new CellRef(p[0].trim(), p[1].trim(), Long.parseLong(p[2].trim()));
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new BadInputException(
                "--cell '" + text + "': expected MODEL/METHOD/SEED, e.g. resnet20/znorm+adam/0");
    }

    /** The cell's run folder under a grid folder. */
    public Path dir(Path grid) {
        return grid.resolve("runs")
                .resolve(model)
                .resolve(method.replace('+', '_'))
                .resolve("seed-" + seed);
    }

    @Override
    public String toString() {
        return model + "/" + method + "/" + seed;
    }
}
