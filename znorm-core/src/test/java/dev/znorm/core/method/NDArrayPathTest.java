package dev.znorm.core.method;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;

/**
 * The same reference and property checks on the NDArray path, which float64 tensors and
 * non-CPU devices take instead of the Java float32 kernel.
 */
class NDArrayPathTest {

    @BeforeEach
    void disableKernel() {
        StandardizeKernel.disabled = true;
    }

    @AfterEach
    void enableKernel() {
        StandardizeKernel.disabled = false;
    }

    @Nested
    class Reference extends TransformsAgainstReferenceTest {}

    @Nested
    class Properties extends TransformPropertiesTest {}
}
