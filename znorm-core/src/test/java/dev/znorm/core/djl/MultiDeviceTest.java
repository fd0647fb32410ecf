package dev.znorm.core.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.znorm.core.method.ZNorm;
import dev.znorm.core.optim.Adam;
import dev.znorm.core.transform.Transforms;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Data-parallel training as DJL's LocalParameterServer does it: the gradient is summed over
 * devices, then the optimizer is called once per device with that sum. Each device must keep its
 * own state and count one step per call on that device (not one per call overall), so that every
 * replica stays identical to a single-device run. Without a second device here, the replica is a
 * CPU array that reports another device. Adam runs fused (the default) and plain.
 */
class MultiDeviceTest {

    /**
     * {@code real}, reporting {@code device} as its device; every other call goes to {@code real}.
     */
    private static NDArray onDevice(NDArray real, Device device) {
        return (NDArray)
                Proxy.newProxyInstance(
                        NDArray.class.getClassLoader(),
                        new Class<?>[] {NDArray.class},
                        (proxy, method, args) -> {
                            if (method.getName().equals("getDevice")
                                    && method.getParameterCount() == 0) {
                                return device;
                            }
                            try {
                                return method.invoke(real, args);
                            } catch (InvocationTargetException e) {
                                throw e.getCause();
                            }
                        });
    }

    @ParameterizedTest(name = "fused Adam: {0}")
    @ValueSource(booleans = {true, false})
    void eachDeviceKeepsItsOwnStateAndStepCount(boolean fused) {
        try (NDManager m = NDManager.newBaseManager()) {
            Random rnd = new Random(3);
            Shape shape = new Shape(6, 4);
            float[] init = new float[24];
            for (int i = 0; i < init.length; i++) {
                init[i] = (float) rnd.nextGaussian();
            }
            DjlOptimizer single =
                    DjlOptimizer.of(
                            Transforms.chain(
                                    ZNorm.create(), Adam.builder().lr(0.01).fused(fused).build()));
            DjlOptimizer multi =
                    DjlOptimizer.of(
                            Transforms.chain(
                                    ZNorm.create(), Adam.builder().lr(0.01).fused(fused).build()));
            NDArray w = m.create(init, shape);
            NDArray w0 = m.create(init, shape);
            NDArray w1real = m.create(init, shape);
            NDArray w1 = onDevice(w1real, Device.gpu(1));
            for (int step = 0; step < 5; step++) {
                float[] g = new float[24];
                for (int i = 0; i < g.length; i++) {
                    g[i] = (float) (rnd.nextGaussian() * 0.1 + 0.05);
                }
                single.update("p", w, m.create(g, shape));
                NDArray summed = m.create(g, shape); // what the parameter server hands every device
                multi.update("p", w0, summed);
                assertArrayEquals(g, summed.toFloatArray(), "the shared gradient is never written");
                multi.update("p", w1, summed);
            }
            assertArrayEquals(w.toFloatArray(), w0.toFloatArray(), "device 0 replica");
            if (fused) {
                // The stand-in replica is not libtorch's own array, so Adam takes its plain path
                // there (the fused kernel would update a copy): equal to rounding, not bitwise.
                assertArrayEquals(w.toFloatArray(), w1real.toFloatArray(), 1e-6f, "device 1");
            } else {
                assertArrayEquals(w.toFloatArray(), w1real.toFloatArray(), "device 1 replica");
            }
            assertEquals(
                    5L,
                    multi.state().allCounters().get("1.adam/param0/step"),
                    "steps counted per device");
        }
    }
}
