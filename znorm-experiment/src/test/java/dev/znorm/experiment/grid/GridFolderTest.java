package dev.znorm.experiment.grid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The grid's config copy describes the runs: threads, device and seeds chosen on the command line
 * replace the file's, however the file wrote them, a relative data path still leads to the data
 * from the copy's folder, and the copy reads back as the grid that ran.
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

    @Test
    void aRelativeDataPathIsRebasedOntoTheCopysFolder() throws Exception {
        Path data = Files.createDirectories(dir.resolve("shared #1/data set"));
        Path grids = Files.createDirectories(dir.resolve("study/grids"));
        // quoted, or " #1/..." would read as a comment
        String original =
                "name: g\ndata: '../../shared #1/data set'\nmodels: [resnet8]\nmethods: [adam]\nseeds: [0]\n";
        Path cfg = Files.writeString(grids.resolve("g.yaml"), original);
        GridSpec spec = GridSpecReader.read(cfg);
        assertEquals(data.toAbsolutePath().normalize(), spec.data());

        Path deeper = dir.resolve("study/results/n5000/e8");
        GridFolder.writeConfig(spec, deeper);
        String copy = Files.readString(deeper.resolve(GridFolder.CONFIG));
        GridSpec back = GridSpecReader.read(deeper.resolve(GridFolder.CONFIG));
        assertEquals(spec.data(), back.data(), copy);
        assertEquals("../../../../shared #1/data set", back.dataAsWritten(), copy);
        assertTrue(
                copy.contains(
                        "# rebased onto this folder from '../../shared #1/data set' in"
                                + " ../../../grids/g.yaml"),
                copy);
        assertEquals(back.dataAsWritten(), spec.placedIn(deeper).dataAsWritten());

        // a folder as deep as the config's: the copy is the file itself
        Path sibling = dir.resolve("study/n5000-e8");
        GridFolder.writeConfig(spec, sibling);
        assertEquals(original, Files.readString(sibling.resolve(GridFolder.CONFIG)));
        assertSame(spec, spec.placedIn(sibling));
    }

    @Test
    void anAbsoluteDataPathIsCopiedAsWritten() throws Exception {
        Path cfg =
                Files.writeString(
                        dir.resolve("g.yaml"),
                        "name: g\ndata: "
                                + dir
                                + "\nmodels: [resnet8]\nmethods: [adam]\nseeds: [0]\n");
        GridSpec spec = GridSpecReader.read(cfg);
        Path out = dir.resolve("a/b/c");
        GridFolder.writeConfig(spec, out);
        assertEquals(Files.readString(cfg), Files.readString(out.resolve(GridFolder.CONFIG)));
        assertSame(spec, spec.placedIn(out));
    }
}
