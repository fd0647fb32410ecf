package dev.znorm.zoo;

import static dev.znorm.zoo.CifarResNetTest.trainableParameters;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

/** VGG, DenseNet-BC and the U-Nets against their published sizes, and their output shapes. */
class OtherNetworksTest {

    @Test
    void unetOfBudaEtAlHasExactly7763041Parameters() {
        assertEquals(
                7_763_041,
                trainableParameters(
                        UNet.builder().inChannels(3).outChannels(1).width(32).build(),
                        new Shape(1, 3, 64, 64)));
    }

    @Test
    void vgg16BnHasThePublishedCifarSize() {
        assertEquals(
                14_728_266,
                trainableParameters(Networks.byName("vgg16", 10), new Shape(1, 3, 32, 32)));
    }

    @Test
    void denseNetBc100Growth12HasAbout800kParameters() {
        long n = trainableParameters(Networks.byName("densenet100", 10), new Shape(1, 3, 32, 32));
        assertEquals(769_162, n, "DenseNet-BC (k=12, depth 100), reported as 0.8M by Huang et al.");
    }

    @Test
    void segmentationNetworksGiveOneLogitMapPerOutputChannel() {
        for (String name : Networks.SEGMENTATION) {
            try (NDManager m = NDManager.newBaseManager()) {
                Block net = Networks.segmentation(name, 3, 1, 4);
                net.initialize(m, DataType.FLOAT32, new Shape(2, 3, 32, 32));
                NDArray out =
                        net.forward(
                                        new ParameterStore(m, false),
                                        new NDList(m.randomNormal(new Shape(2, 3, 32, 32))),
                                        true)
                                .singletonOrThrow();
                assertEquals(new Shape(2, 1, 32, 32), out.getShape(), name);
                IllegalArgumentException e =
                        assertThrows(
                                IllegalArgumentException.class,
                                () ->
                                        net.forward(
                                                new ParameterStore(m, false),
                                                new NDList(m.randomNormal(new Shape(1, 3, 30, 30))),
                                                false));
                assertTrue(e.getMessage().contains("divisible by 16"), e.getMessage());
            }
        }
        long plain =
                trainableParameters(
                        Networks.segmentation("unet", 3, 1, 8), new Shape(1, 3, 32, 32));
        long res =
                trainableParameters(
                        Networks.segmentation("resunet", 3, 1, 8), new Shape(1, 3, 32, 32));
        assertTrue(res > plain, "Res-U-Net adds projection shortcuts: " + res + " vs " + plain);
    }

    @Test
    void upConvolutionIsATransposedConvolutionWithKernel2Stride2() {
        try (NDManager m = NDManager.newBaseManager()) {
            int in = 2;
            int f = 3;
            UpConv2x2 up = new UpConv2x2(f);
            up.initialize(m, DataType.FLOAT32, new Shape(1, in, 2, 2));
            NDArray bias = up.getParameters().get("bias").getArray();
            bias.set(new float[] {0.1f, -0.2f, 0.3f});
            float[] w =
                    up.getParameters()
                            .get("01conv_weight")
                            .getArray()
                            .toFloatArray(); // (4f, in, 1, 1)
            float[] x = {1, 2, 3, 4, -1, 0.5f, 2, -3};
            float[] y =
                    up.forward(
                                    new ParameterStore(m, false),
                                    new NDList(m.create(x, new Shape(1, in, 2, 2))),
                                    false)
                            .singletonOrThrow()
                            .toFloatArray();
            for (int o = 0; o < f; o++) {
                for (int i = 0; i < 2; i++) {
                    for (int j = 0; j < 2; j++) {
                        for (int a = 0; a < 2; a++) {
                            for (int b = 0; b < 2; b++) {
                                double expected = new float[] {0.1f, -0.2f, 0.3f}[o];
                                for (int c = 0; c < in; c++) {
                                    expected +=
                                            w[(4 * o + 2 * a + b) * in + c] * x[c * 4 + i * 2 + j];
                                }
                                assertEquals(
                                        expected, y[o * 16 + (2 * i + a) * 4 + (2 * j + b)], 1e-5);
                            }
                        }
                    }
                }
            }
        }
    }
}
