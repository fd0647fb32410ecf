package dev.znorm.experiment.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.znorm.experiment.io.Json;
import dev.znorm.experiment.io.JsonLines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run folder's records written and read back, non-finite values, torn lines and older layouts
 * included.
 */
class RecordsTest {

    @TempDir Path dir;

    @Test
    void anEpochRecordReadsBackAsWritten() {
        Map<String, Map<String, Double>> extra = new LinkedHashMap<>();
        extra.put("macro_f1", Map.of("val", 0.3));
        EpochRecord rec =
                new EpochRecord(
                        3,
                        120,
                        Double.NaN,
                        Map.of("val", 0.4949),
                        new LinkedHashMap<>(Map.of("val", 1.25, "test", Double.POSITIVE_INFINITY)),
                        extra,
                        13.5,
                        2);
        String line = rec.toLine("accuracy");
        assertTrue(
                line.contains("\"train_loss\":null")
                        && line.contains("\"accuracy\":{\"val\":0.4949}"),
                line);
        EpochRecord r = EpochRecord.parse(line);
        assertEquals(3, r.epoch());
        assertEquals(120, r.steps());
        assertTrue(Double.isNaN(r.trainLoss()));
        assertEquals(Map.of("val", 0.4949), r.primary());
        assertEquals(1.25, r.evalLoss().get("val"));
        assertTrue(
                Double.isNaN(r.evalLoss().get("test")),
                "Infinity is written as null and read as NaN");
        assertEquals(0.3, r.extra("macro_f1", "val"));
        assertEquals(13.5, r.epochSeconds());
        assertEquals(2, r.skippedSteps());
        assertEquals(
                Map.of("val", 0.1),
                EpochRecord.parse("{\"epoch\":1,\"steps\":4,\"accuracy\":{\"val\":0.1}}").primary(),
                "records of earlier versions without 'primary' give their accuracy");
    }

    @Test
    void aTornLastLineIsLeftOutAndBlankLinesToo() throws Exception {
        Path f =
                Files.writeString(
                        dir.resolve("m.jsonl"),
                        "{\"epoch\":1,\"steps\":4}\n\n{\"epoch\":2,\"steps\":8}\n{\"epoch\":3,\"st");
        assertEquals(
                List.of("{\"epoch\":1,\"steps\":4}", "{\"epoch\":2,\"steps\":8}"),
                JsonLines.readComplete(f));
        Files.writeString(f, "{\"epoch\":1,\"st\n{\"epoch\":2,\"steps\":8}\n");
        assertEquals(
                2,
                JsonLines.readComplete(f).size(),
                "only the last line may be torn; a damaged earlier one is kept to fail where parsed");
        assertTrue(
                assertThrows(
                                IllegalArgumentException.class,
                                () -> EpochRecord.parse("{\"epoch\":1,\"st"))
                        .getMessage()
                        .contains("not a JSON record"));
        assertTrue(
                assertThrows(
                                IllegalArgumentException.class,
                                () -> EpochRecord.parse("{\"epoch\":1}"))
                        .getMessage()
                        .contains("no 'epoch' and 'steps'"));
    }

    @Test
    void objectsKeepTheirKeysInTheOrderGivenAndNonFiniteNumbersAreNull() {
        assertEquals(
                "{\"z\":1,\"a\":2,\"m\":null,\"f\":null,\"v\":[1.5,null]}",
                Json.write(
                        Json.object(
                                "z",
                                1,
                                "a",
                                2,
                                "m",
                                Double.NaN,
                                "f",
                                Float.POSITIVE_INFINITY,
                                "v",
                                new double[] {1.5, Double.NaN})));
    }

    @Test
    void theConfigRecordRoundTripsAndAnOlderOneReadsAsSchemaOne() throws Exception {
        RunSpec spec =
                RunSpec.builder()
                        .model("resnet20")
                        .data(dir)
                        .method("znorm+adam")
                        .threads(2)
                        .build();
        DataDescription data =
                new DataDescription(
                        100,
                        null,
                        List.of("a", "b"),
                        List.of(3, 32, 32),
                        DataDescription.Normalization.of(
                                new double[] {0.5, 0.4, 0.3}, new double[] {0.2, 0.2, 0.2}),
                        null);
        RunConfigRecord c =
                new RunConfigRecord(
                        spec,
                        data,
                        "accuracy",
                        "0.36.0",
                        "PyTorch 2.7.1",
                        2,
                        "abc",
                        Map.of("cpu_model", "test"),
                        new Launch("node-1", 7, "2/8", "slurm 12_2"),
                        RunConfigRecord.SCHEMA_VERSION);
        RunFolder folder = new RunFolder(dir.resolve("run"));
        folder.writeConfig(c);
        String text = Files.readString(folder.configFile());
        assertTrue(
                text.startsWith(
                        "{\"model\":\"resnet20\",\"dataset\":\"cifar10\",\"data\":\""
                                + dir.toAbsolutePath()),
                text);
        assertTrue(
                !text.contains("image_size") && text.contains("\"schema_version\":2"),
                "image size only for lgg: " + text);
        RunConfigRecord back = folder.readConfig().orElseThrow();
        assertEquals(c, back);
        // what version 1 wrote: no schema version, no machine
        Files.writeString(
                folder.configFile(),
                text.replaceAll(",\"machine\":\\{[^}]*\\}", "")
                        .replace(",\"schema_version\":2", ""));
        RunConfigRecord old = folder.readConfig().orElseThrow();
        assertEquals(1, old.schemaVersion());
        assertEquals(spec, old.spec());
        assertEquals(null, old.machine());
    }

    @Test
    void theResultRecordKeepsItsFinalBestAndLastThree() throws Exception {
        RunFolder folder = new RunFolder(dir);
        folder.writeResult(
                new ResultRecord(
                        "finished",
                        null,
                        12.5,
                        3.25,
                        0,
                        "dice",
                        Map.of("test", new MetricHistory.Summary(0.6, 0.7, 0.65)),
                        new Launch("node-2", 9, null, null),
                        RunConfigRecord.SCHEMA_VERSION));
        String text = Files.readString(folder.resultFile());
        assertTrue(
                text.contains(
                        "\"dice\":{\"test\":{\"final\":0.6,\"best\":0.7,\"mean_last_3\":0.65}}"),
                text);
        ResultRecord r = folder.readResult().orElseThrow();
        assertEquals("node-2", r.finishedBy().host());
        assertTrue(r.finished());
        assertEquals(12.5, r.wallSeconds());
        assertEquals(3.25, r.stoppedSeconds());
        // a record from before stops were timed reads as never stopped
        Files.writeString(folder.resultFile(), text.replace("\"stopped_seconds\":3.25,", ""));
        assertEquals(0, folder.readResult().orElseThrow().stoppedSeconds());
    }
}
