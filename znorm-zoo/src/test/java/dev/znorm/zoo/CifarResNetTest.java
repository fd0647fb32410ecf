package dev.znorm.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The CIFAR ResNets against the parameter counts published for them. */
class CifarResNetTest {

    static long trainableParameters(Block block, Shape input) {
        try (NDManager m = NDManager.newBaseManager()) {
            block.initialize(m, DataType.FLOAT32, input);
            long n = 0;
            for (Pair<String, Parameter> p : block.getParameters()) {
                if (p.getValue().requiresGradient()) {
                    n += p.getValue().getArray().size();
                }
            }
            return n;
        }
    }

    @ParameterizedTest(name = "depth {0}")
    @CsvSource({
        "20, 269722, 272474",
        "32, 464154, 466906",
        "44, 658586, 661338",
        "56, 853018, 855770",
        "110, 1727962, 1730714"
    })
    void parameterCountsMatchThePublishedOnes(int depth, long optionA, long optionB) {
        Shape in = new Shape(1, 3, 32, 32);
        assertEquals(
                optionA,
                trainableParameters(CifarResNet.builder().depth(depth).build(), in),
                "option A");
        assertEquals(
                optionB,
                trainableParameters(
                        CifarResNet.builder().depth(depth).shortcut(Shortcut.B).build(), in),
                "option B");
        assertEquals(
                optionA,
                trainableParameters(
                        CifarResNet.builder().depth(depth).shortcut(Shortcut.NONE).build(), in),
                "plain twin");
    }

    /**
     * A block whose residual branch outputs zero (zero convolution weights, so BatchNorm gives its
     * beta, 0): with a shortcut the block passes a non-negative input through unchanged; the plain
     * block has no such path and outputs zeros. A "plain" net that kept its identity shortcuts
     * would have the same parameter count, so only this shows the shortcut is gone.
     */
    @ParameterizedTest(name = "stride {0}")
    @CsvSource({"1, 16", "2, 32"})
    void thePlainBlockHasNoIdentityPath(int stride, int filters) {
        try (NDManager m = NDManager.newBaseManager()) {
            Shape in = new Shape(2, 16, 8, 8);
            NDArray x = m.randomUniform(0.1f, 1f, in);
            NDArray withShortcut = zeroResidualOutput(m, Shortcut.A, stride, filters, x);
            NDArray plain = zeroResidualOutput(m, Shortcut.NONE, stride, filters, x);
            assertEquals(0f, plain.abs().sum().getFloat(), "the plain block's output");
            NDArray expected = stride == 1 ? x : x.get(":, :, ::2, ::2");
            NDArray passed = withShortcut.get(":, 8:24, :, :");
            assertTrue(
                    stride == 1 ? withShortcut.contentEquals(x) : passed.contentEquals(expected),
                    "the shortcut carries the input");
        }
    }

    private static NDArray zeroResidualOutput(
            NDManager m, Shortcut shortcut, int stride, int filters, NDArray x) {
        Block block = CifarResNet.basicBlock(16, filters, stride, shortcut);
        block.initialize(m, DataType.FLOAT32, x.getShape());
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getKey().endsWith("Conv2d_weight")) {
                p.getValue().getArray().set(new ai.djl.ndarray.index.NDIndex("..."), 0);
            }
        }
        return block.forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow();
    }

    /**
     * A forward pass lets go of each intermediate result once the next layer has read it: after a
     * ResNet-20's forward pass two arrays stay attached to the step's manager, the input and the
     * logits, where DJL's own SequentialBlock keeps 78 (and the residual sums, before they let go
     * of their addends, 19).
     */
    @Test
    void aForwardPassKeepsOnlyAFewOfItsIntermediateResults() {
        try (NDManager m = NDManager.newBaseManager()) {
            Shape in = new Shape(4, 3, 32, 32);
            Block net = CifarResNet.builder().depth(20).build();
            net.initialize(m, DataType.FLOAT32, in);
            try (NDManager step = m.newSubManager()) {
                NDArray x = step.randomNormal(in);
                NDArray logits =
                        net.forward(new ParameterStore(step, false), new NDList(x), true).head();
                int kept = ((ai.djl.ndarray.BaseNDManager) step).getManagedArrays().size();
                assertEquals(2, kept, "arrays still attached after the forward pass");
                assertEquals(new Shape(4, 10), logits.getShape());
            }
        }
    }

    /**
     * From the same weights (copied in order: the two nets hold the same tensors) the plain net and
     * the ResNet compute different logits.
     */
    @Test
    void fromTheSameWeightsThePlainNetComputesSomethingElse() {
        try (NDManager m = NDManager.newBaseManager()) {
            Shape in = new Shape(2, 3, 32, 32);
            Engine.getInstance().setRandomSeed(7);
            Block resnet = CifarResNet.builder().depth(8).build();
            Block plain = CifarResNet.builder().depth(8).shortcut(Shortcut.NONE).build();
            resnet.initialize(m, DataType.FLOAT32, in);
            plain.initialize(m, DataType.FLOAT32, in);
            var from = resnet.getParameters().values();
            var to = plain.getParameters().values();
            assertEquals(from.size(), to.size());
            for (int i = 0; i < from.size(); i++) {
                to.get(i).getArray().set(from.get(i).getArray().toFloatArray());
            }
            NDArray x = m.randomNormal(in);
            NDArray a = resnet.forward(new ParameterStore(m, false), new NDList(x), false).head();
            NDArray b = plain.forward(new ParameterStore(m, false), new NDList(x), false).head();
            assertTrue(a.sub(b).abs().max().getFloat() > 1e-3, "same logits: " + a + b);
        }
    }

    @Test
    void forwardGivesOneLogitPerClassForAnyChannelsAndSize() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block net = Networks.byName("resnet20", 2);
            net.initialize(m, DataType.FLOAT32, new Shape(4, 1, 28, 28));
            NDArray out =
                    net.forward(
                                    new ParameterStore(m, false),
                                    new NDList(m.randomNormal(new Shape(4, 1, 28, 28))),
                                    false)
                            .singletonOrThrow();
            assertEquals(new Shape(4, 2), out.getShape());
        }
    }

    @Test
    void initialisationFromASeedIsIdenticalAcrossRuns() {
        float[][] first = new float[2][];
        for (int run = 0; run < 2; run++) {
            Engine.getInstance().setRandomSeed(11);
            try (Model model = Model.newInstance("r")) {
                Block net = Networks.byName("resnet20", 10);
                net.setInitializer(Networks.heNormal(), Parameter.Type.WEIGHT);
                model.setBlock(net);
                net.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 3, 32, 32));
                first[run] = net.getParameters().get(0).getValue().getArray().toFloatArray();
            }
        }
        assertTrue(java.util.Arrays.equals(first[0], first[1]));
    }

    @Test
    void badNamesAndDepthsSayWhatIsAllowed() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Networks.byName("resnet21", 10));
        assertTrue(e.getMessage().contains("6n + 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Networks.byName("vgg99", 10));
        assertTrue(e.getMessage().contains("unknown model 'vgg99'"), e.getMessage());
    }
}
