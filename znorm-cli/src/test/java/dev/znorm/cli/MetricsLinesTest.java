package dev.znorm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Records written by {@link Json} read back by {@link MetricsLines}, non-finite values included. */
class MetricsLinesTest {

    @Test
    void anEpochRecordReadsBackAsWritten() {
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("epoch", 3);
        rec.put("steps", 120);
        rec.put("train_loss", Double.NaN); // written as null
        rec.put("primary", Map.of("val", 0.4949));
        rec.put("accuracy", Map.of("val", 0.1));
        rec.put("eval_loss", new LinkedHashMap<>(Map.of("val", 1.25, "test", Double.POSITIVE_INFINITY)));
        rec.put("epoch_seconds", 13.5);
        RunResult.EpochRecord r = MetricsLines.parse(Json.of(rec));
        assertEquals(3, r.epoch());
        assertEquals(120, r.steps());
        assertTrue(Double.isNaN(r.trainLoss()));
        assertEquals(Map.of("val", 0.4949), r.accuracy(), "the primary metric wins over accuracy");
        assertEquals(1.25, r.evalLoss().get("val"));
        assertTrue(Double.isNaN(r.evalLoss().get("test")));
        assertEquals(13.5, r.seconds());
        rec.remove("primary");
        assertEquals(Map.of("val", 0.1), MetricsLines.parse(Json.of(rec)).accuracy(), "older records: accuracy");
    }

    @Test
    void aTornLastLineIsLeftOutAndBlankLinesToo(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path f = java.nio.file.Files.writeString(dir.resolve("m.jsonl"),
                "{\"epoch\":1,\"steps\":4}\n\n{\"epoch\":2,\"steps\":8}\n{\"epoch\":3,\"st");
        assertEquals(java.util.List.of("{\"epoch\":1,\"steps\":4}", "{\"epoch\":2,\"steps\":8}"), MetricsLines.readComplete(f));
        java.nio.file.Files.writeString(f, "{\"epoch\":1,\"st\n{\"epoch\":2,\"steps\":8}\n");
        assertEquals(2, MetricsLines.readComplete(f).size(), "only the last line may be torn; a damaged earlier one is kept to fail where parsed");
    }

    @Test
    void objectsKeepTheirKeysInTheOrderGiven() {
        assertEquals("{\"z\":1,\"a\":2,\"m\":null}", Json.of(Json.object("z", 1, "a", 2, "m", Double.NaN)));
    }

    @Test
    void aMissingKeyOrABrokenLineIsNamed() {
        assertEquals(40, MetricsLines.number("{\"step\":40,\"layers\":[{\"step\":1}]}", "step"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MetricsLines.number("{\"epoch\":1}", "step"))
                .getMessage().contains("no 'step'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MetricsLines.parse("{\"epoch\":1,\"st"))
                .getMessage().contains("not a JSON record"));
        assertTrue(MetricsLines.isComplete("{\"epoch\":1}"));
        assertTrue(!MetricsLines.isComplete("{\"epoch\":1,\"st") && !MetricsLines.isComplete(""), "a torn last line");
    }
}
