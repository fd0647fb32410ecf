package dev.znorm.core.method;

import ai.djl.ndarray.types.DataType;
import dev.znorm.core.Tensors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;

/**
 * The same reference and property checks on the NDArray path, which float64 tensors (and non-CPU
 * devices) take instead of the Java float32 kernel: the inputs are float64 here.
 */
class NDArrayPathTest {

    @BeforeEach
    void float64Inputs() {
        Tensors.useInputType(DataType.FLOAT64);
    }

    @AfterEach
    void float32Inputs() {
        Tensors.useInputType(DataType.FLOAT32);
    }

    @Nested
    class Reference extends TransformsAgainstReferenceTest {}

    @Nested
    class Properties extends TransformPropertiesTest {}
}
