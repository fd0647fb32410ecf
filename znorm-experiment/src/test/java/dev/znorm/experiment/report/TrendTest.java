package dev.znorm.experiment.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.znorm.experiment.BadInputException;
import dev.znorm.experiment.grid.Cell;
import dev.znorm.experiment.grid.GridFolder;
import dev.znorm.experiment.testing.HandRuns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gain across grids that differ in the training images, from records written by hand. */
class TrendTest {

    @TempDir Path dir;

    /** A grid folder with {@code images} training images; ZNorm's gain at seed s is gains[s]. */
    private Path grid(String name, int images, double... gains) throws Exception {
        Path out = Files.createDirectories(dir.resolve(name));
        Files.writeString(
                out.resolve(GridFolder.CONFIG),
                "data: x\nmodels: [resnet20]\nmethods: [adam, znorm+adam]\nseeds: [0, 1, 2]\n"
                        + "split: val\ntrain_subset: "
                        + images
                        + "\n");
        for (int s = 0; s < gains.length; s++) {
            for (String method : List.of("adam", "znorm+adam")) {
                HandRuns.finished(
                        out,
                        new Cell(0, "resnet20", method, s),
                        "val",
                        0.5 + (method.equals("adam") ? 0 : gains[s]));
            }
        }
        return out;
    }

    @Test
    void theGainOfEachGridInTheOrderOfItsSetting() throws Exception {
        Path big = grid("big", 20000, 0.001, -0.002, 0.001);
        Path small = grid("small", 5000, 0.02, 0.01, 0.03);
        List<Trend.Point> points = Trend.compute(List.of(big, small), Trend.Axis.IMAGES);
        assertEquals(List.of(5000, 20000), points.stream().map(Trend.Point::x).toList());
        assertEquals(0.02, points.get(0).gain().mean(), 1e-12);
        assertEquals(0.0, points.get(1).gain().mean(), 1e-12);
        assertEquals(0.5, points.get(0).level().mean(), 1e-12, "the baseline's level");
        String md = Trend.write(List.of(big, small), Trend.Axis.IMAGES, dir.resolve("t"), "gain");
        assertTrue(md.contains("| 5000 | small | 3 | 50.00 ± 0.00 | +2.00 ["), md);
        assertTrue(md.indexOf("| 5000 |") < md.indexOf("| 20000 |"), md);
        String svg = Files.readString(dir.resolve("t/trend-images.svg"));
        assertEquals(2, svg.split("<circle", -1).length - 1, svg);
        assertThrows(
                BadInputException.class,
                () -> Trend.compute(List.of(dir.resolve("nothing")), Trend.Axis.IMAGES));
    }
}
