package dev.znorm.experiment.grid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.znorm.experiment.BadInputException;
import dev.znorm.experiment.task.Datasets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Grid configs as users write them, and a clear message for every kind of mistake. */
class GridSpecReaderTest {

    @TempDir Path dir;

    private Path config(String body) throws Exception {
        return Files.writeString(dir.resolve("grid.yaml"), body);
    }

    @Test
    void methodsCanDifferPerModelAndCellsComeSeedsFirst() throws Exception {
        GridSpec c =
                GridSpecReader.read(
                        config(
                                """
                                data: x
                                methods:
                                  resnet20: [adam, znorm+adam, center+adam]
                                  resnet56: [adam, znorm+adam]
                                seeds: [0, 1, 2]
                                """));
        assertEquals(List.of("resnet20", "resnet56"), c.models());
        assertEquals(List.of("adam", "znorm+adam"), c.methods("resnet56"));
        assertEquals(15, c.size());
        assertEquals(15, c.cells().size());
        assertEquals("adam", c.baseline(), "the first method of the first model");
        assertEquals(
                new Cell(5, "resnet20", "adam", 1),
                c.cells().get(5),
                "seeds outermost: seed 1 starts after 5 runs");
        assertEquals(
                dir.resolve("out/runs/resnet20/znorm_adam/seed-1"),
                c.cells().get(6).dir(dir.resolve("out")));
        GridSpec same =
                GridSpecReader.read(
                        config(
                                "data: x\nmodels: [resnet20, plain20]\nmethods: [adam, gc+adam]\nseeds: [0]\n"));
        assertEquals(same.methods("resnet20"), same.methods("plain20"));
        assertEquals(4, same.size());
    }

    @Test
    void aCellsRunSpecCarriesEveryGridSetting() throws Exception {
        GridSpec g =
                GridSpecReader.read(
                        config(
                                """
                                data: x
                                models: [resnet20]
                                methods: [adam, znorm+adam]
                                seeds: [3]
                                epochs: 6
                                batch: 64
                                schedule: constant
                                train_subset: 500
                                threads: 1
                                augment: false
                                grad_stats_every: 7
                                """));
        var spec = g.runSpec(g.cells().get(1));
        assertEquals("znorm+adam", spec.method());
        assertEquals(3, spec.seed());
        assertEquals(6, spec.epochs());
        assertEquals(64, spec.batch());
        assertEquals("constant", spec.schedule());
        assertEquals(500, spec.trainSubset());
        assertEquals(1, spec.threads());
        assertEquals(false, spec.augment());
        assertEquals(7, spec.gradStatsEvery());
        assertEquals(
                dir.resolve("x").toAbsolutePath().normalize(),
                spec.data(),
                "data relative to the config file");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "'models: [resnet20]\nmethods: [adam]\nseeds: [0]\ncolour: red\n' | unknown setting 'colour'",
                "'models: [resnet20]\nmethods: [adam]\nseeds: [0]\n' | 'data' (the dataset path) is required",
                "'data: x\nmodels: [resnet20]\nmethods: [znrom+adam]\nseeds: [0]\n' | unknown method 'znrom'",
                "'data: x\nmodels: [resnet21]\nmethods: [adam]\nseeds: [0]\n' | 6n + 2",
                "'data: x\nmodels: [resnet20]\nmethods: [adam]\nseeds: [zero]\n' | seeds: 'zero' is not an integer",
                "'data: x\nmodels: [resnet20]\nmethods: [adam]\nseeds: [0, 1, 0]\n' | seeds: 0 is listed twice",
                "'data: x\nmodels: [resnet20]\nmethods: [adam]\nseeds: [0]\nbaseline: sgd\n' | baseline 'sgd' is not one of the methods",
                "'data: x\nmodels: [resnet20]\nmethods: [adam, adam]\nseeds: [0]\n' | lists an entry twice",
                "'data: x\nmodels: [resnet20]\nmethods: [adam]\nseeds: [0]\nepochs: -1\n' | 'epochs' must be an integer >= 1",
                "'data: x\nmodels: [resnet20]\nmethods: [adam]\nseeds: [0]\nepochs: 3\nepochs: 4\n' | Duplicate field 'epochs'",
                "'data: [unclosed\n' | not valid YAML",
                "'data: x\nmodels: [resnet20]\nmethods: [adam]\nseeds: [0]\n' | does not exist",
                "'data: x\nmethods: {resnet20: [adam, gc+adam], resnet56: [znorm+adam]}\nseeds: [0]\n' | baseline 'adam' is not one of the methods [znorm+adam] of resnet56",
                "'data: x\nmodels: [resnet56, resnet20]\nmethods: {resnet20: [adam], resnet56: [adam]}\nseeds: [0]\n' | must list the same models",
                "'data: x\nmethods: {}\nseeds: [0]\n' | must name at least one model",
                "'data: x\nmethods: {resnet20: adam}\nseeds: [0]\n' | 'methods: resnet20' must be a non-empty list",
                "'data: x\nmethods: {resnet21: [adam]}\nseeds: [0]\n' | 6n + 2",
            })
    void badConfigsSayWhatIsWrongBeforeAnyTraining(String body, String message) throws Exception {
        Path cfg = config(body);
        BadInputException e =
                assertThrows(
                        BadInputException.class,
                        () -> {
                            GridSpec c = GridSpecReader.read(cfg);
                            Datasets.classification(c.dataset(), c.data(), 0);
                        });
        assertTrue(e.getMessage().contains(message), e.getMessage());
        assertTrue(
                e.getMessage().contains("grid.yaml") || message.equals("does not exist"),
                e.getMessage());
    }
}
