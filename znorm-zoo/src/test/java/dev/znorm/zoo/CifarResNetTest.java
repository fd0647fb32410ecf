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
