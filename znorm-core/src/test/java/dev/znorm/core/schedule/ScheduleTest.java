package dev.znorm.core.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Learning-rate schedules against torch.optim.lr_scheduler (golden values from make_golden.py). */
class ScheduleTest {

    private static Map<String, double[]> torch() throws IOException {
        try (InputStream in = ScheduleTest.class.getResourceAsStream("/golden/schedules.txt")) {
            Map<String, double[]> rows = new HashMap<>();
            for (String line :
                    new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n", -1)) {
                String[] f = line.trim().split(" ", -1);
                double[] v = new double[f.length - 1];
                for (int i = 1; i < f.length; i++) {
                    v[i - 1] = Double.parseDouble(f[i]);
                }
                rows.put(f[0], v);
            }
            return rows;
        }
    }

    private static void same(double[] expected, Schedule s, int upTo, String what) {
        for (int t = 0; t < upTo; t++) {
            assertEquals(
                    expected[t], s.at(t), 1e-12 * Math.max(1, expected[t]), what + " at t=" + t);
        }
    }

    @Test
    void matchesTorchSchedulersSteppedOncePerStep() throws IOException {
        Map<String, double[]> rows = torch();
        same(rows.get("step_5_0.5"), Schedule.step(0.1, 5, 0.5), 24, "StepLR");
        same(rows.get("cosine_24"), Schedule.cosine(0.1, 24, 0), 24, "CosineAnnealingLR");
        // torch rises again after T_max; ours holds the minimum, so compare up to T_max only
        same(
                rows.get("cosine_20_min_0.01"),
                Schedule.cosine(0.1, 20, 0.01),
                21,
                "CosineAnnealingLR eta_min");
        assertEquals(0.01, Schedule.cosine(0.1, 20, 0.01).at(23), 0, "held at the minimum after T");
        same(
                rows.get("warmup_0.1_5_cosine_19"),
                Schedule.linearWarmup(0.1, 5, Schedule.cosine(0.1, 19, 0)),
                24,
                "LinearLR then cosine");
    }

    @Test
    void rejectsImpossibleSettings() {
        assertThrows(IllegalArgumentException.class, () -> Schedule.constant(-1));
        assertThrows(IllegalArgumentException.class, () -> Schedule.cosine(0.1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> Schedule.step(0.1, 0, 0.5));
        assertThrows(
                IllegalArgumentException.class,
                () -> Schedule.linearWarmup(1.5, 5, Schedule.constant(1)));
    }
}
