package dev.znorm.experiment.grid;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The grid's config copy describes the runs: threads, device and seeds chosen on the command line
 * replace the file's, however the file wrote them, and the copy reads back as the grid that ran.
 */
class GridFolderTest {

    @TempDir Path dir;

    @Test
    void theCopyHoldsTheCommandLinesChoices() throws Exception {
        String[] seedStyles = {
            "seeds: [0, 1]\n", "seeds:\n  - 0\n  - 1\n", "seeds:\n- 0\n- 1\n", "seeds: [0,\n  1]\n"
        };
        for (String seeds : seedStyles) {
            Path cfg =
                    Files.writeString(
                            dir.resolve("g.yaml"),
                            "# a comment\nname: g\ndata: "
                                    + dir
                                    + "\nmodels: [resnet8]\nmethods: [adam]\n"
                                    + seeds
                                    + "threads: 2\nepochs: 3\n");
            GridSpec ran =
                    GridSpecReader.read(cfg)
                            .withExecution(1, "gpu:1")
                            .withSeeds(List.of(0L, 1L, 2L));
            Path out = dir.resolve("out");
            GridFolder.writeConfig(ran, out);
            String copy = Files.readString(out.resolve(GridFolder.CONFIG));
            GridSpec back = GridSpecReader.read(out.resolve(GridFolder.CONFIG));
            assertEquals(List.of(0L, 1L, 2L), back.seeds(), copy);
            assertEquals(1, back.threads(), copy);
            assertEquals("gpu:1", back.device(), copy);
            assertEquals(3, back.epochs(), copy);
        }
    }
}
