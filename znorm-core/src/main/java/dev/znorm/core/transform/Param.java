package dev.znorm.core.transform;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.Objects;

/**
 * One trainable parameter as the transforms see it: a stable name (the key of all state), its
 * current value and, where known, its DJL {@link Parameter.Type}.
 *
 * <p>The name is the parameter's structured name in the model (for example {@code
 * 03Conv2d_weight}), never DJL's per-run id, so that state survives a restart.
 */
public record Param(String name, NDArray value, Parameter.Type type) {

    public Param {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (type == null) {
            type = Parameter.Type.OTHER;
        }
    }

    public Shape shape() {
        return value.getShape();
    }

    public int ndim() {
        return value.getShape().dimension();
    }
}
