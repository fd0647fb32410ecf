package dev.znorm.zoo.golden;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole-training golden written by {@code tools/golden/make_training_golden.py}: a CIFAR
 * ResNet-8 (first stage 8 filters) trained with torch.optim on fixed batches of the demo sample,
 * its initial weights by DJL parameter name, and the weights after the first and the last step of
 * every case.
 */
public final class TrainingGolden {

    static final String ROOT = "/golden-training/";
    static final float[] MEAN = {0.4914f, 0.4822f, 0.4465f};
    static final float[] STD = {0.2470f, 0.2435f, 0.2616f};
    static final int CHANNELS = 3;
    static final int SIDE = 32;

    /** One optimizer setting: its znorm method spec and how far rounding alone moves it. */
    public record Case(String name, String spec, double spreadFirst, double spreadLast) {
        @Override
        public String toString() {
            return name;
        }
    }

    public final int steps;
    public final int batch;

    /** Trainable parameters in the Java block's order: name to shape. */
    public final Map<String, Shape> shapes = new LinkedHashMap<>();

    public final Map<String, float[]> init;
    public final List<Case> cases = new ArrayList<>();
    private final byte[] pixels;
    private final List<long[]> labels = new ArrayList<>();

    private TrainingGolden() {
        String[] params = text("params.txt").split("\n", -1);
        String[] header = params[0].split(" ", -1); // # torch <version>, <steps> steps, batch <b>
        steps = Integer.parseInt(header[3]);
        batch = Integer.parseInt(header[6]);
        for (int i = 1; i < params.length; i++) {
            if (!params[i].isBlank()) {
                String[] f = params[i].trim().split(" ", -1);
                long[] dims = new long[f.length - 1];
                for (int d = 1; d < f.length; d++) {
                    dims[d - 1] = Long.parseLong(f[d]);
                }
                shapes.put(f[0], new Shape(dims));
            }
        }
        init = snapshot(floats("init.bin"));
        pixels = bytes("pixels.bin");
        for (String line : text("labels.txt").trim().split("\n", -1)) {
            labels.add(
                    java.util.Arrays.stream(line.trim().split(" ", -1))
                            .mapToLong(Long::parseLong)
                            .toArray());
        }
        Map<String, double[]> spread = new LinkedHashMap<>();
        for (String line : text("rounding.txt").trim().split("\n", -1)) {
            String[] f = line.trim().split(" ", -1);
            spread.put(f[0], new double[] {Double.parseDouble(f[1]), Double.parseDouble(f[2])});
        }
        for (String line : text("cases.txt").trim().split("\n", -1)) {
            String[] f = line.trim().split(" ", -1);
            double[] s = spread.get(f[0]);
            cases.add(new Case(f[0], f[1], s[0], s[1]));
        }
    }

    private static final TrainingGolden INSTANCE = new TrainingGolden();

    public static TrainingGolden get() {
        return INSTANCE;
    }

    /** PyTorch's weights after the first step (index 0) or the last step (index 1). */
    public Map<String, float[]> weights(Case c, int index) {
        ByteBuffer b = floats(c.name() + ".bin");
        if (index == 1) {
            snapshot(b);
        }
        return snapshot(b);
    }

    /** The float32 loss PyTorch computed at step {@code step} (0-based). */
    public double loss(Case c, int step) {
        for (String line : text("losses.txt").split("\n", -1)) {
            String[] f = line.trim().split(" ", -1);
            if (f[0].equals(c.name())) {
                return Double.parseDouble(f[1 + step]);
            }
        }
        throw new IllegalArgumentException("no losses for " + c.name());
    }

    /**
     * The batch of step {@code step}: images normalised in float32 one operation at a time, as the
     * script does, and their class indices.
     */
    public NDList batch(NDManager m, int step) {
        int per = CHANNELS * SIDE * SIDE;
        float[] x = new float[batch * per];
        int offset = step * batch * per;
        for (int i = 0; i < x.length; i++) {
            int channel = (i / (SIDE * SIDE)) % CHANNELS;
            float v = (pixels[offset + i] & 0xff) / 255f;
            x[i] = (v - MEAN[channel]) / STD[channel];
        }
        NDArray images = m.create(x, new Shape(batch, CHANNELS, SIDE, SIDE));
        NDArray classes = m.create(labels.get(step)).toType(DataType.INT64, false);
        return new NDList(images, classes);
    }

    private Map<String, float[]> snapshot(ByteBuffer b) {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, Shape> e : shapes.entrySet()) {
            float[] f = new float[(int) e.getValue().size()];
            b.asFloatBuffer().get(f);
            b.position(b.position() + f.length * Float.BYTES);
            out.put(e.getKey(), f);
        }
        return out;
    }

    private static byte[] bytes(String name) {
        try (InputStream in = TrainingGolden.class.getResourceAsStream(ROOT + name)) {
            if (in == null) {
                throw new IllegalStateException(
                        "missing golden file "
                                + ROOT
                                + name
                                + ": run tools/golden/make_training_golden.py");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ByteBuffer floats(String name) {
        return ByteBuffer.wrap(bytes(name)).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static String text(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }
}
