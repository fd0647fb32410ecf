package dev.znorm.core.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.znorm.core.method.ZNorm;
import dev.znorm.core.schedule.Schedule;
import dev.znorm.core.transform.OptimizerChain;
import dev.znorm.core.transform.Param;
import dev.znorm.core.transform.ParamSet;
import dev.znorm.core.transform.TransformState;
import dev.znorm.core.transform.Transforms;
import dev.znorm.core.transform.UpdateRule;
import dev.znorm.core.transform.Updates;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays the PyTorch golden trajectories written by {@code tools/golden/make_golden.py}
 * (torch.optim on the same initial weights and raw gradients, with and without ZNorm, with and
 * without weight decay) and requires every weight after every step to agree to a relative 1e-5, and
 * SGD without ZNorm to agree bit for bit. Adam runs both fused (its Java kernel) and through plain
 * NDArray operations.
 */
class GoldenTrajectoryTest {

    private static final double REL = 1e-5;
    private static NDManager manager;
    private static List<Shape> shapes;
    private static int steps;
    private static float[][] init;
    private static float[][][] grads;

    @BeforeAll
    static void load() throws IOException {
        manager = NDManager.newBaseManager();
        String[] lines = resource("shapes.txt").trim().split("\n", -1);
        steps = Integer.parseInt(lines[0].split(" ", -1)[1]);
        shapes = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            shapes.add(
                    new Shape(
                            Stream.of(lines[i].trim().split(" ", -1))
                                    .mapToLong(Long::parseLong)
                                    .toArray()));
        }
        ByteBuffer ib = floats("init.bin");
        init = new float[shapes.size()][];
        for (int p = 0; p < shapes.size(); p++) {
            init[p] = next(ib, shapes.get(p));
        }
        ByteBuffer gb = floats("grads.bin");
        grads = new float[steps][shapes.size()][];
        for (int s = 0; s < steps; s++) {
            for (int p = 0; p < shapes.size(); p++) {
                grads[s][p] = next(gb, shapes.get(p));
            }
        }
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = GoldenTrajectoryTest.class.getResourceAsStream("/golden/" + name)) {
            if (in == null) {
                throw new IOException(
                        "missing golden file " + name + ": run tools/golden/make_golden.py");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static ByteBuffer floats(String name) throws IOException {
        try (InputStream in = GoldenTrajectoryTest.class.getResourceAsStream("/golden/" + name)) {
            return ByteBuffer.wrap(in.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN);
        }
    }

    private static float[] next(ByteBuffer b, Shape s) {
        float[] f = new float[(int) s.size()];
        b.asFloatBuffer().get(f);
        b.position(b.position() + f.length * 4);
        return f;
    }

    static Stream<Arguments> cases() throws IOException {
        List<Arguments> out = new ArrayList<>();
        for (String line : resource("cases.txt").split("\n", -1)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.trim().split(" ", -1);
            Map<String, String> kv = new HashMap<>();
            for (int i = 4; i < f.length; i++) {
                String[] pair = f[i].split("=", 2);
                kv.put(pair[0], pair[1]);
            }
            out.add(Arguments.of(f[0], f[1], f[2].equals("znorm"), f[3], kv, true));
            if (f[1].startsWith("adam")) {
                out.add(Arguments.of(f[0], f[1], f[2].equals("znorm"), f[3], kv, false));
            }
        }
        return out.stream();
    }

    private static double num(Map<String, String> kv, String key, double dflt) {
        return kv.containsKey(key) ? Double.parseDouble(kv.get(key)) : dflt;
    }

    static UpdateRule optimizer(
            String kind, Map<String, String> kv, String schedule, boolean fused) {
        double lr = num(kv, "lr", 1e-3);
        Schedule s =
                schedule.equals("cosine") ? Schedule.cosine(lr, steps, 0) : Schedule.constant(lr);
        double wd = num(kv, "weight_decay", 0);
        return switch (kind) {
            case "sgd" ->
                    Sgd.builder()
                            .lr(s)
                            .momentum(num(kv, "momentum", 0))
                            .dampening(num(kv, "dampening", 0))
                            .weightDecay(wd)
                            .nesterov(flag(kv, "nesterov"))
                            .build();
            case "adam", "adamw" -> {
                Adam.Builder b = kind.equals("adamw") ? AdamW.builder() : Adam.builder();
                if (kv.containsKey("betas")) {
                    String[] betas = kv.get("betas").split(",", -1);
                    b.betas(Double.parseDouble(betas[0]), Double.parseDouble(betas[1]));
                }
                yield b.lr(s).eps(num(kv, "eps", 1e-8)).weightDecay(wd).fused(fused).build();
            }
            case "rmsprop" ->
                    RmsProp.builder()
                            .lr(s)
                            .alpha(num(kv, "alpha", 0.99))
                            .momentum(num(kv, "momentum", 0))
                            .weightDecay(wd)
                            .centered(flag(kv, "centered"))
                            .build();
            case "adagrad" ->
                    Adagrad.builder()
                            .lr(s)
                            .lrDecay(num(kv, "lr_decay", 0))
                            .weightDecay(wd)
                            .initialAccumulatorValue(num(kv, "initial_accumulator_value", 0))
                            .build();
            default -> throw new IllegalArgumentException(kind);
        };
    }

    /** Python's True / False. */
    private static boolean flag(Map<String, String> kv, String key) {
        return Boolean.parseBoolean(
                kv.getOrDefault(key, "False").toLowerCase(java.util.Locale.ROOT));
    }

    @ParameterizedTest(name = "{0} (fused={5})")
    @MethodSource("cases")
    void followsPyTorch(
            String name,
            String kind,
            boolean znorm,
            String schedule,
            Map<String, String> kv,
            boolean fused)
            throws IOException {
        UpdateRule opt = optimizer(kind, kv, schedule, fused);
        OptimizerChain chain =
                znorm ? Transforms.chain(ZNorm.create(), opt) : Transforms.chain(opt);
        ByteBuffer expected = floats(name + ".bin");
        List<Param> params = new ArrayList<>();
        for (int p = 0; p < shapes.size(); p++) {
            NDArray w = manager.create(init[p], shapes.get(p));
            params.add(new Param("p" + p, w, null));
        }
        ParamSet set = ParamSet.of(params);
        try (TransformState state = new TransformState()) {
            chain.init(set, state);
            for (int s = 0; s < steps; s++) {
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    Map<String, NDArray> g = new LinkedHashMap<>();
                    for (int p = 0; p < shapes.size(); p++) {
                        g.put("p" + p, manager.create(grads[s][p], shapes.get(p)));
                    }
                    chain.apply(Updates.of(g), state, set);
                }
                for (int p = 0; p < shapes.size(); p++) {
                    float[] want = next(expected, shapes.get(p));
                    float[] got = params.get(p).value().toFloatArray();
                    String what = name + " step " + (s + 1) + " p" + p;
                    if (kind.equals("sgd") && !znorm) {
                        assertBitIdentical(want, got, what);
                    } else {
                        compare(want, got, what);
                    }
                }
            }
            assertEquals(
                    steps,
                    state.counter("0." + opt.name() + "/p0/step")
                            + state.counter("1." + opt.name() + "/p0/step"));
        }
    }

    /**
     * SGD's Java kernel does torch's float32 operations in torch's order, fused multiply-adds
     * included, so without ZNorm (whose statistics are float64 here) it must be torch to the bit.
     */
    private static void assertBitIdentical(float[] want, float[] got, String what) {
        for (int i = 0; i < want.length; i++) {
            if (Float.floatToIntBits(want[i]) != Float.floatToIntBits(got[i])) {
                fail(what + "[" + i + "]: torch " + want[i] + ", ours " + got[i] + ", not bitwise");
            }
        }
    }

    private static void compare(float[] want, float[] got, String what) {
        double scale = 0;
        for (float w : want) {
            scale = Math.max(scale, Math.abs(w));
        }
        for (int i = 0; i < want.length; i++) {
            double tol = REL * Math.max(Math.abs(want[i]), 1e-2 * scale);
            if (!(Math.abs(want[i] - got[i]) <= tol)) {
                fail(
                        what
                                + "["
                                + i
                                + "]: torch "
                                + want[i]
                                + ", ours "
                                + got[i]
                                + " (tolerance "
                                + tol
                                + ")");
            }
        }
    }
}
