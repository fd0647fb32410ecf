package dev.znorm.data;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * A batch assembled in Java memory and not yet handed to the engine: the inputs (float32, NCHW) and
 * the targets, either class indices or float32 masks. Assembling it is pure Java and may run on any
 * thread; {@link #toNDList} is one copy into native memory on the caller's.
 */
public record HostBatch(
        float[] inputs, Shape inputShape, long[] labels, float[] masks, Shape targetShape) {

    static HostBatch classification(float[] x, Shape xs, long[] labels) {
        return new HostBatch(x, xs, labels, null, new Shape(labels.length));
    }

    static HostBatch segmentation(float[] x, Shape xs, float[] masks, Shape ms) {
        return new HostBatch(x, xs, null, masks, ms);
    }

    /** The batch as (inputs, targets) arrays in {@code m}. */
    public NDList toNDList(NDManager m) {
        return new NDList(
                m.create(inputs, inputShape),
                labels != null ? m.create(labels, targetShape) : m.create(masks, targetShape));
    }
}
