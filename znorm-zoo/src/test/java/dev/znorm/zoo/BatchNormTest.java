package dev.znorm.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The zoo's BatchNorm is DJL's with axis 1, bit for bit (training and inference outputs, the
 * gradients of input, gamma and beta, the running statistics), under the same structured names, and
 * without DJL's two transposes per call.
 */
class BatchNormTest {

    private static final Shape INPUT = new Shape(4, 3, 5, 5);

    @Test
    void computesWhatDjlsBatchNormComputesBitForBit() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomNormal(INPUT).mul(3).add(1);
            float[][] ours = run(m, new BatchNorm(1e-5f, 0.9f), x);
            float[][] djl = run(m, djlBatchNorm(), x);
            String[] what = {
                "training output",
                "input gradient",
                "gamma gradient",
                "beta gradient",
                "running mean",
                "running variance",
                "inference output"
            };
            for (int i = 0; i < what.length; i++) {
                assertArrayEquals(djl[i], ours[i], 0f, what[i]);
            }
            // not vacuous: the statistics moved and the output is normalised
            assertTrue(Math.abs(ours[4][0]) > 0.01, "running mean moved");
        }
    }

    @Test
    void keepsDjlsStructuredParameterNamesAndTypes() {
        assertEquals(names(djlBatchNorm()), names(new BatchNorm(1e-5f, 0.9f)));
    }

    /**
     * DJL's BatchNorm shows aten::transpose in libtorch's profile of a forward and backward pass
     * (two forward, one in the backward pass here); ours none.
     */
    @Test
    void makesNoTransposes(@TempDir Path dir) throws IOException {
        int djl = transposesInOneTrainingStep(djlBatchNorm(), dir.resolve("djl.json"));
        assertTrue(djl >= 2, "the profile sees DJL's transposes: " + djl);
        assertEquals(
                0, transposesInOneTrainingStep(new BatchNorm(1e-5f, 0.9f), dir.resolve("z.json")));
    }

    private static Block djlBatchNorm() {
        return ai.djl.nn.norm.BatchNorm.builder().optEpsilon(1e-5f).optMomentum(0.9f).build();
    }

    /** Outputs, gradients and running statistics of one training step, then an inference pass. */
    private static float[][] run(NDManager m, Block bn, NDArray x) {
        bn.initialize(m, DataType.FLOAT32, INPUT);
        bn.getParameters().get("gamma").getArray().set(new float[] {1.5f, 0.5f, 2f});
        bn.getParameters().get("beta").getArray().set(new float[] {0.1f, -0.2f, 0.3f});
        NDArray input = x.duplicate();
        input.setRequiresGradient(true);
        ParameterStore ps = new ParameterStore(m, false);
        float[] out;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray y = bn.forward(ps, new NDList(input), true).singletonOrThrow();
            out = y.toFloatArray();
            NDArray weights = m.arange((float) y.size()).reshape(y.getShape()).div(y.size());
            gc.backward(y.mul(weights).sum());
        }
        float[] inference = bn.forward(ps, new NDList(x), false).singletonOrThrow().toFloatArray();
        return new float[][] {
            out,
            input.getGradient().toFloatArray(),
            bn.getParameters().get("gamma").getArray().getGradient().toFloatArray(),
            bn.getParameters().get("beta").getArray().getGradient().toFloatArray(),
            bn.getParameters().get("runningMean").getArray().toFloatArray(),
            bn.getParameters().get("runningVar").getArray().toFloatArray(),
            inference
        };
    }

    private static List<String> names(Block bn) {
        SequentialBlock net = new SequentialBlock();
        net.add(bn);
        List<String> names = new ArrayList<>();
        for (Pair<String, Parameter> p : net.getParameters()) {
            names.add(
                    p.getKey()
                            + " "
                            + p.getValue().getType()
                            + " "
                            + p.getValue().requiresGradient());
        }
        return names;
    }

    private static int transposesInOneTrainingStep(Block bn, Path trace) throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            bn.initialize(m, DataType.FLOAT32, INPUT);
            NDArray x = m.randomNormal(INPUT);
            ParameterStore ps = new ParameterStore(m, false);
            JniUtils.startProfile(false, false, false);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(bn.forward(ps, new NDList(x), true).singletonOrThrow().sum());
            } finally {
                JniUtils.stopProfile(trace.toString());
            }
        }
        Matcher calls =
                Pattern.compile("\"name\":\\s*\"aten::transpose\"")
                        .matcher(Files.readString(trace));
        int n = 0;
        while (calls.find()) {
            n++;
        }
        return n;
    }
}
